package strictjson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// errCannot is scanTree's "the Scanner cannot read this".
var errCannot = errors.New("the scanner stopped")

// scanTree builds with a Scanner the tree Parse builds, or fails where
// the Scanner stops, telling whether it stopped at its bounds.
func scanTree(data []byte) (doc any, beyond bool, err error) {
	var s Scanner
	if !s.Reset(data) {
		return nil, s.beyond, errCannot
	}
	v, err := scanValue(&s)
	if err != nil {
		return nil, s.beyond, err
	}
	if !s.End() {
		return nil, s.beyond, errCannot
	}
	return v, false, nil
}

func scanValue(s *Scanner) (any, error) {
	switch c := s.Peek(); {
	case c == '{':
		m, ok := s.Object()
		if !ok {
			return nil, errCannot
		}
		obj := map[string]any{}
		for {
			key, more, ok := s.Key(m)
			if !ok {
				return nil, errCannot
			}
			if !more {
				return obj, nil
			}
			v, err := scanValue(s)
			if err != nil {
				return nil, err
			}
			obj[string(key)] = v
		}
	case c == '[':
		if !s.Array() {
			return nil, errCannot
		}
		arr := []any{}
		for first := true; ; first = false {
			more, ok := s.Element(first)
			if !ok {
				return nil, errCannot
			}
			if !more {
				return arr, nil
			}
			v, err := scanValue(s)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
	case c == '"':
		raw, escaped, ok := s.String()
		if !ok {
			return nil, errCannot
		}
		if escaped {
			return string(Unescape(nil, raw)), nil
		}
		return string(raw), nil
	case c == '-' || ('0' <= c && c <= '9'):
		lit, ok := s.Number()
		if !ok {
			return nil, errCannot
		}
		return json.Number(lit), nil
	case c == 't' || c == 'f' || c == 'n':
		if !s.Literal() {
			return nil, errCannot
		}
		return map[byte]any{'t': true, 'f': false, 'n': nil}[c], nil
	}
	return nil, errCannot
}

// withinBounds reports whether doc, at depth below live keys of the
// objects around it, is within a Scanner's depth and key bounds.
func withinBounds(doc any, depth, live int) bool {
	switch v := doc.(type) {
	case map[string]any:
		if depth >= ScanMaxDepth || len(v) > ScanMaxKeys || live+len(v) > scanLiveKeys {
			return false
		}
		for _, e := range v {
			if !withinBounds(e, depth+1, live+len(v)) {
				return false
			}
		}
	case []any:
		if depth >= ScanMaxDepth {
			return false
		}
		for _, e := range v {
			if !withinBounds(e, depth+1, live) {
				return false
			}
		}
	}
	return true
}

func TestScannerReadsWhatParseReads(t *testing.T) {
	for _, doc := range []string{
		`{}`, `[]`, `0`, `-0`, `1.5e-3`, `-12E+2`, `"a"`, `true`, `false`, `null`,
		` {"a" : [1, 2, {"b": null}], "c": "\u00e9\ud83d\ude00\n\"\\\/\b\f\r\t"} `,
		`"\ud800"`, `"\ud800\u0041"`, `"\ud83d\ude00x"`, `"\uD83D\uDE00"`,
		`{"chatType":"group","nested":{"deep":[[[[]]]]}}`,
		`{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}`,
	} {
		want, err := Parse([]byte(doc))
		if err != nil {
			t.Fatalf("Parse(%s): %v", doc, err)
		}
		got, _, err := scanTree([]byte(doc))
		if err != nil {
			t.Errorf("the Scanner stops on %s", doc)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the Scanner reads %#v, Parse %#v", doc, got, want)
		}
	}
}

func TestScannerStopsWhereParseRefuses(t *testing.T) {
	for _, doc := range []string{
		``, `   `, `{"chatType":"gro`, `{"chatType":"group"} x`, `{"a":1,"a":2}`, `{"a":{},"b":1,"a":2}`,
		`{"a":1,}`, `[1,]`, `[,1]`, `[1 2]`, `{"a" 1}`, `{"a":1 "b":2}`, `{1:2}`, `01`, `1.`, `1e`, `-`, `tru`, `nul`,
		"\"a\x00b\"", "\"a\xffb\"", "{\"\xc3\":1}", "\"\xed\xa0\x80\"", `"\x"`, `"\u12"`, `"\u12G4"`, `"\`,
		"\xef\xbb\xbf{}", `{`, `[`, `{"a":`, `{"a"`, `}`, `]`, `+1`, `.5`, `"a`,
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
	} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Fatalf("Parse accepts %q", doc)
		}
		if _, beyond, err := scanTree([]byte(doc)); err == nil || (beyond && len(doc) < ScanMaxDepth) {
			t.Errorf("the Scanner reads %q, which Parse refuses, or says it stopped at its bounds (%v)", doc, beyond)
		}
	}
}

func TestScannerStopsBeyondItsBounds(t *testing.T) {
	var many strings.Builder
	many.WriteString("{")
	for i := range ScanMaxKeys + 1 {
		if i > 0 {
			many.WriteString(",")
		}
		many.WriteString(`"k` + strings.Repeat("x", i) + `":1`)
	}
	many.WriteString("}")
	for name, doc := range map[string]string{
		"deep":          strings.Repeat("[", ScanMaxDepth+1) + strings.Repeat("]", ScanMaxDepth+1),
		"many keys":     many.String(),
		"escaped key":   `{"\u0061":1}`,
		"escaped twins": `{"a":1,"\u0061":2}`,
	} {
		if _, beyond, err := scanTree([]byte(doc)); err == nil || !beyond {
			t.Errorf("%s: the Scanner reads it, or does not say it stopped at its bounds", name)
		}
	}
	// At the bounds, it reads.
	at := strings.Repeat("[", ScanMaxDepth) + strings.Repeat("]", ScanMaxDepth)
	if _, _, err := scanTree([]byte(at)); err != nil {
		t.Errorf("the Scanner stops at %d levels", ScanMaxDepth)
	}
}

func TestScannerDoesNotAllocate(t *testing.T) {
	data := []byte(`{"accountEnabled": true, "displayName": "Adele \u0056ance", "n": [1, -2.5e3, null, false], "o": {"p": {}}}`)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := scanSkip(data); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations a document", allocs)
	}
}

