package store

import (
	"fmt"
	"slices"
	"strings"
)

// A refSet holds the targets of one navigation property of one entity.
type refSet struct {
	owner   *owner
	single  bool
	targets []target
}

// A target is a referenced entity as it was when referenced: seq tells it
// from a later entity created with the same key.
type target struct {
	path Path
	enc  string
	seq  uint64
}

const sepNav = "\x1d"

func refKey(from Path, nav string) string { return encode(from) + sepStep + sepNav + nav }

// alive reports whether t still leads to the entity it was made for.
func (s *Store) alive(t target) bool {
	r := s.lookup(t.path)
	return r != nil && r.seq == t.seq
}

// writableRefs returns the ref set at key, created or copied so that s may
// change it, with its dead targets dropped.
func (s *Store) writableRefs(key string, single bool) *refSet {
	rs, _ := s.refs.get(key)
	if rs != nil && rs.owner == s.me && rs.single == single {
		rs.targets = slices.DeleteFunc(rs.targets, func(t target) bool { return !s.alive(t) })
		return rs
	}
	n := &refSet{owner: s.me, single: single}
	if rs != nil {
		for _, t := range rs.targets {
			if s.alive(t) {
				n.targets = append(n.targets, t)
			}
		}
	}
	s.refs.set(s.me, key, n)
	return n
}

// checkRef checks from, nav and targets, returning the targets' records
// as targets.
func (s *Store) checkRef(from Path, nav string, targets []Path) ([]target, error) {
	if err := check(from); err != nil {
		return nil, err
	}
	if nav == "" || strings.ContainsAny(nav, sepStep+sepKey+sepNav) {
		return nil, fmt.Errorf("%w: navigation property %q", ErrBadPath, nav)
	}
	if s.lookup(from) == nil {
		return nil, notFound(from)
	}
	out := make([]target, len(targets))
	for i, t := range targets {
		if err := check(t); err != nil {
			return nil, err
		}
		r := s.lookup(t)
		if r == nil {
			return nil, notFound(t)
		}
		out[i] = target{path: slices.Clone(t), enc: encode(t), seq: r.seq}
	}
	return out, nil
}

// AddRefs adds targets to the collection-valued navigation property nav of
// entity from, as POST …/members/$ref does: all of them or, on any error,
// none. It fails with ErrNotFound when from or a target does not exist,
// with a *RefExistsError listing every target already referenced (or given
// twice), and with ErrBadPath when nav holds a single-valued reference.
func (s *Store) AddRefs(from Path, nav string, targets ...Path) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts, err := s.checkRef(from, nav, targets)
	if err != nil {
		return err
	}
	key := refKey(from, nav)
	have := map[string]bool{}
	if rs, _ := s.refs.get(key); rs != nil {
		if rs.single {
			return fmt.Errorf("%w: %s/%s is single-valued", ErrBadPath, from, nav)
		}
		for _, t := range rs.targets {
			if s.alive(t) {
				have[t.enc] = true
			}
		}
	}
	var dup []Path
	for _, t := range ts {
		if have[t.enc] {
			dup = append(dup, t.path)
		}
		have[t.enc] = true
	}
	if len(dup) > 0 {
		return &RefExistsError{From: slices.Clone(from), Nav: nav, Targets: dup}
	}
	if len(ts) == 0 {
		return nil
	}
	rs := s.writableRefs(key, false)
	rs.targets = append(rs.targets, ts...)
	return nil
}

// RemoveRef removes target from the navigation property nav of from, as
// DELETE …/members/{id}/$ref does. It fails with ErrNotFound when from does
// not exist or does not reference target.
func (s *Store) RemoveRef(from Path, nav string, tgt Path) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.checkRef(from, nav, nil); err != nil {
		return err
	}
	if err := check(tgt); err != nil {
		return err
	}
	key, enc := refKey(from, nav), encode(tgt)
	rs, _ := s.refs.get(key)
	if rs == nil || !slices.ContainsFunc(rs.targets, func(t target) bool { return t.enc == enc && s.alive(t) }) {
		return fmt.Errorf("%s/%s → %s: %w", from, nav, tgt, ErrNotFound)
	}
	n := s.writableRefs(key, rs.single)
	n.targets = slices.DeleteFunc(n.targets, func(t target) bool { return t.enc == enc })
	return nil
}

// Refs returns the entities that the navigation property nav of from
// references, in the order they were added, skipping those deleted since.
// It fails with ErrNotFound when from does not exist.
func (s *Store) Refs(from Path, nav string) ([]Path, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, err := s.checkRef(from, nav, nil); err != nil {
		return nil, err
	}
	out := []Path{}
	if rs, _ := s.refs.get(refKey(from, nav)); rs != nil {
		for _, t := range rs.targets {
			if s.alive(t) {
				out = append(out, slices.Clone(t.path))
			}
		}
	}
	return out, nil
}

// SetRef makes the single-valued navigation property nav of from (such as
// manager) reference tgt, replacing what it referenced, as PUT …/$ref
// does. It fails with ErrNotFound when from or tgt does not exist and with
// ErrBadPath when nav holds collection-valued references.
func (s *Store) SetRef(from Path, nav string, tgt Path) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts, err := s.checkRef(from, nav, []Path{tgt})
	if err != nil {
		return err
	}
	key := refKey(from, nav)
	if rs, _ := s.refs.get(key); rs != nil && !rs.single && len(rs.targets) > 0 {
		return fmt.Errorf("%w: %s/%s is collection-valued", ErrBadPath, from, nav)
	}
	rs := s.writableRefs(key, true)
	rs.targets = ts
	return nil
}

// Ref returns the entity that the single-valued navigation property nav of
// from references; ok is false when it references nothing or its target
// was deleted.
func (s *Store) Ref(from Path, nav string) (p Path, ok bool, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, err := s.checkRef(from, nav, nil); err != nil {
		return nil, false, err
	}
	rs, _ := s.refs.get(refKey(from, nav))
	if rs == nil || !rs.single || len(rs.targets) == 0 || !s.alive(rs.targets[0]) {
		return nil, false, nil
	}
	return slices.Clone(rs.targets[0].path), true, nil
}

// ClearRef makes the single-valued navigation property nav of from
// reference nothing, as DELETE …/manager/$ref does. It fails with
// ErrNotFound when from does not exist or nav references nothing.
func (s *Store) ClearRef(from Path, nav string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.checkRef(from, nav, nil); err != nil {
		return err
	}
	key := refKey(from, nav)
	rs, _ := s.refs.get(key)
	if rs == nil || !rs.single || len(rs.targets) == 0 || !s.alive(rs.targets[0]) {
		return fmt.Errorf("%s/%s: %w", from, nav, ErrNotFound)
	}
	s.refs.del(s.me, key)
	return nil
}
