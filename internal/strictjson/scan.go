package strictjson

import (
	"bytes"
	"unicode/utf8"
)

// Bounds of a Scanner: a document beyond them is one it cannot read, and
// its caller reads it with Parse instead. Graph bodies are a handful of
// levels deep and have tens of properties an object.
const (
	// ScanMaxDepth is the deepest nesting of arrays and objects a Scanner
	// reads.
	ScanMaxDepth = 64
	// ScanMaxKeys is the most members of one object a Scanner reads.
	ScanMaxKeys = 64
	// scanLiveKeys is the most keys of the objects being read at once.
	scanLiveKeys = 256
)

// A Scanner reads one JSON document by Parse's rules, token by token,
// without building it and without allocating: for a caller that decides
// something about a document as it reads it, and reads it with Parse
// instead whenever the Scanner cannot go on. Every method that returns ok
// false stops the reading: the document breaks Parse's rules, or is beyond
// the Scanner's bounds (nesting deeper than ScanMaxDepth, more than
// ScanMaxKeys members in an object, an object key with escapes), and the
// caller must not say anything of it without Parse. A Scanner that read a
// document to its end (End returns true) read one that Parse accepts.
//
// Object keys are compared as they are written, which for keys without
// escapes is as Parse compares them, so a duplicate key stops the reading
// as Parse refuses it.
type Scanner struct {
	data  []byte
	pos   int
	depth int
	keys  [scanLiveKeys]span // keys of the objects being read
	nkeys int
	// beyond tells that the reading stopped at the Scanner's bounds, not
	// at a fault Parse refuses.
	beyond bool
}

type span struct{ start, end int32 }

// Reset starts reading data. A document of 2 GB or more cannot be read.
func (s *Scanner) Reset(data []byte) bool {
	s.data, s.pos, s.depth, s.nkeys, s.beyond = data, 0, 0, 0, false
	s.beyond = len(data) >= 1<<31-1
	return !s.beyond
}

// Peek skips white space and returns the first byte of the next value, 0
// at the end of the data.
func (s *Scanner) Peek() byte {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return 0
	}
	return s.data[s.pos]
}

// End reports whether nothing but white space follows the document.
func (s *Scanner) End() bool {
	s.skipSpace()
	return s.pos == len(s.data) && s.depth == 0
}

func (s *Scanner) skipSpace() { s.pos = skipSpace(s.data, s.pos) }

// An ObjectMark is where an object's keys begin among the keys the Scanner
// holds.
type ObjectMark struct{ first int }

// Object reads the opening brace of an object (Peek returned '{').
func (s *Scanner) Object() (ObjectMark, bool) {
	if s.depth >= ScanMaxDepth {
		s.beyond = true
		return ObjectMark{}, false
	}
	s.depth++
	s.pos++
	return ObjectMark{first: s.nkeys}, true
}

// Key reads what follows the opening brace or a member of the object m
// opened: the next member's key and the colon after it (more true), or
// the closing brace (more false). The key is as written, between its
// quotes; it has no escapes.
func (s *Scanner) Key(m ObjectMark) (key []byte, more, ok bool) {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return nil, false, false
	}
	c := s.data[s.pos]
	if s.nkeys > m.first {
		// after a member: a comma or the closing brace
		switch c {
		case '}':
			s.pos++
			s.nkeys, s.depth = m.first, s.depth-1
			return nil, false, true
		case ',':
			s.pos++
			s.skipSpace()
			if s.pos >= len(s.data) {
				return nil, false, false
			}
			c = s.data[s.pos]
		default:
			return nil, false, false
		}
	} else if c == '}' {
		s.pos++
		s.depth--
		return nil, false, true
	}
	if c != '"' {
		return nil, false, false
	}
	start := s.pos + 1
	end, escaped, ok := s.str()
	if !ok {
		return nil, false, false
	}
	if escaped || s.nkeys-m.first >= ScanMaxKeys || s.nkeys >= scanLiveKeys {
		s.beyond = true
		return nil, false, false
	}
	key = s.data[start : end-1]
	for _, k := range s.keys[m.first:s.nkeys] {
		if bytes.Equal(s.data[k.start:k.end], key) {
			return nil, false, false // a duplicate: Parse refuses it
		}
	}
	s.keys[s.nkeys] = span{int32(start), int32(end - 1)}
	s.nkeys++
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != ':' {
		return nil, false, false
	}
	s.pos++
	return key, true, true
}

// Array reads the opening bracket of an array (Peek returned '[').
func (s *Scanner) Array() bool {
	if s.depth >= ScanMaxDepth {
		s.beyond = true
		return false
	}
	s.depth++
	s.pos++
	return true
}

// Element reads what precedes an element of an array: nothing before
// the first (first true), a comma before the others (more true), or the
// closing bracket (more false).
func (s *Scanner) Element(first bool) (more, ok bool) {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return false, false
	}
	switch c := s.data[s.pos]; {
	case c == ']':
		s.pos++
		s.depth--
		return false, true
	case first:
		return true, true
	case c == ',':
		s.pos++
		return true, true
	}
	return false, false
}

// String reads a string (Peek returned '"'): raw is what is between its
// quotes, as written; escaped tells whether it has escapes, which
// Unescape decodes.
func (s *Scanner) String() (raw []byte, escaped, ok bool) {
	start := s.pos + 1
	end, escaped, ok := s.str()
	if !ok {
		return nil, false, false
	}
	return s.data[start : end-1], escaped, true
}

// plain marks the bytes a string holds as they are: neither the quote,
// the backslash, a control character nor the start of a multi-byte
// character.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads the string at s.pos and returns the offset after its closing
// quote.
func (s *Scanner) str() (end int, escaped, ok bool) {
	d := s.data
	i := s.pos + 1
	for i < len(d) {
		c := d[i]
		if plain[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			s.pos = i + 1
			return i + 1, escaped, true
		case c == '\\':
			if i+1 >= len(d) {
				return 0, false, false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := hex4(d[i:]); !ok {
					return 0, false, false
				}
				i += 6
			default:
				return 0, false, false
			}
			escaped = true
		case c < 0x20:
			return 0, false, false
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 {
				return 0, false, false
			}
			i += size
		}
	}
	return 0, false, false
}

// Number reads a number (Peek returned '-' or a digit) and returns its
// text.
func (s *Scanner) Number() (lit []byte, ok bool) {
	d := s.data
	start, i := s.pos, s.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		i = digitsFrom(d, i)
	default:
		return nil, false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, false
		}
		i = digitsFrom(d, i)
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return nil, false
		}
		i = digitsFrom(d, i)
	}
	s.pos = i
	return d[start:i], true
}

func digitsFrom(d []byte, i int) int {
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		i++
	}
	return i
}

// Literal reads true, false or null (Peek returned 't', 'f' or 'n').
func (s *Scanner) Literal() bool {
	var word string
	switch s.data[s.pos] {
	case 't':
		word = "true"
	case 'f':
		word = "false"
	case 'n':
		word = "null"
	default:
		return false
	}
	if len(s.data)-s.pos < len(word) || string(s.data[s.pos:s.pos+len(word)]) != word {
		return false
	}
	s.pos += len(word)
	return true
}

// Unescape appends to dst the string whose raw text (between the quotes,
// as String returned it) is raw, decoded as Parse decodes it.
func Unescape(dst, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		switch e := raw[i+1]; e {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, n, _ := decodeUnicodeEscape(raw[i:])
			dst = utf8.AppendRune(dst, r)
			i += n
			continue
		default: // '"', '\\', '/'
			dst = append(dst, e)
		}
		i += 2
	}
	return dst
}
