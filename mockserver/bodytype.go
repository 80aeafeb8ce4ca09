package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odatapath"
	"github.com/graphmock/graphmock/internal/odataschema"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/graphmock/graphmock/internal/suggest"
)

// bodyTypeAuto is the BodyType that derives the body's type from the
// method and path.
const bodyTypeAuto = "auto"

// graphType is a body checked against a type of Graph's metadata.
type graphType struct {
	body       *odataschema.Body
	collection bool     // a response's "value" array holds the bodies
	required   []string // top-level properties the scenario requires
}

// splitVersion splits a path (or path template) into its API version and
// what follows, such as "beta" and "/chats/{id}".
func splitVersion(path string) (version, rest string) {
	version, rest, _ = strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return version, "/" + rest
}

// compileBodyType resolves a request's or response's BodyType against the
// metadata of its path's version. A response checks what a GET of the
// path returns.
func compileBodyType(cat *graphmeta.Catalog, method, path, bodyType string, strict, response bool) (*graphType, error) {
	version, rest := splitVersion(path)
	ver, err := cat.Version(version)
	if err != nil {
		return nil, fmt.Errorf("reading the %s metadata: %w", version, err)
	}
	if ver == nil {
		return nil, fmt.Errorf("the path starts with /%s, an API version graphmock has no metadata of: bodyType needs a path that starts with /%s", version, strings.Join(graphmeta.Versions(), " or /"))
	}
	schemas := ver.Schemas(strict)
	if bodyType != bodyTypeAuto {
		body, err := schemas.Type(bodyType)
		if err != nil {
			return nil, fmt.Errorf("%s is not an entity or complex type of Graph's %s metadata%s", bodyType, version, suggestType(ver, bodyType))
		}
		return &graphType{body: body}, nil
	}
	target, err := ver.Paths(strict).Resolve(rest)
	var unknown *odatapath.UnknownSegmentError
	if errors.As(err, &unknown) {
		return nil, fmt.Errorf("auto cannot derive a type: %s is not a path of Graph's %s metadata (Resource not found for the segment '%s'); name the type, or check the path", path, version, unknown.Segment)
	}
	if err != nil {
		return nil, fmt.Errorf("auto cannot derive a type for %s: %w", path, err)
	}
	if response {
		if target.Structured == nil {
			return nil, fmt.Errorf("auto: a GET of %s returns %q, not an entity or complex type; name the type, or leave bodyType out", path, target.Type)
		}
		body, err := schemas.Type(target.Type)
		if err != nil {
			return nil, err
		}
		// A POST to a collection answers with the entity it created.
		return &graphType{body: body, collection: target.Collection && method != http.MethodPost}, nil
	}
	want := target.Body(method)
	switch want.Kind {
	case odatapath.ObjectBody:
		body, err := schemas.Type(want.Type)
		if err != nil {
			return nil, err
		}
		return &graphType{body: body}, nil
	case odatapath.ParametersBody:
		body, err := schemas.Parameters(want.Operation)
		if err != nil {
			return nil, err
		}
		return &graphType{body: body}, nil
	case odatapath.ReferenceBody:
		return &graphType{body: schemas.Reference()}, nil
	case odatapath.MediaBody:
		return nil, fmt.Errorf("auto: %s %s takes the raw bytes of a stream, not JSON; leave bodyType out", method, path)
	default:
		return nil, fmt.Errorf("auto: Graph takes no body with %s %s; leave bodyType out, or check the method", method, path)
	}
}

// suggestType names the metadata's type closest to a misspelt name: the
// same name in another case, or one within two edits.
func suggestType(ver *graphmeta.Version, name string) string {
	names := make([]string, 0, len(ver.Model.Types))
	for _, t := range ver.Model.Types {
		qualified := t.Namespace() + "." + t.SimpleName()
		if strings.EqualFold(qualified, name) {
			return fmt.Sprintf(" (did you mean %q?)", qualified)
		}
		names = append(names, qualified)
	}
	return suggest.DidYouMean(name, names)
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

// Check validates a request body against the type, and the scenario's
// required properties: the first graphwire.MaxDetails violations in
// pointer order, and how many there are in all.
func (g *graphType) Check(body []byte, parse func() (any, error)) schema.Verdict {
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
func graphPathMiss(cat *graphmeta.Catalog, path string, m *miss) *graphwire.Error {
	version, rest := splitVersion(path)
	ver, err := cat.Version(version)
	if ver == nil || err != nil {
		return graphwire.NotFound(m.message, m.allow)
	}
	target, err := ver.Paths(false).Resolve(rest)
	var unknown *odatapath.UnknownSegmentError
	switch {
	case errors.As(err, &unknown):
		e := graphwire.Errorf(http.StatusBadRequest, graphwire.CodeBadRequest, "Resource not found for the segment '%s'.", unknown.Segment)
		e.Details = []graphwire.Violation{{Code: "noScenario", Message: m.message}}
		return e
	case err == nil && len(m.allow) == 0:
		what := target.Type
		if target.Collection {
			what = "a collection of " + what
		}
		if what != "" {
			what = " (" + what + ")"
		}
		return graphwire.NotFound(m.message+" Graph has this path"+what+": add a scenario for it.", nil)
	}
	return graphwire.NotFound(m.message, m.allow)
}
