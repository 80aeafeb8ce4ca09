package simulate

import (
	"errors"
	"slices"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odataquery"
	"github.com/graphmock/graphmock/internal/store"
)

// expandCap is how many entities an expanded relationship of a directory
// object holds at most, without a nextLink: "With Microsoft Entra
// resources that derive from directoryObject, like user and group,
// $expand typically returns a maximum of 20 items for the expanded
// relationship and has no @odata.nextLink"
// (https://learn.microsoft.com/en-us/graph/query-parameters#expand).
const expandCap = 20

// containedExpandable are the contained navigation properties of
// directory objects that expand: the page above says a user's events,
// messages and photo do not, and the extensions page expands extensions
// (https://learn.microsoft.com/en-us/graph/api/opentypeextension-get).
var containedExpandable = []string{"extensions"}

// inverses are the directory's navigation properties the store keeps
// from the other side: a user's memberOf are the groups whose members
// hold it, its directReports the users whose manager it is.
var inverses = map[string]struct{ set, nav string }{
	"memberOf":      {"groups", "members"},
	"directReports": {"users", "manager"},
}

// An expansion is one navigation property $expand names, checked: the
// property and the properties its $select names (nil for the default).
type expansion struct {
	nav *csdl.NavigationProperty
	sel map[string]bool
}

// readExpand reads and checks $expand against the type of the entities
// addressed: one level of navigation properties the type (or one derived
// from it) has, each with $select alone inside its parentheses; a
// directory object's contained relationships (messages, events, photo)
// are refused as Graph refuses them. Nil without $expand.
func (x *exchange) readExpand() ([]expansion, *graphwire.Error) {
	v, ok := first(x.r.Query, "$expand")
	if !ok {
		return nil, nil
	}
	x.use("$expand")
	rules := x.rulesOf(x.p.rules)
	items, err := odataquery.ParseExpand(v, odataquery.Limits{})
	if err != nil {
		return nil, x.queryError(rules, err)
	}
	directory := rules != nil && rules.Workload == "directory"
	typeName := ""
	if x.p.typ != nil {
		typeName = x.p.typ.Name
	}
	var out []expansion
	for _, it := range items {
		name := it.Property()
		if len(it.Path) > 1 || it.Options["$expand"] != "" {
			return nil, queryRule("expandLevels", "property", name)
		}
		nav := navigationProperty(x.p.typ, name)
		if nav == nil {
			e := queryRule("unknownProperty", "property", name, "type", typeName)
			e.Code = x.badRequestCode(rules)
			return nil, e
		}
		if directory && nav.ContainsTarget && !slices.Contains(containedExpandable, name) {
			return nil, queryRule("expandNotSupported", "property", name, "type", typeName)
		}
		ex := expansion{nav: nav}
		for k, val := range it.Options {
			if k != "$select" {
				return nil, queryRule("expandOption", "option", k)
			}
			names, err := odataquery.ParseSelect(val, odataquery.Limits{})
			if err != nil {
				return nil, x.queryError(rules, err)
			}
			ex.sel = map[string]bool{}
			for _, n := range names {
				ex.sel[n] = true
			}
		}
		out = append(out, ex)
	}
	return out, nil
}

// expand adds to out, the shown entity at p, what each expansion
// names: the entity a single-valued relationship references (left out
// when none is set), or the entities of a collection-valued one, at most
// expandCap of them for a directory object.
func (x *exchange) expand(out map[string]any, p store.Path, exps []expansion) {
	if len(exps) == 0 {
		return
	}
	directory := false
	if c := x.rulesOf(rulesName(p)); c != nil && c.Workload == "directory" {
		directory = true
	}
	for _, ex := range exps {
		name := ex.nav.Name
		collection := ex.nav.Type.Collection
		var targets []store.Path
		switch inv, isInverse := inverses[name]; {
		case ex.nav.ContainsTarget:
			coll := p.Collection(name)
			if !collection {
				if e, err := x.s.st.Get(coll); err == nil {
					out[name] = x.shownAs(rulesName(coll), e.Data, ex.sel)
				}
				continue
			}
			ents, err := x.s.st.List(coll)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				continue
			}
			value := make([]any, 0, len(ents))
			for _, e := range ents {
				if directory && len(value) == expandCap {
					break
				}
				value = append(value, x.shownAs(rulesName(coll), e.Data, ex.sel))
			}
			out[name] = value
			continue
		case isInverse && len(p) == 1:
			targets = x.s.inverse(inv.set, inv.nav, p)
		case collection:
			targets, _ = x.s.st.Refs(p, name)
		default:
			if t, ok, err := x.s.st.Ref(p, name); err == nil && ok {
				targets = []store.Path{t}
			}
		}
		value := make([]any, 0, len(targets))
		for _, t := range targets {
			if directory && len(value) == expandCap {
				break
			}
			e, err := x.s.st.Get(t)
			if err != nil {
				continue
			}
			value = append(value, x.shownAs(rulesName(t), typed(x.model, t, e.Data), ex.sel))
		}
		switch {
		case collection:
			out[name] = value
		case len(value) == 1:
			out[name] = value[0]
		}
	}
}

// typed adds the @odata.type of the entity set the top-level entity at p
// is in, as Graph types the directory objects of an expansion
// ("@odata.type": "#microsoft.graph.user").
func typed(model *csdl.Model, p store.Path, data map[string]any) map[string]any {
	if len(p) != 1 || model.Container == nil {
		return data
	}
	es := model.Container.EntitySet(p[0].Name)
	if es == nil {
		return data
	}
	out := make(map[string]any, len(data)+1)
	for k, v := range data {
		out[k] = v
	}
	out["@odata.type"] = "#" + es.EntityType
	return out
}

// inverse returns the entities of set whose reference nav names the
// entity at p, in the set's order.
func (s *Sim) inverse(set, nav string, p store.Path) []store.Path {
	coll := store.Path{{Name: set}}
	want := p.String()
	var out []store.Path
	_ = s.st.View(coll, 0, 0, func(e store.Entity) bool {
		refs, _ := s.st.Refs(coll.Entity(e.Key), nav)
		if slices.ContainsFunc(refs, func(r store.Path) bool { return strings.EqualFold(r.String(), want) }) {
			out = append(out, coll.Entity(e.Key))
		}
		return true
	})
	return out
}
