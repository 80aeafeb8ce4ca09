package csdl

import (
	"errors"
	"maps"
	"slices"
)

// A Layer is one metadata document of a layered model, named for what
// answers from it, such as "v1.0".
type Layer struct {
	Name  string
	Model *Model
}

// Layered returns one model made of layers, the newest first: a type, an
// enum, an operation, an entity set or a singleton comes from the first
// layer that declares it, and a type or an enum declared by several layers
// also takes the properties, navigation properties and members that only
// an older one declares, so that a path answers from the newest layer
// that has each of its steps. LayerOf names the layer of each element. The
// layers' models are copied, not changed.
func Layered(layers ...Layer) (*Model, error) {
	if len(layers) > maxLayers {
		return nil, errors.New("csdl: more than 255 layers")
	}
	m := &Model{
		Types:   make(map[string]*StructuredType),
		Enums:   make(map[string]*EnumType),
		aliases: make(map[string]string),
		bound:   make(map[string][]*Operation),
	}
	for _, l := range layers {
		m.layerNames = append(m.layerNames, l.Name)
	}
	seenNS := map[string]bool{}
	seenOp := map[string]bool{}
	for i, l := range layers {
		src := l.Model
		layer := uint8(i + 1)
		for _, ns := range src.Namespaces {
			if !seenNS[ns.Name] {
				seenNS[ns.Name] = true
				m.Namespaces = append(m.Namespaces, ns)
			}
		}
		for alias, ns := range src.aliases {
			if _, ok := m.aliases[alias]; !ok {
				m.aliases[alias] = ns
			}
		}
		for _, name := range slices.Sorted(maps.Keys(src.Types)) {
			m.layerType(layer, src.Types[name])
		}
		for _, name := range slices.Sorted(maps.Keys(src.Enums)) {
			m.layerEnum(layer, src.Enums[name])
		}
		for _, op := range src.Operations {
			key := op.Name
			if b := op.Binding(); b != nil {
				key += "(" + b.Type.String() + ")"
			}
			if seenOp[key] {
				continue
			}
			seenOp[key] = true
			c := *op
			c.Parameters = nil // an operation without parameters has none, as Parse gives it
			if len(op.Parameters) > 0 {
				c.Parameters = make([]*Parameter, len(op.Parameters))
				for i, p := range op.Parameters {
					cp := *p
					c.Parameters[i] = &cp
				}
			}
			if op.ReturnType != nil {
				rt := *op.ReturnType
				c.ReturnType = &rt
			}
			c.layer = layer
			m.Operations = append(m.Operations, &c)
		}
		if src.Container != nil {
			m.layerContainer(layer, src.Container)
		}
	}
	m.prune()
	p := &parser{m: m}
	if err := p.link(); err != nil {
		return nil, err
	}
	return m, nil
}

// layerType adds t, or the members of it the model's type lacks.
func (m *Model) layerType(layer uint8, t *StructuredType) {
	have := m.Types[t.Name]
	if have == nil {
		c := &StructuredType{Name: t.Name, Kind: t.Kind, BaseType: t.BaseType, Abstract: t.Abstract,
			OpenType: t.OpenType, HasStream: t.HasStream, Key: slices.Clone(t.Key), Line: t.Line, layer: layer}
		m.Types[t.Name] = c
		have = c
	}
	for _, p := range t.Properties {
		if !slices.ContainsFunc(have.Properties, func(q *Property) bool { return q.Name == p.Name }) {
			c := *p
			c.layer = layer
			have.Properties = append(have.Properties, &c)
		}
	}
	for _, p := range t.NavigationProperties {
		if !slices.ContainsFunc(have.NavigationProperties, func(q *NavigationProperty) bool { return q.Name == p.Name }) {
			c := *p
			c.layer = layer
			have.NavigationProperties = append(have.NavigationProperties, &c)
		}
	}
}

// layerEnum adds e, or the members of it the model's enum lacks.
func (m *Model) layerEnum(layer uint8, e *EnumType) {
	have := m.Enums[e.Name]
	if have == nil {
		c := *e
		c.Members = slices.Clone(e.Members)
		c.layer = layer
		m.Enums[e.Name] = &c
		return
	}
	for _, mem := range e.Members {
		if !slices.ContainsFunc(have.Members, func(x EnumMember) bool { return x.Name == mem.Name }) {
			have.Members = append(have.Members, mem)
		}
	}
}

