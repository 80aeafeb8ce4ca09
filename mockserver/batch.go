package mockserver

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// BatchScenario is the name under which the journal records JSON batch
// requests (POST /{version}/$batch) themselves; each request inside a batch
// is recorded as a call of its own, linked to the batch by Call.Batch. Use
// it with CallsTo, AssertCalled and the journal's counters like a scenario
// name.
const BatchScenario = "$batch"

// MaxBatchRequests is how many requests Graph accepts in one JSON batch.
const MaxBatchRequests = 20

// CodeFailedDependency is the Graph error code of a batch item that was
// not run because a request it depends on failed (status 424).
const CodeFailedDependency = "FailedDependency"

// isBatchPath reports whether r is for /{version}/$batch.
func isBatchPath(r *http.Request) bool {
	p := r.URL.Path
	if !strings.HasSuffix(p, "/$batch") || !strings.HasPrefix(p, "/") {
		return false
	}
	version := p[1 : len(p)-len("/$batch")]
	return version != "" && !strings.Contains(version, "/")
}

// batchBody is the body of a JSON batch request.
type batchBody struct {
	Requests []batchItem `json:"requests"`
}

// batchItem is one request in a JSON batch.
type batchItem struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	Body      json.RawMessage   `json:"body"`
	DependsOn []string          `json:"dependsOn"`
}

// batchItemResponse is one response in a JSON batch response.
type batchItemResponse struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body"`
}

// batchLink ties a request built from a batch item to its batch.
type batchLink struct{ batch, item string }

type batchLinkKey struct{}

// batchLinkOf returns the batch request id and item id of a request built
// from a batch item, or "" and "".
func batchLinkOf(r *http.Request) (batch, item string) {
	if l, ok := r.Context().Value(batchLinkKey{}).(batchLink); ok {
		return l.batch, l.item
	}
	return "", ""
}

// decideBatch answers a JSON batch: it checks the batch as Graph does (400
// for a malformed one), then runs each request through ServeHTTP, so that
// each is matched, checked and recorded exactly like a direct call, one
// after the other in dependency order (Graph may run independent requests
// in parallel; one at a time keeps the journal deterministic). A request
// whose dependency failed gets 424 without being run.
func (s *Server) decideBatch(r *http.Request, call *Call) reply {
	call.Scenario = BatchScenario
	call.Outcome = Rejected
	body, readErr := readRequestBody(r, s.maxBody)
	call.Body = body
	if r.Method != http.MethodPost {
		rep := errorReply(http.StatusMethodNotAllowed, CodeMethodNotAllowed, fmt.Sprintf("A JSON batch is sent with POST, not %s.", r.Method))
		rep.allow = []string{http.MethodPost}
		return rep
	}
	if readErr != nil {
		return readErrorReply(readErr, s.maxBody)
	}
	if msg, ok := checkBearer(r.Header); !ok {
		return errorReply(http.StatusUnauthorized, CodeInvalidAuthenticationToken, msg)
	}
	if rep, ok := checkJSONPayload(r.Header, body); !ok {
		return rep
	}
	var batch batchBody
	if err := json.Unmarshal(body, &batch); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return errorReply(http.StatusBadRequest, CodeBadRequest, "Unable to read JSON request payload: "+err.Error()+".",
				Violation{Code: "invalidJson", Message: err.Error()})
		}
		return malformedBatch([]Violation{{Code: "invalidBatch", Message: "the body is not a JSON batch: " + jsonTypeError(err)}})
	}
	version := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/$batch")
	prepared, order, problems := checkBatch(batch.Requests, version)
	if len(problems) > 0 {
		return malformedBatch(problems)
	}

	responses := make([]batchItemResponse, len(batch.Requests))
	status := make(map[string]int, len(batch.Requests)) // id -> status answered
	for _, i := range order {
		item := batch.Requests[i]
		var rec *batchRecorder
		sub := newBatchItemRequest(r, call.RequestID, item, prepared[i])
		if why := failedDependency(item, status); why != "" {
			rec = s.skipBatchItem(sub, why)
		} else {
			rec = s.runBatchItem(sub, call)
		}
		responses[i] = rec.itemResponse(item.ID)
		status[item.ID] = responses[i].Status
		if r.Context().Err() != nil {
			call.Problem = fmt.Sprintf("the client gave up during request %q of the batch", item.ID)
			break
		}
	}
	out, err := json.Marshal(struct {
		Responses []batchItemResponse `json:"responses"`
	}{responses})
	if err != nil { // cannot happen: every body is valid JSON
		panic(err)
	}
	call.Outcome = Served
	return reply{status: http.StatusOK, fields: batchResponseFields, body: out,
		extra: []headerField{{"Content-Length", []string{strconv.Itoa(len(out))}}}}
}

// batchResponseFields are the static headers of a batch response.
var batchResponseFields = []headerField{
	{"Content-Type", []string{GraphJSONContentType}},
	{"Odata-Version", []string{"4.0"}},
}

