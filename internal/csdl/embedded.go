package csdl

import (
	_ "embed" // the compact metadata
	"fmt"
	"sync"
)

//go:generate go run gen_compact.go

// compactMetadata is the metadata of Versions in the compact form
// (compact.go), which go generate builds from the CSDL documents of
// metadata/ (CompactFromSources). Its strings are the Model's: a decoded
// Model's names point into it.
//
//go:embed metadata/graph.compact
var compactMetadata string

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

// openEmbedded reads the compact metadata's string table once.
var openEmbedded = sync.OnceValues(func() (*compactFile, error) { return openCompact(compactMetadata) })

var embedded = map[string]func() (*Model, error){}

func init() {
	for _, v := range Versions {
		embedded[v] = sync.OnceValues(func() (*Model, error) { return decodeEmbedded(v) })
	}
}

// decodeEmbedded decodes the embedded model of version.
func decodeEmbedded(version string) (*Model, error) {
	f, err := openEmbedded()
	if err != nil {
		return nil, err
	}
	return f.decodeModel(version)
}

// DecodeEmbedded decodes the embedded metadata of version afresh, as the
// first call of Embedded for it does, and returns a new Model on every
// call. It is there to measure that first call; use Embedded.
func DecodeEmbedded(version string) (*Model, error) {
	f, err := openCompact(compactMetadata)
	if err != nil {
		return nil, err
	}
	return f.decodeModel(version)
}

// Embedded returns the Graph metadata of version ("v1.0" or "beta") that
// this package carries; the beta is layered (BetaLayers, LayerOf). The
// first call for a version decodes it from the compact form; later calls
// return the same Model. It is safe for concurrent use.
func Embedded(version string) (*Model, error) {
	load, ok := embedded[version]
	if !ok {
		return nil, fmt.Errorf("csdl: no embedded metadata for version %q (want v1.0 or beta)", version)
	}
	return load()
}
