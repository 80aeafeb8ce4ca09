package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/textproto"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// BodyMatch holds conditions on a JSON request body.
type BodyMatch struct {
	// Contains is JSON the body must contain: every member of an object
	// must be in the body's object (which may have more), every element of
	// an array must be contained in some element of the body's array, and
	// other values must be equal (numbers by value).
	Contains any `yaml:"contains,omitempty" json:"contains,omitempty"`
	// Fields are conditions on the values at JSON pointers (RFC 6901), such
	// as "/chatType". A string value is tested as is; any other value as
	// its JSON text (true, 5, null, {"a":1}).
	Fields map[string]Match `yaml:"fields,omitempty" json:"fields,omitempty"`
}

// namedCondition is a compiled Match on one named value: a header, a
// query parameter, a path variable or a body field.
type namedCondition struct {
	name string
	cond valueCondition
}

// bodyCondition is a compiled BodyMatch.
type bodyCondition struct {
	contains any // nil when not given
	fields   []namedCondition
}

// compileConditions compiles conditions by name, in name order, reporting
// errors under field. check, when not nil, vets each name.
func compileConditions(field string, ms map[string]Match, check func(name string) error) ([]namedCondition, []fieldErr) {
	var out []namedCondition
	var errs []fieldErr
	for name, m := range ms {
		f := joinField(field, name)
		if check != nil {
			if err := check(name); err != nil {
				errs = append(errs, fieldErr{f, err})
				continue
			}
		}
		cond, err := compileMatch(m)
		if err != nil {
			errs = append(errs, fieldErr{f, err})
			continue
		}
		out = append(out, namedCondition{name: name, cond: cond})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, errs
}

// compileBodyMatch checks a BodyMatch.
func compileBodyMatch(b *BodyMatch) (*bodyCondition, []fieldErr) {
	bc := &bodyCondition{contains: b.Contains}
	var errs []fieldErr
	if b.Contains != nil {
		norm, err := normalizeJSON(b.Contains)
		if err != nil {
			errs = append(errs, fieldErr{"request.body.contains", err})
		}
		bc.contains = norm
	}
	fields, ferrs := compileConditions("request.body.fields", b.Fields, func(ptr string) error {
		if ptr != "" && !strings.HasPrefix(ptr, "/") {
			return fmt.Errorf("%q is not a JSON pointer: start it with /, as in /chatType", ptr)
		}
		return nil
	})
	bc.fields = fields
	errs = append(errs, ferrs...)
	if b.Contains == nil && len(b.Fields) == 0 {
		errs = append(errs, fieldErr{"request.body", errors.New("give contains, fields or both")})
	}
	return bc, errs
}

// normalizeJSON turns a Go value into the generic form parseJSON returns,
// so that contains compares like with like.
func normalizeJSON(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("cannot be written as JSON: %v", err)
	}
	return parseJSON(data)
}

// unmet returns why the request does not meet the scenario's conditions on
// headers, query, path variables and body, or "" when it meets them all.
func (c *compiledScenario) unmet(in *incoming, vars map[string]string) string {
	for _, hc := range c.headers {
		v, present := in.r.Header[hc.name]
		value := ""
		if present && len(v) > 0 {
			value = v[0]
		}
		if !hc.cond.test(value, present) {
			return describeUnmet("header "+hc.name, hc.cond, strings.Join(v, ", "), present)
		}
	}
	if len(c.query) > 0 {
		q := in.query()
		for _, qc := range c.query {
			v, present := q[qc.name]
			value := ""
			if present && len(v) > 0 {
				value = v[0]
			}
			if !qc.cond.test(value, present) {
				return describeUnmet("query parameter "+qc.name, qc.cond, value, present)
			}
		}
	}
	for _, pc := range c.pathVars {
		value, present := vars[pc.name]
		if !pc.cond.test(value, present) {
			return describeUnmet("path variable "+pc.name, pc.cond, value, present)
		}
	}
	if c.body != nil {
		return c.body.unmet(in)
	}
	return ""
}

