package odatapath

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
)

// Options changes how a Resolver reads paths. The zero value reads them as
// Graph does.
type Options struct {
	// Strict requires a type cast before a property that only a derived
	// type declares, and HasStream for an entity's $value.
	Strict bool
}

// A Resolver resolves paths against one Model. It is safe for concurrent
// use.
type Resolver struct {
	model *csdl.Model
	opts  Options
}

// New returns a Resolver over m.
func New(m *csdl.Model, opts Options) *Resolver {
	return &Resolver{model: m, opts: opts}
}

// Kind says what a path addresses.
type Kind int

// The kinds of Target.
const (
	// Collection is a collection of entities: an entity set or a
	// collection-valued navigation property.
	Collection Kind = iota
	// Entity is one entity: a singleton, a keyed member of a collection or
	// a single-valued navigation property.
	Entity
	// Property is the value of a structural property: primitive, enum,
	// complex, or a collection of those.
	Property
	// Operation is a call of a bound action or function.
	Operation
	// Reference is $ref: the reference to an entity, or the collection of
	// references a navigation property holds.
	Reference
	// Value is $value: an entity's media stream or a property's raw value.
	Value
	// Count is $count: the number of items of a collection.
	Count
	// Batch is $batch, Graph's JSON batching endpoint.
	Batch
)

var kindNames = [...]string{"collection", "entity", "property", "operation", "$ref", "$value", "$count", "$batch"}

// String names the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// A Target is what a path addresses.
type Target struct {
	Kind Kind
	// Type is the qualified name of the addressed value's type (for
	// Operation: the return type, "" for an action without one).
	Type string
	// Collection is set when the addressed value is a collection.
	Collection bool
	// Structured is the entity or complex type named by Type, nil for
	// primitive and enum values.
	Structured *csdl.StructuredType
	// Operation is the called action or function, for Kind Operation.
	Operation *csdl.Operation
	// Keys lists the key variables of a path template in order, such as
	// [chatsId teamsAppInstallationId] for
	// /chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat.
	Keys []string
}

// BodyKind says what a request body must be.
type BodyKind int

// The kinds of Body.
const (
	// NoBody: the method takes no body here (GET, DELETE, or a method the
	// target does not take).
	NoBody BodyKind = iota
	// ObjectBody: a JSON object of the structured type Body.Type.
	ObjectBody
	// ParametersBody: a JSON object of Body.Operation's parameters.
	ParametersBody
	// ReferenceBody: an entity reference, {"@odata.id": url}.
	ReferenceBody
	// MediaBody: the raw bytes of a stream, not JSON.
	MediaBody
)

// Body describes the request body a method expects at a Target.
type Body struct {
	Kind      BodyKind
	Type      string          // ObjectBody: the qualified type name
	Operation *csdl.Operation // ParametersBody: the action
}

// Body returns the body method (GET, POST, PATCH, PUT, DELETE, …) expects
// at t: POST to a collection takes an object of its entity type, PATCH and
// PUT to an entity or a complex property take an object of its type, POST
// to an action takes its parameters, POST to a collection's $ref and PUT
// to a single entity's $ref take an entity reference, and PUT to $value
// takes the raw stream.
func (t Target) Body(method string) Body {
	switch strings.ToUpper(method) {
	case "POST":
		switch {
		case t.Kind == Collection:
			return Body{Kind: ObjectBody, Type: t.Type}
		case t.Kind == Operation && t.Operation.Kind == csdl.ActionKind:
			return Body{Kind: ParametersBody, Operation: t.Operation}
		case t.Kind == Reference && t.Collection:
			return Body{Kind: ReferenceBody}
		}
	case "PATCH", "PUT":
		switch {
		case t.Kind == Entity, t.Kind == Property && t.Structured != nil && !t.Collection:
			return Body{Kind: ObjectBody, Type: t.Type}
		case t.Kind == Reference && !t.Collection && strings.EqualFold(method, "PUT"):
			return Body{Kind: ReferenceBody}
		case t.Kind == Value && strings.EqualFold(method, "PUT"):
			return Body{Kind: MediaBody}
		}
	}
	return Body{Kind: NoBody}
}

