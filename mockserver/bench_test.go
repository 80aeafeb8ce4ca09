package mockserver_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// benchRequest is a reusable validated chat $ref request.
func benchRequest(body []byte) *http.Request {
	req := httptest.NewRequest(http.MethodPost, chatRefPath, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	return req
}

// discardWriter is a minimal http.ResponseWriter, so the benchmarks measure
// the handlers rather than httptest.ResponseRecorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// BenchmarkChatRef compares one validated chat $ref request through the
// full graphmock handler (routing, token and Content-Type checks, schema
// verdict, journal) with a bare handler that drains the body and answers
// the same bytes: 204 with the same headers. The ratio is what counts.
func BenchmarkChatRef(b *testing.B) {
	body := []byte(validChatBody)
	// Each request gets its own header map, as each request net/http reads
	// has: a handler that keeps the headers (the journal) keeps that map.
	run := func(b *testing.B, h http.Handler) {
		req := benchRequest(body)
		header := req.Header
		rd := bytes.NewReader(body)
		b.ReportAllocs()
		for b.Loop() {
			rd.Reset(body)
			req.Body = io.NopCloser(rd)
			req.Header = header.Clone()
			h.ServeHTTP(&discardWriter{h: make(http.Header)}, req)
		}
	}
	b.Run("bare", func(b *testing.B) { run(b, bareChatRef()) })
	b.Run("graphmock", func(b *testing.B) {
		set, err := mockserver.Default()
		if err != nil {
			b.Fatal(err)
		}
		run(b, mockserver.New(set, mockserver.Options{}))
	})
	// Every body different, so that none is in the verdict memo: the cost
	// of parsing and validating with gojsonschema each time.
	b.Run("graphmock-distinct-bodies", func(b *testing.B) {
		set, err := mockserver.Default()
		if err != nil {
			b.Fatal(err)
		}
		h := mockserver.New(set, mockserver.Options{})
		req := benchRequest(body)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			distinct := []byte(strings.Replace(validChatBody, "Weekly sync", "Weekly sync "+strconv.Itoa(i), 1))
			req.Body = io.NopCloser(bytes.NewReader(distinct))
			req.ContentLength = int64(len(distinct))
			h.ServeHTTP(&discardWriter{h: make(http.Header)}, req)
		}
		if last, _ := h.Journal().Last(); last.Status != http.StatusNoContent {
			b.Fatalf("last call answered %d: %s", last.Status, last.Problem)
		}
	})
}

// BenchmarkNewTestServer starts and closes one test server, with the
// compiled default set reused, and with the scenario file loaded and its
// schemas compiled afresh each time.
func BenchmarkNewTestServer(b *testing.B) {
	b.Run("reused-set", func(b *testing.B) {
		set, err := mockserver.Default()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			tb := &benchTB{B: b}
			mockserver.NewTestServer(tb, mockserver.WithScenarios(set))
			tb.finish()
		}
	})
	b.Run("fresh-load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tb := &benchTB{B: b}
			mockserver.NewTestServer(tb, mockserver.WithFS(mockserver.DefaultFS(), mockserver.DefaultFile))
			tb.finish()
		}
	})
}

// benchTB runs a test server's cleanups at the end of each iteration
// instead of at the end of the benchmark.
type benchTB struct {
	*testing.B
	cleanups []func()
}

func (tb *benchTB) Cleanup(f func()) { tb.cleanups = append(tb.cleanups, f) }

func (tb *benchTB) finish() {
	for i := len(tb.cleanups) - 1; i >= 0; i-- {
		tb.cleanups[i]()
	}
}

// BenchmarkScenarioFeatures measures what request conditions and a
// response template add to one request, beside the plain canned response
// in the same run.
func BenchmarkScenarioFeatures(b *testing.B) {
	body := []byte(`{"chatType":"group","topic":"Weekly sync","viewpoint":{"isHidden":false}}`)
	plain := mockserver.Scenario{
		Name:     "plain",
		Request:  mockserver.Request{Method: "POST", Path: "/beta/chats/{chatsId}/messages"},
		Response: mockserver.Response{Status: 201, Body: map[string]any{"id": "m1", "topic": "Weekly sync"}},
	}
	matched := plain
	matched.Name = "matched"
	matched.Request.Headers = map[string]mockserver.Match{"Prefer": mockserver.Contains("return")}
	matched.Request.Query = map[string]mockserver.Match{"$select": mockserver.Present()}
	matched.Request.PathVars = map[string]mockserver.Match{"chatsId": mockserver.Matches(`@thread\.v2$`)}
	matched.Request.Body = &mockserver.BodyMatch{
		Contains: map[string]any{"chatType": "group", "viewpoint": map[string]any{"isHidden": false}},
		Fields:   map[string]mockserver.Match{"/topic": mockserver.Contains("sync")},
	}
	templated := plain
	templated.Name = "templated"
	templated.Response = mockserver.Response{Status: 201, Template: true,
		Body: map[string]any{"id": "{{guid}}", "chat": "{{.PathVars.chatsId}}", "topic": "{{.Body.topic}}", "createdDateTime": "{{now}}"}}

	for _, sc := range []mockserver.Scenario{plain, matched, templated} {
		b.Run(sc.Name, func(b *testing.B) {
			set, err := mockserver.Compile(nil, sc)
			if err != nil {
				b.Fatal(err)
			}
			h := mockserver.New(set, mockserver.Options{})
			req := httptest.NewRequest("POST", "/beta/chats/19:abc@thread.v2/messages?$select=id", nil)
			req.Header.Set("Authorization", "Bearer t")
			req.Header.Set("Prefer", "return=representation")
			req.ContentLength = int64(len(body))
			rd := bytes.NewReader(body)
			b.ReportAllocs()
			for b.Loop() {
				rd.Reset(body)
				req.Body = io.NopCloser(rd)
				w := &discardWriter{h: make(http.Header)}
				h.ServeHTTP(w, req)
			}
			if calls := h.Calls(); calls[len(calls)-1].Status != 201 {
				b.Fatalf("the benchmark request was answered %d: %s", calls[len(calls)-1].Status, calls[len(calls)-1].Problem)
			}
		})
	}
}

