package admin

import (
	"bufio"
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/mockserver"
)

// The HTTP Archive format, version 1.2
// (http://www.softwareishard.com/blog/har-12-spec/), as far as graphmock
// fills it in. Fields whose names start with an underscore are
// graphmock's own, as the format allows.
type (
	harFile struct {
		Log harLog `json:"log"`
	}
	harLog struct {
		Version string     `json:"version"`
		Creator harCreator `json:"creator"`
		Entries []harEntry `json:"entries"`
	}
	harCreator struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	harEntry struct {
		StartedDateTime string      `json:"startedDateTime"`
		Time            float64     `json:"time"` // milliseconds
		Request         harRequest  `json:"request"`
		Response        harResponse `json:"response"`
		Cache           struct{}    `json:"cache"`
		Timings         harTimings  `json:"timings"`
		Comment         string      `json:"comment,omitempty"`
		Call            harCall     `json:"_graphmock"`
	}
	harRequest struct {
		Method      string         `json:"method"`
		URL         string         `json:"url"`
		HTTPVersion string         `json:"httpVersion"`
		Cookies     []struct{}     `json:"cookies"`
		Headers     []harNameValue `json:"headers"`
		QueryString []harNameValue `json:"queryString"`
		PostData    *harPostData   `json:"postData,omitempty"`
		HeadersSize int            `json:"headersSize"`
		BodySize    int            `json:"bodySize"`
	}
	harResponse struct {
		Status      int            `json:"status"`
		StatusText  string         `json:"statusText"`
		HTTPVersion string         `json:"httpVersion"`
		Cookies     []struct{}     `json:"cookies"`
		Headers     []harNameValue `json:"headers"`
		Content     harContent     `json:"content"`
		RedirectURL string         `json:"redirectURL"`
		HeadersSize int            `json:"headersSize"`
		BodySize    int            `json:"bodySize"`
	}
	harNameValue struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	harPostData struct {
		MimeType string `json:"mimeType"`
		Text     string `json:"text"`
	}
	harContent struct {
		Size     int    `json:"size"`
		MimeType string `json:"mimeType"`
	}
	harTimings struct {
		Send    float64 `json:"send"`
		Wait    float64 `json:"wait"`
		Receive float64 `json:"receive"`
	}
	// harCall is what graphmock knows of a call beyond HTTP.
	harCall struct {
		Seq        int64                  `json:"seq"`
		Scenario   string                 `json:"scenario,omitempty"`
		Outcome    mockserver.Outcome     `json:"outcome"`
		ErrorCode  string                 `json:"errorCode,omitempty"`
		Problem    string                 `json:"problem,omitempty"`
		Violations []mockserver.Violation `json:"violations,omitempty"`
		Batch      string                 `json:"batch,omitempty"`
		BatchItem  string                 `json:"batchItem,omitempty"`
	}
)

// har answers GET /_graphmock/har: the kept calls, oldest first, as an
// HTTP Archive that browsers' developer tools import. The journal holds
// what each request sent and what status and Graph error it got, not the
// bytes of the response, so a response has its status, the request-id
// header and, for an error, the error in the entry's comment; its content
// is empty. A request body that is not UTF-8 is left out. In a session's
// archive, a request that reached the session by its URL has that URL,
// /_s/{id} and all.
func (h *handler) har(r *http.Request) (any, *graphwire.Error) {
	if len(r.URL.Query()) > 0 {
		return nil, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "GET %shar takes no query parameters", Prefix)
	}
	base := "http://" + r.Host
	if r.TLS != nil {
		base = "https://" + r.Host
	}
	session := r.PathValue("id") // a session's archive, when set
	head, err := json.MarshalIndent(harFile{Log: harLog{Version: "1.2", Creator: harCreator{Name: "graphmock", Version: "1"}, Entries: []harEntry{}}}, "", "  ")
	if err != nil {
		return nil, graphwire.Errorf(http.StatusInternalServerError, codeInternal, "encoding the archive: %v", err)
	}
	// The archive is written as json.MarshalIndent writes it, one entry
	// at a time between the head and the tail.
	head, tail, _ := bytes.Cut(head, []byte("[]"))
	return h.export("GET har", http.Header{"Content-Disposition": {`attachment; filename="graphmock.har"`}}, func(w *bufio.Writer) error {
		w.Write(head)
		entries := newItemEncoder(w, "    ")
		err := h.eachCall(callFilter{}, func(c *mockserver.Call) error {
			if session != "" && c.Header.Get(mockserver.SessionHeader) == "" {
				// Reached by URL: the journal keeps the path without the
				// session's prefix, which the request had.
				return entries.encode(harEntryFor(c, base+mockserver.SessionPrefix+session))
			}
			return entries.encode(harEntryFor(c, base))
		})
		if err != nil {
			return err
		}
		if err := entries.close(); err != nil {
			return err
		}
		w.Write(tail)
		return w.WriteByte('\n')
	})
}

func harEntryFor(c *mockserver.Call, base string) harEntry {
	ms := float64(c.Duration) / float64(time.Millisecond)
	e := harEntry{
		StartedDateTime: c.Time.UTC().Format(time.RFC3339Nano),
		Time:            ms,
		Request: harRequest{
			Method: c.Method, URL: base + c.Path, HTTPVersion: "HTTP/1.1",
			Cookies: []struct{}{}, Headers: harHeaders(c.Header), QueryString: []harNameValue{},
			HeadersSize: -1, BodySize: len(c.Body),
		},
		Response: harResponse{
			Status: c.Status, StatusText: http.StatusText(c.Status), HTTPVersion: "HTTP/1.1",
			Cookies: []struct{}{}, Headers: []harNameValue{{Name: "request-id", Value: c.RequestID}},
			Content: harContent{MimeType: "application/json"}, HeadersSize: -1, BodySize: -1,
		},
		Timings: harTimings{Wait: ms},
		Call: harCall{Seq: c.Seq, Scenario: c.Scenario, Outcome: c.Outcome, ErrorCode: c.ErrorCode,
			Problem: c.Problem, Violations: c.Violations, Batch: c.Batch, BatchItem: c.BatchItem},
	}
	if c.RawQuery != "" {
		e.Request.URL += "?" + c.RawQuery
		q, _ := url.ParseQuery(c.RawQuery)
		for _, k := range slices.Sorted(maps.Keys(q)) {
			for _, v := range q[k] {
				e.Request.QueryString = append(e.Request.QueryString, harNameValue{Name: k, Value: v})
			}
		}
	}
	if len(c.Body) > 0 && utf8.Valid(c.Body) {
		e.Request.PostData = &harPostData{MimeType: c.Header.Get("Content-Type"), Text: string(c.Body)}
	}
	switch {
	case c.Status == 0:
		e.Comment = "no response: " + c.Problem
	case c.ErrorCode != "":
		e.Comment = c.ErrorCode + ": " + c.Problem
	}
	if c.Scenario != "" {
		e.Comment = strings.TrimPrefix(e.Comment+"; scenario "+c.Scenario, "; ")
	}
	return e
}

// harHeaders lists a header map in name order.
func harHeaders(h http.Header) []harNameValue {
	out := []harNameValue{}
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			out = append(out, harNameValue{Name: k, Value: v})
		}
	}
	return out
}
