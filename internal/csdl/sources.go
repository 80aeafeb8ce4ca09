package csdl

import (
	"compress/gzip"
	"fmt"
	"io/fs"
)

// The CSDL documents the embedded metadata is built from, in metadata/
// (metadata/README.md says where each comes from).
const (
	sourceV10      = "v1.0.csdl.gz"
	sourceBeta2026 = "beta.csdl.gz"
	sourceBeta2021 = "beta-2021.csdl.gz"
)

// CompactFromSources builds the metadata Embedded carries from the CSDL
// documents in fsys (the folder metadata/ of this package: v1.0 from
// v1.0.csdl.gz, the beta layered from beta.csdl.gz, v1.0.csdl.gz and
// beta-2021.csdl.gz) and returns it in the compact form Embedded reads.
// go generate writes it to metadata/graph.compact (gen_compact.go); a test
// checks that the file is current.
func CompactFromSources(fsys fs.FS) ([]byte, error) {
	models, err := modelsFromSources(fsys, "")
	if err != nil {
		return nil, err
	}
	return encodeCompact(models...), nil
}

// FromSources builds the model of version from the CSDL documents in
// fsys, as CompactFromSources does: what Embedded returns, read from the
// XML.
func FromSources(fsys fs.FS, version string) (*Model, error) {
	models, err := modelsFromSources(fsys, version)
	if err != nil {
		return nil, err
	}
	for _, vm := range models {
		if vm.version == version {
			return vm.model, nil
		}
	}
	return nil, fmt.Errorf("csdl: no embedded metadata for version %q (want v1.0 or beta)", version)
}

// modelsFromSources parses and layers the documents in fsys into the
// model of each of Versions, in that order; only into that of version
// when it is not "".
func modelsFromSources(fsys fs.FS, version string) ([]versionModel, error) {
	v10, err := parseSource(fsys, sourceV10)
	if err != nil {
		return nil, err
	}
	if version == "v1.0" {
		return []versionModel{{"v1.0", v10}}, nil
	}
	subset, err := parseSource(fsys, sourceBeta2026)
	if err != nil {
		return nil, err
	}
	public, err := parseSource(fsys, sourceBeta2021)
	if err != nil {
		return nil, err
	}
	beta, err := Layered(Layer{LayerBeta2026, subset}, Layer{LayerV10, v10}, Layer{LayerBeta2021, public})
	if err != nil {
		return nil, fmt.Errorf("csdl: the layered beta: %w", err)
	}
	return []versionModel{{"v1.0", v10}, {"beta", beta}}, nil
}

// parseSource parses the gzipped CSDL document name of fsys.
func parseSource(fsys fs.FS, name string) (*Model, error) {
	f, err := fsys.Open(name)
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