// layerContainer adds the entity sets and singletons of c the model
// lacks, and the bindings its own lack.
func (m *Model) layerContainer(layer uint8, c *EntityContainer) {
	if m.Container == nil {
		m.Container = &EntityContainer{Name: c.Name}
	}
	addBindings := func(have *[]NavigationPropertyBinding, more []NavigationPropertyBinding) {
		for _, b := range more {
			if !slices.ContainsFunc(*have, func(x NavigationPropertyBinding) bool { return x.Path == b.Path }) {
				*have = append(*have, b)
			}
		}
	}
	for _, s := range c.EntitySets {
		if have := m.Container.EntitySet(s.Name); have != nil {
			addBindings(&have.Bindings, s.Bindings)
			continue
		}
		cs := *s
		cs.Bindings = slices.Clone(s.Bindings)
		cs.layer = layer
		m.Container.EntitySets = append(m.Container.EntitySets, &cs)
	}
	for _, s := range c.Singletons {
		if have := m.Container.Singleton(s.Name); have != nil {
			addBindings(&have.Bindings, s.Bindings)
			continue
		}
		cs := *s
		cs.Bindings = slices.Clone(s.Bindings)
		cs.layer = layer
		m.Container.Singletons = append(m.Container.Singletons, &cs)
	}
}

// prune drops what an older layer brought that contradicts a newer one:
// a type whose base type is now of another kind, a navigation property
// to a type that is no longer an entity type, and then, until nothing
// more goes, whatever names a type that is gone (properties, parameters,
// return types, entity sets, singletons, derived types).
func (m *Model) prune() {
	known := func(name string) bool {
		name = m.Qualify(name)
		return IsPrimitive(name) || m.Types[name] != nil || m.Enums[name] != nil
	}
	entity := func(name string) bool {
		t := m.Types[m.Qualify(name)]
		return t != nil && t.Kind == EntityKind
	}
	for changed := true; changed; {
		changed = false
		for name, t := range m.Types {
			if t.BaseType == "" {
				continue
			}
			if b := m.Types[m.Qualify(t.BaseType)]; b == nil || b.Kind != t.Kind {
				delete(m.Types, name)
				changed = true
			}
		}
		for _, t := range m.Types {
			n := len(t.Properties) + len(t.NavigationProperties)
			t.Properties = orNil(slices.DeleteFunc(t.Properties, func(p *Property) bool { return !known(p.Type.Name) }))
			t.NavigationProperties = orNil(slices.DeleteFunc(t.NavigationProperties, func(p *NavigationProperty) bool { return !entity(p.Type.Name) }))
			changed = changed || n != len(t.Properties)+len(t.NavigationProperties)
		}
	}
	m.Operations = orNil(slices.DeleteFunc(m.Operations, func(op *Operation) bool {
		for _, p := range op.Parameters {
			if !known(p.Type.Name) {
				return true
			}
		}
		return op.ReturnType != nil && !known(op.ReturnType.Type.Name)
	}))
	if c := m.Container; c != nil {
		c.EntitySets = orNil(slices.DeleteFunc(c.EntitySets, func(s *EntitySet) bool { return !entity(s.EntityType) }))
		c.Singletons = orNil(slices.DeleteFunc(c.Singletons, func(s *Singleton) bool { return !entity(s.Type) }))
	}
}

// orNil returns s, or nil if it is empty: a layered model, like a parsed
// one, has nil for a list without elements.
func orNil[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

// LayerOf names the layer of a layered model (Layered) that declares
// element: a *StructuredType, *EnumType, *Property, *NavigationProperty,
// *Operation, *EntitySet or *Singleton of the model. It is "" for a model
// of one document, and for anything else.
func (m *Model) LayerOf(element any) string {
	if m.layerNames == nil {
		return ""
	}
	var layer uint8
	switch e := element.(type) {
	case *StructuredType:
		if e != nil && m.Types[e.Name] == e {
			layer = e.layer
		}
	case *EnumType:
		if e != nil && m.Enums[e.Name] == e {
			layer = e.layer
		}
	case *Property:
		if e != nil {
			layer = e.layer
		}
	case *NavigationProperty:
		if e != nil {
			layer = e.layer
		}
	case *Operation:
		if e != nil {
			layer = e.layer
		}
	case *EntitySet:
		if e != nil {
			layer = e.layer
		}
	case *Singleton:
		if e != nil {
			layer = e.layer
		}
	}
	if layer == 0 || int(layer) > len(m.layerNames) {
		return ""
	}
	return m.layerNames[layer-1]
}

// maxLayers is the most layers a layered model can have: an element
// keeps the number of its layer in a byte.
const maxLayers = 255

// Layers lists the names of a layered model's layers, newest first; nil
// for a model of one document.
func (m *Model) Layers() []string { return slices.Clone(m.layerNames) }
