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
	scenarios = slices.Clone(scenarios)
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
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	doc := struct {
		Version   int        `yaml:"version"`
		Scenarios []Scenario `yaml:"scenarios"`
	}{formatVersion, scenarios}
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// MarshalYAML writes the condition as a scenario file does: a plain string
// for equals, else a mapping such as {matches: '^a'} or {present: true}.
func (m Match) MarshalYAML() (any, error) {
	switch m.Op {
	case opEquals:
		return m.Value, nil
	case opPresent, opAbsent:
		return map[string]bool{m.Op: true}, nil
	default:
		return map[string]string{m.Op: m.Value}, nil
	}
}

// MarshalYAML writes the count as a scenario file does: a number for an
// exact count, else {atLeast: n, atMost: m} without the bound that is
// not set.
func (t Times) MarshalYAML() (any, error) {
	if t.Min == t.Max {
		return t.Min, nil
	}
	out := struct {
		AtLeast int  `yaml:"atLeast"`
		AtMost  *int `yaml:"atMost,omitempty"`
	}{AtLeast: t.Min}
	if t.Max >= 0 {
		out.AtMost = &t.Max
	}
	return out, nil
}

// MarshalYAML writes the delay as a scenario file does: a duration such as
// 200ms, or {min: 100ms, max: 2s}.
func (d Delay) MarshalYAML() (any, error) {
	if d.Min == d.Max {
		return d.Min.String(), nil
	}
	return struct {
		Min string `yaml:"min"`
		Max string `yaml:"max"`
	}{d.Min.String(), d.Max.String()}, nil
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
