package tenantfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/graphmock/graphmock/internal/graphrules"
	"github.com/graphmock/graphmock/internal/store"
	"github.com/graphmock/graphmock/internal/suggest"
)

// An index finds the entities of a file's top-level collections by key.
type index struct {
	colls map[string]*keyed // rules name of a top-level collection ("users", "planner/plans") →
	order []string          // the names, in file order
}

// keyed is one top-level collection's entities by id, and for users by
// userPrincipalName (folded: Graph compares them ignoring case).
type keyed struct {
	path  store.Path
	byID  map[string]*Entity
	byUPN map[string]*Entity
	order []*Entity
}

func newIndex() *index { return &index{colls: map[string]*keyed{}} }

// rulesName is the name graphrules gives the collection at p: its step
// names joined by slashes, keys left out.
func rulesName(p store.Path) string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(s.Name)
	}
	return b.String()
}

// isTop reports whether p is a top-level collection: no step has a key.
func isTop(p store.Path) bool {
	for _, s := range p {
		if s.Key != "" {
			return false
		}
	}
	return len(p) > 0
}

// add indexes e of the top-level collection at p. The first entity with
// an id, or a userPrincipalName, keeps it: checkUnique reports the
// others.
func (ix *index) add(p store.Path, e *Entity) {
	name := rulesName(p)
	k := ix.colls[name]
	if k == nil {
		k = &keyed{path: p, byID: map[string]*Entity{}}
		if name == "users" {
			k.byUPN = map[string]*Entity{}
		}
		ix.colls[name] = k
		ix.order = append(ix.order, name)
	}
	k.order = append(k.order, e)
	if _, dup := k.byID[e.ID]; !dup {
		k.byID[e.ID] = e
	}
	if k.byUPN != nil {
		if upn, ok := e.Data["userPrincipalName"].(string); ok && upn != "" {
			if _, dup := k.byUPN[fold(upn)]; !dup {
				k.byUPN[fold(upn)] = e
			}
		}
	}
}

func fold(s string) string { return strings.ToLower(s) }

// user finds a user by id or userPrincipalName.
func (ix *index) user(key string) (*Entity, bool) {
	return ix.find("users", key)
}

// find finds an entity of top-level collection name by id, or for users
// by userPrincipalName.
func (ix *index) find(name, key string) (*Entity, bool) {
	k := ix.colls[name]
	if k == nil {
		return nil, false
	}
	if e, ok := k.byID[key]; ok {
		return e, true
	}
	if k.byUPN != nil {
		if e, ok := k.byUPN[fold(key)]; ok {
			return e, true
		}
	}
	return nil, false
}

// index returns f's index, building one for a File made by hand.
func (f *File) index() *index {
	if f.idx != nil {
		return f.idx
	}
	ix := newIndex()
	for _, c := range f.Collections {
		if isTop(c.Path) {
			for _, e := range c.Entities {
				ix.add(c.Path, e)
			}
		}
	}
	return ix
}

// Graph's service roots, which a reference may start with.
var serviceRoots = []string{
	"https://graph.microsoft.com/v1.0/",
	"https://graph.microsoft.com/beta/",
	"/v1.0/",
	"/beta/",
	"/",
}

// errBadRef is the error of a reference that is not of a known form.
var errBadRef = errors.New(`want a reference such as "users/{id}", "users/{userPrincipalName}", "users('{id}')", "groups/{id}" or "directoryObjects/{id}"`)

// splitRef splits a reference into its collection and key.
func splitRef(ref string) (coll, key string, err error) {
	for _, root := range serviceRoots {
		if strings.HasPrefix(ref, root) {
			ref = ref[len(root):]
			break
		}
	}
	if strings.HasSuffix(ref, "')") {
		if i := strings.Index(ref, "('"); i > 0 && i+2 <= len(ref)-2 {
			coll, key = ref[:i], ref[i+2:len(ref)-2]
		}
	} else if i := strings.LastIndexByte(ref, '/'); i > 0 {
		coll, key = ref[:i], ref[i+1:]
	}
	if coll == "" || key == "" || strings.ContainsAny(key, "/'") {
		return "", "", errBadRef
	}
	return coll, key, nil
}

// resolve finds the entity ref names.
// A did-you-mean counts against budget; nil gives none.
func (ix *index) resolve(ref string, budget *int) (store.Path, error) {
	coll, key, err := splitRef(ref)
	if err != nil {
		return nil, err
	}
	if coll == "directoryObjects" {
		for _, name := range ix.order {
			if !isDirectory(name) {
				continue
			}
			if e, ok := ix.find(name, key); ok {
				return ix.colls[name].path.Entity(e.ID), nil
			}
		}
		return nil, fmt.Errorf("no directory object %q in this file: bind to the id of a user or group the file seeds", key)
	}
	k := ix.colls[coll]
	if k == nil {
		return nil, fmt.Errorf("no /%s in this file: bind to an entity the file seeds under a top-level collection", coll)
	}
	e, ok := ix.find(coll, key)
	if !ok {
		if coll == "users" {
			return nil, fmt.Errorf("no user %q in this file: bind to the id or userPrincipalName of a user under /users%s", key, ix.suggestUser(key, budget))
		}
		return nil, fmt.Errorf("no entity %q in /%s in this file: bind to the id of one", key, coll)
	}
	return k.path.Entity(e.ID), nil
}

// isDirectory reports whether the top-level collection name holds
// directory objects, by graphrules' workload.
func isDirectory(name string) bool {
	c, ok := graphrules.Default().Collection(name)
	return ok && c.Of() != nil && c.Of().Name == "directory"
}

// A did-you-mean compares a name with at most maxSuggest users, and a
// file gets at most maxSuggestions of them, so that a file of many
// misspelt names against many users stays linear.
const (
	maxSuggest     = 1000
	maxSuggestions = 20
)

// suggestUser returns a did-you-mean naming the user whose
// userPrincipalName is closest to key, among the first written users.
// It counts against budget: nil gives none.
func (ix *index) suggestUser(key string, budget *int) string {
	k := ix.colls["users"]
	if k == nil || budget == nil || *budget <= 0 {
		return ""
	}
	*budget--
	var upns []string
	for _, e := range k.order {
		if len(upns) == maxSuggest {
			break
		}
		if upn, ok := e.Data["userPrincipalName"].(string); ok && !e.Generated {
			upns = append(upns, upn)
		}
	}
	return suggest.DidYouMean(key, upns)
}
