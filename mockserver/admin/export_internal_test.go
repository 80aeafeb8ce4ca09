package admin

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// blockingWriter is an http.ResponseWriter whose first Write says it
// started and then waits for release.
type blockingWriter struct {
	header  http.Header
	started chan struct{}
	release chan struct{}
	once    sync.Once
}

func (w *blockingWriter) Header() http.Header { return w.header }
func (w *blockingWriter) WriteHeader(int)     {}
func (w *blockingWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.started) })
	<-w.release
	return len(p), nil
}

func TestExportsAreBoundedInNumber(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	fill(srv, 300) // more than the export's write buffer holds
	h := Handler(srv, Options{})
	get := func(w http.ResponseWriter, path string) {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "127.0.0.1"
		h.ServeHTTP(w, req)
	}
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := range maxExports {
		w := &blockingWriter{header: http.Header{}, started: make(chan struct{}), release: release}
		path := []string{"/_graphmock/calls", "/_graphmock/har"}[i%2]
		wg.Add(1)
		go func() { defer wg.Done(); get(w, path) }()
		<-w.started
	}
	for _, path := range []string{"/_graphmock/calls", "/_graphmock/har"} {
		rec := httptest.NewRecorder()
		get(rec, path)
		var e struct{ Error struct{ Code string } }
		if json.Unmarshal(rec.Body.Bytes(), &e); rec.Code != http.StatusTooManyRequests || e.Error.Code != "TooManyRequests" || rec.Header().Get("Retry-After") == "" {
			t.Errorf("GET %s with %d exports being written = %d %s, want 429 TooManyRequests with Retry-After", path, maxExports, rec.Code, rec.Body)
		}
	}
	close(release)
	wg.Wait()
	rec := httptest.NewRecorder()
	get(rec, "/_graphmock/calls")
	if rec.Code != http.StatusOK {
		t.Errorf("GET calls once the exports are done = %d, want 200", rec.Code)
	}
}

// countingWriter counts the writes of an answer and their biggest size.
type countingWriter struct {
	*httptest.ResponseRecorder
	writes, biggest int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	w.biggest = max(w.biggest, len(p))
	return w.ResponseRecorder.Write(p)
}

func TestExportsStreamCallByCall(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	fill(srv, 2000)
	h := Handler(srv, Options{})
	for _, path := range []string{"/_graphmock/calls", "/_graphmock/har"} {
		w := &countingWriter{ResponseRecorder: httptest.NewRecorder()}
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "127.0.0.1"
		h.ServeHTTP(w, req)
		var doc map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil || w.Code != 200 {
			t.Fatalf("GET %s = %d, not JSON: %v", path, w.Code, err)
		}
		// A whole-document buffer is written at once; a stream, a buffer's
		// worth at a time.
		if w.writes < w.Body.Len()/(64<<10) || w.biggest > 64<<10 {
			t.Errorf("GET %s wrote %d bytes in %d writes, the biggest %d: want writes of at most 64 KiB", path, w.Body.Len(), w.writes, w.biggest)
		}
		if w.Header().Get("Content-Length") != "" {
			t.Errorf("GET %s has a Content-Length: the document was buffered whole", path)
		}
	}
}
