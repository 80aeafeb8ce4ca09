package simulate

import (
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odatapath"
	"github.com/graphmock/graphmock/internal/store"
)

// A placeKind says what a request's path addresses in the store.
type placeKind int

const (
	atCollection placeKind = iota // the entities of a collection: /users, /users/{id}/messages
	atEntity                      // one stored entity: /users/{id}, /me, /chats/{id}/messages/{id}
	atRefs                        // the entities an entity references through a collection-valued navigation property: /groups/{id}/members
	atRefMember                   // one of them: /groups/{id}/members/{id}
	atRef                         // the entity a single-valued navigation property references: /users/{id}/manager
	atProperty                    // a structural property of an entity: /users/{id}/displayName
	atAction                      // a bound action or function: /me/sendMail
	atCount                       // $count of a collection or of references
)

// A place is where a request's path leads in the store, with what the
// metadata says of it.
type place struct {
	kind placeKind
	// path is the collection (atCollection, atCount of one) or the entity
	// (atEntity, atProperty, atAction on an entity, atRefMember once
	// found); for references, the entity that holds them.
	path store.Path
	// rules names the collection by entity set and navigation properties,
	// keys left out, as package graphrules does: users, users/messages.
	rules string
	typ   *csdl.StructuredType // the type of the entities addressed
	// nav is the navigation property of references (atRefs, atRefMember,
	// atRef), and ref is set when the path ends in $ref.
	nav *csdl.NavigationProperty
	ref bool
	// key is the key of atRefMember, target the member it found.
	key    string
	target store.Path
	found  bool
	// property is the property of atProperty, op the operation of
	// atAction.
	property string
	op       *csdl.Operation
	// segments are the resolved segments, for @odata.context.
	segments []odatapath.Segment
	// missing is the first key that names no entity, with its
	// collection's rules: a read is 404 with the workload's error.
	missing      string
	missingRules string
}

// locate walks a resolved path through the store. It reports false for a
// path the simulation does not answer (a stream, a cast it cannot follow).
func (s *Sim) locate(model *csdl.Model, t odatapath.Target) (place, bool) {
	p := place{segments: t.Segments}
	var from store.Path // the entity that holds the references being followed
	var rules []string
	for i, seg := range t.Segments {
		switch seg.Kind {
		case odatapath.EntitySetSegment:
			p.kind, p.path, p.typ = atCollection, store.Path{{Name: seg.Name}}, seg.Structured
			rules = []string{seg.Name}
		case odatapath.SingletonSegment:
			if seg.Name == "me" {
				if s.t.me == "" {
					p.missing, p.missingRules = "me", "users"
				}
				p.kind, p.path, p.typ = atEntity, store.Path{{Name: "users", Key: s.t.me}}, seg.Structured
				rules = []string{"users"}
				continue
			}
			p.kind, p.path, p.typ = atEntity, store.Path{{Name: seg.Name}}, seg.Structured
			rules = []string{seg.Name}
		case odatapath.KeySegment:
			key := keyOf(seg)
			switch p.kind {
			case atCollection:
				p.path = s.findKey(p.path, key)
				p.kind = atEntity
				if p.missing == "" && !s.exists(p.path) {
					p.missing, p.missingRules = key, strings.Join(rules, "/")
				}
			case atRefs:
				p.kind, p.key = atRefMember, key
				p.target, p.found = s.refMember(from, p.nav.Name, key)
				if !p.found && p.missing == "" {
					p.missing, p.missingRules = key, s.rulesOfType(model, p.typ)
				}
			default:
				return p, false
			}
		case odatapath.NavigationSegment:
			if p.kind != atEntity && p.kind != atRefMember {
				return p, false
			}
			if p.kind == atRefMember {
				// On from a referenced entity (a group's member): the path
				// goes on from where that entity is kept.
				if !p.found {
					return p, true // answered as the missing member
				}
				p.kind, p.path, p.nav, p.ref = atEntity, p.target, nil, false
				rules = []string{rulesName(p.target)}
			}
			nav := navigationProperty(p.typ, seg.Name)
			if nav == nil {
				return p, false
			}
			if nav.ContainsTarget {
				p.path = p.path.Collection(seg.Name)
				p.kind, p.typ = atCollection, seg.Structured
				rules = append(rules, seg.Name)
				if !seg.Collection {
					// A single contained entity is kept as a singleton under
					// its parent.
					p.kind = atEntity
				}
				continue
			}
			from = p.path
			p.nav, p.typ = nav, seg.Structured
			p.kind = atRefs
			if !seg.Collection {
				p.kind = atRef
			}
		case odatapath.CastSegment:
			// A cast narrows what is addressed; the store keeps entities of
			// derived types with their base's, so it is followed as is.
			if seg.Structured != nil {
				p.typ = seg.Structured
			}
		case odatapath.RefSegment:
			if p.kind != atRefs && p.kind != atRefMember && p.kind != atRef {
				return p, false
			}
			p.ref = true
		case odatapath.CountSegment:
			if p.kind != atCollection && p.kind != atRefs {
				return p, false
			}
			if p.kind == atRefs {
				p.path = from
			}
			p.kind = atCount
		case odatapath.PropertySegment:
			if p.kind != atEntity || i != len(t.Segments)-1 {
				return p, false
			}
			p.kind, p.property = atProperty, seg.Name
		case odatapath.ActionSegment, odatapath.FunctionSegment:
			if i != len(t.Segments)-1 || (p.kind != atEntity && p.kind != atCollection) {
				return p, false
			}
			p.kind, p.op = atAction, seg.Operation
		default:
			return p, false
		}
	}
	if p.kind == atRefs || p.kind == atRef || p.kind == atRefMember {
		p.path = from // the entity that holds the references; a member found is in target
	}
	p.rules = strings.Join(rules, "/")
	return p, true
}