// BenchmarkLoopback sends the chat $ref request over loopback TCP from 32
// concurrent clients, to a bare net/http handler answering the same bytes
// and to graphmock with validation and the journal on, in the same run.
// It reports requests per second and the 99th-percentile latency.
func BenchmarkLoopback(b *testing.B) {
	set, err := mockserver.Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{
		{"bare", bareChatRef()},
		{"graphmock", mockserver.New(set, mockserver.Options{})},
	} {
		b.Run(tc.name, func(b *testing.B) {
			hs := httptest.NewServer(tc.h)
			defer hs.Close()
			transport := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}
			defer transport.CloseIdleConnections()
			client := &http.Client{Transport: transport}
			url := hs.URL + chatRefPath
			body := []byte(validChatBody)
			var mu sync.Mutex
			var latencies []time.Duration
			b.SetParallelism(16) // 32 clients on 2 cores
			b.ReportAllocs()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				mine := make([]time.Duration, 0, 4096)
				for pb.Next() {
					req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer test-token")
					req.Header.Set("Content-Type", "application/json")
					t0 := time.Now()
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					mine = append(mine, time.Since(t0))
					if resp.StatusCode != http.StatusNoContent {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
				mu.Lock()
				latencies = append(latencies, mine...)
				mu.Unlock()
			})
			elapsed := time.Since(start)
			slices.Sort(latencies)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
			if len(latencies) > 0 {
				b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds()), "p99-µs")
			}
		})
	}
}

// bareChatRef is the baseline handler: it drains the body and answers 204
// with the headers graphmock sends, but checks and records nothing.
func bareChatRef() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Request-Id"] = []string{"0b5e3a56-6b8e-4f53-9a1c-1d4c1f0e2a77"}
		h["Client-Request-Id"] = h["Request-Id"]
		h["X-Ms-Ags-Diagnostic"] = []string{`{"ServerInfo":{}}`}
		h["Cache-Control"] = []string{"no-cache"}
		h["Strict-Transport-Security"] = []string{"max-age=31536000"}
		h["Odata-Version"] = []string{"4.0"}
		w.WriteHeader(http.StatusNoContent)
	})
}

// BenchmarkJournalMillionCalls records 1,000,000 chat $ref calls, each as
// the server records it (the request's headers and body), into a journal
// with the default bounds, and reports the live heap afterwards: it must
// stay flat however many calls go by.
func BenchmarkJournalMillionCalls(b *testing.B) {
	calls := sampleCalls(b, 64)
	for b.Loop() {
		j := mockserver.NewJournal(0, 0)
		before := liveHeap()
		for i := range 1_000_000 {
			j.Record(freshCopy(calls[i%len(calls)]))
		}
		after := liveHeap()
		if st := j.Stats(); st.Recorded != 1_000_000 {
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
		j := mockserver.NewJournal(n, 1<<40)
		for i := range n {
			j.Record(freshCopy(calls[i%len(calls)]))
		}
		after := liveHeap()
		b.ReportMetric(float64(after-before)/n, "B/call")
		runtime.KeepAlive(j)
	}
}

// freshCopy gives a sample call its own header map and body, as each
// request that net/http reads has.
func freshCopy(c mockserver.Call) mockserver.Call {
	c.Header = c.Header.Clone()
	c.Body = slices.Clone(c.Body)
	return c
}

// sampleCalls makes n calls as the server records them for the seed
// request: each with its own header map and body, as net/http gives them.
func sampleCalls(b *testing.B, n int) []mockserver.Call {
	set, err := mockserver.Default()
	if err != nil {
		b.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{JournalLimit: n})
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
