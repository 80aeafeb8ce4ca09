// Package cors lets browsers call graphmock from pages served elsewhere,
// such as a front end on its development server: it answers preflight
// requests (OPTIONS with an Origin and Access-Control-Request-Method) and
// gives every answer to an allowed origin the headers that let the page
// read it.
package cors

import (
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/graphwire"
)

// DefaultMaxAge is how long browsers may cache a preflight answer when
// no other time is given.
const DefaultMaxAge = 10 * time.Minute

// LocalOrigins returns the origins allowed by default: any http or https
// origin on localhost, 127.0.0.1 or [::1], on any port.
func LocalOrigins() []string {
	return []string{
		"http://localhost:*", "https://localhost:*",
		"http://127.0.0.1:*", "https://127.0.0.1:*",
		"http://[::1]:*", "https://[::1]:*",
	}
}

// corsRequestHeaders are the request headers Graph clients (the Graph
// SDKs, MSAL-based code, Graph Toolkit) send; a preflight answer allows
// them, and any other header the browser asks about.
func corsRequestHeaders() []string {
	return []string{"Authorization", "Content-Type", "Accept", "client-request-id", "return-client-request-id",
		"SdkVersion", "Prefer", "ConsistencyLevel", "If-Match", "If-None-Match", "Retry-Attempt", "Cache-Control", "X-Requested-With"}
}

// corsExposedHeaders are the response headers a page can always read; any
// other header a response carries is exposed too.
func corsExposedHeaders() []string {
	return []string{"request-id", "client-request-id", "Location", "Retry-After", "ETag", "x-ms-ags-diagnostic"}
}

// corsMethods are the methods a preflight answer allows, besides the one
// the browser asks about.
const corsMethods = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"

// A Policy says which origins may call and for how long a browser may
// remember a preflight answer. It is immutable and safe for concurrent
// use.
type Policy struct {
	anyOrigin bool
	origins   []origin
	maxAge    []string // the Access-Control-Max-Age value
}

// origin is a parsed origin or origin pattern. port is "" when the origin
// has none and "*" in a pattern that allows any.
type origin struct {
	scheme, host, port string
}

// New returns the policy allowing origins, each "scheme://host" with an
// optional ":port", where the port may be "*" for any port; "*" alone
// allows every origin. No origins means LocalOrigins(). maxAge is how
// long a browser may reuse a preflight answer; zero means DefaultMaxAge.
// Every malformed origin is reported.
func New(origins []string, maxAge time.Duration) (*Policy, error) {
	p := &Policy{}
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	p.maxAge = []string{strconv.Itoa(int(maxAge / time.Second))}
	patterns := origins
	if len(patterns) == 0 {
		patterns = LocalOrigins()
	}
	var errs []error
	for _, s := range patterns {
		if s == "*" {
			p.anyOrigin = true
			continue
		}
		o, err := parseOrigin(s, true)
		if err != nil {
			errs = append(errs, fmt.Errorf("CORS origin %q: %v", s, err))
			continue
		}
		p.origins = append(p.origins, o)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// parseOrigin parses "scheme://host[:port]"; pattern allows the port "*".
func parseOrigin(s string, pattern bool) (origin, error) {
	scheme, rest, ok := strings.Cut(strings.TrimSuffix(s, "/"), "://")
	if !ok || scheme == "" || rest == "" {
		return origin{}, errors.New(`want scheme://host or scheme://host:port, such as http://localhost:3000`)
	}
	if strings.ContainsAny(rest, "/?#@ ") {
		return origin{}, errors.New("an origin is a scheme, a host and a port only: remove the path")
	}
	o := origin{scheme: strings.ToLower(scheme), host: strings.ToLower(rest)}
	if i := strings.LastIndexByte(rest, ':'); i > strings.LastIndexByte(rest, ']') {
		o.host, o.port = strings.ToLower(rest[:i]), rest[i+1:]
		_, err := strconv.ParseUint(o.port, 10, 16)
		if err != nil && !(pattern && o.port == "*") {
			if pattern {
				return origin{}, fmt.Errorf("port %q: want a number or *", o.port)
			}
			return origin{}, fmt.Errorf("port %q: want a number", o.port)
		}
	}
	if o.host == "" {
		return origin{}, errors.New("missing host")
	}
	if o.port == defaultPort(o.scheme) {
		o.port = ""
	}
	return o, nil
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// Allows reports whether an Origin header's value is allowed.
func (p *Policy) Allows(value string) bool {
	if p.anyOrigin {
		return true
	}
	o, err := parseOrigin(value, false)
	if err != nil {
		return false
	}
	for _, a := range p.origins {
		if a.scheme == o.scheme && a.host == o.host && (a.port == "*" || a.port == o.port) {
			return true
		}
	}
	return false
}

// IsPreflight reports whether r is a CORS preflight request.
func IsPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" && r.Header.Get("Access-Control-Request-Method") != ""
}

var (
	hdrTrue          = []string{"true"}
	hdrVaryOrigin    = []string{"Origin"}
	hdrVaryPreflight = []string{"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"}
)

// CodeCORSOff is the code of the 403 a preflight gets from a graphmock
// that was started without CORS.
const CodeCORSOff = "CORSNotEnabled"

// refuseOff answers a preflight to a graphmock without CORS: 403, saying
// how to turn CORS on, rather than a bare 405 the browser reports as an
// opaque CORS failure. It returns the status and the hint, for the log.
func refuseOff(w http.ResponseWriter, r *http.Request) (status int, problem string) {
	e := graphwire.Errorf(http.StatusForbidden, CodeCORSOff,
		"a page on %s asked whether it may call graphmock, which was started without CORS: start graphmock with -cors (local origins) or -cors-origins %s (in Go, Options.CORS)",
		r.Header.Get("Origin"), r.Header.Get("Origin"))
	return e.WritePlain(w), e.Message
}

// CodeOriginNotAllowed is the code of the 403 a preflight from an origin
// that is not allowed gets.
const CodeOriginNotAllowed = "OriginNotAllowed"

// Preflight answers a preflight request: 204 with the CORS headers for an
// allowed origin, 403 otherwise, saying why. Every method and header is
// allowed, so that a request that will not match learns why from
// graphmock's 404 or 405 instead of failing in the browser with an opaque
// CORS error. A nil policy (CORS off) answers 403 saying how to turn CORS
// on. It returns the status and the problem, if any, for the log.
func (p *Policy) Preflight(w http.ResponseWriter, r *http.Request) (status int, problem string) {
	if p == nil {
		return refuseOff(w, r)
	}
	h := w.Header()
	h["Vary"] = hdrVaryPreflight
	originValue := r.Header.Get("Origin")
	if !p.Allows(originValue) {
		e := graphwire.Errorf(http.StatusForbidden, CodeOriginNotAllowed, "origin %s is not allowed to call graphmock: add it to the allowed CORS origins (graphmock -cors-origins)", originValue)
		return e.WritePlain(w), e.Message
	}
	h["Access-Control-Allow-Origin"] = []string{originValue}
	h["Access-Control-Allow-Credentials"] = hdrTrue
	methods := corsMethods
	if m := r.Header.Get("Access-Control-Request-Method"); graphwire.ValidToken(m) && !slices.Contains(strings.Split(corsMethods, ", "), m) {
		methods += ", " + m
	}
	h["Access-Control-Allow-Methods"] = []string{methods}
	h["Access-Control-Allow-Headers"] = []string{strings.Join(allowedRequestHeaders(r.Header.Values("Access-Control-Request-Headers")), ", ")}
	h["Access-Control-Max-Age"] = p.maxAge
	w.WriteHeader(http.StatusNoContent)
	return http.StatusNoContent, ""
}

// allowedRequestHeaders returns the Graph client headers and every
// well-formed header name the browser asked about, each once.
func allowedRequestHeaders(requested []string) []string {
	out := corsRequestHeaders()
	for _, list := range requested {
		for _, name := range strings.Split(list, ",") {
			name = strings.TrimSpace(name)
			if graphwire.ValidToken(name) && !slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, name) }) {
				out = append(out, name)
			}
		}
	}
	return out
}

