package mockserver_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// panickyBody panics when the server reads it, standing in for any bug
// that panics while a request is being answered.
type panickyBody struct{ v any }

func (p panickyBody) Read([]byte) (int, error) { panic(p.v) }
func (p panickyBody) Close() error             { return nil }

func TestServerAnswersAPanicWithGraphsGeneralException(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	srv := mockserver.New(set, mockserver.Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = panickyBody{"boom"}
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()

	req, _ := http.NewRequest("POST", ts.URL+chatRefPath, strings.NewReader(validChatBody))
	req.Header = withHeader(validHeaders(), "client-request-id", "c0ffee00-0000-4000-8000-000000000001")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("the connection was dropped: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Fatalf("status = %d, want 500", resp.StatusCode)
	}
	var ge graphError
	if err := json.Unmarshal(body, &ge); err != nil {
		t.Fatalf("body is not a Graph error: %v: %s", err, body)
	}
	if ge.Error.Code != "generalException" || !strings.Contains(ge.Error.Message, "panic: boom") {
		t.Errorf("error = %+v, want generalException naming the panic", ge.Error)
	}
	if got := resp.Header.Get("client-request-id"); got != "c0ffee00-0000-4000-8000-000000000001" || ge.Error.InnerError.ClientRequestID != got {
		t.Errorf("client-request-id = %q, innerError has %q, want the client's echoed in both", got, ge.Error.InnerError.ClientRequestID)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	calls := srv.Calls()
	if len(calls) != 1 || calls[0].Status != 500 || calls[0].ErrorCode != "generalException" || calls[0].RequestID != resp.Header.Get("request-id") {
		t.Fatalf("journal = %+v, want the failed call with its 500", calls)
	}
	if !strings.Contains(log.String(), "panic while answering POST") || !strings.Contains(log.String(), "recover_test.go") {
		t.Errorf("log lacks the panic and its stack:\n%s", log.String())
	}
	if err := srv.Verify(); err == nil || !strings.Contains(err.Error(), "panic: boom") {
		t.Errorf("Verify() = %v, want it to report the failed call", err)
	}
}

func TestServerPassesOnErrAbortHandler(t *testing.T) {
	srv := newDefaultServer(t)
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler passed on", v)
		}
	}()
	req := httptest.NewRequest("POST", chatRefPath, nil)
	req.Header = validHeaders()
	req.Body = panickyBody{http.ErrAbortHandler}
	req.ContentLength = -1
	srv.ServeHTTP(httptest.NewRecorder(), req)
	t.Error("ServeHTTP returned, want it to panic with http.ErrAbortHandler")
}

// failingWriter panics once the response has started.
type failingWriter struct{ http.ResponseWriter }

func (failingWriter) Write([]byte) (int, error) { panic(errors.New("write failed")) }

func TestServerPassesOnAPanicAfterTheResponseStarted(t *testing.T) {
	srv := newDefaultServer(t)
	rec := httptest.NewRecorder()
	defer func() {
		if v := recover(); v == nil {
			t.Error("no panic, want the panic passed on")
		}
		if rec.Code != 200 || len(srv.Calls()) != 1 {
			t.Errorf("status %d with %d calls recorded, want the original 200 recorded once", rec.Code, len(srv.Calls()))
		}
	}()
	req := httptest.NewRequest("GET", strings.TrimSuffix(chatRefPath, "/$ref"), nil)
	req.Header = validHeaders()
	srv.ServeHTTP(failingWriter{rec}, req)
}
