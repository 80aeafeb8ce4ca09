package admin

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// streamWriter is an http.ResponseWriter for an event stream that keeps
// the size of each write and cancels the stream once what it waits for
// has been written.
type streamWriter struct {
	header http.Header
	cancel context.CancelFunc
	until  string

	mu     sync.Mutex
	buf    bytes.Buffer
	writes []int
}

func (w *streamWriter) Header() http.Header { return w.header }
func (w *streamWriter) WriteHeader(int)     {}
func (w *streamWriter) Flush()              {}
func (w *streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes = append(w.writes, len(p))
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.until) {
		w.cancel()
	}
	return len(p), nil
}

// streamUntil runs an event stream at path on h until until is written.
func streamUntil(t *testing.T, h http.Handler, path, until string) *streamWriter {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &streamWriter{header: http.Header{}, cancel: cancel, until: until}
	req := httptest.NewRequestWithContext(ctx, "GET", path, nil)
	req.Host = "127.0.0.1"
	h.ServeHTTP(w, req)
	return w
}

// fill records n unmatched calls on srv.
func fill(srv *mockserver.Server, n int) {
	for range n {
		srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/v1.0/nothing", nil))
	}
}

func TestEventsWriteTheBacklogInBoundedChunksAndSkipWhatIsTooFarBehind(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{JournalLimit: 20_000, JournalMaxBytes: 1 << 30})
	fill(srv, maxBacklog+2000)
	last := "id: 12000\n"
	w := streamUntil(t, Handler(srv, Options{}), "/_graphmock/events?since=0", last)
	text := w.buf.String()
	// The stream skips to maxBacklog calls before the newest and says so.
	if i := strings.Index(text, "event: dropped\ndata: {\"missed\":2000,\"next\":2001}\n\n"); i < 0 || strings.Contains(text[:i], "event: call") {
		t.Fatalf("the stream does not start by saying it skipped calls 1 to 2000:\n%.300s", text)
	}
	if !strings.Contains(text, "id: 2001\n") || strings.Contains(text, "id: 2000\n") {
		t.Error("the stream does not go on from call 2001")
	}
	if n := strings.Count(text, "event: call"); n != maxBacklog {
		t.Errorf("the stream sent %d calls, want %d", n, maxBacklog)
	}
	biggest := 0
	for _, n := range w.writes {
		biggest = max(biggest, n)
	}
	// A call's summary is a few hundred bytes; a write holds eventChunk of them.
	if len(w.writes) < maxBacklog/eventChunk || biggest > eventChunk*1024 {
		t.Errorf("the backlog went out in %d writes, the biggest %d bytes; want chunks of at most %d calls", len(w.writes), biggest, eventChunk)
	}
}

func TestEventsFromACursorAfterTheNewestCallStartOver(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	fill(srv, 3)
	for _, path := range []string{"/_graphmock/events?since=500", "/_graphmock/events"} {
		req := path
		ctx, cancel := context.WithCancel(context.Background())
		w := &streamWriter{header: http.Header{}, cancel: cancel, until: "id: 3\n"}
		r := httptest.NewRequestWithContext(ctx, "GET", req, nil)
		r.Host = "127.0.0.1"
		if path == "/_graphmock/events" {
			r.Header.Set("Last-Event-ID", "9000")
		}
		Handler(srv, Options{}).ServeHTTP(w, r)
		cancel()
		text := w.buf.String()
		cleared := strings.Index(text, "event: cleared\n")
		if cleared < 0 || cleared > strings.Index(text, "id: 1\n") || !strings.Contains(text, "id: 3\n") {
			t.Errorf("%s (a journal of 3 calls): want cleared, then calls 1 to 3; got\n%s", path, text)
		}
	}
}

// TestUnknownQueryParametersGetTheSameAnswerEveryTime sends each query
// many times: the answer must not depend on the order Go's maps give.
func TestUnknownQueryParametersGetTheSameAnswerEveryTime(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	fill(srv, 3)
	h := Handler(srv, Options{})
	tests := []struct {
		path string
		want int
		body string
	}{
		{"/_graphmock/events?since=1&x=2", 400, `unknown query parameter \"x\": use since`},
		{"/_graphmock/events?a=1&since=1&z=2", 400, `unknown query parameter \"a\": use since`},
		{"/_graphmock/events?since=x&y=1", 400, `unknown query parameter \"y\": use since`},
		{"/_graphmock/calls?since=x&limit=0", 400, "limit=0: want a whole number of calls, 1 or more"},
		{"/_graphmock/calls?outcome=bad&since=-1&zzz=1", 400, "outcome=bad: want served, rejected, unmatched or skipped"},
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a stream that starts by mistake ends at once
	for _, tt := range tests {
		for range 50 {
			req := httptest.NewRequestWithContext(ctx, "GET", tt.path, nil)
			req.Host = "127.0.0.1"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.want || !strings.Contains(rec.Body.String(), tt.body) {
				t.Fatalf("GET %s = %d %s, want %d saying %s, every time", tt.path, rec.Code, rec.Body, tt.want, tt.body)
			}
		}
	}
}
