package mockserver

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// plainJSON returns the JSON encoding of a body made of the values a
// scenario file's body decodes to, and of the plainest of those declared
// in Go: maps with string keys, lists, strings, json.Number, int, bool and
// nil. The bytes are those json.Marshal writes; ok is false for a value
// holding anything else, or anything json.Marshal would write in a way of
// its own (a string it escapes, a number it checks), left to json.Marshal.
// Every body of a set is encoded when it loads, and most are plain.
func plainJSON(v any) (data []byte, ok bool) {
	n, ok := plainJSONSize(v, 0)
	if !ok {
		return nil, false
	}
	return appendPlainJSON(make([]byte, 0, n), v), true
}

// plainJSONDepth bounds how deep plainJSON goes; deeper values are left
// to json.Marshal.
const plainJSONDepth = 32

// plainJSONSize returns the length of v's encoding, and whether v is
// plain.
func plainJSONSize(v any, depth int) (int, bool) {
	if depth > plainJSONDepth {
		return 0, false
	}
	switch v := v.(type) {
	case nil:
		return len("null"), true
	case bool:
		if v {
			return len("true"), true
		}
		return len("false"), true
	case int:
		return len(strconv.AppendInt(make([]byte, 0, 20), int64(v), 10)), true
	case string:
		return len(v) + 2, plainJSONString(v)
	case json.Number:
		return len(v), plainJSONNumber(string(v))
	case []any:
		if v == nil {
			return len("null"), true
		}
		n := 2 + max(len(v)-1, 0) // brackets, commas
		for _, e := range v {
			m, ok := plainJSONSize(e, depth+1)
			if !ok {
				return 0, false
			}
			n += m
		}
		return n, true
	case map[string]any:
		if v == nil {
			return len("null"), true
		}
		n := 2 + max(len(v)-1, 0) // braces, commas
		for k, e := range v {
			m, ok := plainJSONSize(e, depth+1)
			if !ok || !plainJSONString(k) {
				return 0, false
			}
			n += len(k) + 3 + m // quotes and colon
		}
		return n, true
	default:
		return 0, false
	}
}

// appendPlainJSON appends the encoding of v, which plainJSONSize found
// plain.
func appendPlainJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case string:
		return append(append(append(b, '"'), v...), '"')
	case json.Number:
		return append(b, v...)
	case []any:
		if v == nil {
			return append(b, "null"...)
		}
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPlainJSON(b, e)
		}
		return append(b, ']')
	case map[string]any:
		if v == nil {
			return append(b, "null"...)
		}
		b = append(b, '{')
		if len(v) == 1 {
			for k, e := range v {
				b = appendPlainJSON(append(append(append(b, '"'), k...), '"', ':'), e)
			}
			return append(b, '}')
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys) // as json.Marshal orders them
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPlainJSON(append(append(append(b, '"'), k...), '"', ':'), v[k])
		}
		return append(b, '}')
	}
	panic("appendPlainJSON: a value plainJSONSize refuses")
}

// plainJSONString reports whether json.Marshal writes s between quotes
// as it is: valid UTF-8 without control characters, quotes, backslashes,
// the HTML characters it escapes (<, >, &) or U+2028 and U+2029.
func plainJSONString(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

// plainJSONNumber reports whether s is a number as JSON writes it, which
// json.Marshal writes as it is.
func plainJSONNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	digits := func() int {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		s = s[n:]
		return n
	}
	switch {
	case strings.HasPrefix(s, "0"):
		s = s[1:]
	case digits() == 0:
		return false
	}
	if strings.HasPrefix(s, ".") {
		s = s[1:]
		if digits() == 0 {
			return false
		}
	}
	if len(s) > 0 && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
			s = s[1:]
		}
		if digits() == 0 {
			return false
		}
	}
	return s == ""
}
