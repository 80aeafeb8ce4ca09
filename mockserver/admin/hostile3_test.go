package admin_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// fullJournal returns an admin handler over a server whose journal holds
// n calls with bodies of size bytes.
func fullJournal(t testing.TB, n, size int) (*mockserver.Server, http.Handler) {
	t.Helper()
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{JournalLimit: n, JournalMaxBytes: int64(n) * int64(size+4096)})
	h := admin.Handler(srv, admin.Options{})
	body := `{"chatType": "` + strings.Repeat("x", size) + `"}`
	for range n {
		req := httptest.NewRequest("POST", chatRefPath, strings.NewReader(body))
		req.Header = validHeaders()
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	return srv, h
}

// An export of a full journal is written call by call: the heap it takes
// while a slow client reads it stays a small part of the document's size
// (it was the whole document, and more, before).
func TestAnExportOfAFullJournalHoldsLittleMemory(t *testing.T) {
	_, h := fullJournal(t, 6000, 3000)
	ts := httptest.NewServer(h)
	defer ts.Close()
	// Collect garbage early, so that the peak measures what the export
	// holds, not what the collector has yet to take back.
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { // samples the heap until stop
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	})
	for _, path := range []string{"/_graphmock/har", "/_graphmock/calls"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReaderSize(resp.Body, 64<<10)
		var n int64
		buf := make([]byte, 64<<10)
		for {
			k, err := r.Read(buf)
			n += int64(k)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Microsecond) // a client slower than the server
		}
		resp.Body.Close()
		grew := int64(peak.Load()) - int64(before.HeapAlloc)
		t.Logf("%s: %d MiB written; the heap grew at most %d MiB while a slow client read it", path, n>>20, grew>>20)
		if resp.StatusCode != 200 || n < 16<<20 {
			t.Fatalf("%s = %d, %d bytes; want the whole journal", path, resp.StatusCode, n)
		}
		if grew > n/4 {
			t.Errorf("%s: the heap grew %d MiB for a %d MiB document, want a small part of it", path, grew>>20, n>>20)
		}
	}
	close(stop)
	wg.Wait()
}

// BenchmarkGraphCallBesideOpenStreams measures a Graph call while event
// streams follow the journal, as many as graphmock allows (32) against
// none: each stream costs one event per call, not a look at the whole
// journal.
func BenchmarkGraphCallBesideOpenStreams(b *testing.B) {
	for _, streams := range []int{0, 32} {
		b.Run(fmt.Sprintf("streams=%d", streams), func(b *testing.B) {
			_, h := fullJournal(b, 9600, 100)
			ts := httptest.NewServer(h)
			defer ts.Close()
			var open sync.WaitGroup
			var conns []*http.Response
			for range streams {
				resp, err := http.Get(ts.URL + "/_graphmock/events")
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("stream: %v %v", resp, err)
				}
				conns = append(conns, resp)
				open.Go(func() { _, _ = io.Copy(io.Discard, resp.Body) }) // ends when the stream is closed
			}
			req := func() {
				r, _ := http.NewRequest("POST", ts.URL+chatRefPath, strings.NewReader(validChatBody))
				r.Header = validHeaders()
				resp, err := ts.Client().Do(r)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			for b.Loop() {
				req()
			}
			for _, c := range conns {
				c.Body.Close()
			}
			ts.CloseClientConnections()
			open.Wait()
		})
	}
}
