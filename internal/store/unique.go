package store

import (
	"fmt"
	"slices"
	"strings"
)

// Unique makes property a unique key of every collection named name (the
// last step of its path; each contained collection is its own scope), as
// Graph's directory keeps userPrincipalName unique among users. Values are
// compared ignoring case. A string value is indexed; so is each string of a
// list value (applications' identifierUris); other values are not. Unique
// fails with a *NotUniqueError, and changes nothing, if entities already
// stored break the rule.
func (s *Store) Unique(name, property string) error {
	if name == "" || property == "" {
		return fmt.Errorf("%w: Unique(%q, %q)", ErrBadPath, name, property)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.Contains(s.unique[name], property) {
		return nil
	}
	built := map[string]*cowMap[string]{}
	for enc, c := range s.colls.all() {
		if c.path[len(c.path)-1].Name != name {
			continue
		}
		idx := &cowMap[string]{}
		for _, r := range c.order {
			for _, v := range uniqueValues(r.data[property]) {
				f := fold(v)
				if h, ok := idx.get(f); ok && h != r.key {
					return &NotUniqueError{Collection: c.path, Property: property, Value: v, Holder: h}
				}
				idx.set(s.me, f, r.key)
			}
		}
		built[enc] = idx
	}
	u := make(map[string][]string, len(s.unique)+1)
	for k, v := range s.unique {
		u[k] = v
	}
	u[name] = append(slices.Clone(s.unique[name]), property)
	s.unique = u
	for enc, idx := range built {
		c, _ := s.colls.get(enc)
		c = s.writable(enc, c.path)
		c.uniq[property] = idx
	}
	return nil
}

// fold is the case-insensitive form of a unique value.
func fold(v string) string { return strings.ToLower(v) }

// uniqueValues returns the strings of v that a unique index holds.
func uniqueValues(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// checkUnique reports the first unique property of data whose value an
// entity other than self already holds. c may be nil.
func (c *collection) checkUnique(data map[string]any, self string) error {
	if c == nil {
		return nil
	}
	for _, prop := range sortedKeys(c.uniq) {
		idx := c.uniq[prop]
		for _, v := range uniqueValues(data[prop]) {
			if h, ok := idx.get(fold(v)); ok && h != self {
				return &NotUniqueError{Collection: c.path, Property: prop, Value: v, Holder: h}
			}
		}
	}
	return nil
}

// index adds r's unique values to c's indexes; c is o's.
func (c *collection) index(o *owner, r *record) {
	for prop, idx := range c.uniq {
		for _, v := range uniqueValues(r.data[prop]) {
			idx.set(o, fold(v), r.key)
		}
	}
}

// unindex removes r's unique values from c's indexes; c is o's.
func (c *collection) unindex(o *owner, r *record) {
	for prop, idx := range c.uniq {
		for _, v := range uniqueValues(r.data[prop]) {
			if h, _ := idx.get(fold(v)); h == r.key {
				idx.del(o, fold(v))
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// KeyByUnique returns the key of the entity of collection coll whose unique
// property holds value (compared ignoring case), from the collection's
// index, without a scan; false when none does or the property is not
// unique there. indexed reports whether the property is unique in coll's
// collections, so that false means no entity holds the value.
func (s *Store) KeyByUnique(coll Path, property, value string) (key string, ok, indexed bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(coll) == 0 || !slices.Contains(s.unique[coll[len(coll)-1].Name], property) {
		return "", false, false
	}
	c, _ := s.colls.get(encode(coll))
	if c == nil || c.uniq[property] == nil {
		return "", false, true
	}
	key, ok = c.uniq[property].get(fold(value))
	return key, ok, true
}

// Has reports whether the store holds the entity (or singleton) at p,
// without copying it.
func (s *Store) Has(p Path) bool {
	if len(p) == 0 {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.lookup(p) != nil
}