// Allow sets the CORS headers of an actual (not preflight) response and
// returns the writer to answer through, which exposes every header the
// response carries when it is written. Requests without an allowed Origin
// are answered as they are.
func (p *Policy) Allow(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	h := w.Header()
	h["Vary"] = hdrVaryOrigin
	v := r.Header.Get("Origin")
	if v == "" || !p.Allows(v) {
		return w
	}
	h["Access-Control-Allow-Origin"] = []string{v}
	h["Access-Control-Allow-Credentials"] = hdrTrue
	return &exposingWriter{ResponseWriter: w}
}

// exposingWriter sets Access-Control-Expose-Headers just before the
// response's headers are sent, when they are all known.
type exposingWriter struct {
	http.ResponseWriter
	sent bool
}

// WriteHeader sets Access-Control-Expose-Headers, then sends the headers.
func (w *exposingWriter) WriteHeader(status int) {
	if !w.sent {
		w.sent = true
		h := w.Header()
		h["Access-Control-Expose-Headers"] = []string{strings.Join(exposedHeaders(h), ", ")}
	}
	w.ResponseWriter.WriteHeader(status)
}

// Write sends the headers first if need be.
func (w *exposingWriter) Write(b []byte) (int, error) {
	if !w.sent {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *exposingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// exposedHeaders lists corsExposedHeaders and every other header in h that
// a page could not read without being told, each once.
func exposedHeaders(h http.Header) []string {
	out := corsExposedHeaders()
	seen := make(map[string]bool, len(out)+len(h))
	for _, name := range out {
		seen[textproto.CanonicalMIMEHeaderKey(name)] = true
	}
	names := make([]string, 0, len(h))
	for name := range h {
		if !seen[name] && !corsSafelisted(name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return append(out, names...)
}

// corsSafelisted reports the response headers browsers always expose, and
// the CORS headers themselves.
func corsSafelisted(canonical string) bool {
	switch canonical {
	case "Cache-Control", "Content-Language", "Content-Length", "Content-Type", "Expires", "Last-Modified", "Pragma", "Vary":
		return true
	}
	return strings.HasPrefix(canonical, "Access-Control-")
}
