// Package admin serves graphmock's admin API: a JSON HTTP surface over a
// *mockserver.Server for test suites that run graphmock as a separate
// process, in any language. It is to mockserver what net/http/pprof is to
// net/http: everything it does, a Go program can do through the Server's
// own methods, and it does it through them.
//
// The API lives under Prefix (/_graphmock/) beside the Graph routes, which
// start with an API version (/v1.0, /beta), so no Graph path can collide
// with it. Admin requests are not recorded in the journal. The endpoints,
// answering JSON unless said otherwise (GET /_graphmock/ lists them):
//
//	GET    /_graphmock/health           status, scenario count, calls recorded
//	GET    /_graphmock/calls            recorded calls, oldest first (?scenario=, ?outcome=, ?invalid=true, ?since=, ?limit=)
//	DELETE /_graphmock/calls            forget every call (Server.Reset)
//	GET    /_graphmock/calls/{seq}      one call by its sequence number
//	GET    /_graphmock/scenarios        the scenarios, with how often each was called
//	PUT    /_graphmock/scenarios        replace the scenarios with the YAML document in the body (POST too)
//	GET    /_graphmock/verify           200 when Server.Problems finds nothing, else 409 with them
//	GET    /_graphmock/state            the state of every flow
//	PUT    /_graphmock/state/{flow}     put a flow in a state: {"state": "..."} (Server.SetState)
//	DELETE /_graphmock/state            flows, response sequences and chaos back at the start (Server.ResetState)
//	POST   /_graphmock/reset            DELETE calls and DELETE state at once
//	GET    /_graphmock/calls/{seq}/scenario  a scenario document (YAML) that answers the call
//	GET    /_graphmock/calls/{seq}/miss  for an unmatched call, what differs from the closest scenario
//	GET    /_graphmock/events           server-sent events: each new call's summary as it is recorded
//	GET    /_graphmock/har              the journal as an HTTP Archive (HAR 1.2)
//	GET    /_graphmock/tenant           the simulated tenant as a tenant file
//	POST   /_graphmock/tenant           seed more into it from the tenant file in the body
//	GET    /_graphmock/tenant/{path...} what the simulated tenant holds at a path: tenant/users
//	GET    /_graphmock/ui/              the journal in the browser (see "The page" below)
//	POST   /_graphmock/sessions         start a session (?ttl=, a YAML scenario document in the body): 201 with id, baseUrl, adminUrl
//	GET    /_graphmock/sessions/{id}    the session's id, baseUrl and adminUrl
//	DELETE /_graphmock/sessions/{id}    end the session (Server.EndSession)
//	…      /_graphmock/sessions/{id}/…  every endpoint above from health to reset, for the session alone
//
// A session (mockserver.Server.NewSession) is an isolated mock inside the
// server, for test suites that run in parallel: its own scenarios, journal,
// counters, flow states and response sequences. Its Graph client uses
// baseUrl (http://host/_s/{id}, before /v1.0 or /beta), or sends the header
// X-Graphmock-Session: {id}. A session that ended, expired or never
// existed is answered with 404 SessionNotFound naming it; creating one
// beyond the server's cap with 429 TooManySessions. The token, when set,
// guards the sessions' endpoints like every other; Graph routes, a
// session's included, never need it.
//
// Every failure answers {"error": {"code", "message"}}, with "details"
// where there are more facts (the load errors of a rejected document).
// The JSON shapes are documented in docs/admin-api.md.
//
// # The page
//
// GET /_graphmock/ui/ serves a page, built into the binary, that shows the
// journal live (it follows /_graphmock/events), each call in detail, the
// scenarios with their counts and the verify report. The page's own files
// need no token, since they hold no data; everything the page reads comes
// from the endpoints above, under the same rules as any client. When the
// API has a token, open the page as /_graphmock/ui/#token=TOKEN: the page
// keeps the token in the tab's session storage, removes it from the
// address bar and sends it as "Authorization: Bearer".
package admin

import (
	"crypto/sha256"
	"crypto/subtle"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/cors"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/reqlog"
	"github.com/graphmock/graphmock/mockserver"
)

// Prefix is the path prefix of the admin API.
const Prefix = "/_graphmock/"

