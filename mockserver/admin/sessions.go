package admin

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/session"
	"github.com/graphmock/graphmock/mockserver"
)

// sessionsPath is where the sessions' endpoints are, after Prefix; each
// per-server endpoint is also under sessionsPath + "{id}/", for the
// session with that id.
const sessionsPath = "sessions/"

// withSessionEndpoints returns the endpoints followed by each per-server
// one again under the admin URL of a session, answering for the session
// alone with the very same code.
func withSessionEndpoints(base []endpoint) []endpoint {
	out := base
	for _, e := range base {
		if e.path == "{$}" || e.path == "ui/" || e.path == strings.TrimSuffix(sessionsPath, "/") || strings.HasPrefix(e.path, sessionsPath) {
			continue
		}
		answer := e.answer
		out = append(out, endpoint{
			method: e.method,
			path:   sessionsPath + "{id}/" + e.path,
			about:  "the session's own: " + e.about,
			answer: func(h *handler, r *http.Request) (any, *graphwire.Error) {
				sess, e := h.session(r)
				if e != nil {
					return nil, e
				}
				return answer(h.on(sess), r)
			},
		})
	}
	return out
}

// isSessionEndpoint reports whether an endpoint is a per-server one
// repeated for sessions.
func isSessionEndpoint(e endpoint) bool { return strings.HasPrefix(e.path, sessionsPath+"{id}/") }

// on returns the handler answering for a session of h's server.
func (h *handler) on(sess *mockserver.Session) *handler {
	c := *h
	c.srv, c.ended = sess.Mock, sess.Done()
	return &c
}

// session returns the live session the request's path names.
func (h *handler) session(r *http.Request) (*mockserver.Session, *graphwire.Error) {
	sess, err := h.root.Session(r.PathValue("id"))
	if err != nil {
		return nil, asError(err)
	}
	return sess, nil
}

// sessionKinds maps the session sentinels to the registry's kinds, most
// specific first (an ended session's error also matches not found).
var sessionKinds = []struct {
	err  error
	kind session.Kind
}{
	{mockserver.ErrSessionEnded, session.Ended},
	{mockserver.ErrSessionExpired, session.Expired},
	{mockserver.ErrTooManySessions, session.TooMany},
	{mockserver.ErrSessionTTL, session.BadTTL},
	{mockserver.ErrSessionNotFound, session.NotFound},
}

// asError words a session method's error for the admin API's client.
func asError(err error) *graphwire.Error {
	var se *mockserver.SessionError
	if !errors.As(err, &se) {
		return graphwire.Errorf(http.StatusInternalServerError, codeInternal, "%v", err)
	}
	facts := session.Error{ID: se.ID, TTL: se.TTL, MaxTTL: se.MaxTTL, Ago: se.Ago, Live: se.Live, NextExpiry: se.NextExpiry}
	for _, k := range sessionKinds {
		if errors.Is(err, k.err) {
			facts.Kind = k.kind
			break
		}
	}
	return facts.HTTP()
}

// sessionInfo is the body of POST and GET /_graphmock/sessions/{id}.
type sessionInfo struct {
	ID string `json:"id"` // unguessable and URL-safe
	// BaseURL is the URL a Graph client puts before the Graph path to
	// reach the session: an SDK's base URL is BaseURL + "/v1.0".
	BaseURL string `json:"baseUrl"`
	// AdminURL is the session's admin API: every per-server endpoint is
	// under it (AdminURL + "/calls", AdminURL + "/verify", …), and DELETE
	// AdminURL ends the session.
	AdminURL string `json:"adminUrl"`
	// Header is the request header that reaches the session with the id
	// as its value, for clients that cannot change their base URL.
	Header string `json:"header"`
}

// info describes the session id as the request's client reaches it.
func info(r *http.Request, id string) sessionInfo {
	origin := "http://" + r.Host
	if r.TLS != nil {
		origin = "https://" + r.Host
	}
	return sessionInfo{
		ID:       id,
		BaseURL:  origin + mockserver.SessionPrefix + id,
		AdminURL: origin + Prefix + sessionsPath + id,
		Header:   mockserver.SessionHeader,
	}
}

// newSession answers POST /_graphmock/sessions.
func (h *handler) newSession(r *http.Request) (any, *graphwire.Error) {
	var ttl time.Duration
	name := defaultPostedName
	for key, vs := range r.URL.Query() {
		v := vs[len(vs)-1]
		switch key {
		case "ttl":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return nil, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "ttl=%s: want a positive duration such as 90s or 30m", v)
			}
			ttl = d
		case "name":
			name = v
		default:
			return nil, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "unknown query parameter %q: use ttl or name", key)
		}
	}
	data, e := readDocument(r)
	if e != nil {
		return nil, e
	}
	var set *mockserver.ScenarioSet // nil: the server's
	if len(strings.TrimSpace(string(data))) > 0 {
		if set, e = parseDocument(h.srv.Scenarios(), name, data); e != nil {
			return nil, e
		}
	}
	sess, err := h.root.NewSession(mockserver.SessionOptions{Set: set, TTL: ttl})
	if err != nil {
		return nil, asError(err)
	}
	id := sess.ID()
	if h.logger != nil {
		h.logger.Info("session started over the admin API", "session", id, "from", r.RemoteAddr)
	}
	return withStatus{http.StatusCreated, info(r, id)}, nil
}

// liveSession is an entry of GET /_graphmock/sessions.
type liveSession struct {
	sessionInfo
	TTL      string    `json:"ttl"`      // its idle time-to-live, as 30m0s
	LastUsed time.Time `json:"lastUsed"` // its newest request
}

// listSessions answers GET /_graphmock/sessions.
func (h *handler) listSessions(r *http.Request) (any, *graphwire.Error) {
	live := h.root.Sessions()
	out := make([]liveSession, len(live))
	for i, s := range live {
		out[i] = liveSession{sessionInfo: info(r, s.ID), TTL: s.TTL.String(), LastUsed: s.LastUsed.UTC()}
	}
	return struct {
		Sessions []liveSession `json:"sessions"`
	}{out}, nil
}

// describeSession answers GET /_graphmock/sessions/{id}.
func (h *handler) describeSession(r *http.Request) (any, *graphwire.Error) {
	if _, e := h.session(r); e != nil {
		return nil, e
	}
	return info(r, r.PathValue("id")), nil
}

// endSession answers DELETE /_graphmock/sessions/{id}.
func (h *handler) endSession(r *http.Request) (any, *graphwire.Error) {
	id := r.PathValue("id")
	if err := h.root.EndSession(id); err != nil {
		return nil, asError(err)
	}
	return struct {
		ID    string `json:"id"`
		Ended bool   `json:"ended"` // always true
	}{id, true}, nil
}
