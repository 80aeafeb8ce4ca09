package mockserver

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fixedAnswerer answers every request it is offered with one reply, and
// counts the offers.
type fixedAnswerer struct {
	rep    reply
	offers int
}

func (f *fixedAnswerer) answer(*incoming) (reply, answered, bool) {
	f.offers++
	return f.rep, answered{entity: "users/sim"}, f.rep.status != 0
}

func TestAFallbackAnswersWhatNoScenarioMatchesAsSimulated(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := New(set, Options{})
	fb := &fixedAnswerer{rep: reply{status: http.StatusOK, body: []byte(`{"id":"sim"}`)}}
	s.fallback = fb
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/v1.0/users/u1", nil))
	if rec.Code != 200 || rec.Body.String() != `{"id":"sim"}` {
		t.Fatalf("unmatched call with a fallback = %d %s, want the fallback's 200", rec.Code, rec.Body)
	}
	calls := s.Calls()
	if len(calls) != 1 || calls[0].Outcome != Simulated || calls[0].Status != 200 || calls[0].Scenario != "" || calls[0].Entity != "users/sim" {
		t.Fatalf("recorded %+v, want one simulated call", calls)
	}
	if st := s.Stats(); st.Simulated != 1 || st.Unmatched != 0 || st.Recorded != 1 {
		t.Errorf("Stats() = %+v, want 1 simulated of 1", st)
	}
	if err := s.Verify(); err != nil {
		t.Errorf("Verify() = %v, want a simulated call not to count as unmatched", err)
	}
	// The fallback outlives a change of scenarios, as a -watch reload makes.
	s.SetScenarios(set)
	s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/v1.0/users/u2", nil))
	if fb.offers != 2 {
		t.Errorf("the fallback was offered %d calls after SetScenarios, want 2", fb.offers)
	}
	// A matched call never reaches it.
	req := httptest.NewRequest("POST", "/beta/chats/c1/installedApps/a1/chat/$ref", strings.NewReader(`{}`))
	s.ServeHTTP(httptest.NewRecorder(), req)
	if fb.offers != 2 {
		t.Errorf("a call a scenario matched was offered to the fallback")
	}
	// When the fallback has no answer, the call is unmatched as before.
	fb.rep = reply{}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/v1.0/users/u3", nil))
	if rec.Code != 404 || s.Stats().Unmatched != 1 {
		t.Errorf("a call the fallback declined = %d, unmatched %d; want 404, 1", rec.Code, s.Stats().Unmatched)
	}
}

// countingBody counts how many bytes of it were read.
type countingBody struct {
	r    io.Reader
	read int
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read += n
	return n, err
}
func (b *countingBody) Close() error { return nil }

// The token is checked before the body is read, as docs/graph-fidelity.md
// says: the decision never waits for (or gunzips) the body of a request
// it refuses for want of a token. The journal still records the body.
func TestTheTokenIsCheckedBeforeTheBodyIsRead(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := New(set, Options{})
	body := &countingBody{r: bytes.NewReader([]byte(`{"id": "c1"}`))}
	req := httptest.NewRequest("POST", "/beta/chats/c1/installedApps/a1/chat/$ref", nil)
	req.Body, req.ContentLength = body, int64(len(`{"id": "c1"}`))
	req.Header.Set("Content-Type", "application/json")
	in := &incoming{r: req, maxBody: s.maxBody, keys: s.keys, path: req.URL.Path}
	d := s.decide(in)
	if d.outcome != Rejected || d.reply.status != http.StatusUnauthorized {
		t.Fatalf("decision = %s %d, want rejected 401", d.outcome, d.reply.status)
	}
	if body.read != 0 || in.read {
		t.Errorf("the decision read %d bytes of the body before refusing the missing token", body.read)
	}
	x := &exchange{m: s.Mock, in: in}
	x.apply(&d)
	if string(x.call.Body) != `{"id": "c1"}` || x.call.ErrorCode != "InvalidAuthenticationToken" || x.call.Problem == "" {
		t.Errorf("recorded call = body %q, code %q, problem %q; want the body, the code and the problem", x.call.Body, x.call.ErrorCode, x.call.Problem)
	}
}

