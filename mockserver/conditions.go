package mockserver

import (
	"errors"
	"fmt"
	"net/textproto"
	"regexp"
	"slices"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/graphmock/graphmock/internal/strictyaml"
)

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
func compileConditions(field strictyaml.Path, ms map[string]Match, check func(name string) error) ([]namedCondition, []fieldProblem) {
	if len(ms) == 0 {
		return nil, nil
	}
	var out []namedCondition
	var errs []fieldProblem
	for name, m := range ms {
		f := field.Key(name)
		if check != nil {
			if err := check(name); err != nil {
				errs = append(errs, fieldProblem{f, err})
				continue
			}
		}
		cond, err := compileMatch(m)
		if err != nil {
			errs = append(errs, fieldProblem{f, err})
			continue
		}
		out = append(out, namedCondition{name: name, cond: cond})
	}
	slices.SortFunc(out, byConditionName)
	return out, errs
}

// compileBodyMatch checks a BodyMatch.
func compileBodyMatch(b *BodyMatch) (*bodyCondition, []fieldProblem) {
	bc := &bodyCondition{contains: b.Contains}
	var errs []fieldProblem
	if b.Contains != nil {
		norm, err := strictjson.Normalize(b.Contains)
		if err != nil {
			errs = append(errs, fieldProblem{at("request.body.contains"), err})
		}
		bc.contains = norm
	}
	fields, ferrs := compileConditions(at("request.body.fields"), b.Fields, func(ptr string) error {
		if ptr != "" && !strings.HasPrefix(ptr, "/") {
			return fmt.Errorf("%q is not a JSON pointer: start it with /, as in /chatType", ptr)
		}
		return nil
	})
	bc.fields = fields
	errs = append(errs, ferrs...)
	if b.Contains == nil && len(b.Fields) == 0 {
		errs = append(errs, fieldProblem{at("request.body"), errors.New("give contains, fields or both")})
	}
	return bc, errs
}

// unmet returns the first part of the request that does not meet the
// scenario's conditions on headers, query, path variables and body, or nil
// when it meets them all.
func (c *compiledScenario) unmet(in *incoming, vars map[string]string) *MissPart {
	for _, hc := range c.headers {
		v, present := in.r.Header[hc.name]
		value := ""
		if present && len(v) > 0 {
			value = v[0]
		}
		if !hc.cond.test(value, present) {
			return conditionMiss(kindHeader, hc.name, hc.cond, strings.Join(v, ", "), present)
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
				return conditionMiss(kindQuery, qc.name, qc.cond, value, present)
			}
		}
	}
	for _, pc := range c.pathVars {
		value, present := vars[pc.name]
		if !pc.cond.test(value, present) {
			return conditionMiss(kindPathVar, pc.name, pc.cond, value, present)
		}
	}
	if c.body != nil {
		return c.body.unmet(in)
	}
	return nil
}

func (b *bodyCondition) unmet(in *incoming) *MissPart {
	if in.tooLarge {
		return nil // unknowable; the scenario answers 413
	}
	doc, err := in.json()
	if err != nil {
		return &MissPart{Kind: kindBody, Rule: ruleNotJSON, Got: err.Error()}
	}
	if b.contains != nil {
		if where, ok := strictjson.Contains(doc, b.contains, ""); !ok {
			return &MissPart{Kind: kindBody, Rule: ruleNotContained, Got: where}
		}
	}
	for _, fc := range b.fields {
		v, present := strictjson.Pointer(doc, fc.name)
		text := ""
		if present {
			text = strictjson.Text(v)
		}
		if !fc.cond.test(text, present) {
			return conditionMiss(kindBody, fc.name, fc.cond, text, present)
		}
	}
	return nil
}

// checkHeaderName reports a name that cannot be a header.
func checkHeaderName(name string) error {
	if !graphwire.ValidToken(name) {
		return fmt.Errorf("%q is not a valid header name", name)
	}
	return nil
}

// canonicalNames puts header condition names in canonical form.
func canonicalNames(cs []namedCondition) []namedCondition {
	for i := range cs {
		cs[i].name = textproto.CanonicalMIMEHeaderKey(cs[i].name)
	}
	slices.SortFunc(cs, byConditionName)
	return cs
}

// byConditionName orders conditions by name.
func byConditionName(a, b namedCondition) int { return strings.Compare(a.name, b.name) }

// valueCondition is a compiled Match.
type valueCondition struct {
	Match
	re *regexp.Regexp
}

// test reports whether a value (present tells whether there was one)
// satisfies the condition.
func (c valueCondition) test(value string, present bool) bool {
	switch c.Op {
	case opEquals:
		return present && value == c.Value
	case opContains:
		return present && strings.Contains(value, c.Value)
	case opMatches:
		return present && c.re.MatchString(value)
	case opPresent:
		return present
	case opAbsent:
		return !present
	}
	return false
}

// compileMatch checks a Match and compiles its regular expression.
func compileMatch(m Match) (valueCondition, error) {
	c := valueCondition{Match: m}
	switch m.Op {
	case opEquals, opContains, opPresent, opAbsent:
	case opMatches:
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
