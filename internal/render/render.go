// Package render executes response templates: Go text/templates over what
// a request carried, with Graph-flavoured functions. Request data is only
// ever data: it is never parsed as a template or used as a file name.
package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"text/template"
	"time"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// Data is what a response template sees of the request:
//
//	{{.Method}} {{.Path}}            the request line (the path as sent)
//	{{.PathVars.chatsId}}            a decoded path variable
//	{{.Query.Get "top"}}             a query parameter
//	{{.Headers.Get "Prefer"}}        a request header
//	{{.Body.topic}}                  a member of the JSON body (nil when absent or not JSON)
//	{{.RequestID}} {{.Scenario}}     this call's request-id, the scenario's name
//
// and these functions:
//
//	{{guid}}                         a new random GUID
//	{{now}}                          the current time in Graph's format, 2026-11-27T10:00:00.000Z
//	{{json .Body.topic}}             a value as JSON: "Weekly sync" with its quotes, null for nothing
//	{{jsonEscape .Headers.Get "X"}}  a string escaped for use inside a JSON string, without quotes
//
// Request data is only ever data: it is never parsed as a template or used
// as a file name.
type Data struct {
	Method    string
	Path      string
	PathVars  map[string]string
	Query     url.Values
	Headers   http.Header
	Body      any
	RequestID string
	Scenario  string
}

// graphTimeLayout is Graph's usual DateTimeOffset form in responses.
const graphTimeLayout = "2006-01-02T15:04:05.000Z"

var templateFuncs = template.FuncMap{
	"guid": graphwire.NewRequestID,
	"now":  func() string { return time.Now().UTC().Format(graphTimeLayout) },
	"json": func(v any) (string, error) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return "", err
		}
		return strings.TrimSuffix(b.String(), "\n"), nil
	},
	"jsonEscape": func(s string) string {
		b, _ := json.Marshal(s)
		return string(b[1 : len(b)-1])
	},
}

// A Text is one compiled template. It is safe for concurrent use.
type Text struct {
	t *template.Template
}

// Parse compiles text as a template named name (the name appears in
// errors).
func Parse(name, text string) (*Text, error) {
	t, err := template.New(name).Funcs(templateFuncs).Option("missingkey=zero").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("template: %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	return &Text{t: t}, nil
}

// Render executes the template over data.
func (t *Text) Render(data *Data) (string, error) {
	var b strings.Builder
	if err := t.t.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// A Body renders a response body: either the whole text is one template,
// or (for a mapping or list body) each string inside is. It is safe for
// concurrent use.
type Body struct {
	text *Text // whole-text form
	tree any   // tree form: the body with *Text leaves
}

// ParseBody prepares a body for templating: structured, when it is a
// mapping or list (map[string]any or []any), has each string that holds
// "{{" compiled as a template and renders to JSON; otherwise the whole
// text is one template.
func ParseBody(structured any, text []byte) (*Body, error) {
	switch structured.(type) {
	case map[string]any, []any:
		tree, err := templateTree(structured, "body")
		if err != nil {
			return nil, err
		}
		return &Body{tree: tree}, nil
	}
	t, err := Parse("body", string(text))
	if err != nil {
		return nil, err
	}
	return &Body{text: t}, nil
}

func templateTree(v any, at string) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, child := range x {
			t, err := templateTree(child, at+"/"+strictjson.EscapeToken(k))
			if err != nil {
				return nil, err
			}
			out[k] = t
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, child := range x {
			t, err := templateTree(child, fmt.Sprintf("%s/%d", at, i))
			if err != nil {
				return nil, err
			}
			out[i] = t
		}
		return out, nil
	case string:
		if !strings.Contains(x, "{{") {
			return x, nil
		}
		t, err := Parse(at, x)
		if err != nil {
			return nil, err
		}
		return t, nil
	default:
		return v, nil
	}
}

// Render produces the body for one request.
func (b *Body) Render(data *Data) ([]byte, error) {
	if b.text != nil {
		s, err := b.text.Render(data)
		return []byte(s), err
	}
	v, err := renderTree(b.tree, data)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func renderTree(v any, data *Data) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, child := range x {
			r, err := renderTree(child, data)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, child := range x {
			r, err := renderTree(child, data)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case *Text:
		return x.Render(data)
	default:
		return v, nil
	}
}