// keyOf returns the value of a key segment.
func keyOf(seg odatapath.Segment) string {
	if len(seg.Key) == 0 {
		return ""
	}
	return seg.Key[0].Value
}

// exists reports whether the store holds the entity at p.
func (s *Sim) exists(p store.Path) bool { return s.st.Has(p) }

// findKey returns the path of the member of collection coll with key, or
// for users, whose userPrincipalName is key, as Graph lets /users/{upn}
// address a user.
func (s *Sim) findKey(coll store.Path, key string) store.Path {
	p := coll.Entity(key)
	if lower := strings.ToLower(key); lower != key && !s.exists(p) && isGUID(lower) && s.exists(coll.Entity(lower)) {
		return coll.Entity(lower) // a GUID in capitals names the same entity, as in Graph
	}
	if len(coll) == 1 && coll[0].Name == "users" && strings.Contains(key, "@") && !s.exists(p) {
		k, ok, indexed := s.st.KeyByUnique(coll, "userPrincipalName", key)
		switch {
		case ok:
			return coll.Entity(k) // from the uniqueness index: no scan of the users
		case !indexed: // a store being seeded, before the tenant's rules apply
			if users, err := s.st.List(coll); err == nil {
				for _, u := range users {
					if upn, _ := u.Data["userPrincipalName"].(string); strings.EqualFold(upn, key) {
						return coll.Entity(u.Key)
					}
				}
			}
		}
	}
	return p
}

// refMember finds the entity with key among those from references
// through nav.
func (s *Sim) refMember(from store.Path, nav, key string) (store.Path, bool) {
	refs, err := s.st.Refs(from, nav)
	if err != nil {
		return nil, false
	}
	for _, r := range refs {
		if len(r) > 0 && strings.EqualFold(r[len(r)-1].Key, key) {
			return r, true
		}
	}
	return nil, false
}

// rulesOfType names the entity set whose entities have type t, for the
// rules of an entity reached through a reference.
func (s *Sim) rulesOfType(model *csdl.Model, t *csdl.StructuredType) string {
	if sets := setsOf(model, t); len(sets) > 0 {
		return sets[0]
	}
	return ""
}

// setsOf returns the entity sets whose entities are of type t or of a type
// derived from it: for directoryObject, users, groups, applications and
// the rest of the directory.
func setsOf(model *csdl.Model, t *csdl.StructuredType) []string {
	if model.Container == nil || t == nil {
		return nil
	}
	var exact, derived []string
	for _, es := range model.Container.EntitySets {
		et := model.Type(es.EntityType)
		switch {
		case et == nil:
		case et == t:
			exact = append(exact, es.Name)
		case et.IsA(t):
			derived = append(derived, es.Name)
		}
	}
	return append(exact, derived...)
}

// navigationProperty returns t's navigation property name, or that of a
// type derived from t: a path may follow a navigation property a derived
// type declares without a cast, as Graph's does.
func navigationProperty(t *csdl.StructuredType, name string) *csdl.NavigationProperty {
	if t == nil {
		return nil
	}
	if np := t.NavigationProperty(name); np != nil {
		return np
	}
	for _, d := range t.Descendants() {
		if np := d.NavigationProperty(name); np != nil {
			return np
		}
	}
	return nil
}

// parentExists reports whether the entity that would hold an entity at p
// exists: always for a top-level collection.
func (s *Sim) parentExists(p store.Path) bool {
	if len(p) <= 1 {
		return true
	}
	return s.exists(p[:len(p)-1])
}

// isGUID reports whether s is a GUID in the 8-4-4-4-12 form.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return true
}
