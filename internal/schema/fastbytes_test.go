package schema

import (
	"math"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/edm"
	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// nodeValid reads the value at s with n's methods, as a token-by-token
// reader does: ok false means n could not say "valid".
func nodeValid(s *strictjson.Scanner, n FastNode) bool {
	switch c := s.Peek(); {
	case c == '{':
		m, ok := s.Object()
		if !ok || !n.Object() {
			return false
		}
		required := n.Required()
		found := 0
		for {
			key, more, ok := s.Key(m)
			if !ok {
				return false
			}
			if !more {
				return found == len(required)
			}
			for _, r := range required {
				if r == string(key) {
					found++
				}
			}
			if !nodeValid(s, n.Prop(key)) {
				return false
			}
		}
	case c == '[':
		if !s.Array() || !n.Array() {
			return false
		}
		for first := true; ; first = false {
			more, ok := s.Element(first)
			if !ok {
				return false
			}
			if !more {
				return true
			}
			if !nodeValid(s, n.Items()) {
				return false
			}
		}
	case c == '"':
		raw, escaped, ok := s.String()
		if !ok {
			return false
		}
		if escaped {
			raw = strictjson.Unescape(nil, raw)
		}
		return n.String(raw)
	case c == '-' || ('0' <= c && c <= '9'):
		lit, ok := s.Number()
		return ok && n.Number(lit)
	case c == 't' || c == 'f':
		return s.Literal() && n.Bool()
	case c == 'n':
		return s.Literal() && n.Null()
	}
	return false
}

// nodeSchema uses every keyword a FastNode judges: types and their
// unions, enums with null, required, nested properties, items, patterns,
// package edm's formats, bounds and minLength.
var nodeSchema = map[string]any{
	"type":     "object",
	"required": []any{"id"},
	"properties": map[string]any{
		"id":        map[string]any{"type": "string", "minLength": 1},
		"kind":      map[string]any{"enum": []any{"group", "oneOnOne", nil}},
		"count":     map[string]any{"type": "integer", "minimum": math.MinInt32, "maximum": math.MaxInt32},
		"big":       map[string]any{"type": "integer", "minimum": int64(math.MinInt64), "maximum": int64(math.MaxInt64)},
		"ratio":     map[string]any{"type": "number", "minimum": 0.5, "maximum": 2},
		"flag":      map[string]any{"type": []any{"boolean", "string"}, "pattern": "^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"},
		"when":      map[string]any{"type": []any{"string", "null"}, "format": edm.FormatDateTimeOffset},
		"guid":      map[string]any{"type": "string", "format": edm.FormatGuid},
		"double":    map[string]any{"type": []any{"number", "string"}, "format": edm.FormatLenientDouble},
		"tags":      map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		"nested":    map[string]any{"type": "object", "properties": map[string]any{"n": map[string]any{"type": "null"}}},
		"anything":  map[string]any{},
		"objects":   map[string]any{"type": "array", "items": map[string]any{"type": "object"}},
		"duration":  map[string]any{"type": "string", "format": edm.FormatDuration},
		"date":      map[string]any{"type": "string", "format": edm.FormatDate},
		"binary":    map[string]any{"type": "string", "format": edm.FormatBinary},
		"timeOfDay": map[string]any{"type": "string", "format": edm.FormatLenientTimeOfDay},
	},
}

var nodeSeeds = []string{
	`{"id": "x", "kind": "group", "count": 2147483647, "big": -9223372036854775808, "ratio": 1.5e0, "flag": "TRUE", "when": "2026-11-27T10:00:00Z",
	  "guid": "8b081ef6-4792-4def-b2c9-c363a1bf41d5", "double": "1.5", "tags": ["a", "\u00e9"], "nested": {"n": null}, "anything": [{"x": 1}],
	  "objects": [{}, {"a": []}], "duration": "PT1H", "date": "2024-02-29", "binary": "AAE=", "timeOfDay": "8:30"}`,
	`{"id": "", "count": 2147483648}`,
	`{"id": "\u0000", "count": -2147483649, "ratio": 0.4999}`,
	`{"id": "x", "kind": null, "flag": true, "when": null, "double": "INF"}`,
	`{"id": "x", "kind": "Group", "flag": "yes"}`,
	`{"id": "x", "count": 1.0, "big": 99999999999999999999}`,
	`{"kind": "group"}`,
	`{"id": "x", "guid": "8b081ef6-4792-4def-b2c9-c363a1bf41d"}`,
	`{"id": "x", "when": "2026-11-27T10:00:00\u005a", "tags": [1]}`,
	`{"id": "x", "nested": {"n": 0}, "objects": [1]}`,
	`[]`, `"x"`, `1`, `null`,
}

func TestFastNodeAgreesWithValid(t *testing.T) {
	edm.Register()
	f := NewFast(nodeSchema)
	if f == nil {
		t.Fatal("no Fast")
	}
	decided := 0
	for _, seed := range nodeSeeds {
		if checkNodeAgrees(t, f, []byte(seed)) {
			decided++
		}
	}
	if decided < 2 {
		t.Fatalf("the FastNode said valid of %d seeds", decided)
	}
}

// checkNodeAgrees fails when the FastNode calls data valid and Valid or
// gojsonschema does not, or Valid calls it valid and the FastNode does
// not; it reports whether the FastNode called it valid.
func checkNodeAgrees(t *testing.T, f *Fast, data []byte) bool {
	doc, err := strictjson.Parse(data)
	var s strictjson.Scanner
	s.Reset(data)
	byNode := nodeValid(&s, f.Root()) && s.End()
	if err != nil {
		if byNode {
			t.Fatalf("the FastNode calls %q valid; it is not JSON", data)
		}
		return false
	}
	if byNode != f.Valid(doc) && len(data) < 4096 {
		t.Fatalf("%q: the FastNode says %v, Valid %v", data, byNode, !byNode)
	}
	if byNode {
		sl := gojsonschema.NewSchemaLoader()
		compiled, err := sl.Compile(gojsonschema.NewGoLoader(nodeSchema))
		if err != nil {
			t.Fatal(err)
		}
		res, err := compiled.Validate(gojsonschema.NewRawLoader(doc))
		if err != nil || !res.Valid() {
			t.Fatalf("the FastNode calls %q valid; gojsonschema says %v %v", data, err, res.Errors())
		}
	}
	return byNode
}

// FuzzFastNode checks that FastNode's verdicts are Valid's, which never
// calls valid what gojsonschema refuses.
func FuzzFastNode(f *testing.F) {
	for _, s := range nodeSeeds {
		f.Add([]byte(s))
	}
	edm.Register()
	fast := NewFast(nodeSchema)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkNodeAgrees(t, fast, data)
	})
}

