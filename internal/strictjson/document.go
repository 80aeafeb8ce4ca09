package strictjson

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Pointer resolves an RFC 6901 JSON pointer in doc, a document as Parse
// returns it.
func Pointer(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	if ptr[0] != '/' {
		return nil, false
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = UnescapeToken(tok)
		switch d := doc.(type) {
		case map[string]any:
			v, ok := d[tok]
			if !ok {
				return nil, false
			}
			doc = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(d) || (len(tok) > 1 && tok[0] == '0') {
				return nil, false
			}
			doc = d[i]
		default:
			return nil, false
		}
	}
	return doc, true
}

// EscapeToken escapes one reference token of a JSON pointer: ~ becomes ~0
// and / becomes ~1.
func EscapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// UnescapeToken reverses EscapeToken: in one reference token of a JSON
// pointer, ~1 becomes / and ~0 becomes ~ (in that order, so that ~01 is
// ~1, RFC 6901 section 4).
func UnescapeToken(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// Contains reports whether doc contains want, and where not, as a phrase
// naming the JSON pointer below at where they first differ. Every member
// of a wanted object must be in doc's object (which may have more), every
// element of a wanted array must be contained in some element of doc's
// array, and other values must be equal (numbers by value).
func Contains(doc, want any, at string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		d, ok := doc.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s is %s, want an object", pointerOrBody(at), Show(doc)), false
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			child := at + "/" + EscapeToken(k)
			dv, present := d[k]
			if !present {
				return child + " is missing", false
			}
			if where, ok := Contains(dv, w[k], child); !ok {
				return where, false
			}
		}
		return "", true
	case []any:
		d, ok := doc.([]any)
		if !ok {
			return fmt.Sprintf("%s is %s, want an array", pointerOrBody(at), Show(doc)), false
		}
		for i, wv := range w {
			found := false
			for _, dv := range d {
				if _, ok := Contains(dv, wv, ""); ok {
					found = true
					break
				}
			}
			if !found {
				return fmt.Sprintf("%s has no element containing %s (element %d of the condition)", pointerOrBody(at), Show(wv), i), false
			}
		}
		return "", true
	case json.Number:
		if d, ok := doc.(json.Number); ok && NumbersEqual(d, w) {
			return "", true
		}
	default:
		if doc == want {
			return "", true
		}
	}
	return fmt.Sprintf("%s is %s, want %s", pointerOrBody(at), Show(doc), Show(want)), false
}

func pointerOrBody(at string) string {
	if at == "" {
		return "the body"
	}
	return at
}

// NumbersEqual compares JSON numbers by value: 1.50 equals 1.5.
func NumbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, ok1 := new(big.Rat).SetString(string(a))
	y, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
}

// Show renders a value as compact JSON for messages.
func Show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Text is how a value is compared and shown in conditions: a string as it
// is, anything else as compact JSON.
func Text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return Show(v)
}

// Quote renders a value for a message: a string quoted Go-style, anything
// else as compact JSON.
func Quote(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return Show(v)
}

// Normalize turns a Go value into the generic form Parse returns, so that
// Contains compares like with like.
func Normalize(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("cannot be written as JSON: %v", err)
	}
	return Parse(data)
}
