package odataschema

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/edm"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/xeipuuv/gojsonschema"
)

// Options changes how a Set reads bodies. The zero value reads them as
// Graph does.
type Options struct {
	// Strict reads bodies as OData's JSON format prescribes, without the
	// leniencies of Graph listed in the package documentation.
	Strict bool
	// ServiceNamespaces lists namespaces, besides the Model's, in which an
	// @odata.type may name a type (case ignored) that stands for the Graph
	// type of the same name. Nil means DefaultServiceNamespaces; Strict
	// ignores it.
	ServiceNamespaces []string
	// LenientOpenTypes accepts any undeclared property of an open type,
	// as OData's JSON format allows. By default an open type takes only
	// what Graph's workloads take (see the package documentation): its
	// declared properties, annotations, directory extension properties
	// and schema extension values where the type supports them, and any
	// member of the types whose dynamic members are their point.
	LenientOpenTypes bool
	// Extensions lists the directory extension properties the tenant has
	// registered, such as extension_b7d8e648520f41d3b9c0fdeb91768a0a_jobGroup;
	// another name of that shape is refused. Nil accepts any name of that
	// shape.
	Extensions []string
}

// DefaultServiceNamespaces are Graph's internal namespaces known to appear
// in @odata.type values of Graph's own documentation pages, such as
// #Microsoft.Teams.GraphSvc.chat in the beta "Add chat" page.
var DefaultServiceNamespaces = []string{"Microsoft.Teams.GraphSvc"}

// A Set generates and compiles the schemas of one Model, each the first
// time it is needed. It is safe for concurrent use.
type Set struct {
	model *csdl.Model
	opts  Options

	mu     sync.Mutex // guards levels
	levels map[any]*entry

	enumMu sync.Mutex // guards enums
	enums  map[*csdl.EnumType]*enumCheck
}

// entry compiles one level once.
type entry struct {
	once sync.Once
	l    *level
	err  error
}

// compiledSchema is what a level validates with.
type compiledSchema = *gojsonschema.Schema

// New returns a Set over m.
func New(m *csdl.Model, opts Options) *Set {
	edm.Register()
	if opts.ServiceNamespaces == nil {
		opts.ServiceNamespaces = DefaultServiceNamespaces
	}
	if opts.Strict {
		opts.ServiceNamespaces = nil
	}
	return &Set{model: m, opts: opts, levels: make(map[any]*entry), enums: make(map[*csdl.EnumType]*enumCheck)}
}

// Model returns the Model the Set was made with.
func (s *Set) Model() *csdl.Model { return s.model }

// A Body checks request bodies of one kind: objects of a structured type,
// the parameters of an action, or an entity reference. It is safe for
// concurrent use.
type Body struct {
	set  *Set
	key  any // *csdl.StructuredType, *csdl.Operation or referenceKey
	name string
}

// referenceKey names the Body of an entity reference; clearable when {}
// is taken too, to remove a single-valued reference.
type referenceKey struct{ clearable bool }

// Type returns the Body of an object of the entity or complex type called
// name (qualified or alias-qualified), its own schema compiled.
func (s *Set) Type(name string) (*Body, error) {
	t := s.model.Type(name)
	if t == nil {
		return nil, fmt.Errorf("odataschema: no entity or complex type %s", name)
	}
	b := &Body{set: s, key: t, name: t.Name}
	if _, err := s.level(t); err != nil {
		return nil, err
	}
	return b, nil
}

// Parameters returns the Body of a call of op: a JSON object of its
// parameters but the binding one.
func (s *Set) Parameters(op *csdl.Operation) (*Body, error) {
	b := &Body{set: s, key: op, name: "parameters of " + op.Name}
	if _, err := s.level(op); err != nil {
		return nil, err
	}
	return b, nil
}

// Reference returns the Body of an entity reference,
// {"@odata.id": "https://graph.microsoft.com/v1.0/users/{id}"}, which POST
// and PUT to $ref take.
func (s *Set) Reference() *Body {
	return &Body{set: s, key: referenceKey{}, name: "entity reference"}
}