// malformedBatch is Graph's 400 for a batch that breaks its rules.
func malformedBatch(problems []Violation) reply {
	msg := "Invalid batch payload: " + problems[0].Message
	if len(problems) > 1 {
		msg += fmt.Sprintf(" (and %d more; see details)", len(problems)-1)
	}
	return errorReply(http.StatusBadRequest, CodeBadRequest, msg+".", problems...)
}

// jsonTypeError says which part of a batch has the wrong JSON type.
func jsonTypeError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Sprintf("%s is %s, want %s", te.Field, te.Value, te.Type)
	}
	return err.Error()
}

// preparedItem is what a batch item stands for: the URL and body of the
// request to run.
type preparedItem struct {
	target string // the request URI
	url    *url.URL
	body   []byte
}

// checkBatch applies Graph's rules to the requests of a batch. It returns
// each request's URL and body, the order to run them in, and every rule
// broken.
func checkBatch(items []batchItem, version string) (prepared []preparedItem, order []int, problems []Violation) {
	add := func(field, code, format string, args ...any) {
		problems = append(problems, Violation{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case len(items) == 0:
		add("/requests", "required", "the batch has no requests")
		return nil, nil, problems
	case len(items) > MaxBatchRequests:
		add("/requests", "tooManyRequests", "the batch has %d requests; Graph accepts at most %d", len(items), MaxBatchRequests)
	}
	index := make(map[string]int, len(items))
	prepared = make([]preparedItem, len(items))
	for i, it := range items {
		at := fmt.Sprintf("/requests/%d", i)
		switch first, dup := index[it.ID]; {
		case it.ID == "":
			add(at+"/id", "required", "request %d has no id", i)
		case dup:
			add(at+"/id", "duplicateId", "id %q is used by requests %d and %d; ids must be unique", it.ID, first, i)
		default:
			index[it.ID] = i
		}
		if !tokenRE.MatchString(it.Method) {
			add(at+"/method", "invalidMethod", "request %q: method %q is not an HTTP method", it.ID, it.Method)
		}
		target, u, msg := batchURL(it.URL, version)
		if msg != "" {
			add(at+"/url", "invalidUrl", "request %q: %s", it.ID, msg)
		}
		body, msg := batchItemBody(it)
		if msg != "" {
			add(at+"/body", "invalidBody", "request %q: %s", it.ID, msg)
		}
		prepared[i] = preparedItem{target, u, body}
	}
	for i, it := range items {
		for j, dep := range it.DependsOn {
			at := fmt.Sprintf("/requests/%d/dependsOn/%d", i, j)
			if _, ok := index[dep]; !ok {
				add(at, "unknownDependency", "request %q depends on %q, which is not in the batch", it.ID, dep)
			} else if dep == it.ID {
				add(at, "dependencyCycle", "request %q depends on itself", it.ID)
			}
		}
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	order, cycle := dependencyOrder(items, index)
	if len(cycle) > 0 {
		add("/requests", "dependencyCycle", "the dependencies of requests %s form a cycle", strings.Join(cycle, ", "))
		return nil, nil, problems
	}
	return prepared, order, nil
}

// batchURL returns the request URL a batch item's URL stands for, or says
// what is wrong with it: it must be relative to the version root, such as
// /me or chats/19:abc@thread.v2.
func batchURL(raw, version string) (target string, u *url.URL, problem string) {
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
	if isBatchPath(&http.Request{URL: u}) {
		return "", nil, "a batch cannot contain a batch"
	}
	return target, u, ""
}

// batchItemBody returns the bytes a batch item's body stands for: JSON as
// is, for a JSON Content-Type; otherwise a string holding base64, as Graph
// expects. Graph requires a Content-Type with a body.
func batchItemBody(it batchItem) ([]byte, string) {
	if len(it.Body) == 0 || string(it.Body) == "null" {
		return nil, ""
	}
	ct, ok := headerValue(it.Headers, "Content-Type")
	if !ok || strings.TrimSpace(ct) == "" {
		return nil, "a request with a body needs a Content-Type header"
	}
	if isJSONMediaType(ct) {
		return it.Body, ""
	}
	var s string
	if json.Unmarshal(it.Body, &s) != nil {
		return it.Body, ""
	}
	data, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Sprintf("a %s body must be a base64 string: %v", ct, err)
	}
	return data, ""
}

// headerValue looks a header up in a batch item's headers, whose names
// are case-insensitive.
func headerValue(h map[string]string, name string) (string, bool) {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// dependencyOrder returns the order to run the items in: each after those
// it depends on, otherwise in batch order. When there is no such order it
// returns the ids of the items left, which form or wait on a cycle.
func dependencyOrder(items []batchItem, index map[string]int) (order []int, cycle []string) {
	done := make([]bool, len(items))
	for len(order) < len(items) {
		progressed := false
		for i, it := range items {
			if done[i] {
				continue
			}
			ready := true
			for _, dep := range it.DependsOn {
				ready = ready && done[index[dep]]
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

// failedDependency says why item cannot run, given the status each request
// run before it got, or returns "" when every request it depends on
// succeeded.
func failedDependency(item batchItem, status map[string]int) string {
	for _, dep := range item.DependsOn {
		if st := status[dep]; st >= 400 {
			return fmt.Sprintf("it depends on request %q, which failed with status %d", dep, st)
		}
	}
	return ""
}

// newBatchItemRequest builds the request a batch item stands for, linked
// to its batch through its context. It carries the batch's Authorization
// unless the item sets its own, as one token covers a whole batch in Graph.
func newBatchItemRequest(r *http.Request, batchID string, item batchItem, p preparedItem) *http.Request {
	header := make(http.Header, len(item.Headers)+1)
	for k, v := range item.Headers {
		header[http.CanonicalHeaderKey(k)] = []string{v}
	}
	if _, set := header["Authorization"]; !set {
		if auth, ok := r.Header["Authorization"]; ok {
			header["Authorization"] = auth
		}
	}
	sub := &http.Request{
		Method:        item.Method,
		URL:           p.url,
		Proto:         r.Proto,
		ProtoMajor:    r.ProtoMajor,
		ProtoMinor:    r.ProtoMinor,
		Header:        header,
		Body:          http.NoBody,
		ContentLength: int64(len(p.body)),
		Host:          r.Host,
		RemoteAddr:    r.RemoteAddr,
		RequestURI:    p.target,
		TLS:           r.TLS,
	}
	if p.body != nil {
		sub.Body = io.NopCloser(bytes.NewReader(p.body))
	}
	return sub.WithContext(context.WithValue(r.Context(), batchLinkKey{}, batchLink{batchID, item.ID}))
}

// runBatchItem answers a batch item through ServeHTTP. A fault on it
// (http.ErrAbortHandler, as there is no connection of its own to break)
// breaks the batch's connection: the batch is recorded, with no status and
// why, before the panic goes on.
func (s *Server) runBatchItem(sub *http.Request, call *Call) *batchRecorder {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				_, item := batchLinkOf(sub)
				call.Outcome = Served
				call.Problem = fmt.Sprintf("request %q of the batch broke the connection (a fault); nothing was sent", item)
				call.Duration = time.Since(call.Time)
				call.Seq = s.journal.Record(*call)
			}
			panic(v)
		}
	}()
	rec := newBatchRecorder()
	s.ServeHTTP(rec, sub)
	return rec
}

// skipBatchItem answers a request whose dependency failed with 424, and
// records it.
func (s *Server) skipBatchItem(sub *http.Request, why string) *batchRecorder {
	batchID, itemID := batchLinkOf(sub)
	body, _ := io.ReadAll(sub.Body) // a bytes.Reader cannot fail
	requestID := newRequestID()
	clientID := clientRequestID(sub, requestID)
	message := fmt.Sprintf("The request was not run: %s.", why)
	s.journal.Record(Call{
		Time:      time.Now(),
		RequestID: requestID,
		Method:    sub.Method,
		Path:      escapedPath(sub),
		RawQuery:  sub.URL.RawQuery,
		Header:    sub.Header,
		Body:      body,
		Batch:     batchID,
		BatchItem: itemID,
		Outcome:   Skipped,
		Status:    http.StatusFailedDependency,
		ErrorCode: CodeFailedDependency,
		Problem:   message,
	})
	rec := newBatchRecorder()
	setGraphHeaders(rec.header, requestID, clientID)
	writeGraphError(rec, http.StatusFailedDependency, &graphErrorReply{code: CodeFailedDependency, message: message}, requestID, clientID)
	return rec
}

// batchRecorder is the in-memory http.ResponseWriter a batch item is
// answered into.
type batchRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBatchRecorder() *batchRecorder { return &batchRecorder{header: make(http.Header)} }

func (w *batchRecorder) Header() http.Header { return w.header }

func (w *batchRecorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *batchRecorder) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}

// batchOmittedHeaders describe the connection or the message framing, which
// belong to the batch response, not to an item in it.
var batchOmittedHeaders = map[string]bool{
	"Content-Length": true, "Connection": true, "Transfer-Encoding": true, "Date": true,
	"Strict-Transport-Security": true, "X-Ms-Ags-Diagnostic": true,
}

// batchHeaderNames spells header names in a batch response as Graph does;
// JSON keys, unlike HTTP header names, are case-sensitive.
var batchHeaderNames = map[string]string{
	"Odata-Version": "OData-Version", "Request-Id": "request-id", "Client-Request-Id": "client-request-id",
}

// itemResponse turns what an item was answered into its entry in the batch
// response: a JSON body embedded as JSON, no body as null, any other body
// as a base64 string.
func (w *batchRecorder) itemResponse(id string) batchItemResponse {
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	out := batchItemResponse{ID: id, Status: status, Headers: make(map[string]string, len(w.header)), Body: json.RawMessage("null")}
	for k, v := range w.header {
		if batchOmittedHeaders[k] {
			continue
		}
		if name, ok := batchHeaderNames[k]; ok {
			k = name
		}
		out.Headers[k] = strings.Join(v, ", ")
	}
	if body := w.body.Bytes(); len(body) > 0 {
		if isJSONMediaType(w.header.Get("Content-Type")) && json.Valid(body) {
			out.Body = body
		} else {
			out.Body, _ = json.Marshal(base64.StdEncoding.EncodeToString(body)) // a string always marshals
		}
	}
	return out
}
