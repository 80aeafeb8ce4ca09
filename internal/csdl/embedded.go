package csdl

import (
	"compress/gzip"
	"embed"
	"fmt"
	"sync"
)

//go:embed metadata/v1.0.csdl.gz metadata/beta.csdl.gz metadata/beta-2021.csdl.gz
var metadata embed.FS

// The layers of the embedded beta, newest first (BetaLayers).
const (
	LayerBeta2026 = "beta 2026 (USSec subset)"
	LayerV10      = "v1.0"
	LayerBeta2021 = "public beta 2021-07-13"
)

// BetaLayers names the layers of the embedded beta, newest first: the
// current beta of one national cloud, a subset of the public beta; v1.0,
// nearly all of which the beta also has; and the whole public beta of
// 2021. A type or a path answers from the newest layer that has it.
var BetaLayers = []string{LayerBeta2026, LayerV10, LayerBeta2021}

// Versions lists the Graph API versions Embedded knows.
var Versions = []string{"v1.0", "beta"}

var embedded = map[string]func() (*Model, error){
	"v1.0": embeddedV10,
	"beta": sync.OnceValues(layeredBeta),
}

// embeddedV10 parses the embedded v1.0 once.
var embeddedV10 = sync.OnceValues(func() (*Model, error) { return parseEmbedded("metadata/v1.0.csdl.gz") })

// layeredBeta builds the embedded beta from its layers (BetaLayers).
func layeredBeta() (*Model, error) {
	subset, err := parseEmbedded("metadata/beta.csdl.gz")
	if err != nil {
		return nil, err
	}
	v10, err := embeddedV10()
	if err != nil {
		return nil, err
	}
	public, err := parseEmbedded("metadata/beta-2021.csdl.gz")
	if err != nil {
		return nil, err
	}
	m, err := Layered(Layer{LayerBeta2026, subset}, Layer{LayerV10, v10}, Layer{LayerBeta2021, public})
	if err != nil {
		return nil, fmt.Errorf("csdl: the layered beta: %w", err)
	}
	return m, nil
}

// Embedded returns the Graph metadata of version ("v1.0" or "beta") that
// this package carries; the beta is layered (BetaLayers, LayerOf). The first call for a version parses it; later calls
// return the same Model. It is safe for concurrent use.
func Embedded(version string) (*Model, error) {
	load, ok := embedded[version]
	if !ok {
		return nil, fmt.Errorf("csdl: no embedded metadata for version %q (want v1.0 or beta)", version)
	}
	return load()
}

func parseEmbedded(name string) (*Model, error) {
	f, err := metadata.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("csdl: %s: %w", name, err)
	}
	m, err := Parse(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}
