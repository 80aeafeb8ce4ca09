package mockserver_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// sessionPath is the path that reaches the session id's Graph path p.
func sessionPath(id, p string) string { return "/_s/" + id + p }

func TestASessionIsReachedByURLPrefixAndByHeader(t *testing.T) {
	s := newDefaultServer(t)
	id, sess, err := startSession(s, nil, 0)
	if err != nil {
		t.Fatalf("NewSession() error = %v", err)
	}
	if r := s.do(t, "POST", sessionPath(id, chatRefPath+"?x=1"), validChatBody, validHeaders()); r.status != 204 {
		t.Fatalf("POST by URL prefix = %d, want 204\n%s", r.status, r.body)
	}
	h := validHeaders()
	h.Set("X-Graphmock-Session", id)
	if r := s.do(t, "POST", chatRefPath, validChatBody, h); r.status != 204 {
		t.Fatalf("POST by header = %d, want 204\n%s", r.status, r.body)
	}
	calls := sess.Calls()
	if len(calls) != 2 {
		t.Fatalf("the session recorded %d calls, want 2", len(calls))
	}
	for _, c := range calls {
		if c.Path != chatRefPath || c.Scenario != "add-chat" || c.Outcome != mockserver.Served {
			t.Errorf("session call = %s %s (%s, %s), want the Graph path as Graph sees it, served by add-chat", c.Method, c.Path, c.Scenario, c.Outcome)
		}
		if c.PathVars["teamsAppInstallationId"] != "MTI1MjM0NTY3OA==" {
			t.Errorf("path variables = %v, want them decoded from the path without the prefix", c.PathVars)
		}
	}
	if calls[0].RawQuery != "x=1" {
		t.Errorf("query = %q, want x=1 kept", calls[0].RawQuery)
	}
	if n := len(s.Calls()); n != 0 {
		t.Errorf("the server recorded %d calls of its own, want none: they were the session's", n)
	}
	if sess.Stats().Served != 2 || s.Stats().Recorded != 0 {
		t.Errorf("session stats %+v, server stats %+v", sess.Stats(), s.Stats())
	}
}

func TestBatchItemsRunInTheSessionOfTheirBatch(t *testing.T) {
	s := newDefaultServer(t)
	id, sess, err := startSession(s, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	item := strings.TrimPrefix(chatRefPath, "/beta")
	body := fmt.Sprintf(`{"requests": [{"id": "1", "method": "POST", "url": %q, "headers": {"Content-Type": "application/json"}, "body": %s}]}`, item, validChatBody)
	if r := s.do(t, "POST", sessionPath(id, "/beta/$batch"), body, validHeaders()); r.status != 200 || !strings.Contains(string(r.body), `"status":204`) {
		t.Fatalf("batch = %d %s, want 200 with the item's 204", r.status, r.body)
	}
	calls := sess.Calls()
	if len(calls) != 2 || calls[0].Scenario != "add-chat" || calls[0].Path != chatRefPath || calls[1].Scenario != mockserver.BatchScenario || calls[1].Path != "/beta/$batch" {
		t.Errorf("session journal = %v, want the item then its batch, with paths as Graph sees them", summarize(calls))
	}
	if n := len(s.Calls()); n != 0 {
		t.Errorf("the server recorded %d calls, want none", n)
	}
}

func summarize(calls []mockserver.Call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, fmt.Sprintf("%s %s -> %d (%s)", c.Method, c.Path, c.Status, c.Scenario))
	}
	return out
}

