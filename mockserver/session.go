package mockserver

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/bounds"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/session"
)

// How a request addresses a session of the server: by the URL prefix
// /_s/{id} before the Graph path, or by the header with the id.
const (
	sessionPrefix = "/_s/"
	sessionHeader = "X-Graphmock-Session"
)

// sessions is what a server keeps to start and find its sessions. A
// session has none.
type sessions struct {
	reg  *session.Registry[*Server]
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
	return &sessions{reg: session.New[*Server](l), opts: so}
}

// positive returns v, or def when v is zero or negative.
func positive[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// errNotARoot is the error of session methods called on a session.
func errNotARoot() *graphwire.Error {
	return graphwire.Errorf(http.StatusBadRequest, graphwire.CodeBadRequest,
		"this Server is a session: sessions do not have sessions of their own; call the method on the Server that started it")
}

// NewSession starts a session on s: a complete, isolated mock inside it,
// with its own scenario set (set, or the set s serves now when set is
// nil), response sequences, flow states, chaos dice, journal, counters and
// verification. Nothing a session does touches s or another session, and
// s answers as before for requests that address no session.
//
// It returns the session's id, unguessable and URL-safe, and the session
// itself: a Server whose methods (Calls, Verify, Reset, SetScenarios,
// SetState, …) act on the session alone, and which can also be served as
// a handler of its own. Graph clients reach it through s in one of two
// ways:
//
//   - by URL: put /_s/{id} between s's URL and the Graph path, so that
//     the client's base URL is, say, http://127.0.0.1:8080/_s/{id}/v1.0.
//     The prefix is removed before the session sees the request, so its
//     calls record the path as Graph would see it (/v1.0/me).
//   - by header: send X-Graphmock-Session: {id} with requests that are
//     otherwise unchanged.
//
// The requests of a JSON batch run in the session of their batch.
//
// A session ends when EndSession is called, or when it has been idle (no
// request, no call of Session) for ttl; zero means Options.SessionTTL.
// NewSession fails when ttl is longer than Options.MaxSessionTTL, when
// Options.MaxSessions sessions are live (its message says how many, and
// how to end them), or when s is itself a session. Its journal keeps
// Options.SessionJournalLimit calls and about SessionJournalMaxBytes.
// NewSession is safe for concurrent use.
func (s *Server) NewSession(set *ScenarioSet, ttl time.Duration) (id string, sess *Server, err error) {
	if s.sessions == nil {
		return "", nil, errNotARoot()
	}
	if set == nil {
		set = s.Scenarios()
	}
	id = session.NewID()
	opts := s.sessions.opts
	if opts.Logger != nil {
		opts.Logger = opts.Logger.With(slog.String("session", id))
	}
	sess = New(set, opts)
	sess.sessions = nil
	if e := s.sessions.reg.Add(id, sess, ttl); e != nil {
		return "", nil, e
	}
	return id, sess, nil
}

// Session returns the live session of s with the given id, and renews its
// time-to-live. For a session that is not live, the error names it and
// says whether it ended, expired or never existed.
func (s *Server) Session(id string) (*Server, error) {
	if s.sessions == nil {
		return nil, errNotARoot()
	}
	sess, e := s.sessions.reg.Get(id)
	if e != nil {
		return nil, e
	}
	return sess, nil
}

// EndSession ends the live session of s with the given id: from then on a
// request to it gets 404 SessionNotFound, and what it held is freed once
// the requests it is answering finish. The error is Session's when no
// such session is live.
func (s *Server) EndSession(id string) error {
	if s.sessions == nil {
		return errNotARoot()
	}
	if e := s.sessions.reg.End(id); e != nil {
		return e
	}
	return nil
}

// dispatch serves a request in the session it addresses, or on s when it
// addresses none. A request to a session that is not live is answered
// and recorded by s, as a call that matched nothing.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if s.sessions == nil {
		s.serve(w, r)
		return
	}
	id, sub, ok := sessionRequest(r)
	if !ok {
		s.serve(w, r)
		return
	}
	sess, e := s.sessions.reg.Get(id)
	if e != nil {
		s.serve(w, r.WithContext(context.WithValue(r.Context(), sessionMissKey{}, e)))
		return
	}
	sess.serve(w, sub)
}

// sessionMissKey is the context key of the error for a request to a
// session that is not live.
type sessionMissKey struct{}

// sessionMiss returns the error for a request to a session that is not
// live, or nil.
func sessionMiss(r *http.Request) *graphwire.Error {
	e, _ := r.Context().Value(sessionMissKey{}).(*graphwire.Error)
	return e
}

// sessionRequest finds the session a request addresses, by its URL prefix
// (which wins) or its header, and returns the request as the session is
// to see it: without the prefix.
func sessionRequest(r *http.Request) (id string, sub *http.Request, ok bool) {
	escaped := graphwire.EscapedPath(r)
	rest, prefixed := strings.CutPrefix(escaped, sessionPrefix)
	if !prefixed {
		if id = r.Header.Get(sessionHeader); id == "" {
			return "", nil, false
		}
		return id, r, true
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
	return id, sub, true
}
