package mockserver

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/graphmock/graphmock/internal/strictyaml"
)

// A LoadError is one problem with a scenario file or a scenario declared in
// Go. Its message reads like a compiler's:
//
//	scenarios.yaml:14:7: scenario "add-chat": response.status: ...
//
// Load and Compile return every problem they find, joined with
// errors.Join; use errors.As to get the first, or [LoadErrors] for all.
type LoadError struct {
	File     string // the scenario file as named to Load; "" for scenarios declared in Go
	Line     int    // 1-based line; 0 when unknown
	Column   int    // 1-based column; 0 when unknown (YAML syntax errors have none)
	Scenario string // the scenario's name, when the problem is inside one
	Field    string // the field at fault, such as "response.status"
	Err      error  // what is wrong
}

// Error renders the problem as file:line:column: scenario "name": field: what.
func (e *LoadError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		switch {
		case e.Line > 0 && e.Column > 0:
			fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
		case e.Line > 0:
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Scenario != "" {
		fmt.Fprintf(&b, "scenario %q: ", e.Scenario)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *LoadError) Unwrap() error { return e.Err }

// LoadErrors returns every *LoadError in err, in order.
func LoadErrors(err error) []*LoadError {
	var out []*LoadError
	var walk func(error)
	walk = func(err error) {
		if le, ok := err.(*LoadError); ok {
			out = append(out, le)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if u := errors.Unwrap(err); u != nil {
			walk(u)
		}
	}
	walk(err)
	return out
}

// noScenario is the scenario index of a problem outside every scenario.
const noScenario = -1

// A problem is a load error before it is located: which scenario (by its
// index in the document or the Go list, or noScenario), the field at
// fault inside it (or inside the document), and what is wrong. line and
// column are set when the problem came with its own position.
type problem struct {
	scenario     int
	at           strictyaml.Path
	err          error
	line, column int
}

// fieldProblem is a problem inside a scenario, before its index is known.
type fieldProblem struct {
	at  strictyaml.Path
	err error
}

// at parses a field path written as text, for the fixed paths compile
// names ("request.bodySchema").
func at(field string) strictyaml.Path { return strictyaml.ParsePath(field) }

// under returns the problems with their paths put under parent.
func under(parent strictyaml.Path, ps []fieldProblem) []fieldProblem {
	for i := range ps {
		ps[i].at = parent.Join(ps[i].at)
	}
	return ps
}

// scenariosPath is where a scenario file lists its scenarios.
var scenariosPath = strictyaml.Path{}.Key("scenarios")

// fromDecoder turns a decoder error, whose path is the document's, into a
// problem: inside scenario i when the path starts with scenarios[i].
func fromDecoder(e *strictyaml.Error) problem {
	p := problem{scenario: noScenario, at: e.Path, err: e.Err, line: e.Line, column: e.Column}
	if e.Path.Len() >= 2 {
		if k, ok := e.Path.KeyAt(0); ok && k == "scenarios" {
			if i, ok := e.Path.IndexAt(1); ok {
				p.scenario, p.at = i, e.Path.From(2)
			}
		}
	}
	return p
}

// locate turns problems into joined *LoadErrors: the file, the scenario's
// name, and, when the document is at hand (d not nil), the line and column
// of the field at fault or its closest written parent.
func locate(file string, d *strictyaml.Decoder, scenarios []Scenario, problems []problem) error {
	joined := make([]error, len(problems))
	for i, p := range problems {
		le := &LoadError{File: file, Line: p.line, Column: p.column, Field: p.at.String(), Err: p.err}
		docPath := p.at
		if p.scenario != noScenario {
			docPath = scenariosPath.Index(p.scenario).Join(p.at)
			if p.scenario < len(scenarios) {
				le.Scenario = scenarios[p.scenario].Name
			}
			if le.Scenario == "" {
				le.Scenario = fmt.Sprintf("#%d", p.scenario+1)
			}
		}
		if le.Line == 0 && d != nil {
			if n, ok := d.Node(docPath); ok {
				le.Line, le.Column = n.Line, n.Column
			}
		}
		joined[i] = le
	}
	// In file order, as a compiler lists them; problems without a
	// position keep their place at the front.
	sort.SliceStable(joined, func(i, j int) bool {
		a, b := joined[i].(*LoadError), joined[j].(*LoadError)
		return a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column)
	})
	return errors.Join(joined...)
}