// ClearableReference returns the Body of a PUT to the $ref of a
// single-valued navigation property that also takes {}, which removes the
// reference: an entity reference whose @odata.id may be left out.
func (s *Set) ClearableReference() *Body {
	return &Body{set: s, key: referenceKey{clearable: true}, name: "entity reference, or {} to remove it"}
}

// Name says what the Body checks: a type name, "parameters of" an
// operation, or "entity reference".
func (b *Body) Name() string { return b.name }

// Document returns the JSON Schema document of the Body's top level. Its
// enum values are checked by the walk (a map lookup, not a pattern of
// every member), so the compiled document leaves their patterns out.
func (b *Body) Document() ([]byte, error) {
	l, err := b.set.level(b.key)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(l.doc, "", "  ")
}

// StandaloneDocument returns the JSON Schema document of the Body's top
// level made to check on its own what the walk checks beside it, for a
// user to vendor: for a closed type, it refuses undeclared properties
// with a propertyNames pattern of the declared names and annotations.
// For an open type, parameters or a reference it is Document.
func (b *Body) StandaloneDocument() ([]byte, error) {
	l, err := b.set.level(b.key)
	if err != nil {
		return nil, err
	}
	if l.typ == nil {
		return json.MarshalIndent(l.doc, "", "  ")
	}
	return json.MarshalIndent(standalone(l), "", "  ")
}

// Compile generates and compiles the schema of the structured type called
// name if that has not been done yet.
func (s *Set) Compile(name string) error {
	_, err := s.Type(name)
	return err
}

// level returns the compiled level of key, compiling it on first use.
func (s *Set) level(key any) (*level, error) {
	s.mu.Lock()
	e, ok := s.levels[key]
	if !ok {
		e = new(entry)
		s.levels[key] = e
	}
	s.mu.Unlock()
	e.once.Do(func() { e.l, e.err = s.build(key) })
	return e.l, e.err
}

func (s *Set) build(key any) (*level, error) {
	var l *level
	switch k := key.(type) {
	case *csdl.StructuredType:
		l = s.typeLevel(k)
	case *csdl.Operation:
		l = s.parameterLevel(k)
	case referenceKey:
		l = referenceLevel(k.clearable)
	default:
		return nil, fmt.Errorf("odataschema: no schema for %T", key)
	}
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	doc := withoutEnumPatterns(l.doc, l)
	compiled, err := sl.Compile(gojsonschema.NewGoLoader(doc))
	if err != nil {
		return nil, fmt.Errorf("odataschema: %s: %w", l.doc["title"], err)
	}
	l.schema, l.fast = compiled, schema.NewFast(doc)
	return l, nil
}

// enumCheck returns the check of e's values, built once per Set.
func (s *Set) enumCheck(e *csdl.EnumType) *enumCheck {
	s.enumMu.Lock()
	defer s.enumMu.Unlock()
	c, ok := s.enums[e]
	if !ok {
		c = newEnumCheck(e, !s.opts.Strict)
		s.enums[e] = c
	}
	return c
}

// resolveODataType finds the type an @odata.type value names, if it is want
// or derived from it. ok is false if the value names no such type.
func (s *Set) resolveODataType(value string, want *csdl.StructuredType) (*csdl.StructuredType, bool) {
	name, hash := strings.CutPrefix(value, "#")
	if !hash && s.opts.Strict {
		return nil, false
	}
	if t := s.model.Type(name); t != nil {
		return t, t.IsA(want)
	}
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return nil, false
	}
	ns, simple := name[:i], name[i+1:]
	for _, service := range s.opts.ServiceNamespaces {
		if !strings.EqualFold(ns, service) {
			continue
		}
		if strings.EqualFold(want.SimpleName(), simple) {
			return want, true
		}
		for _, d := range want.Descendants() {
			if strings.EqualFold(d.SimpleName(), simple) {
				return d, true
			}
		}
	}
	if !s.opts.Strict {
		// The name in another case, #Microsoft.Graph.channel, as Graph's
		// own pages send it: among want and its derived types only.
		if strings.EqualFold(want.Name, name) {
			return want, true
		}
		for _, d := range want.Descendants() {
			if strings.EqualFold(d.Name, name) {
				return d, true
			}
		}
	}
	return nil, false
}
