// Package batch answers Microsoft Graph's JSON batches
// (POST /{version}/$batch): it reads a batch and checks it against Graph's
// rules, orders its requests by their dependencies, runs each through an
// http.Handler as a request of its own, and encodes the batch response.
package batch

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// MaxRequests is how many requests Graph accepts in one JSON batch.
const MaxRequests = 20

// IsPath reports whether an escaped or decoded path is /{version}/$batch.
func IsPath(p string) bool {
	rest, ok := strings.CutSuffix(p, "/$batch")
	if !ok {
		return false
	}
	version, ok := strings.CutPrefix(rest, "/") // "/$batch" itself leaves no "/"
	return ok && version != "" && !strings.Contains(version, "/")
}

// body is the body of a JSON batch request.
type body struct {
	Requests []item `json:"requests"`
}

// item is one request in a JSON batch, as sent.
type item struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	Body      json.RawMessage   `json:"body"`
	DependsOn []string          `json:"dependsOn"`
}

// A Batch is a checked batch, ready to run.
type Batch struct {
	items    []item
	prepared []prepared
	order    []int // the order to run items in
}

// prepared is what an item stands for: the request to run.
type prepared struct {
	target string // the request URI
	url    *url.URL
	header http.Header
	body   []byte
	deps   []int // the items it depends on
}

// Parse reads a batch body sent to /{version}/$batch and checks it as
// Graph does. Every rule broken is a violation of the returned 400.
func Parse(data []byte, version string) (*Batch, *graphwire.Error) {
	var b body
	if err := json.Unmarshal(data, &b); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return nil, graphwire.InvalidJSON(err)
		}
		return nil, malformed([]graphwire.Violation{{Code: "invalidBatch", Message: "the body is not a JSON batch: " + typeError(err)}})
	}
	prepared, order, problems := check(b.Requests, version)
	if len(problems) > 0 {
		return nil, malformed(problems)
	}
	return &Batch{items: b.Requests, prepared: prepared, order: order}, nil
}

// malformed is Graph's 400 for a batch that breaks its rules.
func malformed(problems []graphwire.Violation) *graphwire.Error {
	return graphwire.Invalid("Invalid batch payload: "+problems[0].Message, problems)
}

// typeError says which part of a batch has the wrong JSON type.
func typeError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Sprintf("%s is %s, want %s", te.Field, te.Value, te.Type)
	}
	return err.Error()
}