// An UnknownSegmentError names the first segment of a path that the
// metadata does not know.
type UnknownSegmentError struct {
	Segment string // as decoded from the path
	Index   int    // its position, 0 for the first segment
}

// Error reads as Graph's message: Resource not found for the segment 'x'.
func (e *UnknownSegmentError) Error() string {
	return fmt.Sprintf("Resource not found for the segment '%s'.", e.Segment)
}

// state is where resolution stands after a segment.
type state struct {
	kind       Kind
	typ        *csdl.StructuredType // structured values
	prim       string               // primitive and enum values
	collection bool
	viaNav     bool // reached through an entity set or a navigation property: $ref applies
	op         *csdl.Operation
}

// Resolve resolves path, the part of a Graph URL after the version (such as
// /me/sendMail; a query string is ignored), and returns what it addresses.
// A segment the metadata does not know is an *UnknownSegmentError.
func (r *Resolver) Resolve(path string) (Target, error) {
	path, _, _ = strings.Cut(path, "?")
	path = strings.TrimPrefix(path, "/")
	raw := strings.Split(path, "/")
	var keys []string
	var st state
	for i, rawSeg := range raw {
		seg, err := url.PathUnescape(rawSeg)
		if err != nil {
			seg = rawSeg
		}
		unknown := &UnknownSegmentError{Segment: seg, Index: i}
		if seg == "" {
			return Target{}, unknown
		}
		name, args, hasArgs := splitArgs(seg)
		if i == 0 {
			if !r.root(&st, name) {
				return Target{}, unknown
			}
			if hasArgs {
				if st.kind != Collection || !key(args, &keys) {
					return Target{}, unknown
				}
				st.kind = Entity
				st.collection = false
			}
			continue
		}
		if !r.next(&st, seg, name, args, hasArgs, &keys) {
			return Target{}, unknown
		}
	}
	t := Target{Kind: st.kind, Collection: st.collection, Structured: st.typ, Operation: st.op, Keys: keys}
	switch {
	case st.typ != nil:
		t.Type = st.typ.Name
	default:
		t.Type = st.prim
	}
	return t, nil
}

// root resolves the first segment: an entity set, a singleton or $batch.
func (r *Resolver) root(st *state, name string) bool {
	c := r.model.Container
	if name == "$batch" {
		*st = state{kind: Batch}
		return true
	}
	if c == nil {
		return false
	}
	if s := c.EntitySet(name); s != nil {
		*st = state{kind: Collection, typ: r.model.Types[s.EntityType], collection: true, viaNav: true}
		return true
	}
	if s := c.Singleton(name); s != nil {
		*st = state{kind: Entity, typ: r.model.Types[s.Type], viaNav: false}
		return true
	}
	return false
}

