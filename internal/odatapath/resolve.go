package odatapath

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
)

// Options changes how a Resolver reads paths. The zero value reads them as
// Graph does.
type Options struct {
	// Strict requires a type cast before a property that only a derived
	// type declares, HasStream for an entity's $value, and names written
	// in the case the metadata declares them.
	Strict bool
}

// A Resolver resolves paths against one Model. It is safe for concurrent
// use.
type Resolver struct {
	model *csdl.Model
	opts  Options
	// folded maps each lower-cased qualified type name to its type, for
	// casts written in another case; nil when Strict.
	folded map[string]*csdl.StructuredType
}

// New returns a Resolver over m.
func New(m *csdl.Model, opts Options) *Resolver {
	r := &Resolver{model: m, opts: opts}
	if !opts.Strict {
		r.folded = make(map[string]*csdl.StructuredType, len(m.Types))
		for name, t := range m.Types {
			lower := strings.ToLower(name)
			// Of two names that differ only in case, the first in
			// lexical order answers, whatever the map's order.
			if prev, ok := r.folded[lower]; !ok || name < prev.Name {
				r.folded[lower] = t
			}
		}
	}
	return r
}

// folds lists the passes names are looked up in: as written, then, unless
// Strict, without regard to case. Graph reads the names of a URL's
// segments without regard to case: /me/mailfolders is /me/mailFolders
// (https://learn.microsoft.com/en-us/graph/use-the-api); key values keep
// theirs.
func (r *Resolver) folds() []bool {
	if r.opts.Strict {
		return exactOnly
	}
	return exactThenFolded
}

var (
	exactOnly       = []bool{false}
	exactThenFolded = []bool{false, true}
)

// sameName compares a name as written with a declared one, case ignored
// when fold is set.
func sameName(written, declared string, fold bool) bool {
	return written == declared || (fold && strings.EqualFold(written, declared))
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
	// Segments is the chain the path resolved through, one Segment for
	// each step: users('a')/messages is the entity set users, the key 'a'
	// and the navigation property messages.
	Segments []Segment
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
// PUT to an entity or a complex property take an object of its type, and
// PATCH to a composable function's single result an object of its type;
// POST
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
		case t.Kind == Operation && strings.EqualFold(method, "PATCH") && composesEntity(t.Operation) && t.Structured != nil && t.Structured.Kind == csdl.EntityKind:
			// PATCH …/range(address='A1:B2') updates the range the
			// function returns (https://learn.microsoft.com/en-us/graph/api/range-update).
			return Body{Kind: ObjectBody, Type: t.Type}
		case t.Kind == Reference && !t.Collection && strings.EqualFold(method, "PUT"):
			return Body{Kind: ReferenceBody}
		case t.Kind == Value && strings.EqualFold(method, "PUT"),
			t.Kind == Property && t.Type == "Edm.Stream" && !t.Collection && strings.EqualFold(method, "PUT"):
			return Body{Kind: MediaBody}
		}
	}
	return Body{Kind: NoBody}
}

// composesEntity reports whether op is a composable function that returns
// one entity.
func composesEntity(op *csdl.Operation) bool {
	return op != nil && op.Kind == csdl.FunctionKind && op.IsComposable && op.ReturnType != nil && !op.ReturnType.Type.Collection
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
	contained  bool // reached through a containment navigation property
	op         *csdl.Operation
}

// typeName is the qualified name of the type st has reached.
func (st *state) typeName() string {
	if st.typ != nil {
		return st.typ.Name
	}
	return st.prim
}

// resolution is a path being resolved: where it stands, the template
// variables and the segments met so far, and where the entities it
// addresses are kept.
type resolution struct {
	st   state
	keys []string
	segs []Segment
	// set is the entity set (or the path to them) holding the entities
	// addressed, "" when the metadata does not say.
	set string
	// bindings are those of the last entity set or singleton the path met
	// whose bindings apply, and bindPath the path from it, as the Path of
	// a NavigationPropertyBinding reads: names and type casts.
	bindings []csdl.NavigationPropertyBinding
	bindPath []string
}

// from makes an entity set or singleton the origin of the binding paths
// that follow.
func (res *resolution) from(set string, bindings []csdl.NavigationPropertyBinding) {
	res.set, res.bindings, res.bindPath = set, bindings, nil
}

