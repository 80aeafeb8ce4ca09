package mockserver

import (
	"errors"
	"fmt"
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
			if r == nil || r.schema == nil || r.bodyTmpl != nil || len(r.body) == 0 {
				continue
			}
			spec, prefix := c.spec.Response, "response"
			if len(c.spec.Responses) > 0 {
				spec, prefix = c.spec.Responses[i], fmt.Sprintf("responses[%d]", i)
			}
			field, what := prefix+".body", "the body"
			if spec.BodyFile != "" {
				field, what = prefix+".bodyFile", spec.BodyFile
			}
			fail := func(err error) {
				at := c.position(field)
				errs = append(errs, &LoadError{File: s.file, Line: at.line, Column: at.column, Scenario: c.spec.Name, Field: field, Err: err})
			}
			v := r.schema.check(&incoming{body: r.body})
			if v.syntax != nil {
				fail(fmt.Errorf("%s is not JSON, so it cannot match %s: %v", what, r.schema.path, v.syntax))
				continue
			}
			for _, vi := range v.violations {
				fail(fmt.Errorf("%s does not match %s: %s", what, r.schema.path, vi))
			}
		}
	}
	return errors.Join(errs...)
}
