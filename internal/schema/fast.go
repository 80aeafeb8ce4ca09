package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"math/big"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/graphmock/graphmock/internal/folder"
	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// A fastCheck decides, for the JSON Schema keywords it knows, that a
// document is valid, without gojsonschema and its allocations: most bodies
// a mock sees are valid, and a valid body needs no violations listed.
// It never decides that a document is invalid: whenever it cannot say
// "valid" (the document breaks a rule, or meets a case it does not handle
// exactly as gojsonschema does) the caller asks gojsonschema, so every
// verdict with violations comes from gojsonschema. A schema that uses a
// keyword it does not know gets no fastCheck at all. FuzzFastCheck checks
// that it never calls valid what gojsonschema calls invalid.
type fastCheck struct {
	types     uint8    // allowed JSON types (typeBit); 0: any
	enum      []string // allowed strings, when the schema has an enum of strings (and null)
	enumNull  bool     // the enum allows null
	hasEnum   bool
	props     map[string]*fastCheck
	required  []string
	propNames *fastCheck
	pattern   *regexp.Regexp
	format    string
	minimum   *big.Rat
	maximum   *big.Rat
	minLength int        // in runes, as gojsonschema counts; 0: none
	items     *fastCheck // the schema of every item of an array; nil: any
	allOf     []*fastCheck
	ref       *fastCheck    // the schema a $ref names, filled in after all are built
	names     *nameVerdicts // for propertyNames: the verdicts on names seen
}

// nameVerdicts remembers the verdicts of a propertyNames schema on the
// names it has checked, at most maxNames of them: a name's verdict
// depends on nothing else, and bodies repeat their names, so a regular
// expression runs once per name instead of once per body.
type nameVerdicts struct {
	mu sync.RWMutex // guards m
	m  map[string]bool
}

// maxNames bounds a nameVerdicts.
const maxNames = 1024

// valid returns c's verdict on name, remembering it.
func (v *nameVerdicts) valid(c *fastCheck, name string) bool {
	v.mu.RLock()
	ok, seen := v.m[name]
	v.mu.RUnlock()
	if seen {
		return ok
	}
	ok = c.validString(name)
	v.mu.Lock()
	if len(v.m) < maxNames {
		v.m[name] = ok
	}
	v.mu.Unlock()
	return ok
}

// The JSON types, as bits.
const (
	typeObject uint8 = 1 << iota
	typeArray
	typeString
	typeNumber
	typeInteger
	typeBoolean
	typeNull
)

var typeBits = map[string]uint8{
	"object": typeObject, "array": typeArray, "string": typeString, "number": typeNumber,
	"integer": typeInteger, "boolean": typeBoolean, "null": typeNull,
}

// fastBuilder builds the fastChecks of one schema file and the files its
// $refs reach, reading them as the compiler's loader does.
type fastBuilder struct {
	fsys  fs.FS
	base  string
	docs  map[string]any        // file name -> document
	nodes map[string]*fastCheck // "file#pointer" -> check
	refs  []pendingRef
}

type pendingRef struct {
	node   *fastCheck
	target string // "file#pointer"
}

// buildFast returns the fastCheck of the schema in file name, or nil when
// the schema uses what a fastCheck does not know.
func buildFast(fsys fs.FS, base, name string) *fastCheck {
	b := &fastBuilder{fsys: fsys, base: base, docs: map[string]any{}, nodes: map[string]*fastCheck{}}
	root, err := b.at(name, "")
	if err != nil {
		return nil
	}
	for i := 0; i < len(b.refs); i++ { // resolving a $ref may add more
		p := b.refs[i]
		file, ptr, _ := strings.Cut(p.target, "#")
		target, err := b.at(file, ptr)
		if err != nil {
			return nil
		}
		p.node.ref = target
	}
	return root
}

// at returns the check of the schema at JSON pointer ptr in file.
func (b *fastBuilder) at(file, ptr string) (*fastCheck, error) {
	key := file + "#" + ptr
	if n, ok := b.nodes[key]; ok {
		return n, nil
	}
	doc, ok := b.docs[file]
	if !ok {
		data, err := fs.ReadFile(b.fsys, file)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			return nil, err
		}
		b.docs[file] = doc
	}
	v, err := pointerIn(doc, ptr)
	if err != nil {
		return nil, err
	}
	n := &fastCheck{}
	b.nodes[key] = n
	return n, b.fill(n, v, file, ptr)
}

