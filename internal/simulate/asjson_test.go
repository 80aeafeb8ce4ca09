package simulate

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// TestAsJSONIsWhatEncodingJSONReads: the one-walk conversion gives what a
// round trip through encoding/json with UseNumber gives, for the values
// tenant files and Go seeds hold and for those it leaves to encoding/json.
func TestAsJSONIsWhatEncodingJSONReads(t *testing.T) {
	roundTrip := func(data map[string]any) any {
		b, err := json.Marshal(data)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var out any
		if err := dec.Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, data := range []map[string]any{
		{},
		{"displayName": "Adele Vance", "accountEnabled": true, "manager": nil},
		{"n": 42, "big": int64(1) << 53, "neg": -7, "f": 1.5, "tiny": 1e-7, "huge": 1e21, "whole": 3.0},
		{"num": json.Number("12.50"), "nested": map[string]any{"list": []any{1, "a", false, nil, []any{2.25}}}},
		{"businessPhones": []string{"+1 425 555 0109"}, "typed": map[string]int{"a": 1}},
		{"deep": map[string]any{"s": struct{ A int }{1}}},
	} {
		if got, want := asJSON(data), roundTrip(data); !reflect.DeepEqual(got, want) {
			t.Errorf("asJSON(%v) = %#v, want %#v", data, got, want)
		}
	}
	inf := map[string]any{"x": math.Inf(1)}
	if got := asJSON(inf); !reflect.DeepEqual(got, inf) {
		t.Errorf("asJSON of an infinite float = %#v, want the data unchanged (encoding/json refuses it)", got)
	}
}
