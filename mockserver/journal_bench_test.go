package mockserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// BenchmarkJournalMillionCalls records 1,000,000 chat $ref calls, each as
// the server records it (the request's headers and body), into a journal
// with the default bounds, and reports the live heap afterwards: it must
// stay flat however many calls go by.
func BenchmarkJournalMillionCalls(b *testing.B) {
	calls := sampleCalls(b, 64)
	for b.Loop() {
		j := newJournal(0, 0)
		before := liveHeap()
		for i := range 1_000_000 {
			j.record(freshCopy(calls[i%len(calls)]))
		}
		after := liveHeap()
		if st := j.stats(); st.Recorded != 1_000_000 {
			b.Fatalf("recorded %d", st.Recorded)
		}
		b.ReportMetric(float64(after)/(1<<20), "heap-MiB")
		b.ReportMetric(float64(after-before)/(1<<20), "journal-MiB")
		b.ReportMetric(float64(rss())/(1<<20), "rss-MiB")
		runtime.KeepAlive(j)
	}
}

// BenchmarkJournalCallCost reports what one kept call costs in memory: the
// heap growth of a journal holding 20,000 calls (each with its own headers
// and body, which the journal keeps alive), divided by 20,000.
func BenchmarkJournalCallCost(b *testing.B) {
	const n = 20_000
	calls := sampleCalls(b, 64)
	for b.Loop() {
		before := liveHeap()
		j := newJournal(n, 1<<40)
		for i := range n {
			j.record(freshCopy(calls[i%len(calls)]))
		}
		after := liveHeap()
		b.ReportMetric(float64(after-before)/n, "B/call")
		runtime.KeepAlive(j)
	}
}

// freshCopy gives a sample call its own header map and body, as each
// request that net/http reads has.
func freshCopy(c Call) Call {
	c.Header = c.Header.Clone()
	c.Body = slices.Clone(c.Body)
	return c
}

// sampleCalls makes n calls as the server records them for the seed
// request: each with its own header map and body, as net/http gives them.
func sampleCalls(b *testing.B, n int) []Call {
	set, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	srv := New(set, Options{JournalLimit: n})
	for range n {
		req := httptest.NewRequest("POST", chatRefPath, strings.NewReader(validChatBody))
		req.Header.Set("Authorization", "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.payload.signature")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Client-Request-Id", "7e0c4f5a-0000-4000-8000-000000000001")
		req.Header.Set("SdkVersion", "graph-go/1.0")
		srv.ServeHTTP(&discardWriter{h: make(http.Header)}, req)
	}
	return srv.Calls()
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// rss returns the process's resident set size, from /proc (0 elsewhere).
func rss() uint64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, resident uint64
	fmt.Sscan(string(data), &size, &resident)
	return resident * uint64(os.Getpagesize())
}

// discardWriter is a ResponseWriter that keeps nothing.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

const chatRefPath = "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat/$ref"

const validChatBody = `{"@odata.type": "#Microsoft.Teams.GraphSvc.chat", "chatType": "group", "topic": "Weekly sync"}`