// Options configure the admin API. The zero value is ready to use.
type Options struct {
	// Token, when set, is the bearer token every admin request must carry:
	// "Authorization: Bearer <token>". Graph routes never need it.
	Token string
	// Logger gets a debug record per admin request (method, path, outcome
	// "admin", status, duration). nil means none.
	Logger *slog.Logger
	// CORS, when set, lets pages on the allowed origins call the admin API
	// (give the Server the same, so that they can call Graph routes too).
	CORS *mockserver.CORS
	// Hosts are the host names or IP addresses, besides loopback ones
	// (localhost, *.localhost, 127.0.0.0/8, ::1), that requests may name
	// in their Host header, such as a container's name. A request naming
	// any other host gets 400 Invalid Hostname: a web page that points a
	// name it controls at 127.0.0.1 (DNS rebinding) cannot reach the API.
	Hosts []string
}

// Error codes of the admin API: the "code" of an error body.
const (
	codeBadRequest       = "BadRequest"
	codeUnauthorized     = "Unauthorized"
	codeNotFound         = "NotFound"
	codeMethodNotAllowed = "MethodNotAllowed"
	codeTooLarge         = "RequestEntityTooLarge"
	codeUnknownScenario  = "UnknownScenario"
	codeCallNotFound     = "CallNotFound"
	codeUnknownFlow      = "UnknownFlow"
	codeInvalidScenarios = "InvalidScenarios"
	codeInternal         = "InternalError"
	codeInvalidHostname  = "InvalidHostname"
	codeCrossSite        = "CrossSiteRequest"
)

// handler serves the admin API in front of a Server.
type handler struct {
	root    *mockserver.Server // the server, which holds the sessions
	srv     *mockserver.Mock   // the mock the per-server endpoints act on: root's, or a session's
	token   *[sha256.Size]byte // the token's hash; nil when none is needed
	logger  *slog.Logger
	cors    *cors.Policy // nil without CORS
	hosts   map[string]bool
	mux     *http.ServeMux
	streams *streamCounter  // the open event streams, shared with the sessions' handlers
	ended   <-chan struct{} // for a session's handler, closed when the session ends; nil otherwise
	exports *exportGate     // the exports being written, shared with the sessions' handlers
}

// Handler returns a handler that answers the admin API under Prefix and
// hands every other request to srv. It panics if opts.CORS names a
// malformed origin, as mockserver.New does.
func Handler(srv *mockserver.Server, opts Options) http.Handler {
	h := &handler{root: srv, srv: srv.Mock, logger: opts.Logger, mux: http.NewServeMux(), hosts: make(map[string]bool), streams: new(streamCounter), exports: new(exportGate)}
	for _, host := range opts.Hosts {
		h.hosts[strings.ToLower(strings.Trim(host, "[]"))] = true
	}
	if opts.Token != "" {
		sum := sha256.Sum256([]byte(opts.Token))
		h.token = &sum
	}
	if opts.CORS != nil {
		p, err := cors.New(opts.CORS.Origins, opts.CORS.MaxAge)
		if err != nil {
			panic("admin: " + err.Error())
		}
		h.cors = p
	}
	for _, e := range endpoints() {
		h.mux.Handle(e.method+" "+Prefix+e.path, h.endpoint(e))
	}
	h.mux.HandleFunc(Prefix, h.unknown)
	return h
}

// isAdminPath reports whether a request path is the admin API's.
func isAdminPath(p string) bool {
	return strings.HasPrefix(p, Prefix) || p == strings.TrimSuffix(Prefix, "/")
}

// ServeHTTP answers admin requests and hands the rest to the Server.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !isAdminPath(r.URL.Path) {
		h.root.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	if cors.IsPreflight(r) {
		status, problem := h.cors.Preflight(w, r)
		reqlog.Aside(h.logger, r, "preflight", status, time.Since(start), problem)
		return
	}
	if h.cors != nil {
		w = h.cors.Allow(w, r)
	}
	status := h.answer(w, r)
	reqlog.Aside(h.logger, r, "admin", status, time.Since(start), "")
}

// answer checks the token and routes the request; it returns the status
// sent.
func (h *handler) answer(w http.ResponseWriter, r *http.Request) int {
	if e := h.checkHost(r.Host); e != nil {
		return e.WritePlain(w)
	}
	if e := h.checkSite(r); e != nil {
		return e.WritePlain(w)
	}
	if e := h.checkToken(r.Header); e != nil && !isPagePath(r) {
		return e.WritePlain(w)
	}
	if r.URL.Path == strings.TrimSuffix(Prefix, "/") {
		r.URL.Path = Prefix
	}
	sw := &statusWriter{ResponseWriter: w}
	h.mux.ServeHTTP(sw, r)
	return sw.status
}