// pointerIn resolves ptr in a schema document; "/" is the whole
// document, as gojsonschema reads "#/".
func pointerIn(doc any, ptr string) (any, error) {
	if ptr == "/" {
		return doc, nil
	}
	v, ok := strictjson.Pointer(doc, ptr)
	if !ok {
		return nil, fmt.Errorf("pointer %s", ptr)
	}
	return v, nil
}

var errUnknownKeyword = fmt.Errorf("a keyword a fastCheck does not know")

// fill reads the schema v, found at ptr in file, into n.
func (b *fastBuilder) fill(n *fastCheck, v any, file, ptr string) error {
	m, ok := v.(map[string]any)
	if !ok {
		return errUnknownKeyword // boolean schemas and the like
	}
	if _, ok := m["$ref"]; ok {
		for k := range m {
			switch k {
			case "$ref", "$comment", "title", "description":
			default:
				return fmt.Errorf("%w: %s beside $ref", errUnknownKeyword, k) // what siblings of $ref mean differs between drafts
			}
		}
	}
	for k, val := range m {
		if err := b.keyword(n, k, val, file, ptr); err != nil {
			return err
		}
	}
	return nil
}

// keyword reads one keyword of the schema at ptr in file into n.
func (b *fastBuilder) keyword(n *fastCheck, k string, val any, file, ptr string) error {
	switch k {
	case "$comment", "$schema", "title", "description", "definitions", "examples", "default":
		return nil
	case "type":
		return n.setTypes(val)
	case "enum":
		return n.setEnum(val)
	case "properties":
		props, _ := val.(map[string]any)
		n.props = make(map[string]*fastCheck, len(props))
		for name, sub := range props {
			c := &fastCheck{}
			if err := b.fill(c, sub, file, ptr+"/properties/"+strictjson.EscapeToken(name)); err != nil {
				return err
			}
			n.props[name] = c
		}
	case "required":
		list, _ := val.([]any)
		for _, x := range list {
			s, ok := x.(string)
			if !ok {
				return errUnknownKeyword
			}
			n.required = append(n.required, s)
		}
	case "propertyNames":
		c := &fastCheck{names: &nameVerdicts{m: make(map[string]bool)}}
		if err := b.fill(c, val, file, ptr+"/propertyNames"); err != nil {
			return err
		}
		n.propNames = c
	case "items":
		if _, ok := val.(map[string]any); !ok {
			return fmt.Errorf("%w: items other than one schema", errUnknownKeyword)
		}
		c := &fastCheck{}
		if err := b.fill(c, val, file, ptr+"/items"); err != nil {
			return err
		}
		n.items = c
	case "allOf":
		list, _ := val.([]any)
		for i, sub := range list {
			c := &fastCheck{}
			if err := b.fill(c, sub, file, fmt.Sprintf("%s/allOf/%d", ptr, i)); err != nil {
				return err
			}
			n.allOf = append(n.allOf, c)
		}
	case "$ref":
		ref, _ := val.(string)
		target, err := b.resolve(file, ref)
		if err != nil {
			return err
		}
		b.refs = append(b.refs, pendingRef{node: n, target: target})
	default:
		return n.setValueKeyword(k, val)
	}
	return nil
}

// setTypes reads the type keyword.
func (n *fastCheck) setTypes(val any) error {
	switch t := val.(type) {
	case string:
		n.types |= typeBits[t]
	case []any:
		for _, x := range t {
			s, _ := x.(string)
			n.types |= typeBits[s]
		}
	}
	if n.types == 0 {
		return errUnknownKeyword
	}
	return nil
}

// setEnum reads an enum of strings and null; other enums are unknown.
func (n *fastCheck) setEnum(val any) error {
	list, _ := val.([]any)
	for _, x := range list {
		switch x := x.(type) {
		case string:
			n.enum = append(n.enum, x)
		case nil:
			n.enumNull = true
		default:
			return fmt.Errorf("%w: an enum of other values than strings and null", errUnknownKeyword)
		}
	}
	n.hasEnum = true
	return nil
}

