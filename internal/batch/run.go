package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// A Link ties a request built from a batch item to its batch.
type Link struct {
	Batch string // the batch's request id
	Item  string // the item's id within the batch
	// Skip, when not "", says why the item is not to be run: a request it
	// depends on failed. The handler answers it 424 FailedDependency.
	Skip string
}

// A Handler answers the request built from one batch item, with the link
// that ties it to its batch.
type Handler func(w http.ResponseWriter, r *http.Request, link Link)

// An Outcome is what running a batch came to.
type Outcome struct {
	Body []byte // the batch response body
	// Aborted is the id of the item whose answer broke the connection (a
	// fault: the handler panicked with http.ErrAbortHandler); the items
	// after it were not run and Body is nil.
	Aborted string
	// GaveUp is the id of the item being answered when the client went
	// away; the items after it were not run.
	GaveUp string
}

// Run answers each item, one after the other in dependency order, through
// h, as a request of its own, handed the link to its batch: with the batch's Authorization unless the item sets its own, as
// one token covers a whole batch in Graph. An item whose dependency
// failed is still handed to h, with Link.Skip saying why, so that h
// answers and records every item in one place. Graph may run independent
// requests in parallel; one at a time keeps a journal deterministic.
func (b *Batch) Run(parent *http.Request, batchID string, h Handler) Outcome {
	responses := make([]itemResponse, len(b.items))
	status := make([]int, len(b.items))
	for _, i := range b.order {
		it := b.items[i]
		link := Link{Batch: batchID, Item: it.ID, Skip: b.failedDependency(i, status)}
		rec := newRecorder()
		if aborted := serve(h, rec, b.request(parent, i), link); aborted {
			return Outcome{Aborted: it.ID}
		}
		responses[i] = rec.itemResponse(it.ID)
		status[i] = responses[i].Status
		if parent.Context().Err() != nil {
			return Outcome{GaveUp: it.ID}
		}
	}
	out, err := json.Marshal(struct {
		Responses []itemResponse `json:"responses"`
	}{responses})
	if err != nil { // cannot happen: every body is valid JSON
		panic(err)
	}
	return Outcome{Body: out}
}

// serve runs h, reporting a deliberate abort (http.ErrAbortHandler: an
// item has no connection of its own to break, so it breaks the batch's).
func serve(h Handler, w http.ResponseWriter, r *http.Request, link Link) (aborted bool) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			aborted = true
		}
	}()
	h(w, r, link)
	return false
}

// failedDependency says why item i cannot run, given the status each
// request run before it got, or returns "" when every request it depends
// on succeeded.
func (b *Batch) failedDependency(i int, status []int) string {
	for _, d := range b.prepared[i].deps {
		if st := status[d]; st >= 400 {
			return fmt.Sprintf("it depends on request %q, which failed with status %d", b.items[d].ID, st)
		}
	}
	return ""
}

// request builds the request item i stands for.
func (b *Batch) request(parent *http.Request, i int) *http.Request {
	p := b.prepared[i]
	header := p.header.Clone()
	if _, set := header["Authorization"]; !set {
		if auth, ok := parent.Header["Authorization"]; ok {
			header["Authorization"] = slices.Clone(auth)
		}
	}
	sub := &http.Request{
		Method:        b.items[i].Method,
		URL:           p.url,
		Proto:         parent.Proto,
		ProtoMajor:    parent.ProtoMajor,
		ProtoMinor:    parent.ProtoMinor,
		Header:        header,
		Body:          http.NoBody,
		ContentLength: int64(len(p.body)),
		Host:          parent.Host,
		RemoteAddr:    parent.RemoteAddr,
		RequestURI:    p.target,
		TLS:           parent.TLS,
	}
	if p.body != nil {
		sub.Body = io.NopCloser(bytes.NewReader(p.body))
	}
	return sub.WithContext(parent.Context())
}

// itemResponse is one response in a JSON batch response.
type itemResponse struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body"`
}

// recorder is the in-memory http.ResponseWriter an item is answered into.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: make(http.Header)} }

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *recorder) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}

// omittedHeaders describe the connection or the message framing, which
// belong to the batch response, not to an item in it.
var omittedHeaders = map[string]bool{
	"Content-Length": true, "Connection": true, "Transfer-Encoding": true, "Date": true,
	"Strict-Transport-Security": true, "X-Ms-Ags-Diagnostic": true,
}

// headerNames spells header names in a batch response as Graph does; JSON
// keys, unlike HTTP header names, are case-sensitive.
var headerNames = map[string]string{
	"Odata-Version": "OData-Version", "Request-Id": "request-id", "Client-Request-Id": "client-request-id",
}

// itemResponse turns what an item was answered into its entry in the batch
// response: a JSON body embedded as JSON, no body as null, any other body
// as a base64 string.
func (w *recorder) itemResponse(id string) itemResponse {
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	out := itemResponse{ID: id, Status: status, Headers: make(map[string]string, len(w.header)), Body: json.RawMessage("null")}
	for k, v := range w.header {
		if omittedHeaders[k] {
			continue
		}
		if name, ok := headerNames[k]; ok {
			k = name
		}
		out.Headers[k] = strings.Join(v, ", ")
	}
	if body, _ := strictjson.Embed(w.body.Bytes(), graphwire.IsJSONMediaType(w.header.Get("Content-Type")), false); body != nil {
		out.Body = body
	}
	return out
}
