package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/graphmock/graphmock/mockserver"
)

// metadataFlags is the repeatable -metadata VERSION=FILE flag: CSDL files
// that replace the embedded metadata of an API version.
type metadataFlags []metadataFile

type metadataFile struct {
	version, file string
}

func (m *metadataFlags) String() string {
	var parts []string
	for _, f := range *m {
		parts = append(parts, f.version+"="+f.file)
	}
	return strings.Join(parts, ",")
}

func (m *metadataFlags) Set(v string) error {
	version, file, ok := strings.Cut(v, "=")
	if !ok || version == "" || file == "" {
		return errors.New("want VERSION=FILE, such as beta=beta-Prod.csdl")
	}
	if version != "v1.0" && version != "beta" {
		return fmt.Errorf("version %q: want v1.0 or beta", version)
	}
	*m = append(*m, metadataFile{version, file})
	return nil
}

// options reads each metadata file into the load option that compiles a
// set against it.
func (m metadataFlags) options() ([]mockserver.LoadOption, error) {
	var opts []mockserver.LoadOption
	for _, f := range m {
		data, err := os.ReadFile(f.file)
		if err != nil {
			return nil, fmt.Errorf("-metadata %s=%s: %w", f.version, f.file, err)
		}
		opts = append(opts, mockserver.GraphMetadata(f.version, data))
	}
	return opts, nil
}

// load loads the scenario file, compiled against the metadata files from
// the start, so that a scenario may use a path only they have. With no
// file it loads the embedded default scenarios; source says which it
// loaded.
func (m metadataFlags) load(file string) (set *mockserver.ScenarioSet, source string, err error) {
	opts, err := m.options()
	if err != nil {
		return nil, "", err
	}
	if file != "" {
		set, err = mockserver.LoadFile(file, opts...)
		return set, file, err
	}
	if set, err = mockserver.Default(); err != nil {
		return nil, "", err
	}
	source = "embedded " + set.File()
	for _, f := range m {
		data, err := os.ReadFile(f.file)
		if err != nil {
			return nil, "", fmt.Errorf("-metadata %s=%s: %w", f.version, f.file, err)
		}
		if set, err = set.WithMetadata(f.version, data); err != nil {
			return nil, "", fmt.Errorf("-metadata %s=%s: %w", f.version, f.file, err)
		}
	}
	return set, source, nil
}

// stringList is a repeatable flag of strings, such as -tenant FILE.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	if v == "" {
		return errors.New("want a file")
	}
	*l = append(*l, v)
	return nil
}
