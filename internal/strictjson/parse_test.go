package strictjson

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseJSON(t *testing.T) {
	valid := []string{
		`{}`, `[]`, `0`, `-0`, `1.5e-3`, `-12E+2`, `"a"`, `true`, `false`, `null`,
		` {"a" : [1, 2, {"b": null}], "c": "\u00e9\ud83d\ude00\n\"\\\/"} `,
		`"\ud800"`, // a lone surrogate becomes U+FFFD, as in encoding/json
		`{"chatType":"group","nested":{"deep":[[[[]]]]}}`,
	}
	for _, doc := range valid {
		got, err := Parse([]byte(doc))
		if err != nil {
			t.Errorf("Parse(%s) error = %v", doc, err)
			continue
		}
		if want := stdDecode(t, []byte(doc)); !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%s) = %#v, encoding/json gives %#v", doc, got, want)
		}
	}
	invalid := []struct{ doc, want string }{
		{``, "invalid JSON at byte 0: empty document"},
		{`   `, "invalid JSON at byte 3: empty document"},
		{`{"chatType":"gro`, "invalid JSON at byte 12: unterminated string"},
		{`{"chatType":"group"} x`, "invalid JSON at byte 21: unexpected data after the JSON document"},
		{`{"a":1,"a":2}`, `invalid JSON at byte 7: duplicate property "a"`},
		{`{"a":1,}`, `invalid JSON at byte 7: want a property name in double quotes, got '}'`},
		{`[1,]`, `invalid JSON at byte 3: unexpected character ']'`},
		{`01`, "invalid JSON at byte 1: unexpected data after the JSON document"},
		{`1.`, "invalid JSON at byte 2: invalid number: want a digit after '.'"},
		{`1e`, "invalid JSON at byte 2: invalid number: want a digit in the exponent"},
		{`-`, "invalid JSON at byte 1: invalid number"},
		{`tru`, "invalid JSON at byte 0: invalid literal, want true"},
		{"\"a\x00b\"", "invalid JSON at byte 2: control character 0x00 in string (escape it)"},
		{"\"a\xffb\"", "invalid JSON at byte 2: invalid UTF-8 in string"},
		{"{\"\xc3\":1}", "invalid JSON at byte 2: invalid UTF-8 in string"},
		{`"\x"`, `invalid JSON at byte 1: invalid escape 'x'`},
		{`"\u12"`, `invalid JSON at byte 1: invalid \u escape`},
		{`{"a" 1}`, `invalid JSON at byte 5: want ':' after property name "a"`},
		{`{1:2}`, `invalid JSON at byte 1: want a property name in double quotes, got '1'`},
		{"\xef\xbb\xbf{}", "invalid JSON at byte 0: unexpected character byte 0xef"},
		{strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), "invalid JSON at byte 512: nesting deeper than 512 levels"},
	}
	for _, tt := range invalid {
		_, err := Parse([]byte(tt.doc))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) error = %v, want %s", tt.doc, err, tt.want)
		}
	}
}

func TestParseJSONDeepNestingIsCheap(t *testing.T) {
	doc := strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000)
	if _, err := Parse([]byte(doc)); err == nil || !strings.Contains(err.Error(), "nesting deeper than") {
		t.Fatalf("Parse(10,000 levels) error = %v, want a nesting error", err)
	}
}

func stdDecode(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("encoding/json rejects %q: %v", data, err)
	}
	return v
}

// FuzzParseJSON checks Parse against encoding/json: whatever it
// accepts, encoding/json accepts with the same value; whatever encoding/json
// accepts and Parse refuses must be one of Parse's documented
// strictnesses (duplicate keys, invalid UTF-8, depth).
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"chatType":"group"}`, `[1,2.5e3,"x",null,true]`, `{"a":{"b":[{}]}}`, `"\u00e9"`, `{"a":1,"a":2}`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Parse(data)
		stdOK := json.Valid(data)
		if err == nil {
			if !stdOK {
				t.Fatalf("Parse accepts %q, encoding/json does not", data)
			}
			if want := stdDecode(t, data); !reflect.DeepEqual(got, want) {
				t.Fatalf("Parse(%q) = %#v, encoding/json gives %#v", data, got, want)
			}
			return
		}
		if stdOK {
			msg := err.Error()
			if !strings.Contains(msg, "duplicate property") && !strings.Contains(msg, "invalid UTF-8") && !strings.Contains(msg, "nesting deeper") {
				t.Fatalf("Parse refuses valid JSON %q: %v", data, err)
			}
			if strings.Contains(msg, "invalid UTF-8") && utf8.Valid(data) {
				t.Fatalf("Parse reports invalid UTF-8 in valid UTF-8 %q", data)
			}
		}
	})
}
