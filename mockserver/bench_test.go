package mockserver_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
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
		header := req.Header
		// The bodies are built in one reused buffer, so that what is
		// counted is graphmock's work, not the benchmark's.
		before, after, ok := strings.Cut(validChatBody, "Weekly sync")
		if !ok {
			b.Fatal("the chat body has no topic to vary")
		}
		distinct := make([]byte, 0, len(validChatBody)+24)
		rd := bytes.NewReader(nil)
		req.Body = io.NopCloser(rd)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			distinct = append(append(distinct[:0], before...), "Weekly sync "...)
			distinct = strconv.AppendInt(distinct, int64(i), 10)
			distinct = append(distinct, after...)
			rd.Reset(distinct)
			req.ContentLength = int64(len(distinct))
			req.Header = header.Clone()
			h.ServeHTTP(&discardWriter{h: make(http.Header)}, req)
		}
		if last, _ := lastCall(h); last.Status != http.StatusNoContent {
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
			mocktest.NewTestServer(tb, mocktest.WithSet(set))
			tb.finish()
		}
	})
	b.Run("fresh-load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tb := &benchTB{B: b}
			mocktest.NewTestServer(tb, mocktest.WithFS(graphmock.Defaults, "scenarios.yaml"))
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
