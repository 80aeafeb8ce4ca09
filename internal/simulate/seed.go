package simulate

import (
	"fmt"
	"strings"

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

// Seed builds the store a tenant starts with from entities, in order,
// checking each path against Graph's metadata of version: entity sets and
// the contained collections of their entities. References are bound once
// every entity is in, so an entity may reference one seeded after it.
func Seed(cat *graphmeta.Catalog, version string, entities []SeedEntity) (*store.Store, error) {
	ver, err := cat.Version(version)
	if err != nil {
		return nil, err
	}
	st := store.New(store.Limits{})
	sim := &Sim{st: st, t: &Tenant{}}
	type pending struct {
		from store.Path
		nav  string
		urls []string
	}
	var binds []pending
	for i, e := range entities {
		coll, err := sim.seedPath(e.Collection)
		if err != nil {
			return nil, fmt.Errorf("entity %d: %w", i+1, err)
		}
		data := withoutBinds(e.Data)
		id, _ := data["id"].(string)
		if id == "" {
			id = guid(uint64(i) + 1)
			data["id"] = id
		}
		if err := st.Create(coll, id, data); err != nil {
			return nil, fmt.Errorf("entity %d (%s/%s): %w", i+1, e.Collection, id, err)
		}
		for k, v := range e.Data {
			nav, ok := strings.CutSuffix(k, bindSuffix)
			if !ok {
				continue
			}
			var urls []string
			switch v := v.(type) {
			case string:
				urls = []string{v}
			case []any:
				for _, u := range v {
					s, _ := u.(string)
					urls = append(urls, s)
				}
			case []string:
				urls = v
			}
			binds = append(binds, pending{coll.Entity(id), nav, urls})
		}
	}
	for _, b := range binds {
		var targets []store.Path
		for _, u := range b.urls {
			ref, err := ver.Paths(false).ParseID(u)
			if err != nil {
				return nil, fmt.Errorf("%s %s@odata.bind: %w", b.from, b.nav, err)
			}
			tgt, ok := sim.seeded(ver, ref.EntitySet.Name, ref.Key.Value)
			if !ok {
				return nil, fmt.Errorf("%s %s@odata.bind: no seeded entity %s", b.from, b.nav, u)
			}
			targets = append(targets, tgt)
		}
		if err := st.AddRefs(b.from, b.nav, targets...); err != nil {
			return nil, fmt.Errorf("%s %s@odata.bind: %w", b.from, b.nav, err)
		}
	}
	return st, nil
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
