package graphmeta

import (
	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odatapath"
)

// A clearableReference is a single-valued navigation property whose
// PUT …/$ref Microsoft documents taking {} to remove the reference, beside
// {"@odata.id": …} to set it.
type clearableReference struct {
	// Type is the qualified type that declares the navigation property.
	Type string
	// Navigation is the navigation property's name; "" for every
	// navigation property of Type.
	Navigation string
	// Source is the Microsoft page that documents the {} body.
	Source string
}

// clearableReferences are the documented cases. Elsewhere a PUT to $ref
// takes an entity reference only, as Microsoft documents it (such as
// https://learn.microsoft.com/en-us/graph/api/user-post-manager: "supply a
// JSON object and pass an @odata.id parameter"), and {} is refused.
var clearableReferences = []clearableReference{
	{
		// "To disable an API connector, the value can be {}." Example 3
		// sends PUT …/apiConnectorConfiguration/postAttributeCollection/$ref
		// with { } and gets 204; the beta page of b2cIdentityUserFlow says
		// the same.
		Type:   "microsoft.graph.userFlowApiConnectorConfiguration",
		Source: "https://learn.microsoft.com/en-us/graph/api/b2xidentityuserflow-put-apiconnectorconfiguration",
	},
}

// ReferenceClearable reports whether target, a $ref, is one whose PUT
// takes {} to remove the reference (clearableReferences): a single-valued
// navigation property declared by a listed type, reached through that type
// or one derived from it.
func ReferenceClearable(m *csdl.Model, target odatapath.Target) bool {
	segs := target.Segments
	if target.Collection {
		return false
	}
	n := len(segs)
	if n < 3 || segs[n-1].Kind != odatapath.RefSegment || segs[n-2].Kind != odatapath.NavigationSegment {
		return false
	}
	owner := m.Type(segs[n-3].Type)
	nav := segs[n-2].Name
	for _, c := range clearableReferences {
		declaring := m.Type(c.Type)
		if declaring == nil || owner == nil || !owner.IsA(declaring) {
			continue
		}
		if (c.Navigation == "" || c.Navigation == nav) && declaring.NavigationProperty(nav) != nil {
			return true
		}
	}
	return false
}