// check applies Graph's rules to the requests of a batch. It returns each
// request prepared, the order to run them in, and every rule broken. Ids
// are compared without regard to case, as Graph does ("Not case-sensitive.
// Must be unique in the batch").
func check(items []item, version string) (prep []prepared, order []int, problems []graphwire.Violation) {
	add := func(field, code, format string, args ...any) {
		problems = append(problems, graphwire.Violation{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case len(items) == 0:
		add("/requests", "required", "the batch has no requests")
		return nil, nil, problems
	case len(items) > MaxRequests:
		add("/requests", "tooManyRequests", "the batch has %d requests; Graph accepts at most %d", len(items), MaxRequests)
	}
	index := make(map[string]int, len(items)) // folded id -> item
	prep = make([]prepared, len(items))
	for i, it := range items {
		at := fmt.Sprintf("/requests/%d", i)
		switch first, dup := index[strings.ToLower(it.ID)]; {
		case it.ID == "":
			add(at+"/id", "required", "request %d has no id", i)
		case dup:
			add(at+"/id", "duplicateId", "id %q is used by requests %d and %d; ids must be unique, whatever their case", it.ID, first, i)
		default:
			index[strings.ToLower(it.ID)] = i
		}
		if !graphwire.ValidToken(it.Method) {
			add(at+"/method", "invalidMethod", "request %q: method %q is not an HTTP method", it.ID, it.Method)
		}
		target, u, msg := itemURL(it.URL, version)
		if msg != "" {
			add(at+"/url", "invalidUrl", "request %q: %s", it.ID, msg)
		}
		header, hproblems := itemHeader(it, at)
		problems = append(problems, hproblems...)
		data, msg := itemBody(it, header)
		if msg != "" {
			add(at+"/body", "invalidBody", "request %q: %s", it.ID, msg)
		}
		prep[i] = prepared{target: target, url: u, header: header, body: data}
	}
	for i, it := range items {
		for j, dep := range it.DependsOn {
			at := fmt.Sprintf("/requests/%d/dependsOn/%d", i, j)
			d, ok := index[strings.ToLower(dep)]
			switch {
			case !ok:
				add(at, "unknownDependency", "request %q depends on %q, which is not in the batch", it.ID, dep)
			case d == i:
				add(at, "dependencyCycle", "request %q depends on itself", it.ID)
			default:
				prep[i].deps = append(prep[i].deps, d)
			}
		}
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	order, cycle := dependencyOrder(items, prep)
	if len(cycle) > 0 {
		add("/requests", "dependencyCycle", "the dependencies of requests %s form a cycle", strings.Join(cycle, ", "))
		return nil, nil, problems
	}
	return prep, order, nil
}

// itemURL returns the request URL an item's URL stands for, or says what
// is wrong with it: it must be relative to the version root, such as /me
// or chats/19:abc@thread.v2.
func itemURL(raw, version string) (target string, u *url.URL, problem string) {
	switch {
	case raw == "":
		return "", nil, "the url is missing"
	case strings.HasPrefix(raw, "//"), strings.Contains(strings.SplitN(raw, "?", 2)[0], "://"):
		return "", nil, fmt.Sprintf("url %q must be relative to /%s, such as /me", raw, version)
	}
	target = "/" + version + "/" + strings.TrimPrefix(raw, "/")
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return "", nil, fmt.Sprintf("url %q is not a valid URL", raw)
	}
	if IsPath(u.Path) {
		return "", nil, "a batch cannot contain a batch"
	}
	return target, u, ""
}

// itemHeader turns an item's headers into an http.Header. Names must be
// HTTP tokens, values cannot hold control characters (a NUL, CR or LF
// would smuggle a second header in), and one name given twice in different
// case is ambiguous: Graph's item headers are a JSON object, so two spellings
// are two members, and which one a server reads is anyone's guess.
func itemHeader(it item, at string) (http.Header, []graphwire.Violation) {
	var problems []graphwire.Violation
	header := make(http.Header, len(it.Headers)+1)
	spelled := make(map[string]string, len(it.Headers))
	for _, k := range sortedKeys(it.Headers) {
		v := it.Headers[k]
		field := at + "/headers/" + strictjson.EscapeToken(k)
		canon := http.CanonicalHeaderKey(k)
		switch {
		case !graphwire.ValidToken(k):
			problems = append(problems, graphwire.Violation{Field: field, Code: "invalidHeader", Message: fmt.Sprintf("request %q: %q is not a valid header name", it.ID, k)})
		case !graphwire.ValidHeaderValue(v):
			problems = append(problems, graphwire.Violation{Field: field, Code: "invalidHeader", Message: fmt.Sprintf("request %q: header %s holds a control character (NUL, CR, LF…), which no header may", it.ID, k)})
		case spelled[canon] != "":
			problems = append(problems, graphwire.Violation{Field: field, Code: "duplicateHeader", Message: fmt.Sprintf("request %q: header %s is given twice, as %q and %q: give it once", it.ID, canon, spelled[canon], k)})
		default:
			spelled[canon] = k
			header[canon] = []string{v}
		}
	}
	return header, problems
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// itemBody returns the bytes an item's body stands for: JSON as is, for a
// JSON Content-Type; otherwise a string holding base64, as Graph expects.
// Graph requires a Content-Type with a body.
func itemBody(it item, header http.Header) ([]byte, string) {
	if len(it.Body) == 0 || string(it.Body) == "null" {
		return nil, ""
	}
	ct := header.Get("Content-Type")
	if strings.TrimSpace(ct) == "" {
		return nil, "a request with a body needs a Content-Type header"
	}
	if graphwire.IsJSONMediaType(ct) {
		return it.Body, ""
	}
	if it.Body[0] != '"' {
		return it.Body, ""
	}
	data, err := strictjson.Unembed(it.Body, strictjson.EmbedBase64)
	if err != nil {
		return nil, fmt.Sprintf("a %s body must be a base64 string: %v", ct, err)
	}
	return data, ""
}

// dependencyOrder returns the order to run the items in: each after those
// it depends on, otherwise in batch order. When there is no such order it
// returns the ids of the items left, which form or wait on a cycle.
func dependencyOrder(items []item, prep []prepared) (order []int, cycle []string) {
	done := make([]bool, len(items))
	for len(order) < len(items) {
		progressed := false
		for i := range items {
			if done[i] {
				continue
			}
			ready := true
			for _, d := range prep[i].deps {
				ready = ready && done[d]
			}
			if ready {
				done[i] = true
				order = append(order, i)
				progressed = true
				break // restart, so the earliest ready item always goes next
			}
		}
		if !progressed {
			for i, it := range items {
				if !done[i] {
					cycle = append(cycle, strconv.Quote(it.ID))
				}
			}
			return nil, cycle
		}
	}
	return order, nil
}