func TestARequestToAnEndedOrUnknownSessionIsTold(t *testing.T) {
	s := newDefaultServer(t)
	id, _, err := startSession(s, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(id); err != nil {
		t.Fatalf("EndSession() error = %v", err)
	}
	h := validHeaders()
	h.Set("X-Graphmock-Session", "unknown-id")
	for _, tt := range []struct {
		name, path string
		header     http.Header
		want       []string
	}{
		{"an ended session by URL", sessionPath(id, chatRefPath), validHeaders(), []string{id, "was ended"}},
		{"an unknown session by header", chatRefPath, h, []string{`"unknown-id"`, "never started"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, "POST", tt.path, validChatBody, tt.header)
			ge := r.graphError(t)
			if r.status != 404 || ge.Error.Code != "SessionNotFound" || ge.Error.InnerError.RequestID == "" {
				t.Errorf("answer = %d %s (request-id %q), want Graph's envelope with 404 SessionNotFound", r.status, ge.Error.Code, ge.Error.InnerError.RequestID)
			}
			for _, w := range tt.want {
				if !strings.Contains(ge.Error.Message, w) {
					t.Errorf("message = %q, want it to say %q", ge.Error.Message, w)
				}
			}
			c, ok := lastCall(s.Server)
			if !ok || c.Outcome != mockserver.Unmatched || c.ErrorCode != "SessionNotFound" || c.Path != tt.path {
				t.Errorf("the server recorded %+v, want the call as sent, unmatched, with SessionNotFound", c)
			}
		})
	}
	if _, err := s.Session(id); err == nil || !strings.Contains(err.Error(), "was ended") {
		t.Errorf("Session(ended) error = %v", err)
	}
	if err := s.EndSession(id); err == nil {
		t.Error("EndSession() twice: no error")
	}
}

