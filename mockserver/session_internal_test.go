package mockserver

import (
	"errors"
	"io"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// testClock is a time the test moves by hand.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time          { return c.t }
func (c *testClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// newClockedServer returns a server over the default scenarios whose
// sessions read the time from the returned clock.
func newClockedServer(t testing.TB, opts Options) (*Server, *testClock) {
	t.Helper()
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := New(set, opts)
	c := &testClock{t: time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)}
	s.sessions.reg.SetClock(c.now)
	return s, c
}

// get answers GET p on s.
func get(s *Server, p string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
	return rec
}

func TestSessionsExpireWhenIdleAndRequestsKeepThemAlive(t *testing.T) {
	s, clock := newClockedServer(t, Options{SessionTTL: 5 * time.Minute})
	busy, _, err := startSession(s, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	idle, _, err := startSession(s, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	long, _, err := startSession(s, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for range 4 {
		clock.advance(2 * time.Minute)
		get(s, "/_s/"+busy+"/beta/me") // unmatched, but a use all the same
	}
	if _, err := s.Session(busy); err != nil {
		t.Errorf("a session used every 2 minutes expired: %v", err)
	}
	if _, err := s.Session(long); err != nil {
		t.Errorf("a session with an hour to live expired after 8 minutes: %v", err)
	}
	rec := get(s, "/_s/"+idle+"/beta/me")
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), `"SessionNotFound"`) || !strings.Contains(rec.Body.String(), idle) ||
		!strings.Contains(rec.Body.String(), "expired 3m0s ago, after 5m0s without a request") {
		t.Errorf("a request to an expired session = %d %s", rec.Code, rec.Body)
	}
	if _, _, err := startSession(s, nil, 25*time.Hour); err == nil || !strings.Contains(err.Error(), "at most 24h0m0s") {
		t.Errorf("NewSession(25h) error = %v, want the default maximum named", err)
	}
}

func TestTheCapOnLiveSessionsIsAGraphError(t *testing.T) {
	s, clock := newClockedServer(t, Options{MaxSessions: 2})
	first, _, _ := startSession(s, nil, 0)
	clock.advance(time.Minute)
	if _, _, err := startSession(s, nil, 0); err != nil {
		t.Fatal(err)
	}
	_, _, err := startSession(s, nil, 0)
	var se *SessionError
	if !errors.Is(err, ErrTooManySessions) || !errors.As(err, &se) || se.Live != 2 || se.NextExpiry != 9*time.Minute {
		t.Fatalf("NewSession() beyond the cap error = %#v, want ErrTooManySessions with 2 live, the next expiring in 9m", err)
	}
	for _, want := range []string{"2 sessions are live", "Options.MaxSessions", "Server.EndSession", "the next one expires in 9m0s"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not say %q", err.Error(), want)
		}
	}
	clock.advance(9*time.Minute + time.Second) // the first expires
	if _, _, err := startSession(s, nil, 0); err != nil {
		t.Errorf("NewSession() once one expired error = %v", err)
	}
	if err := s.EndSession(first); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("EndSession(expired) error = %v", err)
	}
}

// BenchmarkSessions starts 100,000 sessions, one after the other, each
// answering a request and then ending (every fourth by expiring instead),
// and reports the heap after a garbage collection before and after, and
// at each quarter: the heap stays flat, whatever the number of sessions
// that came and went.
//
//	go test -run '^$' -bench Sessions -benchtime 1x ./mockserver
func BenchmarkSessions(b *testing.B) {
	const total = 100_000
	s, clock := newClockedServer(b, Options{})
	heap := func() float64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc) / (1 << 20)
	}
	req := httptest.NewRequest("POST", "/_s/x"+chatRef, strings.NewReader(chatBody))
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("Content-Type", "application/json")
	before := heap()
	var quarters [4]float64
	b.ResetTimer()
	for range b.N {
		for i := range total {
			id, _, err := startSession(s, nil, 0)
			if err != nil {
				b.Fatal(err)
			}
			r := req.Clone(req.Context())
			r.RequestURI = "/_s/" + id + chatRef
			r.URL.Path = r.RequestURI
			r.Body = io.NopCloser(strings.NewReader(chatBody))
			r.ContentLength = int64(len(chatBody))
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			if rec.Code != 204 {
				b.Fatalf("a session's request = %d %s", rec.Code, rec.Body)
			}
			if i%4 == 3 {
				clock.advance(11 * time.Minute) // it, and any other left, expires
			} else if err := s.EndSession(id); err != nil {
				b.Fatal(err)
			}
			if (i+1)%(total/4) == 0 {
				b.StopTimer()
				quarters[i/(total/4)] = heap()
				b.StartTimer()
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(before, "MiB-heap-before")
	for i, q := range quarters {
		b.ReportMetric(q, "MiB-heap-after-"+[]string{"25k", "50k", "75k", "100k"}[i])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total), "ns/session")
	if live := s.sessions.reg.Len(); live > 1 {
		b.Errorf("%d sessions live at the end, want at most the last expired one", live)
	}
}

// chatRef and chatBody are a request the default scenarios serve.
const (
	chatRef  = "/beta/chats/c1/installedApps/a1/chat/$ref"
	chatBody = `{"@odata.type": "#Microsoft.Teams.GraphSvc.chat", "chatType": "group"}`
)

// startSession starts a session on s with set (nil: s's) and ttl (0: the
// default), returning its id beside it.
func startSession(s interface {
	NewSession(SessionOptions) (*Session, error)
}, set *ScenarioSet, ttl time.Duration) (string, *Session, error) {
	sess, err := s.NewSession(SessionOptions{Set: set, TTL: ttl})
	if err != nil {
		return "", nil, err
	}
	return sess.ID(), sess, nil
}
