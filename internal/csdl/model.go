package csdl

import "strings"

// A Model is one parsed CSDL document. Its maps are keyed by
// namespace-qualified names. A Model must not be changed once returned by
// Parse or Embedded; reading it from any number of goroutines is safe.
type Model struct {
	// Namespaces lists the document's schemas in order.
	Namespaces []Namespace
	// Types holds the entity and complex types.
	Types map[string]*StructuredType
	// Enums holds the enumeration types.
	Enums map[string]*EnumType
	// Operations lists the actions and functions in document order.
	Operations []*Operation
	// Container is the entity container, or nil if the document has none.
	Container *EntityContainer

	aliases map[string]string       // alias → namespace
	bound   map[string][]*Operation // binding type name → operations bound to it

	layerNames []string // a layered model's layers, newest first
}

// A Namespace is one Schema element of the document.
type Namespace struct {
	Name  string // such as microsoft.graph
	Alias string // such as graph; "" if none
}

// Kind tells entity types from complex types.
type Kind int

// The kinds of StructuredType.
const (
	EntityKind Kind = iota
	ComplexKind
)

// A StructuredType is an entity type or a complex type.
type StructuredType struct {
	Name      string // qualified, such as microsoft.graph.chat
	Kind      Kind
	BaseType  string          // qualified name of the base type, "" if none
	Base      *StructuredType // the base type, nil if none
	Derived   []*StructuredType
	Abstract  bool
	OpenType  bool
	HasStream bool
	Key       []string // entity types: the key's property names, inherited if not declared
	// Properties and NavigationProperties are those the type declares;
	// AllProperties and Property include its base types'.
	Properties           []*Property
	NavigationProperties []*NavigationProperty
	Line                 int // where the type is declared
	// layer is, in a layered model, one more than the index in the
	// model's layerNames of the layer that declares the element; 0 in a
	// model of one document. Every element LayerOf names has one.
	layer uint8
}

// A TypeRef names the type of a property, parameter or return value.
type TypeRef struct {
	Name       string // qualified, such as Edm.String or microsoft.graph.identity
	Collection bool   // Collection(Name)
}

// String renders the reference as CSDL writes it.
func (r TypeRef) String() string {
	if r.Collection {
		return "Collection(" + r.Name + ")"
	}
	return r.Name
}

// A Property is a structural property.
type Property struct {
	Name     string
	Type     TypeRef
	Nullable bool // for a collection: whether its items may be null
	layer    uint8
	line     int
}

// A NavigationProperty relates an entity type to entities.
type NavigationProperty struct {
	Name           string
	Type           TypeRef // always an entity type
	Nullable       bool
	ContainsTarget bool
	layer          uint8
	line           int
}

// An EnumType is an enumeration type.
type EnumType struct {
	Name           string // qualified
	IsFlags        bool   // values may combine members: "a,b"
	UnderlyingType string // Edm.Int32 unless declared
	Members        []EnumMember
	Line           int
	layer          uint8
}

// An EnumMember is one named value of an EnumType.
type EnumMember struct {
	Name  string
	Value int64
}

// OperationKind tells actions from functions.
type OperationKind int

// The kinds of Operation.
const (
	ActionKind OperationKind = iota
	FunctionKind
)

// An Operation is an action or a function.
type Operation struct {
	Name          string // qualified, such as microsoft.graph.sendMail
	Kind          OperationKind
	IsBound       bool
	IsComposable  bool
	EntitySetPath string
	// Parameters lists every parameter, the binding parameter first when
	// IsBound.
	Parameters []*Parameter
	ReturnType *ReturnType // nil for an action without a result
	Line       int
	layer      uint8
}

// A Parameter is one parameter of an Operation.
type Parameter struct {
	Name     string
	Type     TypeRef
	Nullable bool
	// Optional is set by the Org.OData.Core.V1.OptionalParameter
	// annotation: the parameter may be left out even if not nullable.
	Optional bool
	line     int
}

// A ReturnType is what an Operation returns.
type ReturnType struct {
	Type     TypeRef
	Nullable bool
}

// An EntityContainer holds the service's entry points.
type EntityContainer struct {
	Name       string
	EntitySets []*EntitySet
	Singletons []*Singleton
}

// An EntitySet is a top-level collection of entities, such as users.
type EntitySet struct {
	Name       string
	EntityType string // qualified
	Bindings   []NavigationPropertyBinding
	line       int
	layer      uint8
}

// A Singleton is a top-level single entity, such as me.
type Singleton struct {
	Name     string
	Type     string // qualified
	Bindings []NavigationPropertyBinding
	line     int
	layer    uint8
}

// A NavigationPropertyBinding says which entity set holds the entities a
// navigation property of an entity set or singleton leads to.
type NavigationPropertyBinding struct {
	Path   string
	Target string
}

// Qualify resolves an alias-qualified name (graph.chat) to its namespace
// (microsoft.graph.chat). Other names are returned unchanged.
func (m *Model) Qualify(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		if ns, ok := m.aliases[name[:i]]; ok {
			return ns + name[i:]
		}
	}
	return name
}

