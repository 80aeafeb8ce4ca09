package mockserver

import (
	"errors"
	"fmt"

	"github.com/graphmock/graphmock/internal/strictjson"
)

// CheckResponses checks each canned response whose scenario names a
// response bodySchema against that schema. Loading does not, because a
// scenario may answer with a body that breaks the contract on purpose; run
// it to catch fixtures that drifted from the schema ("graphmock validate"
// does).
//
// Each response of a sequence is checked; a templated body, rendered per
// request, is not. It returns nil, or every violation joined with
// errors.Join, each a *LoadError pointing at the response's body or
// bodyFile.
func (s *ScenarioSet) CheckResponses() error {
	var errs []error
	for _, c := range s.scenarios {
		for i, r := range c.responses {
			if r == nil || (r.schema == nil && r.graphType == nil) || r.bodyTmpl != nil || len(r.body) == 0 {
				continue
			}
			spec, prefix := c.spec.Response, at("response")
			if len(c.spec.Responses) > 0 {
				spec, prefix = c.spec.Responses[i], at("responses").Index(i)
			}
			field, what := prefix.Key("body"), "the body"
			if spec.BodyFile != "" {
				field, what = prefix.Key("bodyFile"), spec.BodyFile
			}
			fail := func(err error) {
				line, column := c.position(field)
				errs = append(errs, &LoadError{File: s.file, Line: line, Column: column, Scenario: c.spec.Name, Field: field.String(), Err: err})
			}
			body := r.body
			if r.graphType != nil {
				doc, err := strictjson.Parse(body)
				if err != nil {
					fail(fmt.Errorf("%s is not JSON, so it cannot be a %s: %v", what, r.graphType.body.Name(), err))
					continue
				}
				for _, vi := range r.graphType.check(doc) {
					fail(fmt.Errorf("%s breaks Graph's metadata for %s: %s", what, r.graphType.body.Name(), vi))
				}
				continue
			}
			v := r.schema.Check(body, func() (any, error) { return strictjson.Parse(body) })
			if v.Syntax != nil {
				fail(fmt.Errorf("%s is not JSON, so it cannot match %s: %v", what, r.schema.Path, v.Syntax))
				continue
			}
			for _, vi := range v.Violations {
				fail(fmt.Errorf("%s does not match %s: %s", what, r.schema.Path, vi))
			}
		}
	}
	return errors.Join(errs...)
}