// follow extends the binding path by name and reports the entity set the
// metadata binds it to, if any.
func (r *Resolver) follow(res *resolution, name string) string {
	if res.bindings == nil {
		return ""
	}
	res.bindPath = append(res.bindPath, name)
	path := strings.Join(res.bindPath, "/")
	for _, b := range res.bindings {
		if b.Path != path {
			continue
		}
		if s := r.model.Container.EntitySet(b.Target); s != nil {
			res.from(s.Name, s.Bindings)
		} else {
			res.set = b.Target // a path, such as planner/tasks
			res.bindings = nil
		}
		return res.set
	}
	return ""
}

// push records a segment of kind, typed by where resolution now stands.
func (res *resolution) push(kind SegmentKind, name string) *Segment {
	res.segs = append(res.segs, Segment{
		Kind: kind, Name: name, Type: res.st.typeName(), Collection: res.st.collection,
		Contained: res.st.contained, Structured: res.st.typ, Operation: res.st.op,
		EntitySet: res.set,
	})
	return &res.segs[len(res.segs)-1]
}

// pathSegment is one segment of a path, decoded: its text, and the name
// and arguments of name(args).
type pathSegment struct {
	text, name, args string
	hasArgs          bool
}

// Resolve resolves path, the part of a Graph URL after the version (such as
// /me/sendMail; a query string is ignored), and returns what it addresses.
// A segment the metadata does not know is an *UnknownSegmentError.
func (r *Resolver) Resolve(path string) (Target, error) {
	t, _, err := r.resolve(path, false)
	return t, err
}

// Canonical returns path (without its query string) with the name of each
// segment — entity set, singleton, property, navigation property, cast,
// bound operation — spelt as the metadata declares it, and everything else
// as written: keys, arguments, $ref, and segments holding a
// percent-encoded byte. /me/mailfolders/Inbox reads /me/mailFolders/Inbox.
// ok is false, and path is returned as given, when path does not resolve.
func (r *Resolver) Canonical(path string) (canonical string, ok bool) {
	_, names, err := r.resolve(path, true)
	if err != nil {
		return path, false
	}
	path, _, _ = strings.Cut(path, "?")
	lead := strings.HasPrefix(path, "/")
	raws := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, name := range names {
		raw := raws[i]
		if name == "" || strings.IndexByte(raw, '%') >= 0 || len(raw) < len(name) || !strings.EqualFold(raw[:len(name)], name) {
			continue
		}
		raws[i] = name + raw[len(name):]
	}
	canonical = strings.Join(raws, "/")
	if lead {
		canonical = "/" + canonical
	}
	return canonical, true
}

// resolve resolves path; with names, it also returns for each segment of
// the path the name the metadata declares for it, "" for a segment that
// names nothing (a key, $ref) or that names what it names otherwise than
// by its declared name in another case (an alias-qualified cast).
func (r *Resolver) resolve(path string, names bool) (Target, []string, error) {
	path, _, _ = strings.Cut(path, "?")
	path = strings.TrimPrefix(path, "/")
	raws := strings.Split(path, "/")
	// A segment is one step, or two with a key in parentheses.
	res := resolution{segs: make([]Segment, 0, len(raws)+strings.Count(path, "("))}
	var declared []string
	if names {
		declared = make([]string, len(raws))
	}
	for i := 0; i < len(raws); i++ {
		raw := raws[i]
		text, err := url.PathUnescape(raw)
		if err != nil {
			text = raw
		}
		if text == "" {
			return Target{}, nil, &UnknownSegmentError{Segment: text, Index: i}
		}
		// root:/FolderA/FileB.txt: addresses an item by its path: the
		// segment before the colon, then the path up to the next colon or
		// the end (https://learn.microsoft.com/en-us/graph/onedrive-addressing-driveitems).
		at, addressed := i, ""
		if strings.HasSuffix(text, ":") && len(text) > 1 && i > 0 {
			var ok bool
			if addressed, i, ok = itemPath(raws, i); !ok {
				return Target{}, nil, &UnknownSegmentError{Segment: text, Index: at}
			}
			text = text[:len(text)-1]
		}
		before := len(res.segs)
		seg := pathSegment{text: text}
		seg.name, seg.args, seg.hasArgs = splitArgs(text)
		ok := false
		if i == 0 {
			ok = r.root(&res, seg)
		} else {
			ok = r.next(&res, seg)
		}
		if ok && addressed != "" {
			ok = res.st.kind == Entity && r.pathAddressable(res.st.typ)
			if ok {
				res.push(PathSegment, "").Args = addressed
			}
		}
		if !ok {
			if addressed != "" {
				text += ":"
			}
			return Target{}, nil, &UnknownSegmentError{Segment: text, Index: at}
		}
		if names && len(res.segs) > before {
			declared[at] = declaredName(res.segs[before], seg.name)
		}
	}
	st := res.st
	return Target{
		Kind: st.kind, Type: st.typeName(), Collection: st.collection, Structured: st.typ,
		Operation: st.op, Keys: res.keys, Segments: res.segs,
	}, declared, nil
}

