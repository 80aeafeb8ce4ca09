package admin_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// sseEvent is one server-sent event.
type sseEvent struct {
	id, event, data string
}

// readEvents reads events from a stream into a channel until it ends;
// the goroutine exits when the body is closed.
func readEvents(body *bufio.Reader) <-chan sseEvent {
	out := make(chan sseEvent, 64)
	go func() {
		defer close(out)
		var e sseEvent
		for {
			line, err := body.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if e.event != "" {
					out <- e
				}
				e = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				e.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				e.event = line[7:]
			case strings.HasPrefix(line, "data: "):
				e.data = line[6:]
			}
		}
	}()
	return out
}

func nextEvent(t *testing.T, events <-chan sseEvent, within time.Duration) sseEvent {
	t.Helper()
	select {
	case e, ok := <-events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return e
	case <-time.After(within):
		t.Fatalf("no event within %v", within)
	}
	return sseEvent{}
}

// eventWait is how long a test waits for an event that comes at once on an
// idle machine: generous, so a busy one does not fail the test.
const eventWait = 30 * time.Second

func TestEventsStreamEachNewCall(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	ts := httptest.NewServer(admin.Handler(srv, admin.Options{Token: "s3cret"}))
	defer ts.Close()
	post := func(body string) {
		req, _ := http.NewRequest("POST", ts.URL+chatRefPath, strings.NewReader(body))
		req.Header = validHeaders()
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	post(validChatBody) // before the stream: not sent unless asked for with since

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/_graphmock/events", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("GET events = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := readEvents(bufio.NewReader(resp.Body))

	start := time.Now()
	post(`{"chatType": "direct"}`)
	e := nextEvent(t, events, eventWait)
	var got struct {
		Seq      int64              `json:"seq"`
		Method   string             `json:"method"`
		Scenario string             `json:"scenario"`
		Outcome  mockserver.Outcome `json:"outcome"`
		Status   int                `json:"status"`
	}
	if err := json.Unmarshal([]byte(e.data), &got); err != nil {
		t.Fatalf("event data %q: %v", e.data, err)
	}
	if e.event != "call" || e.id != "2" || got.Seq != 2 || got.Outcome != mockserver.Rejected || got.Status != 400 || got.Scenario != "add-chat" {
		t.Errorf("event = %+v %+v, want call 2, rejected 400 add-chat (the call before the stream is not repeated)", e, got)
	}
	t.Logf("the event came %v after the call", time.Since(start))

	srv.Reset()
	if e := nextEvent(t, events, eventWait); e.event != "cleared" {
		t.Errorf("after a reset, event = %+v, want cleared", e)
	}
	post(validChatBody)
	if e := nextEvent(t, events, eventWait); e.event != "call" || e.id != "3" {
		t.Errorf("after the reset, event = %+v, want call 3", e)
	}
}

func TestEventsReplayTheCallsSinceASequenceNumber(t *testing.T) {
	srv := newDefaultServer(t)
	sendTraffic(t, srv)
	ts := httptest.NewServer(srv.h)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/_graphmock/events?since=1", nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := readEvents(bufio.NewReader(resp.Body))
	for _, want := range []string{"2", "3"} {
		if e := nextEvent(t, events, eventWait); e.id != want {
			t.Errorf("replayed event id %s, want %s", e.id, want)
		}
	}
	if r := srv.do(t, "GET", "/_graphmock/events?since=x", "", nil); r.status != 400 {
		t.Errorf("since=x = %d, want 400", r.status)
	}
}

// TestEventsStopWhenTheClientLeaves checks that the stream's goroutine
// returns once the request's context is done.
func TestEventsStopWhenTheClientLeaves(t *testing.T) {
	srv := newDefaultServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequestWithContext(ctx, "GET", "/_graphmock/events", nil)
	req.Host = "127.0.0.1:8080"
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.h.ServeHTTP(httptest.NewRecorder(), req)
	}()
	time.Sleep(300 * time.Millisecond)
	select {
	case <-done:
		t.Fatal("the stream ended before the client left")
	default:
	}
	cancel()
	select {
	case <-done:
	case <-time.After(eventWait):
		t.Fatal("the stream goes on after the client left")
	}
}

func TestCallsSinceFiltersBySequenceNumber(t *testing.T) {
	srv := newDefaultServer(t)
	sendTraffic(t, srv)
	var got callList
	decodeJSON(t, srv.do(t, "GET", "/_graphmock/calls?since=2", "", nil), &got)
	if len(got.Calls) != 1 || got.Calls[0].Seq != 3 {
		t.Errorf("?since=2 gave %d calls, want call 3 alone", len(got.Calls))
	}
	if r := srv.do(t, "GET", "/_graphmock/calls?since=-1", "", nil); r.status != 400 {
		t.Errorf("?since=-1 = %d, want 400", r.status)
	}
}

// openEvents opens an event stream on h at path, returning its events; the
// stream ends with the test.
func openEvents(t *testing.T, h http.Handler, path string) <-chan sseEvent {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+path, nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	return readEvents(bufio.NewReader(resp.Body))
}