func TestFastNodeDoesNotAllocate(t *testing.T) {
	edm.Register()
	f := NewFast(nodeSchema)
	// Numbers beyond 18 digits, and bounds on fractions, are compared as
	// big.Rat values, which allocate; the rest does not.
	data := []byte(strings.NewReplacer(`"big": -9223372036854775808, `, "", `"ratio": 1.5e0, `, "").Replace(nodeSeeds[0]))
	var s strictjson.Scanner
	allocs := testing.AllocsPerRun(100, func() {
		s.Reset(data)
		if !nodeValid(&s, f.Root()) {
			t.Fatal("not valid")
		}
	})
	// The one escaped string is decoded by the test's own Unescape(nil, …).
	if allocs > 1 {
		t.Errorf("%v allocations a document", allocs)
	}
}

func TestEdmStringFormatIsRegisteredFormat(t *testing.T) {
	edm.Register()
	samples := []string{"", "2026-11-27T10:00:00Z", "2026-02-29", "8:30", "10:00:00", "PT1H", "P", "8b081ef6-4792-4def-b2c9-c363a1bf41d5", "AAE=", "INF", "-INF", "NaN", "1.5", "x"}
	for _, format := range []string{edm.FormatDateTimeOffset, edm.FormatDate, edm.FormatTimeOfDay, edm.FormatDuration, edm.FormatGuid, edm.FormatBinary, edm.FormatDouble, edm.FormatLenientDouble, edm.FormatLenientTimeOfDay} {
		for _, s := range samples {
			ok, known := edmStringFormat(format, s)
			if !known || ok != gojsonschema.FormatCheckers.IsFormat(format, s) {
				t.Errorf("%s %q: edmStringFormat says %v (known %v), the registered checker %v", format, s, ok, known, !ok)
			}
		}
	}
	if _, known := edmStringFormat("email", "a@b"); known {
		t.Error("email is no format of package edm")
	}
}