// pathAddressable reports whether items of t may be addressed by path:
// drive items (root:/path:, items/{id}:/path:) and sites
// (sites/{hostname}:/{path}:).
func (r *Resolver) pathAddressable(t *csdl.StructuredType) bool {
	for _, name := range []string{"microsoft.graph.driveItem", "microsoft.graph.site"} {
		if base := r.model.Types[name]; base != nil && t.IsA(base) {
			return true
		}
	}
	return false
}

// itemPath reads the path of path-based addressing that starts after
// raws[i], which ends with a colon: the segments up to the next that ends
// with one, or to the end. It returns the path, /a/b, and the index of its
// last segment; ok is false when there is no path.
func itemPath(raws []string, i int) (path string, last int, ok bool) {
	var b strings.Builder
	for j := i + 1; j < len(raws); j++ {
		text, err := url.PathUnescape(raws[j])
		if err != nil {
			text = raws[j]
		}
		end := strings.HasSuffix(text, ":")
		text = strings.TrimSuffix(text, ":")
		if text == "" {
			return "", i, false
		}
		b.WriteString("/" + text)
		if end {
			return b.String(), j, true
		}
	}
	if b.Len() == 0 {
		return "", i, false
	}
	return b.String(), len(raws) - 1, true
}

// declaredName is the declared spelling of written, the name a segment of
// kind seg.Kind was written with, or "" when it has none.
func declaredName(seg Segment, written string) string {
	name := ""
	switch seg.Kind {
	case EntitySetSegment, SingletonSegment, NavigationSegment, PropertySegment, CastSegment:
		name = seg.Name
	case FunctionSegment, ActionSegment:
		name = seg.Operation.Name
		if strings.IndexByte(written, '.') < 0 {
			name = seg.Operation.SimpleName()
		}
	}
	if !strings.EqualFold(name, written) {
		return ""
	}
	return name
}

// root resolves the first segment: an entity set, a singleton or $batch,
// and a key in parentheses after an entity set.
func (r *Resolver) root(res *resolution, seg pathSegment) bool {
	c := r.model.Container
	switch {
	case seg.name == "$batch":
		res.st = state{kind: Batch}
		res.push(BatchSegment, seg.name)
	case c == nil:
		return false
	default:
		if !r.container(res, c, seg.name) {
			return false
		}
	}
	return !seg.hasArgs || r.parenKey(res, seg.args)
}

// container resolves an entity set or singleton of c called name: as
// written, then without regard to case.
func (r *Resolver) container(res *resolution, c *csdl.EntityContainer, name string) bool {
	for _, fold := range r.folds() {
		for _, s := range c.EntitySets {
			if sameName(name, s.Name, fold) {
				res.st = state{kind: Collection, typ: r.model.Types[s.EntityType], collection: true, viaNav: true}
				res.from(s.Name, s.Bindings)
				res.push(EntitySetSegment, s.Name)
				return true
			}
		}
		for _, s := range c.Singletons {
			if sameName(name, s.Name, fold) {
				res.st = state{kind: Entity, typ: r.model.Types[s.Type], viaNav: false}
				res.from("", s.Bindings)
				res.push(SingletonSegment, s.Name)
				return true
			}
		}
	}
	return false
}

// next resolves one segment after the first. It reports whether the
// segment is known where the path stands.
func (r *Resolver) next(res *resolution, seg pathSegment) bool {
	switch res.st.kind {
	case Reference, Value, Count, Batch:
		return false // nothing follows them
	case Operation:
		if !r.compose(res) {
			return false
		}
	}
	switch seg.text {
	case "$ref", "$value", "$count":
		return r.suffix(res, seg.text)
	}
	if res.st.typ == nil { // a primitive or enum value goes no further
		return false
	}
	if ok, isCast := r.cast(res, seg); isCast {
		return ok
	}
	if res.st.collection {
		// What is no operation of the collection is a key: a name in
		// another case is the operation's.
		for _, fold := range r.folds() {
			if r.operation(res, seg, fold) {
				return true
			}
		}
		return r.keySegment(res, seg)
	}
	// A name as written answers before one in another case.
	for _, fold := range r.folds() {
		if r.operation(res, seg, fold) {
			return true
		}
		if r.memberOrDerived(res, seg.name, fold) {
			return !seg.hasArgs || r.parenKey(res, seg.args)
		}
	}
	return !seg.hasArgs && r.customThumbnail(res, seg.name)
}

