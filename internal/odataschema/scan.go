package odataschema

import (
	"bytes"
	"unicode/utf8"
	"unsafe"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/edm"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// ValidBytes reports whether data is surely a body Validate accepts,
// whose top-level object has every member of required: strictjson.Parse
// reads it, ValidateFirst finds no violation in what it reads, and the
// object has the members. It decides in one pass over the bytes, checking
// what the levels' fast checks and the walk check as it reads them, and
// builds nothing: most bodies a mock sees are valid, and a valid body
// needs no tree and no violations listed. Like the fast checks it never
// says "invalid": false means "parse the body and validate it", which
// gives every verdict with violations and every syntax error. It says
// false of what it does not decide exactly as the walk does: a body
// beyond strictjson.Scanner's bounds, an @odata.type naming a derived type
// after other members, a parameter in another case than declared, and
// whatever a level's fast check leaves to gojsonschema. FuzzValidBytes
// checks that it never calls valid what ValidateFirst refuses.
//
// The cost is linear in len(data); a body without escapes that need
// decoding, numbers of more than 32 characters and undeclared members of
// open types allocates nothing.
func (b *Body) ValidBytes(data []byte, required []string) bool {
	if len(required) > 64 {
		return false
	}
	var sc scan
	sc.set = b.set
	if !sc.s.Reset(data) || sc.s.Peek() != '{' {
		return false
	}
	var t *csdl.StructuredType
	var l *level
	if typ, ok := b.key.(*csdl.StructuredType); ok {
		t = typ
	} else {
		var err error
		if l, err = b.set.level(b.key); err != nil {
			return false
		}
	}
	return sc.object(t, l, required) && sc.s.End()
}

// scan is the state of one ValidBytes call.
type scan struct {
	set *Set
	s   strictjson.Scanner
}

// object reads an object of type t (nil: of level l, parameters or a
// reference) that must have the members required.
func (sc *scan) object(t *csdl.StructuredType, l *level, required []string) bool {
	m, ok := sc.s.Object()
	if !ok {
		return false
	}
	if t != nil {
		var err error
		if l, err = sc.set.level(t); err != nil {
			return false
		}
	}
	if l.fast == nil {
		return false
	}
	node := l.fast.Root()
	own := node.Required()
	if !node.Object() || len(own) > 64 {
		return false
	}
	var found, foundOwn uint64
	typed, first := false, true
	for ; ; first = false {
		key, more, ok := sc.s.Key(m)
		if !ok {
			return false
		}
		if !more {
			break
		}
		found |= mark(required, key)
		foundOwn |= mark(own, key)
		if t != nil && string(key) == "@odata.type" {
			// The type of the object, which the walk reads first.
			if sc.s.Peek() != '"' {
				return false // the document's to refuse, or not
			}
			raw, escaped, ok := sc.s.String()
			if !ok {
				return false
			}
			if escaped {
				raw = strictjson.Unescape(make([]byte, 0, len(raw)), raw)
			}
			if !node.Prop(key).String(raw) {
				return false
			}
			actual, ok := sc.set.resolveODataType(unsafe.String(unsafe.SliceData(raw), len(raw)), t) // resolveODataType keeps nothing of the name
			if !ok {
				return false
			}
			typed = true
			if actual != t {
				if !first {
					return false // members already read against t
				}
				t = actual
				var err error
				if l, err = sc.set.level(t); err != nil || l.fast == nil {
					return false
				}
				node = l.fast.Root()
				if own = node.Required(); !node.Object() || len(own) > 0 {
					return false
				}
			}
			continue
		}
		if !sc.member(l, node.Prop(key), key) {
			return false
		}
	}
	if t != nil && !typed && t.Abstract && sc.set.opts.Strict {
		return false
	}
	return found == all(required) && foundOwn == all(own)
}

// mark returns the bit of key among names.
func mark(names []string, key []byte) uint64 {
	for i, name := range names {
		if name == string(key) {
			return 1 << i
		}
	}
	return 0
}

// all returns the bits of every one of names.
func all(names []string) uint64 { return 1<<len(names) - 1 }

// member reads the value of the member key of an object of level l, n
// its node in the level's document.
func (sc *scan) member(l *level, n schema.FastNode, key []byte) bool {
	p, declared := l.props[string(key)]
	switch {
	case declared:
	case bytes.IndexByte(key, '@') >= 0:
		if prop, ok := bytes.CutSuffix(key, []byte("@odata.bind")); ok && !l.annotationsOnly {
			if l.typ == nil || l.typ.NavigationProperty(string(prop)) == nil {
				return false
			}
		}
		return sc.value(n)
	case l.open:
		c := sc.s.Peek()
		if _, refused := sc.set.dynamicOf(l.typ, string(key), c == '{' || c == 'n'); refused {
			return false
		}
		return sc.value(n)
	default:
		return false // unknown, or a parameter in another case
	}
	c := sc.s.Peek()
	switch {
	case p.enum != nil && !p.collection && c == '"':
		return sc.enum(p.enum, n)
	case p.enum != nil && p.collection && c == '[':
		return sc.array(n, func(items schema.FastNode) bool {
			if sc.s.Peek() == '"' {
				return sc.enum(p.enum, items)
			}
			return sc.value(items)
		})
	case p.typ != nil && !p.collection && c == '{':
		return n.AnyObject() && sc.object(p.typ, nil, nil)
	case p.typ != nil && p.collection && c == '[':
		return sc.array(n, func(items schema.FastNode) bool {
			if sc.s.Peek() == '{' {
				return items.AnyObject() && sc.object(p.typ, nil, nil)
			}
			return sc.value(items)
		})
	}
	return sc.value(n)
}

// enum reads a string that must be a member of e, and valid at n.
func (sc *scan) enum(e *enumCheck, n schema.FastNode) bool {
	raw, escaped, ok := sc.s.String()
	if !ok {
		return false
	}
	if escaped {
		raw = strictjson.Unescape(make([]byte, 0, len(raw)), raw)
	}
	return n.String(raw) && e.validBytes(raw)
}

// array reads an array valid at n, each element read by item with the
// node of the elements.
func (sc *scan) array(n schema.FastNode, item func(items schema.FastNode) bool) bool {
	if !sc.s.Array() || !n.Array() {
		return false
	}
	items := n.Items()
	for first := true; ; first = false {
		more, ok := sc.s.Element(first)
		if !ok {
			return false
		}
		if !more {
			return true
		}
		if !item(items) {
			return false
		}
	}
}

// value reads a value the walk does not descend into, valid at n: the
// level's document judges it, and every number in it must be one Graph
// takes (schema.NumberViolations).
func (sc *scan) value(n schema.FastNode) bool {
	switch c := sc.s.Peek(); {
	case c == '{':
		m, ok := sc.s.Object()
		required := n.Required()
		if !ok || !n.Object() || len(required) > 64 {
			return false
		}
		var found uint64
		for {
			key, more, ok := sc.s.Key(m)
			if !ok {
				return false
			}
			if !more {
				return found == all(required)
			}
			found |= mark(required, key)
			if !sc.value(n.Prop(key)) {
				return false
			}
		}
	case c == '[':
		return sc.array(n, sc.value)
	case c == '"':
		raw, escaped, ok := sc.s.String()
		if !ok {
			return false
		}
		if n.AnyString() {
			return true
		}
		if escaped {
			raw = strictjson.Unescape(make([]byte, 0, len(raw)), raw)
		}
		return n.String(raw)
	case c == '-' || ('0' <= c && c <= '9'):
		lit, ok := sc.s.Number()
		return ok && edm.CheckNumber(string(lit)) == nil && n.Number(lit)
	case c == 't' || c == 'f':
		return sc.s.Literal() && n.Bool()
	case c == 'n':
		return sc.s.Literal() && n.Null()
	}
	return false
}

// validBytes is valid for a string's bytes, allocating nothing for the
// names of an enum that is not flags, in ASCII.
func (c *enumCheck) validBytes(s []byte) bool {
	if c.typ.IsFlags {
		return c.valid(string(s))
	}
	if !c.fold {
		_, ok := c.members[string(s)]
		return ok
	}
	var buf [64]byte
	if len(s) > len(buf) {
		return c.valid(string(s))
	}
	for i, b := range s {
		if b >= utf8.RuneSelf {
			return c.valid(string(s))
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		buf[i] = b
	}
	_, ok := c.members[string(buf[:len(s)])]
	return ok
}
