package mockserver

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/memo"
	"github.com/graphmock/graphmock/internal/odataschema"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// graphType is a body checked against a type of Graph's metadata.
type graphType struct {
	body       *odataschema.Body
	collection bool     // a response's "value" array holds the bodies
	required   []string // top-level properties the scenario requires

	memo atomic.Pointer[typeVerdicts] // verdicts remembered (bodymemo.go), made on the first body
}

// compileBodyType resolves a request's or response's BodyType against the
// metadata of its path's version, in reading r. A response checks what a
// GET of the path returns.
func compileBodyType(cat *graphmeta.Catalog, method, path, bodyType string, r graphmeta.Reading, response bool) (*graphType, error) {
	question := cat.RequestBodyIn
	if response {
		question = cat.ResponseBodyIn
	}
	t, err := question(method, path, bodyType, r)
	if err != nil {
		return nil, err
	}
	return &graphType{body: t.Body, collection: t.Collection}, nil
}

// check validates a parsed body: against the type (each element of
// "value" for a collection), then the scenario's required properties.
func (g *graphType) check(doc any) []graphwire.Violation {
	if !g.collection {
		return append(g.body.Validate(doc), g.missing(doc)...)
	}
	obj, _ := doc.(map[string]any)
	items, ok := obj["value"].([]any)
	if !ok {
		return []graphwire.Violation{{Field: "/value", Code: "required", Message: "a collection is an object whose \"value\" is an array"}}
	}
	var out []graphwire.Violation
	for i, item := range items {
		for _, v := range g.body.Validate(item) {
			v.Field = fmt.Sprintf("/value/%d%s", i, v.Field)
			out = append(out, v)
		}
	}
	return out
}

// missing lists the required properties doc lacks.
func (g *graphType) missing(doc any) []graphwire.Violation {
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	var out []graphwire.Violation
	for _, name := range g.required {
		if _, ok := obj[name]; !ok {
			out = append(out, graphwire.Violation{Field: "/" + strictjson.EscapeToken(name), Code: schema.CodeRequired, Message: schema.RequiredMessage(name) + " by the scenario"})
		}
	}
	return out
}

// checkFresh validates a request body against the type, and the scenario's
// required properties: the first graphwire.MaxDetails violations in
// pointer order, and how many there are in all.
//
// A body that the type decides valid in one pass over its bytes
// (odataschema's ValidBytes) is not parsed: every other one is, and its
// verdict is the walk's.
func (g *graphType) checkFresh(body []byte, parse func() (any, error)) schema.Verdict {
	if !g.collection && g.body.ValidBytes(body, g.required) {
		return schema.Verdict{}
	}
	doc, err := parse()
	if err != nil {
		return schema.Verdict{Syntax: err}
	}
	var v schema.Verdict
	if g.collection {
		v.Violations = g.check(doc)
		v.Total = len(v.Violations)
	} else {
		v.Violations, v.Total = g.body.ValidateFirst(doc, graphwire.MaxDetails)
		missing := g.missing(doc)
		v.Violations = append(v.Violations, missing...)
		v.Total += len(missing)
	}
	slices.SortStableFunc(v.Violations, func(a, b graphwire.Violation) int { return strings.Compare(a.Field, b.Field) })
	return v
}

func (g *graphType) broken() string { return "breaks Graph's metadata for " + g.body.Name() }

// graphPathMiss is the answer to a request no scenario answers: Graph's
// own 400 naming the first segment it does not know when Graph does not
// have the path either, with graphmock's closest scenario in the details;
// otherwise the near miss, saying that Graph has the path when it does.
// What Graph has at path is looked up in cat, through paths when not nil.
func graphPathMiss(cat *graphmeta.Catalog, paths *graphPaths, path string, m *miss) *graphwire.Error {
	facts := paths.lookup(cat, path)
	switch {
	case facts.unknown:
		e := graphwire.Errorf(http.StatusBadRequest, graphwire.CodeBadRequest, "Resource not found for the segment '%s'.", facts.segment)
		e.Details = []graphwire.Violation{{Code: "noScenario", Message: m.message}}
		return e
	case facts.has && len(m.allow) == 0:
		what := facts.what
		if what != "" {
			what = " (" + what + ")"
		}
		return graphwire.NotFound(m.message+" Graph has this path"+what+": add a scenario for it.", nil)
	}
	return graphwire.NotFound(m.message, m.allow)
}

// graphPathFacts is what an unmatched answer says about Graph's path:
// whether Graph knows it, and the first segment it does not know.
type graphPathFacts struct {
	unknown bool   // Graph does not know segment
	segment string // the first segment Graph does not know
	has     bool   // Graph has the path
	what    string // what the path addresses, when Graph has it
}

// graphPaths remembers the graphPathFacts of the paths unmatched calls
// asked for, for one catalog: looking a path up in Graph's metadata also
// finds the closest name to an unknown segment, which costs more than the
// rest of an unmatched call, and clients repeat the paths they miss.
type graphPaths struct {
	facts *memo.Memo[graphPathFacts]
}

func newGraphPaths() *graphPaths {
	return &graphPaths{facts: memo.New[graphPathFacts](routeMemoEntries, routeMemoMaxPath)}
}

// lookup returns the facts of path in cat, remembered when p is not nil.
func (p *graphPaths) lookup(cat *graphmeta.Catalog, path string) graphPathFacts {
	if p != nil {
		if f, ok := p.facts.Get(path); ok {
			return f
		}
	}
	answer := cat.Path(path)
	f := graphPathFacts{has: answer.Has, what: answer.What()}
	if answer.Unknown != nil {
		f.unknown, f.segment = true, answer.Unknown.Segment
	}
	if p != nil {
		p.facts.Put(path, f)
	}
	return f
}

// lenientOpenTypes is the value of Request.OpenTypes that lets open types
// take any undeclared property.
const lenientOpenTypes = "lenient"

// reading is how a scenario's bodyType checks read bodies: strictOData,
// openTypes and extensions; response bodies are read as Graph writes them,
// not strictly. A bad openTypes or extension name is a problem at its field.
func reading(r Request, response bool) (graphmeta.Reading, []fieldProblem) {
	var problems []fieldProblem
	if r.OpenTypes != "" && r.OpenTypes != lenientOpenTypes {
		problems = append(problems, fieldProblem{at("request.openTypes"), fmt.Errorf("openTypes %q: want %q, or leave it out for Graph's reading (an open type takes its declared properties, annotations and extensions)", r.OpenTypes, lenientOpenTypes)})
	}
	for i, name := range r.Extensions {
		if !graphmeta.IsExtensionName(name) {
			problems = append(problems, fieldProblem{at("request.extensions").Index(i), fmt.Errorf("%q is no directory extension property: write extension_{appId without dashes}_{name}, such as extension_b7d8e648520f41d3b9c0fdeb91768a0a_jobGroup", name)})
		}
	}
	return graphmeta.Reading{Strict: r.StrictOData && !response, LenientOpenTypes: r.OpenTypes == lenientOpenTypes, Extensions: r.Extensions}, problems
}