func TestEventsSayWhenCallsWereDroppedBeforeTheStreamCouldSendThem(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{JournalLimit: 3})
	for range 5 {
		srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/v1.0/nothing", nil))
	}
	events := openEvents(t, admin.Handler(srv, admin.Options{}), "/_graphmock/events?since=1")
	e := nextEvent(t, events, eventWait)
	var got struct{ Missed, Next int64 }
	if err := json.Unmarshal([]byte(e.data), &got); err != nil || e.event != "dropped" || got.Missed != 1 || got.Next != 3 {
		t.Fatalf("first event = %+v (%v), want dropped with missed 1 (call 2), next 3", e, err)
	}
	for _, want := range []string{"3", "4", "5"} {
		if e := nextEvent(t, events, eventWait); e.event != "call" || e.id != want {
			t.Errorf("event = %+v, want call %s", e, want)
		}
	}
}

func TestCallsWalkTheJournalPastOneChunk(t *testing.T) {
	srv := newDefaultServer(t)
	for i := range 600 {
		if i%100 == 7 {
			srv.do(t, "POST", chatRefPath, validChatBody, validHeaders())
			continue
		}
		srv.do(t, "GET", "/v1.0/nothing", "", nil)
	}
	seqs := func(path string) []int64 {
		var got struct {
			Calls []struct {
				Seq int64 `json:"seq"`
			} `json:"calls"`
		}
		r := srv.do(t, "GET", path, "", nil)
		if err := json.Unmarshal(r.body, &got); err != nil || r.status != 200 {
			t.Fatalf("GET %s = %d %s", path, r.status, r.body)
		}
		var out []int64
		for _, c := range got.Calls {
			out = append(out, c.Seq)
		}
		return out
	}
	if got := seqs("/_graphmock/calls"); len(got) != 600 || got[0] != 1 || got[599] != 600 {
		t.Errorf("all calls: %d of them, want 600 from 1 to 600", len(got))
	}
	if got := fmt.Sprint(seqs("/_graphmock/calls?limit=3")); got != "[598 599 600]" {
		t.Errorf("limit=3 = %s, want the newest three", got)
	}
	if got := fmt.Sprint(seqs("/_graphmock/calls?limit=2&since=598")); got != "[599 600]" {
		t.Errorf("limit=2&since=598 = %s", got)
	}
	if got := fmt.Sprint(seqs("/_graphmock/calls?outcome=served&limit=4")); got != "[208 308 408 508]" {
		t.Errorf("outcome=served&limit=4 = %s, want the newest four served calls", got)
	}
	if got := fmt.Sprint(seqs("/_graphmock/calls?outcome=served&since=300")); got != "[308 408 508]" {
		t.Errorf("outcome=served&since=300 = %s", got)
	}
	if got := seqs("/_graphmock/calls?since=600"); len(got) != 0 {
		t.Errorf("since=600 = %v, want none", got)
	}
}

// startStream opens an event stream and returns its response; the stream
// stays open until cancel.
func startStream(t *testing.T, ts *httptest.Server, path string) (*http.Response, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+path, nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	return resp, cancel
}

func TestEventStreamsAreBoundedPerServerAndPerSession(t *testing.T) {
	srv := newDefaultServer(t)
	ts := httptest.NewServer(srv.h)
	t.Cleanup(ts.Close) // after the streams' own cleanups have ended them
	var first context.CancelFunc
	for i := range 32 {
		resp, cancel := startStream(t, ts, "/_graphmock/events")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d = %d, want 200 up to 32", i+1, resp.StatusCode)
		}
		if i == 0 {
			first = cancel
		}
	}
	resp, _ := startStream(t, ts, "/_graphmock/events")
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != http.StatusTooManyRequests ||
		e.Error.Code != "TooManyRequests" || resp.Header.Get("Retry-After") == "" || !strings.Contains(e.Error.Message, "32 event streams") {
		t.Fatalf("the 33rd stream = %d %+v (Retry-After %q), want 429 TooManyRequests naming the bound", resp.StatusCode, e, resp.Header.Get("Retry-After"))
	}

	// A session has a bound of its own, apart from the server's.
	var info struct{ ID string }
	if r := srv.do(t, "POST", "/_graphmock/sessions", "", nil); r.status != http.StatusCreated || json.Unmarshal(r.body, &info) != nil {
		t.Fatalf("POST sessions = %d %s", r.status, r.body)
	}
	path := "/_graphmock/sessions/" + info.ID + "/events"
	for i := range 8 {
		if resp, _ := startStream(t, ts, path); resp.StatusCode != http.StatusOK {
			t.Fatalf("session stream %d = %d, want 200 up to 8, whatever the server's streams", i+1, resp.StatusCode)
		}
	}
	if resp, _ := startStream(t, ts, path); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the 9th session stream = %d, want 429", resp.StatusCode)
	}

	// A stream that ends makes room for another.
	first()
	for try := 0; ; try++ {
		resp, cancel := startStream(t, ts, "/_graphmock/events")
		if resp.StatusCode == http.StatusOK {
			break
		}
		cancel()
		if try == 1000 {
			t.Fatal("no room for a stream after one ended")
		}
		time.Sleep(time.Millisecond)
	}
}
