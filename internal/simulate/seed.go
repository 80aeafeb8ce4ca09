package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/store"
)

// A SeedEntity is one entity a tenant starts with: the collection it is
// in, as a path of names and keys from the service root ("users",
// "users/{id}/messages", "chats/{id}/messages"), and its properties. Its
// id is generated when Data has none. nav@odata.bind properties name the
// entities it references, by URL or by path from the service root
// ("users/{id}", "users/{userPrincipalName}", "directoryObjects/{id}").
type SeedEntity struct {
	Collection string
	Data       map[string]any
}

// A SeedError is one problem of one seeded entity: its index in the list
// given to Seed, the JSON pointer of the property at fault ("" for the
// entity as a whole), and what is wrong.
type SeedError struct {
	Index int
	Field string
	Err   error
}

// Error names the entity by its place in the list, from 1.
func (e *SeedError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("entity %d: %s: %v", e.Index+1, e.Field, e.Err)
	}
	return fmt.Sprintf("entity %d: %v", e.Index+1, e.Err)
}

// Unwrap returns the problem.
func (e *SeedError) Unwrap() error { return e.Err }

// Seed builds the store a tenant starts with from entities, in order,
// checking each path against Graph's metadata of version (entity sets and
// the contained collections of their entities) and each entity against
// its type. References are bound once every entity is in, so an entity
// may reference one seeded after it. Every problem is returned at once,
// each a *SeedError, joined.
func Seed(cat *graphmeta.Catalog, version string, entities []SeedEntity) (*store.Store, error) {
	return SeedOnto(nil, cat, version, entities)
}

