package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"text/template"
	"time"
)

// TemplateData is what a response template sees of the request:
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
type TemplateData struct {
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
	"guid": newRequestID,
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

// textTemplate is one compiled template.
type textTemplate struct {
	t *template.Template
}

func parseTemplate(name, text string) (*textTemplate, error) {
	t, err := template.New(name).Funcs(templateFuncs).Option("missingkey=zero").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("template: %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	return &textTemplate{t: t}, nil
}

func (t *textTemplate) render(data *TemplateData) (string, error) {
	var b strings.Builder
	if err := t.t.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// bodyTemplate renders a response body: either the whole text is one
// template, or (for a mapping or list body) each string inside is.
type bodyTemplate struct {
	text *textTemplate // whole-text form
	tree any           // tree form: the body with *textTemplate leaves
}

// compileBodyTemplate prepares a body for templating. For a structured
// body, strings without "{{" stay plain.
func compileBodyTemplate(r Response, text []byte) (*bodyTemplate, error) {
	switch r.Body.(type) {
	case map[string]any, []any:
		tree, err := templateTree(r.Body, "body")
		if err != nil {
			return nil, err
		}
		return &bodyTemplate{tree: tree}, nil
	}
	t, err := parseTemplate("body", string(text))
	if err != nil {
		return nil, err
	}
	return &bodyTemplate{text: t}, nil
}

func templateTree(v any, at string) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, child := range x {
			t, err := templateTree(child, at+"/"+escapePointerToken(k))
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
		t, err := parseTemplate(at, x)
		if err != nil {
			return nil, err
		}
		return t, nil
	default:
		return v, nil
	}
}

// render produces the body for one request.
func (b *bodyTemplate) render(data *TemplateData) ([]byte, error) {
	if b.text != nil {
		s, err := b.text.render(data)
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

func renderTree(v any, data *TemplateData) (any, error) {
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
	case *textTemplate:
		return x.render(data)
	default:
		return v, nil
	}
}