// customSize is the name of a custom thumbnail size, c300x400 or
// c300x400_crop.
var customSize = regexp.MustCompile(`^c[0-9]+x[0-9]+(?:_crop)?$`)

// customThumbnail resolves a custom thumbnail size, a dynamic member of
// the open type thumbnailSet
// (https://learn.microsoft.com/en-us/graph/api/driveitem-list-thumbnails:
// GET /me/drive/items/{item-id}/thumbnails/0/c300x400_crop), as a
// thumbnail.
func (r *Resolver) customThumbnail(res *resolution, name string) bool {
	set, thumb := r.model.Types["microsoft.graph.thumbnailSet"], r.model.Types["microsoft.graph.thumbnail"]
	if set == nil || thumb == nil || !res.st.typ.IsA(set) || res.st.collection || !customSize.MatchString(name) {
		return false
	}
	res.set = ""
	res.st = state{kind: Property, typ: thumb}
	res.push(PropertySegment, name)
	return true
}

// compose moves from a call of a composable function to what it returns,
// which the path goes on from: /me/drive/root/search(q='x')/$count.
func (r *Resolver) compose(res *resolution) bool {
	op := res.st.op
	if op.Kind != csdl.FunctionKind || !op.IsComposable || op.ReturnType == nil {
		return false
	}
	ret := op.ReturnType.Type
	st := state{kind: Property, typ: r.model.Types[ret.Name], prim: ret.Name, collection: ret.Collection, viaNav: true}
	res.from("", nil) // where a function's results are kept is not declared
	if st.typ != nil && st.typ.Kind == csdl.EntityKind {
		st.kind = Entity
		if ret.Collection {
			st.kind = Collection
		}
	}
	res.st = st
	return true
}

// suffix resolves $ref (of an entity or collection reached through
// navigation), $value (of an entity with a stream, or of a primitive
// value) and $count (of a collection).
func (r *Resolver) suffix(res *resolution, name string) bool {
	st := &res.st
	switch name {
	case "$ref":
		if !st.viaNav || (st.kind != Collection && st.kind != Entity) {
			return false
		}
		st.kind = Reference
		res.push(RefSegment, name)
	case "$value":
		entity := st.kind == Entity && (hasStream(st.typ) || !r.opts.Strict)
		raw := st.kind == Property && st.typ == nil && !st.collection
		if !entity && !raw {
			return false
		}
		st.kind = Value
		res.push(ValueSegment, name)
	case "$count":
		if !st.collection {
			return false
		}
		st.kind = Count
		st.collection = false
		st.typ, st.prim = nil, "Edm.Int32"
		res.push(CountSegment, name)
	}
	return true
}

// cast resolves a type cast to the type the path has reached or one
// derived from it. isCast reports whether the segment names a type at
// all; a qualified name that is no type may be an operation's.
func (r *Resolver) cast(res *resolution, seg pathSegment) (ok, isCast bool) {
	if strings.IndexByte(seg.name, '.') < 0 {
		return false, false
	}
	t := r.model.Type(seg.name)
	if t == nil && r.folded != nil {
		t = r.folded[strings.ToLower(r.model.Qualify(seg.name))]
		if t == nil { // an alias in another case: Graph.User
			t = r.folded[strings.ToLower(r.model.Qualify(strings.ToLower(seg.name)))]
		}
	}
	if t == nil {
		return false, false
	}
	if !t.IsA(res.st.typ) || seg.hasArgs {
		return false, true
	}
	res.st.typ = t
	if res.bindings != nil {
		res.bindPath = append(res.bindPath, t.Name)
	}
	res.push(CastSegment, t.Name)
	return true, true
}

// operation resolves a call of an action or function bound to the type
// the path has reached (or a base type of it), with or without its
// namespace and parentheses: sendMail, microsoft.graph.delta(); with fold,
// without regard to case.
func (r *Resolver) operation(res *resolution, seg pathSegment, fold bool) bool {
	op := r.model.BoundOperation(res.st.typ, res.st.collection, seg.name, fold)
	if op == nil {
		return false
	}
	st := state{kind: Operation, op: op}
	if op.ReturnType != nil {
		ret := op.ReturnType.Type
		st.typ = r.model.Types[ret.Name]
		st.collection = ret.Collection
		if st.typ == nil {
			st.prim = ret.Name
		}
	}
	res.st = st
	res.from("", nil)
	kind := ActionSegment
	if op.Kind == csdl.FunctionKind {
		kind = FunctionSegment
	}
	res.push(kind, op.Name).Args = seg.args
	return true
}