func (b *bodyCondition) unmet(in *incoming) string {
	if in.tooLarge {
		return "" // unknowable; the scenario answers 413
	}
	doc, err := in.json()
	if err != nil {
		return "the body is not JSON, so its conditions cannot hold (" + err.Error() + ")"
	}
	if b.contains != nil {
		if where, ok := jsonContains(doc, b.contains, ""); !ok {
			return "the body does not contain what the scenario requires: " + where
		}
	}
	for _, fc := range b.fields {
		v, present := jsonPointer(doc, fc.name)
		text := ""
		if present {
			text = jsonText(v)
		}
		if !fc.cond.test(text, present) {
			return describeUnmet("body field "+fc.name, fc.cond, text, present)
		}
	}
	return ""
}

// describeUnmet words a failed condition.
func describeUnmet(what string, cond valueCondition, value string, present bool) string {
	switch {
	case cond.Op == OpAbsent:
		return fmt.Sprintf("%s must be absent and was %q", what, value)
	case !present:
		return fmt.Sprintf("%s is missing (want %s)", what, cond.Match)
	default:
		return fmt.Sprintf("%s is %q (want %s)", what, value, cond.Match)
	}
}

// jsonContains reports whether doc contains want, and where not.
func jsonContains(doc, want any, at string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		d, ok := doc.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s is %s, want an object", pointerOrBody(at), showJSON(doc)), false
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			child := at + "/" + escapePointerToken(k)
			dv, present := d[k]
			if !present {
				return child + " is missing", false
			}
			if where, ok := jsonContains(dv, w[k], child); !ok {
				return where, false
			}
		}
		return "", true
	case []any:
		d, ok := doc.([]any)
		if !ok {
			return fmt.Sprintf("%s is %s, want an array", pointerOrBody(at), showJSON(doc)), false
		}
		for i, wv := range w {
			found := false
			for _, dv := range d {
				if _, ok := jsonContains(dv, wv, ""); ok {
					found = true
					break
				}
			}
			if !found {
				return fmt.Sprintf("%s has no element containing %s (element %d of the condition)", pointerOrBody(at), showJSON(wv), i), false
			}
		}
		return "", true
	case json.Number:
		if d, ok := doc.(json.Number); ok && numbersEqual(d, w) {
			return "", true
		}
	default:
		if doc == want {
			return "", true
		}
	}
	return fmt.Sprintf("%s is %s, want %s", pointerOrBody(at), showJSON(doc), showJSON(want)), false
}

func pointerOrBody(at string) string {
	if at == "" {
		return "the body"
	}
	return at
}

// numbersEqual compares JSON numbers by value: 1.50 equals 1.5.
func numbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, ok1 := new(big.Rat).SetString(string(a))
	y, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
}

// jsonPointer resolves an RFC 6901 pointer in doc.
func jsonPointer(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
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

// showJSON renders a value as JSON for messages.
func showJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// jsonText is how a body value is compared and shown: strings as they are,
// everything else as compact JSON.
func jsonText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// checkHeaderName reports a name that cannot be a header.
func checkHeaderName(name string) error {
	if !tokenRE.MatchString(name) {
		return fmt.Errorf("%q is not a valid header name", name)
	}
	return nil
}

// canonicalNames puts header condition names in canonical form.
func canonicalNames(cs []namedCondition) []namedCondition {
	for i := range cs {
		cs[i].name = textproto.CanonicalMIMEHeaderKey(cs[i].name)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

// valueCondition is a compiled Match.
type valueCondition struct {
	Match
	re *regexp.Regexp
}

// test reports whether a value (present tells whether there was one)
// satisfies the condition.
func (c valueCondition) test(value string, present bool) bool {
	switch c.Op {
	case OpEquals:
		return present && value == c.Value
	case OpContains:
		return present && strings.Contains(value, c.Value)
	case OpMatches:
		return present && c.re.MatchString(value)
	case OpPresent:
		return present
	case OpAbsent:
		return !present
	}
	return false
}

// compileMatch checks a Match and compiles its regular expression.
func compileMatch(m Match) (valueCondition, error) {
	c := valueCondition{Match: m}
	switch m.Op {
	case OpEquals, OpContains, OpPresent, OpAbsent:
	case OpMatches:
		re, err := regexp.Compile(m.Value)
		if err != nil {
			return c, fmt.Errorf("invalid regular expression %q: %s", m.Value, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
		c.re = re
	case "":
		return c, errors.New("empty condition: use equals, contains, matches, present or absent")
	default:
		return c, fmt.Errorf("unknown condition %q: use equals, contains, matches, present or absent", m.Op)
	}
	return c, nil
}
