// Package strictyaml decodes YAML documents into Go values strictly: an
// unknown or duplicate key, or a value of the wrong kind, is an error with
// the line and column of the node at fault. It collects every error
// instead of stopping at the first, remembers where each value was written
// so that later checks can point at it too, and bounds the work a document
// can ask for through aliases and merge keys.
//
// Types with a syntax of their own register a Hook for their type; the
// types themselves need not know YAML.
package strictyaml

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/graphmock/graphmock/internal/suggest"

	"github.com/graphmock/graphmock/internal/yamlsubset"
	"gopkg.in/yaml.v3"
)

// An Error is one problem with a document: where it is and what is wrong.
type Error struct {
	Line   int  // 1-based; 0 when unknown
	Column int  // 1-based; 0 when unknown (YAML syntax errors have none)
	Path   Path // the value at fault
	Err    error
}

// Error renders the problem as line:column: path: what.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	}
	if p := e.Path.String(); p != "" {
		b.WriteString(p)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns what is wrong.
func (e *Error) Unwrap() error { return e.Err }

// MaxNodes bounds the values a document may expand to through aliases and
// merge keys. A real scenario file has thousands; "billion laughs" has
// billions.
const MaxNodes = 1_000_000

// ErrTooManyNodes is the error of a document that expands past MaxNodes.
var ErrTooManyNodes = fmt.Errorf("the document expands to more than %d values (aliases or merge keys referring to each other?)", MaxNodes)

// A Hook decodes node n into v, a value of the type it was registered for,
// reporting problems through d.
type Hook func(d *Decoder, n *yaml.Node, v reflect.Value, at Path)

// A Decoder decodes one document. It is not safe for concurrent use.
type Decoder struct {
	errs   []*Error
	nodes  map[string]*yaml.Node // Path.String() -> node
	hooks  map[reflect.Type]Hook
	plans  map[reflect.Type]*plan // by the types decoded, made on first use
	budget int                    // nodes left to visit

	// onDemand: nodes holds only the paths of one key or index or none,
	// and the rest are found when first asked for, by decoding calls
	// again (see RecordOnDemand).
	onDemand bool
	depth    int    // Decode calls under way
	calls    []call // the outermost Decode calls, in order

	pathElems []elem // the block key and index take paths' elements from
}

// call is one outermost Decode call, to replay.
type call struct {
	n  *yaml.Node
	t  reflect.Type
	at Path
}

// RecordOnDemand makes d record where values were written only for paths
// of at most one key or index as it decodes; Node and Has find the others
// when first asked, by decoding what d decoded again. Decoding is then
// cheaper when few positions are asked for, as when a document has no
// problem. The answers are those of a decoder recording everything. Use
// it only when d is given nothing but Decode calls (Pairs spends the
// budget outside them).
func (d *Decoder) RecordOnDemand() { d.onDemand = true }

// recordAll fills nodes with every path written, decoding again.
func (d *Decoder) recordAll() {
	if !d.onDemand {
		return
	}
	r := &Decoder{nodes: make(map[string]*yaml.Node, len(d.nodes)), hooks: d.hooks, plans: d.plans, budget: MaxNodes}
	for _, c := range d.calls {
		r.Decode(c.n, reflect.New(c.t).Elem(), c.at)
	}
	d.nodes, d.onDemand, d.calls = r.nodes, false, nil
}

// NewDecoder returns a decoder with no hooks.
func NewDecoder() *Decoder {
	return &Decoder{nodes: make(map[string]*yaml.Node), hooks: make(map[reflect.Type]Hook), budget: MaxNodes}
}

// Register makes d decode values of type T with fn.
func Register[T any](d *Decoder, fn func(d *Decoder, n *yaml.Node, v *T, at Path)) {
	d.hooks[reflect.TypeFor[T]()] = func(d *Decoder, n *yaml.Node, v reflect.Value, at Path) {
		fn(d, n, v.Addr().Interface().(*T), at)
	}
	d.plans = nil // they name the hooks
}

// A plan is what decoding values of one type needs to know of it, found
// once per decoder: its hook, its kind and, for a struct, its fields by
// yaml name; with the plans of the types under it, made on first use.
type plan struct {
	t      reflect.Type
	kind   reflect.Kind
	hook   Hook           // nil: none
	leaf   bool           // no hook, and decoded as a scalar or a JSON value (leafKind)
	fields map[string]int // a struct's fieldIndex; shared, read-only
	field  []*plan        // a struct's fields' plans, by index; nil until made
	elem   *plan          // of a pointer's, a slice's or a map's element; nil until made
}

// planOf returns the plan of type t.
func (d *Decoder) planOf(t reflect.Type) *plan {
	if pl, ok := d.plans[t]; ok {
		return pl
	}
	if d.plans == nil {
		d.plans = make(map[reflect.Type]*plan)
	}
	pl := &plan{t: t, kind: t.Kind(), hook: d.hooks[t]}
	pl.leaf = pl.hook == nil && leafKind(pl.kind)
	if pl.kind == reflect.Struct && pl.hook == nil {
		pl.fields = fieldIndex(t)
		pl.field = make([]*plan, t.NumField())
	}
	d.plans[t] = pl
	return pl
}

// fieldPlan returns the plan of struct field i of pl's type.
func (d *Decoder) fieldPlan(pl *plan, i int) *plan {
	if pl.field[i] == nil {
		pl.field[i] = d.planOf(pl.t.Field(i).Type)
	}
	return pl.field[i]
}

// elemPlan returns the plan of the element type of pl's.
func (d *Decoder) elemPlan(pl *plan) *plan {
	if pl.elem == nil {
		pl.elem = d.planOf(pl.t.Elem())
	}
	return pl.elem
}

// Errors returns every problem found so far, in document order of finding.
func (d *Decoder) Errors() []*Error { return d.errs }

// Errorf reports a problem with node n at path at.
func (d *Decoder) Errorf(n *yaml.Node, at Path, format string, args ...any) {
	d.errs = append(d.errs, &Error{Line: n.Line, Column: n.Column, Path: at, Err: fmt.Errorf(format, args...)})
}

// Node returns the node written at path, or at its closest parent that
// was written, and whether there was one.
func (d *Decoder) Node(at Path) (*yaml.Node, bool) {
	if at.Len() > 1 {
		d.recordAll()
	}
	for {
		if n, ok := d.nodes[at.String()]; ok {
			return n, true
		}
		if at.Len() == 0 {
			return nil, false
		}
		at = at.Parent()
	}
}

// Has reports whether a value was written at exactly path at.
func (d *Decoder) Has(at Path) bool {
	if at.Len() > 1 {
		d.recordAll()
	}
	_, ok := d.nodes[at.String()]
	return ok
}

// Decode decodes n into v, which must be addressable.
func (d *Decoder) Decode(n *yaml.Node, v reflect.Value, at Path) {
	if d.onDemand && d.depth == 0 {
		d.calls = append(d.calls, call{n, v.Type(), at})
	}
	d.depth++
	d.decode(n, v, d.planOf(v.Type()), at)
	d.depth--
}

// decode is Decode under a Decode call, pl being the plan of v's type.
func (d *Decoder) decode(n *yaml.Node, v reflect.Value, pl *plan, at Path) {
	n = resolveAlias(n)
	if !d.spend(n, at) {
		return
	}
	if !d.onDemand || at.Len() <= 1 {
		d.nodes[at.String()] = n
	}
	if pl.hook != nil {
		if !IsNull(n) {
			pl.hook(d, n, v, at)
		}
		return
	}
	switch pl.kind {
	case reflect.Struct:
		d.decodeStruct(n, v, pl, at)
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		if !IsNull(n) { // null leaves them nil
			d.decodeReference(n, v, pl, at)
		}
	default:
		d.decodeScalar(n, v, at)
	}
}

// decodeReference decodes a node that is not null into a pointer, a
// slice, a map or an interface.
func (d *Decoder) decodeReference(n *yaml.Node, v reflect.Value, pl *plan, at Path) {
	switch pl.kind {
	case reflect.Pointer:
		ep := d.elemPlan(pl)
		p := reflect.New(ep.t)
		d.decode(n, p.Elem(), ep, at)
		v.Set(p)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.Errorf(n, at, "want a list, got %s", Describe(n))
			return
		}
		ep := d.elemPlan(pl)
		s := reflect.MakeSlice(pl.t, len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decodeChild(item, s.Index(i), ep, at, elem{index: i})
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.Errorf(n, at, "want a mapping, got %s", Describe(n))
			return
		}
		ep := d.elemPlan(pl)
		m := reflect.MakeMapWithSize(pl.t, len(n.Content)/2)
		for k, val := range d.pairs(n, at) {
			elem := reflect.New(ep.t).Elem()
			d.decodeChild(val, elem, ep, at, elemKey(k.Value))
			m.SetMapIndex(reflect.ValueOf(k.Value), elem)
		}
		v.Set(m)
	case reflect.Interface:
		val, err := d.JSONValue(n)
		if err != nil {
			d.Errorf(n, at, "%w", err)
			return
		}
		v.Set(reflect.ValueOf(val))
	}
}

