// Package strictjson reads JSON request bodies as strictly as Graph does
// and answers questions about the documents it reads: the value at a JSON
// pointer, whether one document contains another, how a value is shown in
// a message.
package strictjson

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of arrays and objects in a request body.
// Graph payloads are a handful of levels deep; the bound keeps hostile
// bodies (10,000 nested arrays) from costing more than a quick 400.
const MaxDepth = 512

// A SyntaxError describes why a request body is not acceptable JSON,
// with the byte offset where the problem was found.
type SyntaxError struct {
	Offset int    // the byte offset of the problem
	Msg    string // what is wrong
}

// Error says where the problem is and what it is.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.Offset, e.Msg)
}

// Parse decodes one JSON document into the generic form gojsonschema
// validates: map[string]any, []any, json.Number, string, bool and nil.
//
// It is stricter than encoding/json where Graph is: invalid UTF-8 and
// duplicate object keys are errors (OData rejects duplicate property names),
// nesting is bounded, and anything after the document but white space is an
// error. Numbers keep their exact text (json.Number).
func Parse(data []byte) (any, error) { return ParseKeys(data, nil) }

// ParseKeys is Parse taking object keys from keys where it can, so that
// the keys every body repeats (chatType, topic, …) cost no allocation.
// keys may be nil.
func ParseKeys(data []byte, keys *Keys) (any, error) {
	p := jsonParser{data: data, keys: keys}
	p.skipSpace()
	if p.pos == len(data) {
		return nil, p.fail("empty document")
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(data) {
		return nil, p.fail("unexpected data after the JSON document")
	}
	return v, nil
}

type jsonParser struct {
	data []byte
	pos  int
	keys *Keys // nil: none
}

func (p *jsonParser) fail(format string, args ...any) error {
	return &SyntaxError{Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) skipSpace() { p.pos = skipSpace(p.data, p.pos) }

// skipSpace returns the offset of the first byte at or after pos in data
// that is not JSON whitespace (RFC 8259's space, tab, line feed and
// carriage return): the one rule Parse and the Scanner share for it.
func skipSpace(data []byte, pos int) int {
	for pos < len(data) {
		switch data[pos] {
		case ' ', '\t', '\n', '\r':
			pos++
		default:
			return pos
		}
	}
	return pos
}

func (p *jsonParser) value(depth int) (any, error) {
	if p.pos >= len(p.data) {
		return nil, p.fail("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.str()
	case c == '-' || ('0' <= c && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	default:
		return nil, p.fail("unexpected character %s", quoteByte(c))
	}
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (p *jsonParser) literal(word string) error {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return p.fail("invalid literal, want %s", word)
	}
	p.pos += len(word)
	return nil
}

func (p *jsonParser) object(depth int) (any, error) {
	if depth > MaxDepth {
		return nil, p.fail("nesting deeper than %d levels", MaxDepth)
	}
	p.pos++ // '{'
	obj := make(map[string]any, 8)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return obj, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("unexpected end of input in object")
		}
		if p.data[p.pos] != '"' {
			return nil, p.fail("want a property name in double quotes, got %s", quoteByte(p.data[p.pos]))
		}
		keyAt := p.pos
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		if _, dup := obj[key]; dup {
			p.pos = keyAt
			return nil, p.fail("duplicate property %q", key)
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.fail("want ':' after property name %q", key)
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		obj[key] = v
		if done, err := p.afterMember('}', "object"); done || err != nil {
			return obj, err
		}
	}
}

func (p *jsonParser) array(depth int) (any, error) {
	if depth > MaxDepth {
		return nil, p.fail("nesting deeper than %d levels", MaxDepth)
	}
	p.pos++ // '['
	arr := make([]any, 0, 4)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return arr, nil
	}
	for {
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		if done, err := p.afterMember(']', "array"); done || err != nil {
			return arr, err
		}
	}
}

// afterMember reads what follows a member of an object or an element of
// an array: a comma, or the closing bracket (done).
func (p *jsonParser) afterMember(closing byte, in string) (done bool, err error) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return false, p.fail("unexpected end of input in %s", in)
	}
	switch p.data[p.pos] {
	case ',':
		p.pos++
		return false, nil
	case closing:
		p.pos++
		return true, nil
	}
	return false, p.fail("want ',' or '%c' in %s, got %s", closing, in, quoteByte(p.data[p.pos]))
}

