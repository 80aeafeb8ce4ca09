package mockserver

import (
	"fmt"
	"slices"
	"strings"
)

// A NearMiss is what the server found out about a request no scenario
// answers: the scenario that came closest, and each part of the request
// that differed from what the scenario wants. The 404 or 405 the client
// gets words these facts; programs should read them here instead of
// parsing the words.
type NearMiss struct {
	Scenario string `json:"scenario"` // the closest scenario's name
	Method   string `json:"method"`   // its method
	Path     string `json:"path"`     // its path template
	// Allow, for a request whose path scenarios have with other methods
	// only (a 405), lists those methods.
	Allow []string `json:"allow,omitempty"`
	// Parts are the parts of the request that differed, in the order the
	// server found them; never empty.
	Parts []MissPart `json:"parts"`
}

// A MissPart is one part of a request that differed from what the closest
// scenario wants.
type MissPart struct {
	// Kind is the kind of part: "method", "path", "query", "header",
	// "pathVar" (a path variable's condition), "body" or "state" (a flow's
	// state).
	Kind string `json:"kind"`
	// Name names the part within its kind: the header, query parameter,
	// path variable or flow, or the body field's JSON pointer; "" for the
	// method, the path and the body as a whole.
	Name string `json:"name,omitempty"`
	// Segment, for a path part that is one segment, is its number: 1 for
	// the segment after the first slash (the API version), and so on.
	Segment int `json:"segment,omitempty"`
	// Rule says how the part differed: "differs" (a value other than the
	// one wanted), "missing" (the request lacks it), "unwanted" (the
	// scenario wants it absent), "longer" (the path goes on after the
	// template ends; Got is the rest of the path), "shorter" (the path
	// stops before the template does; Expected is the rest of the
	// template), "pattern" (a path variable does not fit its pattern),
	// "notJSON" (the body is not JSON, so no body condition can hold; Got
	// says why) or "notContained" (the body lacks what "contains" requires;
	// Got points at the first difference).
	Rule string `json:"rule"`
	// Expected is what the scenario wants: a method (or methods, joined by
	// ", ", for a 405), a template segment, a condition such as
	// `equals "x"`, a state, the rest of the template; "" when it wants the
	// part absent or the rule says it all.
	Expected string `json:"expected"`
	// Got is what the request had: a method, a decoded path segment, a
	// value, the path left over, why the body could not be read; "" when
	// it had none.
	Got string `json:"got"`
}

// The kinds of request parts (MissPart.Kind).
const (
	kindMethod  = "method"
	kindPath    = "path"
	kindQuery   = "query"
	kindHeader  = "header"
	kindPathVar = "pathVar"
	kindBody    = "body"
	kindState   = "state"
)

// How parts differ (MissPart.Rule).
const (
	ruleDiffers      = "differs"
	ruleMissing      = "missing"
	ruleUnwanted     = "unwanted"
	ruleLonger       = "longer"
	ruleShorter      = "shorter"
	rulePattern      = "pattern"
	ruleNotJSON      = "notJSON"
	ruleNotContained = "notContained"
)

// The words of a near miss, as the 404 and 405 answers say it. Each is a
// format; the answers are built from a NearMiss with these alone.
var (
	// missNoMatch: the request, the closest scenario, what differed.
	missNoMatch = "No scenario matches %s. Closest: %s, but %s."
	// missNoMethod: the request's method, the closest scenario, the
	// methods its path answers.
	missNoMethod = "No scenario answers %s on this path. Closest: %s, which expects %s."
	// missEmptySet: the request.
	missEmptySet = "No scenario matches %s: the scenario set is empty."
	// missScenario: a scenario's name, method and path template.
	missScenario = "scenario %q (%s %s)"
	// missMethodsOr joins the methods of missNoMethod.
	missMethodsOr = " or "
	// missPartsJoin joins the parts of missNoMatch.
	missPartsJoin = "; "

	// The parts of a request, by kind: the part's name.
	missHeader  = "header %s"
	missQuery   = "query parameter %s"
	missPathVar = "path variable %s"
	missBody    = "body field %s"

	// A condition on a named part: the part, its value, the condition.
	missCondDiffers  = "%s is %q (want %s)"
	missCondMissing  = "%s is missing (want %s)" // the part, the condition
	missCondUnwanted = "%s must be absent and was %q"

	missMethodDiffers  = "the method is %s, not %s"                                 // got, expected
	missSegmentDiffers = "path segment %d is %q where the template has %q"          // segment, got, expected
	missPathLonger     = "the path goes on after the template ends (extra %q)"      // got
	missPathShorter    = "the path stops where the template goes on with %q"        // expected
	missPathPattern    = "a path variable does not fit its pattern"                 //
	missStateDiffers   = "flow %q is in state %q and the scenario needs %q"         // flow, got, expected
	missBodyNotJSON    = "the body is not JSON, so its conditions cannot hold (%s)" // got
	missBodyLacks      = "the body does not contain what the scenario requires: %s" // got
)