// statusWriter remembers the status an endpoint sent.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// checkToken checks the bearer token when the API has one. Both sides are
// hashed first, so the comparison takes the same time whatever the
// token's length and contents.
func (h *handler) checkToken(hd http.Header) *graphwire.Error {
	if h.token == nil {
		return nil
	}
	v := strings.TrimSpace(hd.Get("Authorization"))
	if v == "" {
		return graphwire.Errorf(http.StatusUnauthorized, codeUnauthorized, `the admin API needs the server's admin token: send "Authorization: Bearer <token>"`)
	}
	token, bearer := graphwire.BearerToken(v)
	sum := sha256.Sum256([]byte(token))
	if !bearer || subtle.ConstantTimeCompare(sum[:], h.token[:]) != 1 {
		return graphwire.Errorf(http.StatusUnauthorized, codeUnauthorized, `the admin token does not match: send "Authorization: Bearer <token>" with the token the server was started with`)
	}
	return nil
}

// checkHost refuses a Host header that names neither a loopback host nor
// one of Options.Hosts, as Graph's front end does with "Invalid Hostname".
func (h *handler) checkHost(host string) *graphwire.Error {
	name := host
	if n, _, err := net.SplitHostPort(host); err == nil {
		name = n
	}
	name = strings.ToLower(strings.Trim(name, "[]"))
	if name == "localhost" || strings.HasSuffix(name, ".localhost") || h.hosts[name] {
		return nil
	}
	if ip := net.ParseIP(name); ip != nil && ip.IsLoopback() {
		return nil
	}
	return graphwire.Errorf(http.StatusBadRequest, codeInvalidHostname,
		"Invalid Hostname: the admin API answers requests for loopback hosts only, and this one is for %q; if that name is meant to reach graphmock (a container's name, say), start graphmock with -allow-host %s", host, name)
}

// checkSite refuses a request, reading or changing state, when a browser
// says another site sent it: an Origin that is neither graphmock's own nor
// allowed by CORS, or Sec-Fetch-Site: cross-site from an origin CORS does
// not allow. Browsers send Origin on every request that changes state,
// even the "simple" ones that need no preflight, and on every cross-origin
// fetch; Sec-Fetch-Site on every request, a script or image tag's
// included. Clients that are not browsers send neither header and are not
// affected; nor are the page's own files (they hold no data) and CORS
// preflights (answered before this check).
func (h *handler) checkSite(r *http.Request) *graphwire.Error {
	if r.Method == http.MethodOptions || isPagePath(r) {
		return nil
	}
	act := "change graphmock's state"
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		act = "read graphmock's journal and state"
	}
	origin := r.Header.Get("Origin")
	allowed := origin != "" && h.cors != nil && h.cors.Allows(origin)
	if origin != "" && !allowed && !sameOrigin(origin, r) {
		return graphwire.Errorf(http.StatusForbidden, codeCrossSite,
			"a page from %s may not %s: only graphmock's own pages and the allowed CORS origins may (graphmock -cors-origins)", origin, act)
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" && !allowed {
		return graphwire.Errorf(http.StatusForbidden, codeCrossSite,
			"a page on another site may not %s: only graphmock's own pages and the allowed CORS origins may (graphmock -cors-origins)", act)
	}
	return nil
}

// sameOrigin reports whether origin is the one graphmock's own pages have:
// the scheme the request came over and the host it names.
func sameOrigin(origin string, r *http.Request) bool {
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	return strings.EqualFold(origin, scheme+r.Host)
}

// unknown answers a path no endpoint has (404), or a method the path does
// not answer (405, with the methods it does).
func (h *handler) unknown(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := h.mux.Handler(probe); pattern != Prefix && pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		e := graphwire.Errorf(http.StatusMethodNotAllowed, codeMethodNotAllowed, "%s %s is not an admin endpoint; this path answers %s", r.Method, r.URL.Path, strings.Join(allow, ", "))
		e.Allow = allow
		e.WritePlain(w)
		return
	}
	graphwire.Errorf(http.StatusNotFound, codeNotFound, "%s is not an admin endpoint; GET %s lists them", r.URL.Path, Prefix).WritePlain(w)
}