// key parses an object key: a string, taken from p.keys when it is one
// without escapes.
func (p *jsonParser) key() (string, error) {
	if p.keys != nil {
		start := p.pos + 1
		for i := start; i < len(p.data) && i-start <= maxKeyLen; i++ {
			c := p.data[i]
			if c == '"' {
				if s, ok := p.keys.lookup(p.data[start:i]); ok {
					p.pos = i + 1
					return s, nil
				}
				break
			}
			if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
				break
			}
		}
	}
	s, err := p.str()
	if err == nil && p.keys != nil && len(s) <= maxKeyLen {
		p.keys.add(s)
	}
	return s, err
}

// str parses a string starting at the opening quote. Strings without escapes
// are converted with a single allocation.
func (p *jsonParser) str() (string, error) {
	start := p.pos + 1
	i := start
	for i < len(p.data) {
		c := p.data[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(p.data[start:i]), nil
		case c == '\\':
			return p.strSlow(start, i)
		case c < 0x20:
			p.pos = i
			return "", p.fail("control character 0x%02x in string (escape it)", c)
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(p.data[i:])
			if r == utf8.RuneError && size == 1 {
				p.pos = i
				return "", p.fail("invalid UTF-8 in string")
			}
			i += size
		}
	}
	p.pos = start - 1
	return "", p.fail("unterminated string")
}

// strSlow continues a string that has escapes; esc is the offset of the
// first backslash.
func (p *jsonParser) strSlow(start, esc int) (string, error) {
	buf := make([]byte, 0, esc-start+16)
	buf = append(buf, p.data[start:esc]...)
	i := esc
	for i < len(p.data) {
		c := p.data[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(buf), nil
		case c == '\\':
			if i+1 >= len(p.data) {
				p.pos = i
				return "", p.fail("unterminated escape")
			}
			switch e := p.data[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
				i += 2
			case 'b':
				buf, i = append(buf, '\b'), i+2
			case 'f':
				buf, i = append(buf, '\f'), i+2
			case 'n':
				buf, i = append(buf, '\n'), i+2
			case 'r':
				buf, i = append(buf, '\r'), i+2
			case 't':
				buf, i = append(buf, '\t'), i+2
			case 'u':
				r, n, ok := decodeUnicodeEscape(p.data[i:])
				if !ok {
					p.pos = i
					return "", p.fail(`invalid \u escape`)
				}
				buf = utf8.AppendRune(buf, r)
				i += n
			default:
				p.pos = i
				return "", p.fail("invalid escape %s", quoteByte(e))
			}
		case c < 0x20:
			p.pos = i
			return "", p.fail("control character 0x%02x in string (escape it)", c)
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(p.data[i:])
			if r == utf8.RuneError && size == 1 {
				p.pos = i
				return "", p.fail("invalid UTF-8 in string")
			}
			buf = append(buf, p.data[i:i+size]...)
			i += size
		}
	}
	p.pos = start - 1
	return "", p.fail("unterminated string")
}

// decodeUnicodeEscape decodes \uXXXX (and a following low surrogate) at the
// start of b. A lone surrogate becomes U+FFFD, as in encoding/json.
func decodeUnicodeEscape(b []byte) (r rune, n int, ok bool) {
	r1, ok := hex4(b)
	if !ok {
		return 0, 0, false
	}
	if !utf16.IsSurrogate(r1) {
		return r1, 6, true
	}
	if r2, ok := hex4(b[6:]); ok {
		if dec := utf16.DecodeRune(r1, r2); dec != utf8.RuneError {
			return dec, 12, true
		}
	}
	return utf8.RuneError, 6, true
}

// hex4 reads `\uXXXX` at the start of b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range b[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number parses a JSON number by the RFC 8259 grammar and keeps its text.
func (p *jsonParser) number() (any, error) {
	start := p.pos
	i := p.pos
	d := p.data
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	default:
		p.pos = i
		return nil, p.fail("invalid number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			p.pos = i
			return nil, p.fail("invalid number: want a digit after '.'")
		}
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			p.pos = i
			return nil, p.fail("invalid number: want a digit in the exponent")
		}
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	}
	p.pos = i
	return json.Number(d[start:i]), nil
}