// decodeScalar decodes a scalar node into a string, a number or a
// boolean, refusing a node of another YAML type than v's.
func (d *Decoder) decodeScalar(n *yaml.Node, v reflect.Value, at Path) {
	d.decodeScalarAt(n, v, func() Path { return at })
}

// decodeScalarAt is decodeScalar with the value's path made only for a
// problem, by at.
func (d *Decoder) decodeScalarAt(n *yaml.Node, v reflect.Value, at func() Path) {
	scalar := n.Kind == yaml.ScalarNode
	switch v.Kind() {
	case reflect.String:
		if !scalar || IsNull(n) {
			d.Errorf(n, at(), "want a string, got %s", Describe(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if !scalar || n.Tag != "!!int" || err != nil {
			d.Errorf(n, at(), "want an integer, got %s", Describe(n))
			return
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		u, err := strconv.ParseUint(n.Value, 0, 64)
		if !scalar || n.Tag != "!!int" || err != nil {
			d.Errorf(n, at(), "want a whole number of 0 or more, got %s", Describe(n))
			return
		}
		v.SetUint(u)
	case reflect.Float64, reflect.Float32:
		var f float64
		if !scalar || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&f) != nil {
			d.Errorf(n, at(), "want a number, got %s", Describe(n))
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		var b bool
		if !scalar || n.Tag != "!!bool" || n.Decode(&b) != nil {
			d.Errorf(n, at(), "want true or false, got %s", Describe(n))
			return
		}
		v.SetBool(b)
	default:
		panic(fmt.Sprintf("strictyaml: cannot decode %s", v.Type()))
	}
}

// decodeChild decodes n, the value at parent's child e, into v, of the
// type planned by pl. A scalar
// (or a JSON value) that no hook decodes, which a decoder recording on
// demand does not record, is decoded without making its path unless it
// is at fault: most values are such leaves, and a path copies its
// parent's.
func (d *Decoder) decodeChild(n *yaml.Node, v reflect.Value, pl *plan, parent Path, e elem) {
	if !d.onDemand || parent.Len() == 0 || !pl.leaf {
		d.decode(n, v, pl, d.child(parent, e))
		return
	}
	at := func() Path { return d.child(parent, e) }
	n = resolveAlias(n)
	if d.budget--; d.budget < 0 {
		if d.budget == -1 {
			d.Errorf(n, at(), "%w", ErrTooManyNodes)
		}
		return
	}
	if pl.kind != reflect.Interface {
		d.decodeScalarAt(n, v, at)
		return
	}
	if IsNull(n) {
		return // null leaves it nil
	}
	val, err := d.JSONValue(n)
	if err != nil {
		d.Errorf(n, at(), "%w", err)
		return
	}
	v.Set(reflect.ValueOf(val))
}

// leafKind reports whether decode reads a value of kind k as a scalar
// (decodeScalar) or a JSON value, with no values under it decoded.
func leafKind(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32,
		reflect.Float64, reflect.Float32, reflect.Bool, reflect.Interface:
		return true
	}
	return false
}

// spend counts one node against the budget, reporting the document once
// when it runs out.
func (d *Decoder) spend(n *yaml.Node, at Path) bool {
	d.budget--
	if d.budget == -1 {
		d.Errorf(n, at, "%w", ErrTooManyNodes)
	}
	return d.budget >= 0
}

func (d *Decoder) decodeStruct(n *yaml.Node, v reflect.Value, pl *plan, at Path) {
	if IsNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, at, "want a mapping, got %s", Describe(n))
		return
	}
	fields := pl.fields
	for k, val := range d.pairs(n, at) {
		idx, ok := fields[k.Value]
		if !ok {
			known := make([]string, 0, len(fields))
			for name := range fields {
				known = append(known, name)
			}
			d.Errorf(k, at, "unknown field %q%s", k.Value, suggest.DidYouMean(k.Value, known))
			continue
		}
		d.decodeChild(val, v.Field(idx), d.fieldPlan(pl, idx), at, elem{key: k.Value, index: -1})
	}
}

// Pairs returns the key/value pairs of mapping n, with YAML merge keys
// (<<: *anchor) expanded: keys written in the mapping win over merged
// ones. Duplicate keys are reported and dropped. Every merged pair counts
// against the node budget, so merges of merges cannot run away.
func (d *Decoder) Pairs(n *yaml.Node, at Path) [][2]*yaml.Node {
	// The keys seen are those of out; a small mapping is scanned, a large
	// one indexed.
	out := make([][2]*yaml.Node, 0, len(n.Content)/2)
	var index map[string]*yaml.Node
	seen := func(key string) (*yaml.Node, bool) {
		if index != nil {
			k, ok := index[key]
			return k, ok
		}
		for _, kv := range out {
			if kv[0].Value == key {
				return kv[0], true
			}
		}
		return nil, false
	}
	add := func(kv [2]*yaml.Node) {
		out = append(out, kv)
		switch {
		case index != nil:
			index[kv[0].Value] = kv[0]
		case len(out) > pairsScanMax:
			index = make(map[string]*yaml.Node, 2*len(out))
			for _, kv := range out {
				if _, dup := index[kv[0].Value]; !dup {
					index[kv[0].Value] = kv[0]
				}
			}
		}
	}
	var merged [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			sources := []*yaml.Node{val}
			if resolved := resolveAlias(val); resolved.Kind == yaml.SequenceNode {
				sources = resolved.Content
			}
			for _, src := range sources {
				src = resolveAlias(src)
				if !d.spend(src, at) {
					return out
				}
				if src.Kind != yaml.MappingNode {
					d.Errorf(val, at, "<< merges mappings only, got %s", Describe(src))
					continue
				}
				pairs := d.Pairs(src, at)
				if d.budget -= len(pairs); d.budget < 0 {
					if d.budget+len(pairs) >= 0 {
						d.Errorf(val, at, "%w", ErrTooManyNodes)
					}
					return out
				}
				merged = append(merged, pairs...)
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, at, "want a plain key, got %s", Describe(k))
			continue
		}
		if first, dup := seen(k.Value); dup {
			d.Errorf(k, at, "duplicate key %q (first at line %d)", k.Value, first.Line)
			continue
		}
		add([2]*yaml.Node{k, val})
	}
	for _, kv := range merged {
		if _, written := seen(kv[0].Value); !written {
			add(kv)
		}
	}
	return out
}