// setValueKeyword reads a keyword on the value itself: pattern, format,
// minimum, maximum or minLength. Any other keyword is unknown.
func (n *fastCheck) setValueKeyword(k string, val any) error {
	switch k {
	case "pattern":
		s, _ := val.(string)
		re, err := regexp.Compile(s)
		if err != nil {
			return err
		}
		n.pattern = re
	case "format":
		s, _ := val.(string)
		if !gojsonschema.FormatCheckers.Has(s) {
			return errUnknownKeyword
		}
		n.format = s
	case "minimum", "maximum":
		r, ok := ratOf(val)
		if !ok {
			return errUnknownKeyword
		}
		if k == "minimum" {
			n.minimum = r
		} else {
			n.maximum = r
		}
	case "minLength":
		r, ok := ratOf(val)
		if !ok || !r.IsInt() || r.Sign() < 0 || !r.Num().IsInt64() || r.Num().Int64() > 1<<31 {
			return errUnknownKeyword
		}
		n.minLength = int(r.Num().Int64())
	default:
		return fmt.Errorf("%w: %s", errUnknownKeyword, k)
	}
	return nil
}

// ratOf reads a number of a schema document: a json.Number when the
// document was read from a file, a Go number when it was built in Go.
func ratOf(val any) (*big.Rat, bool) {
	switch v := val.(type) {
	case json.Number:
		return new(big.Rat).SetString(string(v))
	case int:
		return new(big.Rat).SetInt64(int64(v)), true
	case int64:
		return new(big.Rat).SetInt64(v), true
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return nil, false
		}
		return new(big.Rat).SetFloat64(v), true
	}
	return nil, false
}

// resolve turns a $ref into "file#pointer", for references the
// compiler's loader would follow: sibling files and pointers in them.
func (b *fastBuilder) resolve(file, ref string) (string, error) {
	target, ptr, _ := strings.Cut(ref, "#")
	if target == "" {
		target = file
	} else {
		if strings.Contains(target, ":") {
			return "", errUnknownKeyword
		}
		clean, err := folder.Path(path.Join(path.Dir(file), target), b.base)
		if err != nil {
			return "", err
		}
		target = clean
	}
	return target + "#" + ptr, nil
}

// valid reports whether doc is surely valid; false means "ask
// gojsonschema".
func (n *fastCheck) valid(doc any) bool {
	if s, ok := doc.(string); ok {
		return n.validString(s)
	}
	if n.ref != nil && !n.ref.valid(doc) {
		return false
	}
	for _, c := range n.allOf {
		if !c.valid(doc) {
			return false
		}
	}
	switch v := doc.(type) {
	case map[string]any:
		if !n.allows(typeObject) || n.hasEnum || n.format != "" {
			return false
		}
		for _, name := range n.required {
			if _, ok := v[name]; !ok {
				return false
			}
		}
		for name, val := range v {
			if n.propNames != nil && !n.propNames.names.valid(n.propNames, name) {
				return false
			}
			if p := n.props[name]; p != nil && !p.valid(val) {
				return false
			}
		}
		return true
	case []any:
		if !n.allows(typeArray) || n.hasEnum || n.format != "" {
			return false
		}
		if n.items != nil {
			for _, item := range v {
				if !n.items.valid(item) {
					return false
				}
			}
		}
		return true
	case json.Number:
		if n.hasEnum || n.format != "" {
			return false
		}
		integral := !strings.ContainsAny(string(v), ".eE")
		if n.types != 0 && n.types&typeNumber == 0 && !(integral && n.types&typeInteger != 0) {
			return false
		}
		if n.minimum != nil || n.maximum != nil {
			r, ok := new(big.Rat).SetString(string(v))
			return ok && (n.minimum == nil || r.Cmp(n.minimum) >= 0) && (n.maximum == nil || r.Cmp(n.maximum) <= 0)
		}
		return true
	case bool:
		return n.allows(typeBoolean) && !n.hasEnum // gojsonschema checks formats of strings and numbers only
	case nil:
		return n.allows(typeNull) && (!n.hasEnum || n.enumNull)
	}
	return false
}

// validString is valid for a string, without boxing it.
func (n *fastCheck) validString(v string) bool {
	if n.ref != nil && !n.ref.validString(v) {
		return false
	}
	for _, c := range n.allOf {
		if !c.validString(v) {
			return false
		}
	}
	if !n.allows(typeString) {
		return false
	}
	if n.hasEnum && !contains(n.enum, v) {
		return false
	}
	if n.minLength > 0 && utf8.RuneCountInString(v) < n.minLength {
		return false
	}
	if n.pattern != nil && !n.pattern.MatchString(v) {
		return false
	}
	return n.format == "" || gojsonschema.FormatCheckers.IsFormat(n.format, v)
}

// allows reports whether the schema's type allows t.
func (n *fastCheck) allows(t uint8) bool { return n.types == 0 || n.types&t != 0 }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
