package store

import (
	"slices"
	"strings"
)

// decode is the inverse of encode.
func decode(enc string) Path {
	var p Path
	for _, s := range strings.Split(enc, sepStep) {
		name, key, _ := strings.Cut(s, sepKey)
		p = append(p, Step{Name: name, Key: key})
	}
	return p
}

// Collections returns the paths of the collections that hold entities,
// parents before what they contain, as a tenant file lists them.
func (s *Store) Collections() []Path {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Path
	for _, c := range s.colls.all() {
		if len(c.order) > 0 {
			out = append(out, slices.Clone(c.path))
		}
	}
	slices.SortFunc(out, func(a, b Path) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(encode(a), encode(b))
	})
	return out
}

// A Reference is what one navigation property of one entity references:
// the entities still stored, in the order they were added.
type Reference struct {
	From    Path
	Nav     string
	Single  bool // a single-valued navigation property, such as manager
	Targets []Path
}

// References returns every navigation property that references an entity
// still stored, ordered by the entity that holds it and then by name.
func (s *Store) References() []Reference {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Reference
	for k, rs := range s.refs.all() {
		fromEnc, nav, ok := strings.Cut(k, sepStep+sepNav)
		if !ok {
			continue
		}
		r := Reference{From: decode(fromEnc), Nav: nav, Single: rs.single}
		for _, t := range rs.targets {
			if s.alive(t) {
				r.Targets = append(r.Targets, slices.Clone(t.path))
			}
		}
		if len(r.Targets) > 0 && s.lookup(r.From) != nil {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Reference) int {
		if c := strings.Compare(encode(a.From), encode(b.From)); c != 0 {
			return c
		}
		return strings.Compare(a.Nav, b.Nav)
	})
	return out
}
