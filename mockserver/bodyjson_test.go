package mockserver

import (
	"bytes"
	"encoding/json"
	"testing"
)

// plainBodies are bodies plainJSON encodes, and bodies it leaves to
// json.Marshal.
var plainBodies = []any{
	map[string]any{"id": "x1"},
	map[string]any{"b": 1, "a": []any{true, false, nil, "s", json.Number("-1.5e+10")}, "c": map[string]any{}, "d": []any{}},
	map[string]any{"displayName": "José Müller 日本", "del": "\x7f", "nested": map[string]any{"z": map[string]any{"y": []any{map[string]any{"x": 0}}}}},
	map[string]any{"nilMap": map[string]any(nil), "nilList": []any(nil), "n": json.Number("0"), "m": json.Number("12.0E-3")},
	[]any{"a", 1, json.Number("3")}, "just a string", json.Number("7"), true, nil, 42, -7,
	// left to json.Marshal
	map[string]any{"html": "<b>&</b>"}, map[string]any{"q": `say "hi"`}, map[string]any{"nl": "a\nb"}, map[string]any{"bad": "\xff"},
	map[string]any{"ls": "\u2028"}, map[string]any{"<k>": 1}, map[string]any{"f": 1.5}, map[string]any{"n": json.Number("")},
	map[string]any{"n": json.Number("01")}, map[string]any{"n": json.Number("1e")}, map[string]any{"n": json.Number("1.")}, map[string]any{"n": json.Number("-")},
	map[string]any{"typed": []string{"a"}}, map[string]string{"a": "b"}, struct{ A int }{1},
}

// TestPlainJSONIsMarshal checks that plainJSON writes what json.Marshal
// writes, and that it encodes the plain bodies itself.
func TestPlainJSONIsMarshal(t *testing.T) {
	encoded := 0
	for _, v := range plainBodies {
		want, werr := json.Marshal(v)
		got, ok := plainJSON(v)
		if !ok {
			continue
		}
		encoded++
		if werr != nil || !bytes.Equal(got, want) || cap(got) != len(got) {
			t.Errorf("plainJSON(%#v) = %s (cap %d), json.Marshal gives %s, %v", v, got, cap(got), want, werr)
		}
	}
	if encoded != 11 {
		t.Errorf("plainJSON encoded %d of the bodies, want the first 11", encoded)
	}
}

// FuzzPlainJSON checks plainJSON against json.Marshal on bodies holding
// any key, string and number.
func FuzzPlainJSON(f *testing.F) {
	f.Add("id", "x1", "5")
	f.Add("a<", "é\u2028", "-0.5e+3")
	f.Add("", "\xff", "01")
	f.Fuzz(func(t *testing.T, key, value, number string) {
		v := map[string]any{key: value, "n": json.Number(number), "l": []any{value, json.Number(number)}}
		want, werr := json.Marshal(v)
		if got, ok := plainJSON(v); ok && (werr != nil || !bytes.Equal(got, want)) {
			t.Errorf("plainJSON(%#v) = %s, json.Marshal gives %s, %v", v, got, want, werr)
		}
	})
}
