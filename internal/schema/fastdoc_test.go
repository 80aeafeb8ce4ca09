package schema

import (
	"encoding/json"
	"testing"

	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// fastDoc is a schema built in Go as odataschema builds its levels: Go
// numbers, items, minimum, maximum and minLength.
var fastDoc = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"n":    map[string]any{"type": "integer", "minimum": int64(-2), "maximum": int64(2147483647)},
		"f":    map[string]any{"type": "number", "maximum": 1.5},
		"s":    map[string]any{"type": "string", "minLength": 2},
		"list": map[string]any{"type": "array", "items": map[string]any{"type": []any{"string", "null"}, "minLength": 1}},
		"any":  map[string]any{},
	},
	"required": []any{"n"},
}

// fastDocCases are documents and whether the fast check must decide them.
var fastDocCases = []struct {
	doc  string
	fast bool // the fast check calls it valid (and so must gojsonschema)
}{
	{`{"n": 0}`, true},
	{`{"n": -2, "f": 1.5, "s": "éé", "list": ["a", null], "any": [1]}`, true},
	{`{"n": 2147483647}`, true},
	{`{"n": 2147483648}`, false},
	{`{"n": -3}`, false},
	{`{"n": 1.5}`, false},
	{`{"n": 1, "f": 1.6}`, false},
	{`{"n": 1, "s": "é"}`, false},
	{`{"n": 1, "s": "\u0000"}`, false},
	{`{"n": 1, "list": [""]}`, false},
	{`{"n": 1, "list": [1]}`, false},
	{`{"n": 1, "list": "a"}`, false},
	{`{"f": 1}`, false},
}

func TestNewFastDecidesWhatGojsonschemaCallsValid(t *testing.T) {
	f := NewFast(fastDoc)
	if f == nil {
		t.Fatal("no fast check for items, minimum, maximum and minLength")
	}
	raw, err := json.Marshal(fastDoc)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range fastDocCases {
		doc, err := strictjson.Parse([]byte(c.doc))
		if err != nil {
			t.Fatal(err)
		}
		got := f.Valid(doc)
		res, err := slow.Validate(gojsonschema.NewRawLoader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if got && !res.Valid() {
			t.Errorf("%s: the fast check calls valid what gojsonschema refuses: %v", c.doc, res.Errors())
		}
		if got != c.fast {
			t.Errorf("%s: the fast check says %v, want %v (gojsonschema: %v)", c.doc, got, c.fast, res.Valid())
		}
	}
}

func TestNewFastGivesUpOnWhatItDoesNotKnow(t *testing.T) {
	for name, doc := range map[string]any{
		"a $ref to a file": map[string]any{"$ref": "other.json#/x"},
		"tuple items":      map[string]any{"type": "array", "items": []any{map[string]any{}}},
		"maxLength":        map[string]any{"type": "string", "maxLength": 3},
		"a NaN maximum":    map[string]any{"type": "number", "maximum": "x"},
		"a boolean schema": true,
	} {
		if NewFast(doc) != nil {
			t.Errorf("%s: a fast check was built", name)
		}
	}
	f := NewFast(map[string]any{
		"definitions": map[string]any{"x": map[string]any{"type": "string"}},
		"properties":  map[string]any{"a": map[string]any{"$ref": "#/definitions/x"}},
	})
	if f == nil {
		t.Fatal("a $ref inside the document: no fast check")
	}
	if doc := map[string]any{"a": "s"}; !f.Valid(doc) {
		t.Error("a value its $ref allows is not decided")
	}
	if doc := map[string]any{"a": true}; f.Valid(doc) {
		t.Error("a value its $ref refuses is called valid")
	}
}
