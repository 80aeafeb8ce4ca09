package schema

import (
	"math/big"
	"unicode/utf8"
	"unsafe"

	"github.com/graphmock/graphmock/internal/edm"
)

// A FastNode is one schema of a Fast, for a caller that reads a document
// token by token (strictjson.Scanner) instead of parsing it: each method
// says of one value what Fast.Valid says of it, without the value being
// built and without allocating. Like Valid it never says "invalid": false
// means "ask gojsonschema". A schema that combines others ($ref, allOf)
// or names its properties (propertyNames) says false of every value: its
// verdict needs the whole value. The zero FastNode is the schema of any
// value, that of a property a schema does not declare.
type FastNode struct{ c *fastCheck }

// Root returns the node of the whole schema.
func (f *Fast) Root() FastNode { return FastNode{f.check} }

// simple reports whether the node's verdict on a value is its own.
func (n FastNode) simple() bool { return n.c.ref == nil && len(n.c.allOf) == 0 }

// Object reports whether an object may be valid here, its members judged
// by Prop and Required.
func (n FastNode) Object() bool {
	c := n.c
	return c == nil || n.simple() && c.propNames == nil && c.allows(typeObject) && !c.hasEnum && c.format == ""
}

// AnyObject reports whether every object is valid here, whatever its
// members (whose own values a caller still reads).
func (n FastNode) AnyObject() bool {
	return n.Object() && (n.c == nil || len(n.c.required) == 0 && len(n.c.props) == 0)
}

// Required returns the members an object must have here.
func (n FastNode) Required() []string {
	if n.c == nil {
		return nil
	}
	return n.c.required
}

// Prop returns the node of an object's member called name.
func (n FastNode) Prop(name []byte) FastNode {
	if n.c == nil || n.c.props == nil {
		return FastNode{}
	}
	return FastNode{n.c.props[string(name)]} // no allocation for a lookup
}

// Array reports whether an array may be valid here, its elements judged
// by Items.
func (n FastNode) Array() bool {
	c := n.c
	return c == nil || n.simple() && c.allows(typeArray) && !c.hasEnum && c.format == ""
}

// Items returns the node of an array's elements.
func (n FastNode) Items() FastNode {
	if n.c == nil {
		return FastNode{}
	}
	return FastNode{n.c.items}
}

// AnyString reports whether every string is valid here, so that a caller
// need not decode one.
func (n FastNode) AnyString() bool {
	c := n.c
	return c == nil || n.simple() && c.allows(typeString) && !c.hasEnum && c.minLength == 0 && c.pattern == nil && c.format == ""
}

// String reports whether the string s (decoded) is surely valid here.
func (n FastNode) String(s []byte) bool {
	c := n.c
	if c == nil {
		return true
	}
	if !n.simple() || !c.allows(typeString) {
		return false
	}
	if c.hasEnum && !containsBytes(c.enum, s) {
		return false
	}
	if c.minLength > 0 && utf8.RuneCount(s) < c.minLength {
		return false
	}
	if c.pattern != nil && !c.pattern.Match(s) {
		return false
	}
	if c.format == "" {
		return true
	}
	ok, known := edmStringFormat(c.format, transient(s))
	return known && ok
}

// Number reports whether the number whose text is lit (as JSON writes
// it) is surely valid here.
func (n FastNode) Number(lit []byte) bool {
	c := n.c
	if c == nil {
		return true
	}
	if !n.simple() || c.hasEnum || c.format != "" {
		return false
	}
	integral := true
	for _, b := range lit {
		if b == '.' || b == 'e' || b == 'E' {
			integral = false
			break
		}
	}
	if c.types != 0 && c.types&typeNumber == 0 && !(integral && c.types&typeInteger != 0) {
		return false
	}
	if c.minimum == nil && c.maximum == nil {
		return true
	}
	if integral {
		if v, ok := smallInteger(lit); ok {
			if lo, ok := c.intBound(c.minimum); ok {
				if hi, ok := c.intBound(c.maximum); ok {
					return (c.minimum == nil || v >= lo) && (c.maximum == nil || v <= hi)
				}
			}
		}
	}
	r, ok := new(big.Rat).SetString(string(lit))
	return ok && (c.minimum == nil || r.Cmp(c.minimum) >= 0) && (c.maximum == nil || r.Cmp(c.maximum) <= 0)
}

// intBound returns a bound as an int64, when it is an integer that fits
// one; a nil bound is 0, true.
func (c *fastCheck) intBound(r *big.Rat) (int64, bool) {
	if r == nil {
		return 0, true
	}
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// smallInteger reads an integer of at most 18 digits, an optional minus
// sign before them.
func smallInteger(lit []byte) (int64, bool) {
	neg := len(lit) > 0 && lit[0] == '-'
	if neg {
		lit = lit[1:]
	}
	if len(lit) == 0 || len(lit) > 18 {
		return 0, false
	}
	var v int64
	for _, b := range lit {
		if b < '0' || b > '9' {
			return 0, false
		}
		v = v*10 + int64(b-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// Bool reports whether true and false are surely valid here.
func (n FastNode) Bool() bool {
	c := n.c
	return c == nil || n.simple() && c.allows(typeBoolean) && !c.hasEnum
}

// Null reports whether null is surely valid here.
func (n FastNode) Null() bool {
	c := n.c
	return c == nil || n.simple() && c.allows(typeNull) && (!c.hasEnum || c.enumNull)
}

func containsBytes(list []string, s []byte) bool {
	for _, x := range list {
		if x == string(s) { // no allocation for a comparison
			return true
		}
	}
	return false
}

// edmStringFormat checks s against one of package edm's string formats,
// as the checker edm.Register adds for it does; known is false for
// another format, which a FastNode leaves to gojsonschema.
func edmStringFormat(format, s string) (ok, known bool) {
	switch format {
	case edm.FormatDateTimeOffset:
		return edm.IsDateTimeOffset(s), true
	case edm.FormatDate:
		return edm.IsDate(s), true
	case edm.FormatTimeOfDay:
		return edm.IsTimeOfDay(s), true
	case edm.FormatDuration:
		return edm.IsDuration(s), true
	case edm.FormatGuid:
		return edm.IsGuid(s), true
	case edm.FormatBinary:
		return edm.IsBinary(s), true
	case edm.FormatDouble:
		return edm.IsSpecialDouble(s), true
	case edm.FormatLenientDouble:
		return edm.IsLenientDouble(s), true
	case edm.FormatLenientTimeOfDay:
		return edm.IsLenientTimeOfDay(s), true
	}
	return false, false
}

// transient views b as a string without copying it, for edmStringFormat
// alone: its checks read the string and keep nothing of it (the compiler
// sees that their parameters do not escape), and b does not change while
// they run.
func transient(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
