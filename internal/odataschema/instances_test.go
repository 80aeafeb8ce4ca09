package odataschema_test

import (
	"encoding/json"
	"slices"
	"sort"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odataschema"
)

// samples holds a valid value of each Edm primitive type, as Graph writes
// it.
var samples = map[string]any{
	"Edm.String":         "text",
	"Edm.Boolean":        true,
	"Edm.Byte":           json.Number("255"),
	"Edm.SByte":          json.Number("-128"),
	"Edm.Int16":          json.Number("-32768"),
	"Edm.Int32":          json.Number("2147483647"),
	"Edm.Int64":          json.Number("9007199254740993"),
	"Edm.Single":         json.Number("1.5"),
	"Edm.Double":         "-INF",
	"Edm.Decimal":        json.Number("12345678901234567890.123456789"),
	"Edm.Guid":           "b33cbe9f-8ebe-4f2a-912b-7e2a427f477f",
	"Edm.DateTimeOffset": "2024-02-29T23:59:59.1234567+14:00",
	"Edm.Date":           "2024-02-29",
	"Edm.TimeOfDay":      "23:59:59.999",
	"Edm.Duration":       "-P1DT2H3M4.5S",
	"Edm.Binary":         "SGVsbG8_",
	"Edm.Stream":         "SGVsbG8=",
}

// wrongKind returns a JSON value of another kind than a valid value of the
// primitive or enum type name.
func wrongKind(name string) any {
	switch name {
	case "Edm.String", "Edm.Guid", "Edm.DateTimeOffset", "Edm.Date", "Edm.TimeOfDay", "Edm.Duration", "Edm.Binary", "Edm.Stream":
		return json.Number("5")
	}
	return map[string]any{"not": "a primitive"}
}

// generator builds valid instances of a Model's types and records which
// features of the model they used.
type generator struct {
	m    *csdl.Model
	seen map[string]bool
}

// instance returns a valid object of type t: every property set, nested
// complex values two levels deep, one navigation property bound and one
// deep-inserted.
func (g *generator) instance(t *csdl.StructuredType, depth int) map[string]any {
	obj := map[string]any{}
	if t.Abstract {
		g.seen["abstract type"] = true
	}
	if t.OpenType {
		g.seen["open type"] = true
		obj["dynamicProperty"] = "anything"
	}
	for _, p := range t.AllProperties() {
		v, ok := g.value(p.Type, depth)
		if !ok {
			continue
		}
		if !p.Nullable {
			g.seen["not nullable"] = true
		}
		obj[p.Name] = v
	}
	bound, inserted := false, false
	for _, n := range t.AllNavigationProperties() {
		switch {
		case !bound:
			bound = true
			g.seen["navigation bind"] = true
			url := "https://graph.microsoft.com/v1.0/directoryObjects/1"
			if n.Type.Collection {
				obj[n.Name+"@odata.bind"] = []any{url}
			} else {
				obj[n.Name+"@odata.bind"] = url
			}
		case !inserted && depth < 1:
			inserted = true
			g.seen["deep insert"] = true
			nested := g.instance(g.m.Types[n.Type.Name], depth+1)
			if n.Type.Collection {
				obj[n.Name] = []any{nested}
			} else {
				obj[n.Name] = nested
			}
		}
	}
	obj["@odata.type"] = "#" + t.Name
	obj["@odata.etag"] = `W/"1"`
	return obj
}

func (g *generator) value(r csdl.TypeRef, depth int) (any, bool) {
	var v any
	switch {
	case g.m.Types[r.Name] != nil:
		if depth >= 2 {
			return nil, false
		}
		g.seen["complex value"] = true
		v = g.instance(g.m.Types[r.Name], depth+1)
	case g.m.Enums[r.Name] != nil:
		e := g.m.Enums[r.Name]
		v = e.Members[0].Name
		if e.IsFlags && len(e.Members) > 1 {
			g.seen["flags enum"] = true
			v = e.Members[0].Name + "," + e.Members[1].Name
		} else {
			g.seen["enum"] = true
		}
	default:
		sample, ok := samples[r.Name]
		if !ok {
			return nil, false
		}
		g.seen[r.Name] = true
		v = sample
	}
	if r.Collection {
		g.seen["collection"] = true
		return []any{v}, true
	}
	return v, true
}

// breakage is one way to break a valid instance, and the pointer that must
// then be named.
type breakage struct {
	what    string
	pointer string
	apply   func(obj map[string]any)
}