// pairs yields the key/value pairs of mapping n as Pairs returns them.
// A small mapping of plain keys, each written once, is read in place.
func (d *Decoder) pairs(n *yaml.Node, at Path) iter.Seq2[*yaml.Node, *yaml.Node] {
	return func(yield func(k, v *yaml.Node) bool) {
		if plainPairs(n) {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if !yield(n.Content[i], n.Content[i+1]) {
					return
				}
			}
			return
		}
		for _, kv := range d.Pairs(n, at) {
			if !yield(kv[0], kv[1]) {
				return
			}
		}
	}
}

// plainPairs reports whether Pairs would return the pairs of n as they
// are written, and report nothing: n has at most pairsScanMax keys, each
// a scalar written once, and no merge key.
func plainPairs(n *yaml.Node) bool {
	if len(n.Content) > 2*pairsScanMax || len(n.Content)%2 != 0 {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			return false
		}
		for j := 0; j < i; j += 2 {
			if n.Content[j].Value == k.Value {
				return false
			}
		}
	}
	return true
}

// elemKey is the path element of key k.
func elemKey(k string) elem { return elem{key: k, index: -1} }

// pathBlock is the number of path elements the decoder allocates at once.
const pathBlock = 1024

// child returns the path of at's child e, as at.Key and at.Index do,
// taking its elements from a block the decoder shares among the paths it
// makes, so that a path is not an allocation of its own. The paths are
// values as any other: nothing writes to a block's elements once a path
// holds them.
func (d *Decoder) child(at Path, e elem) Path {
	n := len(at.elems) + 1
	if cap(d.pathElems)-len(d.pathElems) < n {
		d.pathElems = make([]elem, 0, max(pathBlock, n))
	}
	start := len(d.pathElems)
	d.pathElems = append(append(d.pathElems, at.elems...), e)
	return Path{elems: d.pathElems[start:len(d.pathElems):len(d.pathElems)]}
}

