package csdl

import (
	"compress/gzip"
	"embed"
	"fmt"
	"sync"
)

//go:embed metadata/v1.0.csdl.gz metadata/beta.csdl.gz
var metadata embed.FS

// Versions lists the Graph API versions Embedded knows.
var Versions = []string{"v1.0", "beta"}

var embedded = map[string]func() (*Model, error){
	"v1.0": sync.OnceValues(func() (*Model, error) { return parseEmbedded("metadata/v1.0.csdl.gz") }),
	"beta": sync.OnceValues(func() (*Model, error) { return parseEmbedded("metadata/beta.csdl.gz") }),
}

// Embedded returns the Graph metadata of version ("v1.0" or "beta") that
// this package carries. The first call for a version parses it; later calls
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