// breakages returns the ways to break an instance of t that t allows.
func (g *generator) breakages(t *csdl.StructuredType, obj map[string]any) []breakage {
	var out []breakage
	props := t.AllProperties()
	for _, p := range props {
		if g.m.Types[p.Type.Name] == nil && g.m.Enums[p.Type.Name] == nil && samples[p.Type.Name] != nil && !p.Type.Collection {
			out = append(out, breakage{"wrong primitive type", "/" + p.Name, func(o map[string]any) { o[p.Name] = wrongKind(p.Type.Name) }})
			break
		}
	}
	for _, p := range props {
		if !p.Nullable && !p.Type.Collection {
			if _, ok := obj[p.Name]; ok {
				out = append(out, breakage{"null where not nullable", "/" + p.Name, func(o map[string]any) { o[p.Name] = nil }})
				break
			}
		}
	}
	for _, p := range props {
		if g.m.Enums[p.Type.Name] != nil && !p.Type.Collection {
			out = append(out, breakage{"bad enum member", "/" + p.Name, func(o map[string]any) { o[p.Name] = "noSuchMember" }})
			break
		}
	}
	if !t.OpenType {
		out = append(out, breakage{"unknown property of a closed type", "/noSuchProperty", func(o map[string]any) { o["noSuchProperty"] = true }})
	}
	if other := g.unrelated(t); other != nil {
		out = append(out, breakage{"@odata.type not derived", "/@odata.type", func(o map[string]any) { o["@odata.type"] = "#" + other.Name }})
	}
	out = append(out, breakage{"@odata.type not a string", "/@odata.type", func(o map[string]any) { o["@odata.type"] = json.Number("1") }})
	// The same inside a nested complex value, to check nested pointers.
	for _, p := range props {
		nt := g.m.Types[p.Type.Name]
		// microsoft.graph.Json takes any value: nothing in it is unknown.
		if nt == nil || p.Type.Collection || nt.OpenType || p.Type.Name == "microsoft.graph.Json" {
			continue
		}
		if _, ok := obj[p.Name].(map[string]any); !ok {
			continue
		}
		out = append(out, breakage{"unknown property of a nested closed type", "/" + p.Name + "/noSuchProperty", func(o map[string]any) {
			inner := clone(o[p.Name].(map[string]any))
			inner["noSuchProperty"] = 1
			o[p.Name] = inner
		}})
		break
	}
	return out
}

// unrelated returns a type of the same kind that neither is t nor derives
// from it.
func (g *generator) unrelated(t *csdl.StructuredType) *csdl.StructuredType {
	for _, name := range []string{"microsoft.graph.user", "microsoft.graph.emailAddress", "microsoft.graph.identity", "microsoft.graph.itemBody"} {
		if o := g.m.Types[name]; o != nil && !o.IsA(t) {
			return o
		}
	}
	return nil
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// TestGeneratedInstances builds a valid instance of every entity and
// complex type of both metadata files, checks it validates (against the
// type itself and, through @odata.type, against its base type), then
// breaks it one way at a time and checks the violation names the broken
// value.
func TestGeneratedInstances(t *testing.T) {
	for _, version := range csdl.Versions {
		t.Run(version, func(t *testing.T) {
			m, err := csdl.Embedded(version)
			if err != nil {
				t.Fatal(err)
			}
			// The instances give each open type a dynamic property: read
			// them as OData's JSON format does (the rules Graph's workloads
			// add are open_test.go's).
			s := odataschema.New(m, odataschema.Options{LenientOpenTypes: true})
			g := &generator{m: m, seen: map[string]bool{}}
			names := make([]string, 0, len(m.Types))
			for name := range m.Types {
				names = append(names, name)
			}
			sort.Strings(names)
			broken := 0
			for _, name := range names {
				typ := m.Types[name]
				b, err := s.Type(name)
				if err != nil {
					t.Fatal(err)
				}
				obj := g.instance(typ, 0)
				if got := b.Validate(obj); got != nil {
					t.Errorf("%s: a generated instance is refused: %v", name, got)
					continue
				}
				if typ.Base != nil {
					base, _ := s.Type(typ.Base.Name)
					if got := base.Validate(obj); got != nil {
						t.Errorf("%s: refused as its base type %s: %v", name, typ.Base.Name, got)
					}
					g.seen["derived type by @odata.type"] = true
				}
				for _, br := range g.breakages(typ, obj) {
					bad := clone(obj)
					br.apply(bad)
					got := b.Validate(bad)
					if !slices.ContainsFunc(got, func(v graphwire.Violation) bool { return v.Field == br.pointer }) {
						t.Errorf("%s, %s: violations %v do not name %s", name, br.what, got, br.pointer)
					}
					broken++
				}
			}
			var missing []string
			for _, feature := range []string{"abstract type", "open type", "not nullable", "navigation bind", "deep insert",
				"complex value", "enum", "flags enum", "collection", "derived type by @odata.type"} {
				if !g.seen[feature] {
					missing = append(missing, feature)
				}
			}
			for prim := range usedPrimitives(m) {
				if !g.seen[prim] {
					missing = append(missing, prim)
				}
			}
			if len(missing) > 0 {
				t.Errorf("the instances never used: %v", missing)
			}
			t.Logf("%d types, %d broken instances", len(names), broken)
		})
	}
}

// usedPrimitives returns the Edm types that properties of m use.
func usedPrimitives(m *csdl.Model) map[string]bool {
	used := map[string]bool{}
	for _, typ := range m.Types {
		for _, p := range typ.Properties {
			if csdl.IsPrimitive(p.Type.Name) {
				used[p.Type.Name] = true
			}
		}
	}
	return used
}