// scanSkip reads data with a Scanner, building nothing.
func scanSkip(data []byte) (int, error) {
	var s Scanner
	s.Reset(data)
	n, ok := skipValue(&s)
	if !ok || !s.End() {
		return 0, errCannot
	}
	return n, nil
}

func skipValue(s *Scanner) (int, bool) {
	switch c := s.Peek(); {
	case c == '{':
		m, ok := s.Object()
		if !ok {
			return 0, false
		}
		n := 1
		for {
			_, more, ok := s.Key(m)
			if !ok || !more {
				return n, ok
			}
			k, ok := skipValue(s)
			if !ok {
				return 0, false
			}
			n += k
		}
	case c == '[':
		if !s.Array() {
			return 0, false
		}
		n := 1
		for first := true; ; first = false {
			more, ok := s.Element(first)
			if !ok || !more {
				return n, ok
			}
			k, ok := skipValue(s)
			if !ok {
				return 0, false
			}
			n += k
		}
	case c == '"':
		_, _, ok := s.String()
		return 1, ok
	case c == '-' || ('0' <= c && c <= '9'):
		_, ok := s.Number()
		return 1, ok
	case c == 't' || c == 'f' || c == 'n':
		return 1, s.Literal()
	}
	return 0, false
}

// FuzzScan checks that a Scanner reads exactly what Parse accepts, within
// its bounds, and the same tree: it never reads a document Parse refuses.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		`{"chatType":"group"}`, `[1,2.5e3,"x",null,true]`, `{"a":{"b":[{}]}}`, `"\u00e9"`, `{"a":1,"a":2}`, "\"\xff\"",
		`{"a":1,"\u0061":2}`, `"\ud800\udc00\ud800"`, strings.Repeat("[", 70) + strings.Repeat("]", 70),
		`{"accountEnabled": true, "displayName": "Adele Vance", "passwordProfile": {"password": "xWwvJ]6NMw\u002BbWH-d"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, perr := Parse(data)
		got, beyond, serr := scanTree(data)
		switch {
		case serr == nil && perr != nil:
			t.Fatalf("the Scanner reads %q, Parse refuses it: %v", data, perr)
		case serr == nil && !reflect.DeepEqual(got, want):
			t.Fatalf("%q: the Scanner reads %#v, Parse %#v", data, got, want)
		case serr != nil && perr == nil && !beyond:
			t.Fatalf("the Scanner stops on %q, which Parse accepts, not at its bounds", data)
		case serr != nil && perr == nil && !strings.Contains(string(data), `\`) && withinBounds(want, 0, 0):
			// Without a backslash no key has an escape: the Scanner
			// stopped at no bound.
			t.Fatalf("the Scanner stops on %q, within its bounds", data)
		}
	})
}
