package mockserver

import (
	"bytes"
	"encoding/json"
	"slices"

	"gopkg.in/yaml.v3"
)

// MarshalScenarios writes scenarios as a scenario file that Load reads
// back into the same scenarios: "version: 1" and the list, each field in
// the order the Scenario type declares it, conditions, counts and delays
// in the file's short forms, two spaces of indentation.
//
// A body given in Go as []byte or json.RawMessage is written as the JSON
// value it holds, or as a string when it is not JSON.
func MarshalScenarios(scenarios ...Scenario) ([]byte, error) {
	scenarios = append([]Scenario{}, scenarios...)
	for i := range scenarios {
		sc := &scenarios[i]
		sc.Response.Body = fileBody(sc.Response.Body)
		if sc.Responses != nil {
			sc.Responses = slices.Clone(sc.Responses)
			for j := range sc.Responses {
				sc.Responses[j].Body = fileBody(sc.Responses[j].Body)
			}
		}
	}
	var list yaml.Node
	if err := list.Encode(scenarios); err != nil {
		return nil, err
	}
	if err := shortForms(&list, scenarios); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	doc := struct {
		Version   int        `yaml:"version"`
		Scenarios *yaml.Node `yaml:"scenarios"`
	}{formatVersion, &list}
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// shortForms rewrites, in the encoded scenario list, the conditions,
// counts and delays of each scenario in the scenario file's short forms.
func shortForms(list *yaml.Node, scenarios []Scenario) error {
	var err error
	set := func(n *yaml.Node, v any) {
		if n != nil && err == nil {
			var short yaml.Node
			err = short.Encode(v)
			*n = short
		}
	}
	conditions := func(n *yaml.Node, ms map[string]Match) {
		if n == nil {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "<<" {
				// Plain, YAML would read a merge key: a query parameter
				// named << is written quoted, as a string.
				n.Content[i].Tag, n.Content[i].Style = "!!str", yaml.DoubleQuotedStyle
			}
			set(n.Content[i+1], shortMatch(ms[n.Content[i].Value]))
		}
	}
	delay := func(n *yaml.Node, d *Delay) {
		if d != nil {
			set(value(n, "delay"), shortDelay(*d))
		}
	}
	for i, item := range list.Content {
		sc := &scenarios[i]
		if sc.Times != nil {
			set(value(item, "times"), shortTimes(*sc.Times))
		}
		req := value(item, "request")
		conditions(value(req, "headers"), sc.Request.Headers)
		conditions(value(req, "query"), sc.Request.Query)
		conditions(value(req, "pathVars"), sc.Request.PathVars)
		if sc.Request.Body != nil {
			conditions(value(value(req, "body"), "fields"), sc.Request.Body.Fields)
		}
		delay(value(item, "response"), sc.Response.Delay)
		if rs := value(item, "responses"); rs != nil {
			for j, r := range rs.Content {
				delay(r, sc.Responses[j].Delay)
			}
		}
	}
	return err
}

// value returns the value of key in a mapping node, nil when there is none.
func value(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// shortMatch is a condition as a scenario file writes it: a plain string
// for equals, else a mapping such as {matches: '^a'} or {present: true}.
func shortMatch(m Match) any {
	switch m.Op {
	case opEquals:
		return m.Value
	case opPresent, opAbsent:
		return map[string]bool{m.Op: true}
	default:
		return map[string]string{m.Op: m.Value}
	}
}

// shortTimes is a count as a scenario file writes it: a number for an
// exact count, else {atLeast: n, atMost: m} without a bound that is not
// set.
func shortTimes(t Times) any {
	if t.Max != nil && *t.Max == t.Min {
		return t.Min
	}
	return struct {
		AtLeast int  `yaml:"atLeast"`
		AtMost  *int `yaml:"atMost,omitempty"`
	}{AtLeast: t.Min, AtMost: t.Max}
}

// shortDelay is a delay as a scenario file writes it: a duration such as
// 200ms, or {min: 100ms, max: 2s}.
func shortDelay(d Delay) any {
	if d.Min == d.Max {
		return d.Min.String()
	}
	return struct {
		Min string `yaml:"min"`
		Max string `yaml:"max"`
	}{d.Min.String(), d.Max.String()}
}

// fileBody returns a response body as a scenario file holds it: bytes of
// JSON as the JSON value, other bytes as a string, anything else as it is.
func fileBody(body any) any {
	var b []byte
	switch v := body.(type) {
	case json.RawMessage:
		b = v
	case []byte:
		b = v
	default:
		return body
	}
	var doc any
	if json.Unmarshal(b, &doc) == nil {
		return doc
	}
	return string(b)
}