// Type returns the entity or complex type named name (qualified or
// alias-qualified), or nil.
func (m *Model) Type(name string) *StructuredType {
	if t, ok := m.Types[name]; ok {
		return t
	}
	return m.Types[m.Qualify(name)]
}

// Enum returns the enumeration type named name, or nil.
func (m *Model) Enum(name string) *EnumType {
	if t, ok := m.Enums[name]; ok {
		return t
	}
	return m.Enums[m.Qualify(name)]
}

// BoundOperations returns the operations bound to the type named binding
// (exactly that type, not its base types), in document order.
func (m *Model) BoundOperations(binding string) []*Operation {
	return m.bound[binding]
}

// BoundOperation finds the operation called name bound to t or to one of
// its base types, the nearest first, whose binding parameter is a
// collection exactly when collection is set. name is a simple name
// (sendMail) or a qualified or alias-qualified one (microsoft.graph.sendMail);
// with fold, case is ignored. It returns nil if there is none.
func (m *Model) BoundOperation(t *StructuredType, collection bool, name string, fold bool) *Operation {
	qualified := strings.IndexByte(name, '.') >= 0
	if qualified {
		name = m.Qualify(name)
	}
	for ; t != nil; t = t.Base {
		for _, op := range m.bound[t.Name] {
			if op.Parameters[0].Type.Collection != collection {
				continue
			}
			candidate := op.Name
			if !qualified {
				candidate = op.SimpleName()
			}
			if candidate == name || (fold && strings.EqualFold(candidate, name)) {
				return op
			}
		}
	}
	return nil
}

// SimpleName returns the operation's name without its namespace.
func (op *Operation) SimpleName() string { return simpleName(op.Name) }

// Binding returns the binding parameter of a bound operation, or nil.
func (op *Operation) Binding() *Parameter {
	if !op.IsBound || len(op.Parameters) == 0 {
		return nil
	}
	return op.Parameters[0]
}

// Unbound returns the parameters a caller passes: all but the binding
// parameter.
func (op *Operation) Unbound() []*Parameter {
	if op.IsBound && len(op.Parameters) > 0 {
		return op.Parameters[1:]
	}
	return op.Parameters
}

// EntitySet returns the entity set called name, or nil.
func (c *EntityContainer) EntitySet(name string) *EntitySet {
	for _, s := range c.EntitySets {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Singleton returns the singleton called name, or nil.
func (c *EntityContainer) Singleton(name string) *Singleton {
	for _, s := range c.Singletons {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// SimpleName returns the type's name without its namespace: chat for
// microsoft.graph.chat.
func (t *StructuredType) SimpleName() string { return simpleName(t.Name) }

// Namespace returns the type's namespace: microsoft.graph for
// microsoft.graph.chat.
func (t *StructuredType) Namespace() string {
	return strings.TrimSuffix(t.Name, "."+t.SimpleName())
}

// AllProperties returns the structural properties of t and its base types,
// the base types' first. It allocates one slice, however deep t is.
func (t *StructuredType) AllProperties() []*Property {
	return gather(t, func(t *StructuredType) []*Property { return t.Properties })
}

// AllNavigationProperties returns the navigation properties of t and its
// base types, the base types' first.
func (t *StructuredType) AllNavigationProperties() []*NavigationProperty {
	return gather(t, func(t *StructuredType) []*NavigationProperty { return t.NavigationProperties })
}

// gather concatenates what of returns for t and each of its base types,
// the farthest base's first, in one walk to size the slice and one to
// fill it from its end.
func gather[E any](t *StructuredType, of func(*StructuredType) []E) []E {
	if t.Base == nil {
		return of(t)
	}
	n := 0
	for b := t; b != nil; b = b.Base {
		n += len(of(b))
	}
	all := make([]E, n)
	for b := t; b != nil; b = b.Base {
		own := of(b)
		n -= len(own)
		copy(all[n:], own)
	}
	return all
}

// Property returns the structural property called name of t or its base
// types, or nil.
func (t *StructuredType) Property(name string) *Property {
	for ; t != nil; t = t.Base {
		for _, p := range t.Properties {
			if p.Name == name {
				return p
			}
		}
	}
	return nil
}

// NavigationProperty returns the navigation property called name of t or
// its base types, or nil.
func (t *StructuredType) NavigationProperty(name string) *NavigationProperty {
	for ; t != nil; t = t.Base {
		for _, p := range t.NavigationProperties {
			if p.Name == name {
				return p
			}
		}
	}
	return nil
}

// IsA reports whether t is base or derives from it.
func (t *StructuredType) IsA(base *StructuredType) bool {
	for ; t != nil; t = t.Base {
		if t == base {
			return true
		}
	}
	return false
}

// Descendants returns every type derived from t, directly or not, in
// depth-first order.
func (t *StructuredType) Descendants() []*StructuredType {
	var all []*StructuredType
	var walk func(*StructuredType)
	walk = func(t *StructuredType) {
		for _, d := range t.Derived {
			all = append(all, d)
			walk(d)
		}
	}
	walk(t)
	return all
}

func simpleName(qualified string) string {
	return qualified[strings.LastIndexByte(qualified, '.')+1:]
}