func TestASessionServedOnItsOwnAnswersAtItsRoot(t *testing.T) {
	s := newDefaultServer(t)
	id, sess, err := startSession(s, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(id); err != nil {
		t.Fatal(err)
	}
	// A session served on its own answers Graph paths at its root.
	rec := do(t, sess, "POST", chatRefPath, validChatBody, validHeaders())
	if rec.status != 204 || len(sess.Calls()) != 1 {
		t.Errorf("the session served directly = %d with %d calls, want 204 and 1", rec.status, len(sess.Calls()))
	}
}

func TestASessionKeepsItsSetWhenTheServerChangesItsOwn(t *testing.T) {
	s := newDefaultServer(t)
	mine := compileSet(t, mockserver.Scenario{Name: "me", Request: mockserver.Request{Method: "GET", Path: "/v1.0/me", Auth: "none"},
		Response: mockserver.Response{Status: 200, Body: map[string]any{"id": "mine"}}})
	_, withMine, err := startSession(s, mine, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, withDefault, err := startSession(s, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	s.SetScenarios(mine)
	if got := len(withDefault.Scenarios().Scenarios()); got != len(newDefaultServer(t).Scenarios().Scenarios()) {
		t.Errorf("a session started with the server's set has %d scenarios after the server's set changed", got)
	}
	if withMine.Scenarios() != mine {
		t.Error("a session started with its own set does not serve it")
	}
}

func TestASessionJournalHasItsOwnBounds(t *testing.T) {
	set := compileSet(t, mockserver.Scenario{Name: "me", Request: mockserver.Request{Method: "GET", Path: "/v1.0/me", Auth: "none"},
		Response: mockserver.Response{Status: 200}})
	s := testServer{mockserver.New(set, mockserver.Options{SessionJournalLimit: 3})}
	id, sess, err := startSession(s, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		s.do(t, "GET", sessionPath(id, "/v1.0/me"), "", nil)
	}
	if st := sess.Stats(); len(sess.Calls()) != 3 || st.Dropped != 2 || st.Recorded != 5 {
		t.Errorf("session keeps %d calls, stats %+v; want 3 kept, 2 dropped, 5 recorded", len(sess.Calls()), st)
	}
}

func compileSet(t testing.TB, scenarios ...mockserver.Scenario) *mockserver.ScenarioSet {
	t.Helper()
	set, err := mockserver.Compile(nil, scenarios...)
	if err != nil {
		t.Fatalf("Compile() error = %v", err)
	}
	return set
}

// conflictingSet is session i's scenarios: on the same paths as every
// other session's, with different statuses, sequences, flow states and
// throttling.
func conflictingSet(t testing.TB, i int) (*mockserver.ScenarioSet, int) {
	meCalls := 3 + i%3 // one more than the sequence is long: the last repeats
	var seq []mockserver.Response
	for k := range meCalls - 1 {
		seq = append(seq, mockserver.Response{Status: 200 + i%4, Body: map[string]any{"session": i, "step": k}})
	}
	limits := mockserver.Response{Status: 200, Body: map[string]any{"session": i}}
	if (i/2)%2 == 1 {
		limits = mockserver.Response{Throttle: &mockserver.GraphFault{RetryAfter: float64(i)}}
	}
	get := func(p string) mockserver.Request { return mockserver.Request{Method: "GET", Path: p, Auth: "none"} }
	return compileSet(t,
		mockserver.Scenario{Name: "me", Request: get("/v1.0/me"), Responses: seq, Times: mockserver.Exactly(meCalls)},
		mockserver.Scenario{Name: "list-before", State: &mockserver.StateRule{Flow: "items", When: "started"}, Request: get("/v1.0/items"),
			Response: mockserver.Response{Status: 200, Body: map[string]any{"value": []int{}, "session": i}}},
		mockserver.Scenario{Name: "add", State: &mockserver.StateRule{Flow: "items", Then: fmt.Sprintf("added-%d", i)},
			Request: mockserver.Request{Method: "POST", Path: "/v1.0/items", Auth: "none"}, Response: mockserver.Response{Status: 201, Body: map[string]any{"session": i}}},
		mockserver.Scenario{Name: "list-after", State: &mockserver.StateRule{Flow: "items", When: fmt.Sprintf("added-%d", i)}, Request: get("/v1.0/items"),
			Response: mockserver.Response{Status: 200, Body: map[string]any{"value": []int{i}}}},
		mockserver.Scenario{Name: "limits", Request: get("/v1.0/limits"), Response: limits, Times: mockserver.Exactly(1)},
	), meCalls
}

// TestFiftySessionsAtOnceEachSeeOnlyTheirOwn runs 50 sessions of one
// server at once, each with scenarios that conflict with the others' on
// the same paths, half reached by URL and half by header, and checks that
// each saw exactly its own answers, journal, counters, states and
// verification, and that resetting one touches no other.
func TestFiftySessionsAtOnceEachSeeOnlyTheirOwn(t *testing.T) {
	const n = 50
	s := newDefaultServer(t)
	type sess struct {
		id      string
		srv     *mockserver.Session
		meCalls int
	}
	sessions := make([]sess, n)
	for i := range sessions {
		set, meCalls := conflictingSet(t, i)
		id, srv, err := startSession(s, set, 0)
		if err != nil {
			t.Fatalf("NewSession() #%d error = %v", i, err)
		}
		sessions[i] = sess{id, srv, meCalls}
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, se := range sessions {
		wg.Go(func() { // ends when session i has made its calls
			<-start
			do := func(method, p string) response {
				if i%2 == 0 {
					return s.do(t, method, sessionPath(se.id, p), "", nil)
				}
				return s.do(t, method, p, "", http.Header{"X-Graphmock-Session": {se.id}})
			}
			expect := func(what string, r response, status int, body string) {
				if r.status != status || (body != "" && strings.TrimSpace(string(r.body)) != body) {
					t.Errorf("session %d: %s = %d %s, want %d %s", i, what, r.status, r.body, status, body)
				}
			}
			expect("GET items before", do("GET", "/v1.0/items"), 200, fmt.Sprintf(`{"session":%d,"value":[]}`, i))
			expect("POST items", do("POST", "/v1.0/items"), 201, fmt.Sprintf(`{"session":%d}`, i))
			expect("GET items after", do("GET", "/v1.0/items"), 200, fmt.Sprintf(`{"value":[%d]}`, i))
			for k := range se.meCalls {
				expect(fmt.Sprintf("GET me #%d", k), do("GET", "/v1.0/me"), 200+i%4, fmt.Sprintf(`{"session":%d,"step":%d}`, i, min(k, se.meCalls-2)))
			}
			r := do("GET", "/v1.0/limits")
			if (i/2)%2 == 1 {
				if r.status != 429 || r.header.Get("Retry-After") != fmt.Sprint(i) {
					t.Errorf("session %d: GET limits = %d, Retry-After %q; want 429 and %d", i, r.status, r.header.Get("Retry-After"), i)
				}
			} else {
				expect("GET limits", r, 200, fmt.Sprintf(`{"session":%d}`, i))
			}
		})
	}
	close(start)
	wg.Wait()

	stats := make([]mockserver.Stats, n)
	for i, se := range sessions {
		calls := se.srv.Calls()
		want := 4 + se.meCalls
		if len(calls) != want {
			t.Errorf("session %d recorded %d calls, want %d: %v", i, len(calls), want, summarize(calls))
		}
		for _, c := range calls {
			if strings.HasPrefix(c.Path, "/_s/") || c.Outcome != mockserver.Served {
				t.Errorf("session %d recorded %s %s (%s), want Graph paths, all served", i, c.Method, c.Path, c.Outcome)
			}
		}
		st := se.srv.Stats()
		for name, want := range map[string]int64{"me": int64(se.meCalls), "add": 1, "list-before": 1, "list-after": 1, "limits": 1} {
			if got := st.Scenarios[name].Calls; got != want {
				t.Errorf("session %d: %s called %d times by its counters, want %d", i, name, got, want)
			}
		}
		if err := se.srv.Verify(); err != nil {
			t.Errorf("session %d: Verify() = %v", i, err)
		}
		if got := se.srv.States()["items"]; got != fmt.Sprintf("added-%d", i) {
			t.Errorf("session %d: flow items is %q, want added-%d", i, got, i)
		}
		stats[i] = st
	}
	if calls := s.Calls(); len(calls) != 0 {
		t.Errorf("the server recorded %d calls of its own, want none: %v", len(calls), summarize(calls))
	}

	// Resetting one session touches no other.
	sessions[7].srv.Reset()
	sessions[7].srv.ResetState()
	if len(sessions[7].srv.Calls()) != 0 || sessions[7].srv.States()["items"] != "started" {
		t.Error("session 7 kept its calls or states after its reset")
	}
	if err := sessions[7].srv.Verify(); err == nil || !strings.Contains(err.Error(), `"me" expected exactly`) {
		t.Errorf("session 7's Verify() after its reset = %v, want its expectations unmet", err)
	}
	for i, se := range sessions {
		if i == 7 {
			continue
		}
		st := se.srv.Stats()
		if st.Recorded != stats[i].Recorded || len(se.srv.Calls()) != int(stats[i].Recorded) || se.srv.States()["items"] != fmt.Sprintf("added-%d", i) || se.srv.Verify() != nil {
			t.Errorf("session %d changed when session 7 was reset: stats %+v, states %v", i, st, se.srv.States())
		}
	}
	r := s.do(t, "GET", sessionPath(sessions[7].id, "/v1.0/items"), "", nil)
	var body map[string]any
	_ = json.Unmarshal(r.body, &body)
	if body["session"] != float64(7) || fmt.Sprint(body["value"]) != "[]" {
		t.Errorf("session 7 after its reset answers %s, want its flow at the start", r.body)
	}
}

// startSession starts a session on s with set (nil: s's) and ttl (0: the
// default), returning its id beside it.
func startSession(s interface {
	NewSession(mockserver.SessionOptions) (*mockserver.Session, error)
}, set *mockserver.ScenarioSet, ttl time.Duration) (string, *mockserver.Session, error) {
	sess, err := s.NewSession(mockserver.SessionOptions{Set: set, TTL: ttl})
	if err != nil {
		return "", nil, err
	}
	return sess.ID(), sess, nil
}

// A Go caller reads a failed session call's facts: the sentinel through
// the SessionError's Err, and the live sessions as SessionInfo values.
func TestSessionFactsForGoCallers(t *testing.T) {
	s := newDefaultServer(t)
	sess, err := s.NewSession(mockserver.SessionOptions{TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	var live []mockserver.SessionInfo = s.Sessions()
	if len(live) != 1 || live[0].ID != sess.ID() || live[0].TTL != time.Hour || live[0].LastUsed.IsZero() {
		t.Errorf("Sessions() = %+v", live)
	}
	_ = s.EndSession(sess.ID())
	_, err = s.Session(sess.ID())
	var se *mockserver.SessionError
	if !errors.As(err, &se) || se.Err != mockserver.ErrSessionEnded || se.ID != sess.ID() {
		t.Errorf("Session(ended) = %#v, want a SessionError whose Err is ErrSessionEnded", err)
	}
}
