// Package graphmeta holds Microsoft Graph's metadata for each API version
// a scenario set uses: the model (embedded, or a CSDL file the user gives),
// the JSON Schemas generated from it, in Graph's lenient reading and in
// strict OData, and the resolvers of Graph URL paths. Everything is loaded
// on first use and then shared.
//
// A Catalog answers the questions graphmock asks of the metadata:
// RequestBody and ResponseBody say what body METHOD PATH takes or returns
// (a named type, or Auto to derive it from the path) and whether it is a
// collection; Path says whether Graph has a path, what it addresses, and
// when it has not, the first segment it does not know and the closest
// name it does; Version.SuggestType names the type closest to a misspelt
// one.
package graphmeta

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odatapath"
	"github.com/graphmock/graphmock/internal/odataschema"
)

// A Version is the metadata of one API version, ready to use. It is safe
// for concurrent use.
type Version struct {
	Name  string // "v1.0" or "beta"
	Model *csdl.Model

	lenient, strict           *odataschema.Set
	lenientPaths, strictPaths *odatapath.Resolver

	openOnce                sync.Once // makes the sets whose open types take anything
	lenientOpen, strictOpen *odataschema.Set
}

func newVersion(name string, m *csdl.Model) *Version {
	return &Version{
		Name:         name,
		Model:        m,
		lenient:      odataschema.New(m, odataschema.Options{}),
		strict:       odataschema.New(m, odataschema.Options{Strict: true}),
		lenientPaths: odatapath.New(m, odatapath.Options{}),
		strictPaths:  odatapath.New(m, odatapath.Options{Strict: true}),
	}
}

// Schemas returns the schema set of the version: Graph's lenient reading,
// or strict OData.
func (v *Version) Schemas(strict bool) *odataschema.Set {
	if strict {
		return v.strict
	}
	return v.lenient
}

// A Reading says how bodies are read: in Graph's reading or strict OData,
// and what an open type takes beyond its declared properties.
type Reading struct {
	// Strict reads bodies as OData's JSON format prescribes.
	Strict bool
	// LenientOpenTypes lets an open type take any undeclared property.
	LenientOpenTypes bool
	// Extensions lists the directory extension properties the tenant has
	// registered; nil takes any name of their shape.
	Extensions []string
}

// IsExtensionName reports whether name has the shape of a directory
// extension property's name, extension_{appId}_{name}
// (https://learn.microsoft.com/en-us/graph/extensibility-overview).
func IsExtensionName(name string) bool { return odataschema.IsExtensionName(name) }

// Read returns the schema set of the version for r. The sets of readings
// without Extensions are shared; one with Extensions is made afresh.
func (v *Version) Read(r Reading) *odataschema.Set {
	switch {
	case r.Extensions != nil:
		return odataschema.New(v.Model, odataschema.Options{Strict: r.Strict, LenientOpenTypes: r.LenientOpenTypes, Extensions: r.Extensions})
	case r.LenientOpenTypes:
		v.openOnce.Do(func() {
			v.lenientOpen = odataschema.New(v.Model, odataschema.Options{LenientOpenTypes: true})
			v.strictOpen = odataschema.New(v.Model, odataschema.Options{Strict: true, LenientOpenTypes: true})
		})
		if r.Strict {
			return v.strictOpen
		}
		return v.lenientOpen
	}
	return v.Schemas(r.Strict)
}

// Paths returns the path resolver of the version.
func (v *Version) Paths(strict bool) *odatapath.Resolver {
	if strict {
		return v.strictPaths
	}
	return v.lenientPaths
}

// embedded are the versions made from the embedded metadata, each loaded
// once per process.
var embedded = map[string]func() (*Version, error){}

func init() {
	for _, name := range csdl.Versions {
		embedded[name] = sync.OnceValues(func() (*Version, error) {
			m, err := csdl.Embedded(name)
			if err != nil {
				return nil, err
			}
			return newVersion(name, m), nil
		})
	}
}

// A Catalog maps API versions to their metadata: the embedded metadata,
// except for versions given their own. It is immutable and safe for
// concurrent use.
type Catalog struct {
	own map[string]*Version
}

// Embedded returns the catalog of the embedded metadata.
func Embedded() *Catalog { return &Catalog{} }

// Versions lists the API versions graphmock knows.
func Versions() []string { return slices.Clone(csdl.Versions) }

// With returns a catalog in which version's metadata is the CSDL document
// data instead of the embedded one. A document that does not parse is an
// error naming its line.
func (c *Catalog) With(version string, data []byte) (*Catalog, error) {
	if !slices.Contains(csdl.Versions, version) {
		return nil, fmt.Errorf("unknown API version %q: want %s", version, strings.Join(csdl.Versions, " or "))
	}
	m, err := csdl.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	own := make(map[string]*Version, len(c.own)+1)
	for k, v := range c.own {
		own[k] = v
	}
	own[version] = newVersion(version, m)
	return &Catalog{own: own}, nil
}

// Version returns the metadata of an API version, loading the embedded
// metadata on first use. It returns nil and no error for a version
// graphmock has no metadata of.
func (c *Catalog) Version(name string) (*Version, error) {
	if v, ok := c.own[name]; ok {
		return v, nil
	}
	load, ok := embedded[name]
	if !ok {
		return nil, nil
	}
	return load()
}

// Own reports whether version has metadata of its own rather than the
// embedded one.
func (c *Catalog) Own(version string) bool {
	_, ok := c.own[version]
	return ok
}