// SeedOnto is Seed adding to st, which may be nil for an empty store; it
// returns the store, st itself when given. An entity may name a parent or
// reference an entity st holds already.
func SeedOnto(st *store.Store, cat *graphmeta.Catalog, version string, entities []SeedEntity) (*store.Store, error) {
	ver, err := cat.Version(version)
	if err != nil {
		return nil, err
	}
	if st == nil {
		st = store.New(store.Limits{})
	}
	sim := &Sim{st: st, t: &Tenant{}}
	type pending struct {
		index int
		from  store.Path
		nav   string
		urls  []string
	}
	var binds []pending
	var problems []error
	fail := func(i int, field string, err error) {
		problems = append(problems, &SeedError{Index: i, Field: field, Err: err})
	}
	for i, e := range entities {
		coll, err := sim.seedPath(e.Collection)
		if err != nil {
			fail(i, "", err)
			continue
		}
		if typ := collectionType(ver, coll); typ == nil {
			fail(i, "", fmt.Errorf("%s: Graph's %s metadata has no such collection", e.Collection, version))
			continue
		} else if body, err := ver.Schemas(false).Type(typ.Name); err == nil {
			bad := false
			for _, v := range body.Validate(asJSON(withoutBinds(e.Data))) {
				fail(i, v.Field, errors.New(v.Message))
				bad = true
			}
			if bad {
				continue
			}
		}
		data := withoutBinds(e.Data)
		id, _ := data["id"].(string)
		if id == "" {
			id = guid(uint64(i) + 1)
			data["id"] = id
		}
		if err := st.Create(coll, id, data); err != nil {
			fail(i, "", fmt.Errorf("%s/%s: %w", e.Collection, id, err))
			continue
		}
		for k, v := range e.Data {
			nav, ok := strings.CutSuffix(k, bindSuffix)
			if !ok {
				continue
			}
			urls, ok := bindURLs(v)
			if !ok {
				fail(i, "/"+k, errors.New("want the URL of an entity, or a list of them"))
				continue
			}
			binds = append(binds, pending{i, coll.Entity(id), nav, urls})
		}
	}
	for _, b := range binds {
		field := "/" + b.nav + bindSuffix
		var targets []store.Path
		for _, u := range b.urls {
			ref, err := ver.Paths(false).ParseID(u)
			if err != nil {
				fail(b.index, field, err)
				continue
			}
			tgt, ok := sim.seeded(ver, ref.EntitySet.Name, ref.Key.Value)
			if !ok {
				fail(b.index, field, fmt.Errorf("no seeded entity %s", u))
				continue
			}
			targets = append(targets, tgt)
		}
		if err := st.AddRefs(b.from, b.nav, targets...); err != nil {
			fail(b.index, field, err)
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return st, nil
}

// collectionType returns the type of the entities of the collection at p,
// per the metadata: an entity set's, or the contained navigation
// property's under its parent; nil when the metadata has no such
// collection.
func collectionType(ver *graphmeta.Version, p store.Path) *csdl.StructuredType {
	model := ver.Model
	if model.Container == nil || len(p) == 0 {
		return nil
	}
	es := model.Container.EntitySet(p[0].Name)
	if es == nil {
		return nil
	}
	t := model.Type(es.EntityType)
	for _, st := range p[1:] {
		np := navigationProperty(t, st.Name)
		if np == nil || !np.ContainsTarget {
			return nil
		}
		t = model.Type(np.Type.Name)
	}
	return t
}

// seedPath reads a collection path of names and keys: users,
// users/{key}/messages; a user's key may be its userPrincipalName.
func (s *Sim) seedPath(coll string) (store.Path, error) {
	parts := strings.Split(strings.Trim(coll, "/"), "/")
	if len(parts)%2 == 0 || parts[0] == "" {
		return nil, fmt.Errorf("%q: want a collection such as users or users/{id}/messages", coll)
	}
	p := store.Path{{Name: parts[0]}}
	for i := 1; i < len(parts); i += 2 {
		entity := s.findKey(p, parts[i])
		if !s.exists(entity) {
			return nil, fmt.Errorf("%q: no seeded entity %s/%s: seed it first", coll, p, parts[i])
		}
		p = entity.Collection(parts[i+1])
	}
	return p, nil
}

// seeded finds the seeded entity of set (or, for directoryObjects, of any
// directory set) with key.
func (s *Sim) seeded(ver *graphmeta.Version, set, key string) (store.Path, bool) {
	sets := []string{set}
	if es := ver.Model.Container.EntitySet(set); es != nil {
		if t := ver.Model.Type(es.EntityType); t != nil && len(t.Derived) > 0 {
			sets = setsOf(ver.Model, t)
		}
	}
	for _, name := range sets {
		p := s.findKey(store.Path{{Name: name}}, key)
		if s.exists(p) {
			return p, true
		}
	}
	return nil, false
}

// asJSON returns data as a JSON decoder with UseNumber reads it, the form
// the validators take: Go numbers become json.Number, maps and slices of
// them map[string]any and []any. The common values (what tenant files
// and Go seeds hold) are converted in one walk; anything else goes
// through encoding/json, and data is returned as it is when that fails.
func asJSON(data map[string]any) any {
	if out, ok := jsonValue(data); ok {
		return out
	}
	b, err := json.Marshal(data)
	if err != nil {
		return data
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return data
	}
	return out
}

// jsonValue converts v as asJSON does, reporting false for a value it
// does not know (a struct, a typed slice, a float that is not finite).
func jsonValue(v any) (any, bool) {
	switch x := v.(type) {
	case nil, string, bool, json.Number:
		return x, true
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			c, ok := jsonValue(e)
			if !ok {
				return nil, false
			}
			out[k] = c
		}
		return out, true
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, ok := jsonValue(e)
			if !ok {
				return nil, false
			}
			out[i] = c
		}
		return out, true
	case int:
		return json.Number(strconv.Itoa(x)), true
	case int64:
		return json.Number(strconv.FormatInt(x, 10)), true
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, false
		}
		b, _ := json.Marshal(x) // encoding/json's own spelling of the number
		return json.Number(b), true
	}
	return nil, false
}