// keySegment resolves a key written as a segment of its own, /users/{id}.
// Only entity collections have keys.
func (r *Resolver) keySegment(res *resolution, seg pathSegment) bool {
	if res.st.kind != Collection || seg.hasArgs {
		return false
	}
	kv := KeyValue{Property: onlyKey(res.st.typ), Value: seg.text}
	if v, ok := variable(seg.text); ok {
		res.keys = append(res.keys, v)
		kv.Variable = v
	}
	res.st.kind = Entity
	res.st.collection = false
	res.push(KeySegment, "").Key = []KeyValue{kv}
	return true
}

// parenKey resolves a key in parentheses after a collection, as in
// users('id') or users(id='x').
func (r *Resolver) parenKey(res *resolution, args string) bool {
	if res.st.kind != Collection {
		return false
	}
	kvs, ok := key(args, onlyKey(res.st.typ))
	if !ok {
		return false
	}
	for _, kv := range kvs {
		if kv.Variable != "" {
			res.keys = append(res.keys, kv.Variable)
		}
	}
	res.st.kind = Entity
	res.st.collection = false
	res.push(KeySegment, "").Key = kvs
	return true
}

// memberOrDerived resolves a property or navigation property of the type
// the path has reached or, unless Strict, of the one type derived from it
// that declares it; with fold, without regard to case.
func (r *Resolver) memberOrDerived(res *resolution, name string, fold bool) bool {
	if r.member(res, res.st.typ, name, fold) {
		return true
	}
	if r.opts.Strict {
		return false
	}
	var found *csdl.StructuredType
	for _, d := range res.st.typ.Descendants() {
		if declares(d, name, fold) {
			if found != nil {
				return false // ambiguous without a cast
			}
			found = d
		}
	}
	return found != nil && r.member(res, found, name, fold)
}

// member moves to the property or navigation property name of t (with
// fold, in any case). A member only a derived type declares is bound as
// if cast to it.
func (r *Resolver) member(res *resolution, t *csdl.StructuredType, name string, fold bool) bool {
	n, p := t.NavigationProperty(name), t.Property(name)
	if fold && n == nil && p == nil {
		n, p = foldedMember(t, name)
	}
	if n == nil && p == nil {
		return false
	}
	if t != res.st.typ && res.bindings != nil {
		res.bindPath = append(res.bindPath, t.Name)
	}
	if n != nil {
		res.set = r.follow(res, n.Name)
		res.st = state{kind: Entity, typ: r.model.Types[n.Type.Name], collection: n.Type.Collection, viaNav: true, contained: n.ContainsTarget}
		if n.Type.Collection {
			res.st.kind = Collection
		}
		res.push(NavigationSegment, n.Name)
		return true
	}
	if p != nil {
		if res.bindings != nil {
			res.bindPath = append(res.bindPath, p.Name)
		}
		res.set = ""
		res.st = state{kind: Property, typ: r.model.Types[p.Type.Name], collection: p.Type.Collection}
		if res.st.typ == nil {
			res.st.prim = p.Type.Name
		}
		res.push(PropertySegment, p.Name)
		return true
	}
	return false
}

// foldedMember returns the navigation property or else the property of t
// or its base types whose name is name in another case, or nil, nil.
func foldedMember(t *csdl.StructuredType, name string) (*csdl.NavigationProperty, *csdl.Property) {
	for b := t; b != nil; b = b.Base {
		for _, n := range b.NavigationProperties {
			if strings.EqualFold(n.Name, name) {
				return n, nil
			}
		}
	}
	for b := t; b != nil; b = b.Base {
		for _, p := range b.Properties {
			if strings.EqualFold(p.Name, name) {
				return nil, p
			}
		}
	}
	return nil, nil
}

// declares reports whether t itself declares a member called name (with
// fold, in any case).
func declares(t *csdl.StructuredType, name string, fold bool) bool {
	for _, p := range t.Properties {
		if sameName(name, p.Name, fold) {
			return true
		}
	}
	for _, n := range t.NavigationProperties {
		if sameName(name, n.Name, fold) {
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