func TestSessionErrorsMatchTheirSentinels(t *testing.T) {
	s, clock := newClockedServer(t, Options{MaxSessions: 2, SessionTTL: time.Minute, MaxSessionTTL: time.Hour})
	ended, err := s.NewSession(SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(ended.ID()); err != nil {
		t.Fatal(err)
	}
	expired, _ := s.NewSession(SessionOptions{})
	clock.advance(2 * time.Minute)
	_, _ = s.Session(expired.ID()) // found expired
	_, _ = s.NewSession(SessionOptions{TTL: time.Hour})
	_, _ = s.NewSession(SessionOptions{TTL: time.Hour})
	_, tooMany := s.NewSession(SessionOptions{})
	_, badTTL := s.NewSession(SessionOptions{TTL: 2 * time.Hour})
	_, negative := s.NewSession(SessionOptions{TTL: -time.Second})
	_, unknown := s.Session("nope")
	endedErr := s.EndSession(ended.ID())
	_, expiredErr := s.Session(expired.ID())

	all := []error{ErrSessionNotFound, ErrSessionEnded, ErrSessionExpired, ErrTooManySessions, ErrSessionTTL}
	for _, tt := range []struct {
		name string
		err  error
		is   []error
		want SessionError
	}{
		{"unknown", unknown, []error{ErrSessionNotFound}, SessionError{ID: "nope"}},
		{"ended", endedErr, []error{ErrSessionNotFound, ErrSessionEnded}, SessionError{ID: ended.ID(), Ago: 2 * time.Minute}},
		{"expired", expiredErr, []error{ErrSessionNotFound, ErrSessionExpired}, SessionError{ID: expired.ID(), TTL: time.Minute, Ago: time.Minute}},
		{"too many", tooMany, []error{ErrTooManySessions}, SessionError{Live: 2, NextExpiry: time.Hour}},
		{"ttl too long", badTTL, []error{ErrSessionTTL}, SessionError{TTL: 2 * time.Hour, MaxTTL: time.Hour}},
		{"ttl negative", negative, []error{ErrSessionTTL}, SessionError{TTL: -time.Second, MaxTTL: time.Hour}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, sentinel := range all {
				want := false
				for _, w := range tt.is {
					want = want || w == sentinel
				}
				if got := errors.Is(tt.err, sentinel); got != want {
					t.Errorf("errors.Is(%v, %v) = %v, want %v", tt.err, sentinel, got, want)
				}
			}
			var se *SessionError
			if !errors.As(tt.err, &se) {
				t.Fatalf("errors.As(%v, *SessionError) = false", tt.err)
			}
			got := *se
			got.Err = nil
			if got != tt.want {
				t.Errorf("facts = %+v, want %+v", got, tt.want)
			}
			if msg := tt.err.Error(); !strings.HasPrefix(msg, "mockserver: ") || strings.Contains(msg, "/_graphmock") || strings.Contains(msg, "-max-sessions") {
				t.Errorf("message %q: want one worded for Go callers, naming no HTTP endpoint or flag", msg)
			}
		})
	}
}

func TestSessionsListsTheLiveSessions(t *testing.T) {
	s, clock := newClockedServer(t, Options{SessionTTL: time.Minute})
	a, _ := s.NewSession(SessionOptions{})
	b, _ := s.NewSession(SessionOptions{TTL: time.Hour})
	c, _ := s.NewSession(SessionOptions{})
	_ = s.EndSession(c.ID())
	clock.advance(2 * time.Minute) // a expires
	got := s.Sessions()
	if len(got) != 1 || got[0].ID != b.ID() || got[0].TTL != time.Hour {
		t.Errorf("Sessions() = %+v, want only %s with its hour (a expired, c ended: %s, %s)", got, b.ID(), a.ID(), c.ID())
	}
}

func TestASessionsDoneClosesWhenItEndsOrExpires(t *testing.T) {
	s, clock := newClockedServer(t, Options{SessionTTL: time.Minute})
	ended, _ := s.NewSession(SessionOptions{})
	expired, _ := s.NewSession(SessionOptions{})
	live, _ := s.NewSession(SessionOptions{TTL: time.Hour})
	_ = s.EndSession(ended.ID())
	clock.advance(2 * time.Minute)
	_ = s.Sessions() // finds expired expired
	for _, tt := range []struct {
		name string
		sess *Session
		done bool
	}{{"ended", ended, true}, {"expired", expired, true}, {"live", live, false}} {
		select {
		case <-tt.sess.Done():
			if !tt.done {
				t.Errorf("the %s session's Done is closed", tt.name)
			}
		default:
			if tt.done {
				t.Errorf("the %s session's Done is open", tt.name)
			}
		}
	}
}