// next resolves one segment after the first, updating st. It reports
// whether the segment is known there.
func (r *Resolver) next(st *state, seg, name, args string, hasArgs bool, keys *[]string) bool {
	switch st.kind {
	case Reference, Value, Count, Batch:
		return false
	case Operation:
		op := st.op
		if op.Kind != csdl.FunctionKind || !op.IsComposable || op.ReturnType == nil {
			return false
		}
		ret := op.ReturnType.Type
		*st = state{typ: r.model.Types[ret.Name], prim: ret.Name, collection: ret.Collection, viaNav: true}
		st.kind = Property
		if st.typ != nil && st.typ.Kind == csdl.EntityKind {
			st.kind = Entity
			if ret.Collection {
				st.kind = Collection
			}
		}
		return r.next(st, seg, name, args, hasArgs, keys)
	}
	switch seg {
	case "$ref":
		if !st.viaNav || (st.kind != Collection && st.kind != Entity) {
			return false
		}
		st.kind = Reference
		return true
	case "$value":
		switch {
		case st.kind == Entity && (hasStream(st.typ) || !r.opts.Strict):
			st.kind = Value
			return true
		case st.kind == Property && st.typ == nil && !st.collection:
			st.kind = Value
			return true
		}
		return false
	case "$count":
		if !st.collection {
			return false
		}
		st.kind = Count
		st.collection = false
		st.typ, st.prim = nil, "Edm.Int32"
		return true
	}
	if st.typ == nil { // a primitive or enum value goes no further
		return false
	}
	// A cast to the same or a derived type.
	if strings.IndexByte(name, '.') >= 0 {
		if t := r.model.Type(name); t != nil {
			if !t.IsA(st.typ) || hasArgs {
				return false
			}
			st.typ = t
			return true
		}
	}
	// A bound action or function.
	if op := r.model.BoundOperation(st.typ, st.collection, name, false); op != nil {
		*st = state{kind: Operation, op: op}
		if op.ReturnType != nil {
			st.typ = r.model.Types[op.ReturnType.Type.Name]
			st.prim = op.ReturnType.Type.Name
			st.collection = op.ReturnType.Type.Collection
			if st.typ != nil {
				st.prim = ""
			}
		}
		return true
	}
	if st.collection {
		// Key as a segment: /users/{id}. Only entity collections have keys.
		if st.kind != Collection || hasArgs {
			return false
		}
		if v, ok := variable(seg); ok {
			*keys = append(*keys, v)
		}
		st.kind = Entity
		st.collection = false
		return true
	}
	// A property or navigation property of the type, or of one type
	// derived from it.
	if !r.member(st, st.typ, name) {
		if r.opts.Strict {
			return false
		}
		found := false
		for _, d := range st.typ.Descendants() {
			if declares(d, name) {
				if found {
					return false // ambiguous without a cast
				}
				found = true
				if !r.member(st, d, name) {
					return false
				}
			}
		}
		if !found {
			return false
		}
	}
	if hasArgs {
		if st.kind != Collection || !key(args, keys) {
			return false
		}
		st.kind = Entity
		st.collection = false
	}
	return true
}

// member moves st to the property or navigation property name of t.
func (r *Resolver) member(st *state, t *csdl.StructuredType, name string) bool {
	if n := t.NavigationProperty(name); n != nil {
		*st = state{kind: Entity, typ: r.model.Types[n.Type.Name], collection: n.Type.Collection, viaNav: true}
		if n.Type.Collection {
			st.kind = Collection
		}
		return true
	}
	if p := t.Property(name); p != nil {
		*st = state{kind: Property, typ: r.model.Types[p.Type.Name], collection: p.Type.Collection}
		if st.typ == nil {
			st.prim = p.Type.Name
		}
		return true
	}
	return false
}

// declares reports whether t itself declares a member called name.
func declares(t *csdl.StructuredType, name string) bool {
	for _, p := range t.Properties {
		if p.Name == name {
			return true
		}
	}
	for _, n := range t.NavigationProperties {
		if n.Name == name {
			return true
		}
	}
	return false
}

func hasStream(t *csdl.StructuredType) bool {
	for ; t != nil; t = t.Base {
		if t.HasStream {
			return true
		}
	}
	return false
}

// splitArgs splits name(args) into its parts.
func splitArgs(seg string) (name, args string, ok bool) {
	i := strings.IndexByte(seg, '(')
	if i < 0 || !strings.HasSuffix(seg, ")") {
		return seg, "", false
	}
	return seg[:i], seg[i+1 : len(seg)-1], true
}

// key checks the inside of a key's parentheses: 'x', x, name='x', {var}
// or a list of name=value pairs. It records a template's key variables.
func key(args string, keys *[]string) bool {
	if args == "" {
		return false
	}
	if len(args) >= 2 && args[0] == '\'' && args[len(args)-1] == '\'' {
		return true // one quoted key, commas and all
	}
	for part := range strings.SplitSeq(args, ",") {
		if _, v, ok := strings.Cut(part, "="); ok && !strings.HasPrefix(part, "'") {
			part = v
		}
		part = strings.TrimSpace(part)
		if v, ok := variable(part); ok {
			*keys = append(*keys, v)
			continue
		}
		if strings.HasPrefix(part, "'") != strings.HasSuffix(part, "'") || part == "'" || part == "" {
			return false
		}
	}
	return true
}

// variable reports whether s is a path template variable, {name}.
func variable(s string) (string, bool) {
	if len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' && !strings.ContainsAny(s[1:len(s)-1], "{}/") {
		return s[1 : len(s)-1], true
	}
	return "", false
}