// pairsScanMax is the most keys Pairs finds duplicates among by scanning
// them; past it, it indexes them.
const pairsScanMax = 16

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// fieldIndexes caches fieldIndex by struct type: a document decodes the
// same few types again and again. The maps are read-only once stored.
var fieldIndexes sync.Map // reflect.Type -> map[string]int

// fieldIndex maps the yaml names of a struct's fields to their index. The
// map is shared: callers must not change it.
func fieldIndex(t reflect.Type) map[string]int {
	if f, ok := fieldIndexes.Load(t); ok {
		return f.(map[string]int)
	}
	f, _ := fieldIndexes.LoadOrStore(t, buildFieldIndex(t))
	return f.(map[string]int)
}

// buildFieldIndex is fieldIndex without the cache.
func buildFieldIndex(t reflect.Type) map[string]int {
	fields := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			fields[name] = i
		}
	}
	return fields
}

// IsNull reports whether n is YAML's null.
func IsNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// Describe names what n is, for messages: a mapping, a list, or a
// scalar's quoted text.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if IsNull(n) {
			return "nothing (null)"
		}
		return strconv.Quote(n.Value)
	default:
		return "a YAML node of another kind"
	}
}

// JSONValue converts n into the value its JSON form decodes to. Scalars
// keep their text: an unquoted 2026-11-27 stays that string instead of
// becoming a time, and numbers keep their digits (json.Number).
func (d *Decoder) JSONValue(n *yaml.Node) (any, error) {
	n = resolveAlias(n)
	if d.budget--; d.budget < 0 {
		return nil, ErrTooManyNodes
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: JSON object keys must be strings", k.Line)
			}
			if _, dup := m[k.Value]; dup {
				return nil, fmt.Errorf("line %d: duplicate key %q", k.Line, k.Value)
			}
			v, err := d.JSONValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, item := range n.Content {
			v, err := d.JSONValue(item)
			if err != nil {
				return nil, err
			}
			s[i] = v
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, err
			}
			return b, nil
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, err
			}
			if json.Valid([]byte(n.Value)) {
				return json.Number(n.Value), nil
			}
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
		default:
			return n.Value, nil
		}
	default:
		return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
	}
}

