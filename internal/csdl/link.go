package csdl

import (
	"fmt"
	"slices"
)

// link runs once the whole document is read: it qualifies every type name
// (aliases may be declared after their use), connects base and derived
// types and indexes bound operations. Names of undeclared types are errors
// at the line that uses them.
func (p *parser) link() error {
	m := p.m
	bad := func(line int, format string, args ...any) error {
		return &ParseError{Line: line, Err: fmt.Errorf(format, args...)}
	}
	ref := func(r *TypeRef, line int, what string) error {
		r.Name = m.Qualify(r.Name)
		if !IsPrimitive(r.Name) && m.Types[r.Name] == nil && m.Enums[r.Name] == nil {
			return bad(line, "%s: unknown type %s", what, r.Name)
		}
		return nil
	}
	names := make([]string, 0, len(m.Types))
	for name := range m.Types {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t := m.Types[name]
		if t.BaseType != "" {
			t.BaseType = m.Qualify(t.BaseType)
			t.Base = m.Types[t.BaseType]
			if t.Base == nil {
				return bad(t.Line, "type %s: unknown base type %s", t.Name, t.BaseType)
			}
			if t.Base.Kind != t.Kind {
				return bad(t.Line, "type %s: base type %s is of another kind", t.Name, t.BaseType)
			}
			t.Base.Derived = append(t.Base.Derived, t)
		}
		for _, prop := range t.Properties {
			if err := ref(&prop.Type, prop.line, "property "+prop.Name); err != nil {
				return err
			}
		}
		for _, nav := range t.NavigationProperties {
			nav.Type.Name = m.Qualify(nav.Type.Name)
			if target := m.Types[nav.Type.Name]; target == nil || target.Kind != EntityKind {
				return bad(nav.line, "navigation property %s: %s is not an entity type", nav.Name, nav.Type.Name)
			}
		}
	}
	chains := make(map[*StructuredType]chainState, len(m.Types))
	for _, name := range names {
		if err := p.resolveBases(m.Types[name], chains); err != nil {
			return err
		}
	}
	for _, op := range m.Operations {
		for _, param := range op.Parameters {
			if err := ref(&param.Type, param.line, "parameter "+param.Name+" of "+op.Name); err != nil {
				return err
			}
		}
		if op.ReturnType != nil {
			if err := ref(&op.ReturnType.Type, op.Line, "return type of "+op.Name); err != nil {
				return err
			}
		}
		if op.IsBound {
			if len(op.Parameters) == 0 {
				return bad(op.Line, "bound %s has no binding parameter", op.Name)
			}
			binding := op.Parameters[0].Type.Name
			m.bound[binding] = append(m.bound[binding], op)
		}
	}
	if c := m.Container; c != nil {
		for _, s := range c.EntitySets {
			s.EntityType = m.Qualify(s.EntityType)
			if t := m.Types[s.EntityType]; t == nil || t.Kind != EntityKind {
				return bad(s.line, "entity set %s: %s is not an entity type", s.Name, s.EntityType)
			}
		}
		for _, s := range c.Singletons {
			s.Type = m.Qualify(s.Type)
			if t := m.Types[s.Type]; t == nil || t.Kind != EntityKind {
				return bad(s.line, "singleton %s: %s is not an entity type", s.Name, s.Type)
			}
		}
	}
	return nil
}

// chainState is how far resolveBases has gone with a type.
type chainState uint8

const (
	unresolved chainState = iota
	walking               // on the chain being walked
	resolved              // its chain is free of cycles and its key set
)

// resolveBases walks up t's base types to the first one already resolved,
// reports a cycle if the walk comes back to a type on it, then, from the
// top down, gives each type without a key of its own its base's key. Each
// type is walked once whatever the order of the calls, so a document of n
// types costs O(n) steps even when one chain holds them all.
func (p *parser) resolveBases(t *StructuredType, chains map[*StructuredType]chainState) error {
	var walked []*StructuredType
	for b := t; b != nil && chains[b] != resolved; b = b.Base {
		p.baseSteps++
		if chains[b] == walking {
			return &ParseError{Line: t.Line, Err: fmt.Errorf("type %s: its base types form a cycle", t.Name)}
		}
		chains[b] = walking
		walked = append(walked, b)
	}
	for i := len(walked) - 1; i >= 0; i-- {
		w := walked[i]
		if len(w.Key) == 0 && w.Base != nil {
			w.Key = w.Base.Key
		}
		chains[w] = resolved
	}
	return nil
}
