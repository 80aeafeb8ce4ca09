package mockserver

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/bounds"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/reqlog"
	"github.com/graphmock/graphmock/internal/session"
)

// How a Graph client addresses a session of a server: by the URL prefix
// SessionPrefix + id before the Graph path, or by the header SessionHeader
// with the id as its value.
const (
	SessionPrefix = "/_s/"
	SessionHeader = "X-Graphmock-Session"
)

// The reasons a session method fails, for errors.Is. An error for a
// session that ended or expired also matches ErrSessionNotFound.
var (
	ErrSessionNotFound = errors.New("mockserver: no such live session")
	ErrSessionEnded    = errors.New("mockserver: the session was ended")
	ErrSessionExpired  = errors.New("mockserver: the session expired")
	ErrTooManySessions = errors.New("mockserver: too many live sessions")
	ErrSessionTTL      = errors.New("mockserver: time-to-live out of bounds")
)

// A SessionError is how NewSession, Session and EndSession fail: the
// facts, for a program, and one of the Err* sentinels above, for
// errors.Is.
type SessionError struct {
	ID  string // the id asked for (at most 64 bytes of it); "" for NewSession
	Err error  // ErrSessionNotFound, ErrSessionEnded, ErrSessionExpired, ErrTooManySessions or ErrSessionTTL
	// TTL is, for an expired session, the time-to-live it had; for
	// ErrSessionTTL, the one asked for, and MaxTTL the longest allowed.
	TTL, MaxTTL time.Duration
	// Ago is how long ago an ended or expired session ended.
	Ago time.Duration
	// Live is, for ErrTooManySessions, how many sessions are live, and
	// NextExpiry how long until the next expires if unused.
	Live       int
	NextExpiry time.Duration
}

// Error says what failed and what to do, naming the Go API.
func (e *SessionError) Error() string {
	switch e.Err {
	case ErrSessionEnded:
		return fmt.Sprintf("mockserver: session %q was ended %s ago; start a new one with Server.NewSession", e.ID, e.Ago)
	case ErrSessionExpired:
		return fmt.Sprintf("mockserver: session %q expired %s ago, after %s without a request; start a new one, with a longer SessionOptions.TTL if it must stay idle longer", e.ID, e.Ago, e.TTL)
	case ErrTooManySessions:
		return fmt.Sprintf("mockserver: %d sessions are live, the most this server allows (Options.MaxSessions): end the sessions you are done with (Server.EndSession), or wait: the next one expires in %s unless it is used", e.Live, e.NextExpiry)
	case ErrSessionTTL:
		if e.TTL < 0 {
			return fmt.Sprintf("mockserver: a session's time-to-live cannot be negative (%s)", e.TTL)
		}
		return fmt.Sprintf("mockserver: a session's time-to-live is at most %s on this server (Options.MaxSessionTTL), and %s was asked for", e.MaxTTL, e.TTL)
	}
	return fmt.Sprintf("mockserver: no session %q: it was never started on this server, or ended long ago", e.ID)
}

// Unwrap returns the sentinel, and ErrSessionNotFound as well for a
// session that ended or expired.
func (e *SessionError) Unwrap() []error {
	if e.Err == ErrSessionEnded || e.Err == ErrSessionExpired {
		return []error{e.Err, ErrSessionNotFound}
	}
	return []error{e.Err}
}

// sessionError returns the SessionError of a registry refusal.
func sessionError(e *session.Error) *SessionError {
	se := &SessionError{ID: e.ID, TTL: e.TTL, MaxTTL: e.MaxTTL, Ago: e.Ago, Live: e.Live, NextExpiry: e.NextExpiry}
	switch e.Kind {
	case session.Ended:
		se.Err = ErrSessionEnded
	case session.Expired:
		se.Err = ErrSessionExpired
	case session.TooMany:
		se.Err = ErrTooManySessions
	case session.BadTTL:
		se.Err = ErrSessionTTL
	default:
		se.Err = ErrSessionNotFound
	}
	return se
}

// sessions is what a server keeps to start and find its sessions.
type sessions struct {
	reg  *session.Registry[*Session]
	opts Options // a session's: the server's, with the session journal bounds
}

// newSessions returns the session registry of a server with opts.
func newSessions(opts Options) *sessions {
	l := session.Limits{
		Max:    positive(opts.MaxSessions, bounds.MaxSessions),
		TTL:    positive(opts.SessionTTL, bounds.SessionTTL),
		MaxTTL: positive(opts.MaxSessionTTL, bounds.MaxSessionTTL),
	}
	l.TTL = min(l.TTL, l.MaxTTL)
	so := opts
	so.JournalLimit = positive(opts.SessionJournalLimit, bounds.SessionJournalLimit)
	so.JournalMaxBytes = positive(opts.SessionJournalMaxBytes, bounds.SessionJournalMaxBytes)
	reg := session.New[*Session](l)
	reg.OnEnd(func(s *Session) { close(s.done) }) // a session ends once
	return &sessions{reg: reg, opts: so}
}