// ErrEmpty is the error of a document with nothing in it.
var ErrEmpty = errors.New("the document is empty")

// ErrManyDocuments is the error of a file holding more than one YAML
// document.
var ErrManyDocuments = errors.New("more than one YAML document")

// ParseDocument parses data, which must hold exactly one YAML document,
// and returns its top node. A syntax error is an *Error with the line
// yaml.v3 gives (it gives no column).
//
// A document written in the subset of YAML that yamlsubset reads is read
// by it, into the tree yaml.v3 builds but without comments (nothing read
// from a scenario or tenant file looks at them; a file whose top-level
// tenant: section is marshalled again keeps them, yamlsubset leaving any
// file with comments and a tenant key to yaml.v3). Every other document,
// and every malformed one, is parsed by yaml.v3.
func ParseDocument(data []byte) (*yaml.Node, *Error) {
	if doc, ok := yamlsubset.Parse(data); ok {
		return doc.Content[0], nil
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Err: ErrEmpty}
		}
		return nil, syntaxError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, &Error{Line: extra.Line, Column: 1, Err: fmt.Errorf("%w: a scenario file holds exactly one", ErrManyDocuments)}
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	return doc, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 parse error, which is only text, into an
// *Error. yaml.v3 reports a line but no column; for parser errors (as
// opposed to scanner errors) the line is 0-based and marks where the
// broken construct starts.
func syntaxError(err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{Err: fmt.Errorf("YAML syntax: %s", msg)}
	}
	line, _ := strconv.Atoi(m[1])
	problem := m[2]
	if isParserError(problem) {
		line++
		problem += " (in the block that starts on this line)"
	}
	return &Error{Line: line, Err: fmt.Errorf("YAML syntax: %s", problem)}
}

// isParserError tells yaml.v3's parser errors from its scanner errors by
// their wording.
func isParserError(problem string) bool {
	for _, p := range []string{"did not find expected", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"} {
		if strings.HasPrefix(problem, p) {
			return true
		}
	}
	return false
}
