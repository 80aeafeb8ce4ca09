package graphmeta

import (
	"slices"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odatapath"
)

// Layer names the layer of the version's metadata that answered a
// resolved path: of the layers its steps come from (entity set or
// singleton, navigation and structural properties, casts, operations),
// the oldest, since the path needs it. It is "" when the metadata is one
// document, as v1.0 and a user's own file are.
func (v *Version) Layer(t *odatapath.Target) string {
	m := v.Model
	order := m.Layers()
	if len(order) == 0 || t == nil {
		return ""
	}
	oldest := -1
	note := func(element any) {
		if i := slices.Index(order, m.LayerOf(element)); i > oldest {
			oldest = i
		}
	}
	var prev *csdl.StructuredType
	for _, s := range t.Segments {
		switch s.Kind {
		case odatapath.EntitySetSegment:
			if m.Container != nil {
				if es := m.Container.EntitySet(s.Name); es != nil {
					note(es)
				}
			}
		case odatapath.SingletonSegment:
			if m.Container != nil {
				if sg := m.Container.Singleton(s.Name); sg != nil {
					note(sg)
				}
			}
		case odatapath.NavigationSegment:
			if prev != nil {
				if p := prev.NavigationProperty(s.Name); p != nil {
					note(p)
				}
			}
		case odatapath.PropertySegment:
			if prev != nil {
				if p := prev.Property(s.Name); p != nil {
					note(p)
				}
			}
		case odatapath.CastSegment:
			if ct := m.Type(s.Name); ct != nil {
				note(ct)
			}
		case odatapath.FunctionSegment, odatapath.ActionSegment:
			if s.Operation != nil {
				note(s.Operation)
			}
		}
		if s.Structured != nil {
			prev = s.Structured
		}
	}
	if t.Operation != nil {
		note(t.Operation)
	}
	if oldest < 0 {
		return ""
	}
	return order[oldest]
}