// positive returns v, or def when v is zero or negative.
func positive[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// A Session is a complete, isolated mock inside a Server, reached through
// it (see Server.NewSession). Its Mock methods act on the session alone;
// it can also be served as a handler of its own.
type Session struct {
	*Mock
	id   string
	done chan struct{} // closed when the session ends or is found expired
}

// ID returns the session's id, unguessable and URL-safe.
func (s *Session) ID() string { return s.id }

// Done returns a channel closed when the session ends: when EndSession is
// called, or once its server finds it expired (Server.Sessions looks, as
// does any start or lookup of a session). Something that follows a
// session, such as an event stream, ends with it.
func (s *Session) Done() <-chan struct{} { return s.done }

// SessionOptions configure a session. The zero value gives a session the
// server's scenario set and the server's default time-to-live.
type SessionOptions struct {
	// Set is the scenario set the session answers from; nil means the set
	// the server serves when the session starts.
	Set *ScenarioSet
	// TTL is how long the session may stay idle (no request, no call of
	// Server.Session) before it expires; zero means Options.SessionTTL.
	TTL time.Duration
}

// SessionInfo describes a live session.
type SessionInfo struct {
	ID       string
	TTL      time.Duration // its idle time-to-live
	LastUsed time.Time     // when a request or Server.Session last used it
}

// NewSession starts a session on s: a complete, isolated mock inside it,
// with its own scenario set, response sequences, flow states, chaos dice,
// journal, counters and verification. Nothing a session does touches s or
// another session, and s answers as before for requests that address no
// session.
//
// Graph clients reach the session through s in one of two ways:
//
//   - by URL: put SessionPrefix + id between s's URL and the Graph path,
//     so that the client's base URL is, say,
//     http://127.0.0.1:8080/_s/{id}/v1.0. The prefix is removed before
//     the session sees the request, so its calls record the path as Graph
//     would see it (/v1.0/me).
//   - by header: send SessionHeader (X-Graphmock-Session: {id}) with
//     requests that are otherwise unchanged.
//
// The requests of a JSON batch run in the session of their batch.
//
// A session ends when EndSession is called, or when it has been idle for
// its time-to-live. NewSession fails with a *SessionError matching
// ErrSessionTTL when opts.TTL is negative or longer than
// Options.MaxSessionTTL, and ErrTooManySessions when Options.MaxSessions
// sessions are live. Its journal keeps Options.SessionJournalLimit calls
// and about SessionJournalMaxBytes. NewSession is safe for concurrent use.
func (s *Server) NewSession(opts SessionOptions) (*Session, error) {
	set := opts.Set
	if set == nil {
		set = s.Scenarios()
	}
	id := session.NewID()
	mo := s.sessions.opts
	if mo.Logger != nil {
		mo.Logger = mo.Logger.With(slog.String(reqlog.KeySession, id))
	}
	sess := &Session{Mock: newMock(set, mo), id: id, done: make(chan struct{})}
	if e := s.sessions.reg.Add(id, sess, opts.TTL); e != nil {
		return nil, sessionError(e)
	}
	return sess, nil
}

// Session returns the live session of s with the given id, and renews its
// time-to-live. For a session that is not live it fails with a
// *SessionError matching ErrSessionNotFound, and ErrSessionEnded or
// ErrSessionExpired when s remembers the session ending.
func (s *Server) Session(id string) (*Session, error) {
	sess, e := s.sessions.reg.Get(id)
	if e != nil {
		return nil, sessionError(e)
	}
	return sess, nil
}

// EndSession ends the live session of s with the given id: from then on a
// request to it gets 404 SessionNotFound, and what it held is freed once
// the requests it is answering finish. It fails as Session does when no
// such session is live.
func (s *Server) EndSession(id string) error {
	if e := s.sessions.reg.End(id); e != nil {
		return sessionError(e)
	}
	return nil
}

// Sessions lists the live sessions of s, by id.
func (s *Server) Sessions() []SessionInfo {
	list := s.sessions.reg.List()
	out := make([]SessionInfo, len(list))
	for i, l := range list {
		out[i] = SessionInfo{ID: l.ID, TTL: l.TTL, LastUsed: l.LastUsed}
	}
	return out
}

// dispatch serves a request in the session it addresses, or on s when it
// addresses none. A request to a session that is not live is answered
// and recorded by s, as a call that matched nothing.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	id, sub, prefixed, ok := sessionRequest(r)
	if !ok {
		s.serve(w, r, route{})
		return
	}
	sess, e := s.sessions.reg.Get(id)
	if e != nil {
		s.serve(w, r, route{refuse: e.HTTP()})
		return
	}
	rt := route{}
	if prefixed {
		rt.base = graphwire.BaseURL(r) + SessionPrefix + id
	}
	sess.serve(w, sub, rt)
}

// sessionRequest finds the session a request addresses, by its URL prefix
// (which wins) or its header, and returns the request as the session is
// to see it: without the prefix.
func sessionRequest(r *http.Request) (id string, sub *http.Request, prefixed, ok bool) {
	escaped := graphwire.EscapedPath(r)
	rest, prefixed := strings.CutPrefix(escaped, SessionPrefix)
	if !prefixed {
		if id = r.Header.Get(SessionHeader); id == "" {
			return "", nil, false, false
		}
		return id, r, false, true
	}
	id, tail, _ := strings.Cut(rest, "/")
	tail = "/" + tail
	u := *r.URL
	path, err := url.PathUnescape(tail)
	if err != nil {
		path = tail
	}
	u.Path, u.RawPath = path, tail
	sub = r.WithContext(r.Context())
	sub.URL = &u
	sub.RequestURI = tail
	if u.RawQuery != "" || u.ForceQuery {
		sub.RequestURI += "?" + u.RawQuery
	}
	return id, sub, true, true
}