// describe names the closest scenario as the answers do.
func (n *NearMiss) describe() string { return fmt.Sprintf(missScenario, n.Scenario, n.Method, n.Path) }

// message words the near miss of a request ("GET /v1.0/me") as the 404 or
// 405 says it.
func (n *NearMiss) message(target string) string {
	if len(n.Allow) > 0 {
		return fmt.Sprintf(missNoMethod, n.Parts[0].Got, n.describe(), strings.Join(n.Allow, missMethodsOr))
	}
	words := make([]string, len(n.Parts))
	for i := range n.Parts {
		words[i] = n.Parts[i].words()
	}
	return fmt.Sprintf(missNoMatch, target, n.describe(), strings.Join(words, missPartsJoin))
}

// words says what differed in one part.
func (p *MissPart) words() string {
	switch p.Kind {
	case kindMethod:
		return fmt.Sprintf(missMethodDiffers, p.Got, p.Expected)
	case kindState:
		return fmt.Sprintf(missStateDiffers, p.Name, p.Got, p.Expected)
	case kindPath:
		switch p.Rule {
		case ruleLonger:
			return fmt.Sprintf(missPathLonger, p.Got)
		case ruleShorter:
			return fmt.Sprintf(missPathShorter, p.Expected)
		case rulePattern:
			return missPathPattern
		}
		return fmt.Sprintf(missSegmentDiffers, p.Segment, p.Got, p.Expected)
	}
	switch p.Rule {
	case ruleNotJSON:
		return fmt.Sprintf(missBodyNotJSON, p.Got)
	case ruleNotContained:
		return fmt.Sprintf(missBodyLacks, p.Got)
	}
	var what string
	switch p.Kind {
	case kindHeader:
		what = fmt.Sprintf(missHeader, p.Name)
	case kindQuery:
		what = fmt.Sprintf(missQuery, p.Name)
	case kindPathVar:
		what = fmt.Sprintf(missPathVar, p.Name)
	default:
		what = fmt.Sprintf(missBody, p.Name)
	}
	switch p.Rule {
	case ruleUnwanted:
		return fmt.Sprintf(missCondUnwanted, what, p.Got)
	case ruleMissing:
		return fmt.Sprintf(missCondMissing, what, p.Expected)
	}
	return fmt.Sprintf(missCondDiffers, what, p.Got, p.Expected)
}

// conditionMiss is the part a failed condition on a named part makes.
func conditionMiss(kind string, name string, cond valueCondition, value string, present bool) *MissPart {
	p := &MissPart{Kind: kind, Name: name, Rule: ruleDiffers, Expected: cond.text(), Got: value}
	switch {
	case cond.Op == opAbsent:
		p.Rule, p.Expected = ruleUnwanted, ""
	case !present:
		p.Rule, p.Got = ruleMissing, ""
	}
	return p
}

// clone returns a deep copy of n.
func (n *NearMiss) clone() *NearMiss {
	if n == nil {
		return nil
	}
	c := *n
	c.Allow = slices.Clone(n.Allow)
	c.Parts = slices.Clone(n.Parts)
	return &c
}

// size estimates the memory a near miss holds.
func (n *NearMiss) size() int {
	if n == nil {
		return 0
	}
	s := 64 + len(n.Scenario) + len(n.Method) + len(n.Path)
	for _, m := range n.Allow {
		s += 16 + len(m)
	}
	for i := range n.Parts {
		p := &n.Parts[i]
		s += 80 + len(p.Name) + len(p.Expected) + len(p.Got)
	}
	return s
}
