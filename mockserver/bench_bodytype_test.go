package mockserver_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// BenchmarkBodyTypeAuto compares a create-user call (Microsoft's example
// body, docCreateUser) checked against Graph's metadata (bodyType: auto)
// through the full graphmock handler with a bare handler that drains the
// body and answers 204 with graphmock's headers: the same body every
// time, and a different body every time. The ratios are what count.
func BenchmarkBodyTypeAuto(b *testing.B) {
	set, err := mockserver.Compile(nil, mockserver.Scenario{
		Name:     "create-user",
		Request:  mockserver.Request{Method: http.MethodPost, Path: "/v1.0/users", BodyType: "auto"},
		Response: mockserver.Response{Status: http.StatusNoContent},
	})
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
	for _, vary := range []bool{false, true} {
		name := "same-body"
		if vary {
			name = "every-body-different"
		}
		b.Run(name+"/bare", func(b *testing.B) { run(b, bareChatRef(), vary, 0) })
		b.Run(name+"/graphmock", func(b *testing.B) {
			run(b, mockserver.New(set, mockserver.Options{}), vary, http.StatusNoContent)
		})
	}
}
