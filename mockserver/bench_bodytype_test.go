package mockserver_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// BenchmarkBodyTypeAuto compares a create-user call (Microsoft's example
// body, docCreateUser) checked against Graph's metadata (bodyType: auto)
// through the full graphmock handler with a bare handler that drains the
// body and answers with graphmock's headers: the same body every time,
// and a different body every time. Two shapes: a 204 without a body
// (no-content), and the loopback benchmark's (created): the create-user
// scenario of examples/graph-metadata.yaml, a 201 with the user created,
// an @odata.context derived from the path and a Location, against a bare
// handler giving the same 201 and body (bench/user-created.json). The
// ratios are what count.
func BenchmarkBodyTypeAuto(b *testing.B) {
	noContent, err := mockserver.Compile(nil, mockserver.Scenario{
		Name:     "create-user",
		Request:  mockserver.Request{Method: http.MethodPost, Path: "/v1.0/users", BodyType: "auto"},
		Response: mockserver.Response{Status: http.StatusNoContent},
	})
	if err != nil {
		b.Fatal(err)
	}
	created, err := mockserver.LoadFile("../examples/graph-metadata.yaml")
	if err != nil {
		b.Fatal(err)
	}
	createdBody, err := os.ReadFile("../bench/user-created.json")
	if err != nil {
		b.Fatal(err)
	}
	before, after, ok := strings.Cut(docCreateUser, "Adele Vance")
	if !ok {
		b.Fatal("the user body has no display name to vary")
	}
	run := func(b *testing.B, h http.Handler, vary bool, want int) {
		req := benchRequest(nil)
		req.URL.Path, req.RequestURI = "/v1.0/users", "/v1.0/users"
		header := req.Header
		body := make([]byte, 0, len(docCreateUser)+24)
		body = append(body, docCreateUser...)
		rd := bytes.NewReader(nil)
		req.Body = io.NopCloser(rd)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			if vary {
				body = append(append(body[:0], before...), "Adele Vance "...)
				body = strconv.AppendInt(body, int64(i), 10)
				body = append(body, after...)
			}
			rd.Reset(body)
			req.ContentLength = int64(len(body))
			req.Header = header.Clone()
			h.ServeHTTP(&discardWriter{h: make(http.Header)}, req)
		}
		if want != 0 {
			if last, _ := lastCall(h.(interface{ Calls() []mockserver.Call })); last.Status != want {
				b.Fatalf("last call answered %d: %s", last.Status, last.Problem)
			}
		}
	}
	for _, shape := range []struct {
		name   string
		set    *mockserver.ScenarioSet
		bare   http.Handler
		status int
	}{
		{"no-content", noContent, bareChatRef(), http.StatusNoContent},
		{"created", created, bareCreated(createdBody), http.StatusCreated},
	} {
		for _, vary := range []bool{false, true} {
			name := shape.name + "/same-body"
			if vary {
				name = shape.name + "/every-body-different"
			}
			b.Run(name+"/bare", func(b *testing.B) { run(b, shape.bare, vary, 0) })
			b.Run(name+"/graphmock", func(b *testing.B) {
				run(b, mockserver.New(shape.set, mockserver.Options{}), vary, shape.status)
			})
		}
	}
}

// bareCreated is a bare handler that drains the body and answers 201 with
// body and graphmock's headers, as bench/baseline -graph-headers does.
func bareCreated(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Request-Id"] = []string{"0b5e3a56-6b8e-4f53-9a1c-1d4c1f0e2a77"}
		h["Client-Request-Id"] = h["Request-Id"]
		h["X-Ms-Ags-Diagnostic"] = []string{`{"ServerInfo":{}}`}
		h["Cache-Control"] = []string{"no-cache"}
		h["Strict-Transport-Security"] = []string{"max-age=31536000"}
		h["Odata-Version"] = []string{"4.0"}
		h["Content-Type"] = []string{"application/json"}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(body)
	})
}
