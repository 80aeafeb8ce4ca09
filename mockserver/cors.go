package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CORS lets browsers call the server from pages served elsewhere, such as
// a front end on its development server calling the mock directly. With
// it, the server answers preflight requests (OPTIONS with an Origin and
// Access-Control-Request-Method) itself, without recording them, and
// every response to an allowed origin carries the headers that let the
// page read it. It covers the Graph routes and the admin API alike.
type CORS struct {
	// Origins are the origins allowed, each "scheme://host" with an
	// optional ":port", where the port may be "*" for any port; "*" alone
	// allows every origin. Empty means LocalOrigins().
	Origins []string
	// MaxAge is how long a browser may reuse a preflight answer. Zero
	// means DefaultCORSMaxAge.
	MaxAge time.Duration
}

// DefaultCORSMaxAge is how long browsers may cache a preflight answer
// when CORS.MaxAge is zero.
const DefaultCORSMaxAge = 10 * time.Minute

// LocalOrigins returns the origins CORS allows by default: any http or
// https origin on localhost, 127.0.0.1 or [::1], on any port.
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

// Check reports an origin that is not of the form Origins describes.
// New panics on such an origin; call Check first to report it.
func (c *CORS) Check() error {
	_, err := newCORSPolicy(c)
	return err
}

// corsPolicy is a CORS, checked and ready to use.
type corsPolicy struct {
	anyOrigin bool
	origins   []origin
	maxAge    []string // the Access-Control-Max-Age value
}

// origin is a parsed origin or origin pattern. port is "" when the origin
// has none and "*" in a pattern that allows any.
type origin struct {
	scheme, host, port string
}

func newCORSPolicy(c *CORS) (*corsPolicy, error) {
	p := &corsPolicy{}
	maxAge := c.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultCORSMaxAge
	}
	p.maxAge = []string{strconv.Itoa(int(maxAge / time.Second))}
	patterns := c.Origins
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
	return p, errors.Join(errs...)
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

// allows reports whether a request's Origin header is allowed.
func (p *corsPolicy) allows(value string) bool {
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

// isPreflight reports whether r is a CORS preflight request.
func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" && r.Header.Get("Access-Control-Request-Method") != ""
}

var (
	hdrTrue          = []string{"true"}
	hdrVaryOrigin    = []string{"Origin"}
	hdrVaryPreflight = []string{"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"}
)

// preflight answers a preflight request: 204 with the CORS headers for an
// allowed origin, 403 otherwise. Every method and header is allowed, so
// that a request that will not match learns why from graphmock's 404 or
// 405 instead of failing in the browser with an opaque CORS error.
func (p *corsPolicy) preflight(w http.ResponseWriter, r *http.Request) (status int, problem string) {
	h := w.Header()
	h["Vary"] = hdrVaryPreflight
	originValue := r.Header.Get("Origin")
	if !p.allows(originValue) {
		msg := fmt.Sprintf("origin %s is not allowed to call graphmock: add it to the allowed CORS origins (graphmock -cors-origins)", originValue)
		return writeAdminError(w, adminErrorf(http.StatusForbidden, AdminCodeOriginNotAllowed, "%s", msg)), msg
	}
	h["Access-Control-Allow-Origin"] = []string{originValue}
	h["Access-Control-Allow-Credentials"] = hdrTrue
	methods := corsMethods
	if m := r.Header.Get("Access-Control-Request-Method"); tokenRE.MatchString(m) && !slices.Contains(strings.Split(corsMethods, ", "), m) {
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
			if tokenRE.MatchString(name) && !slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, name) }) {
				out = append(out, name)
			}
		}
	}
	return out
}

// allowResponse sets the CORS headers of an actual (not preflight)
// response and returns the writer to answer through, which exposes every
// header the response carries when it is written. Requests without an
// allowed Origin are answered as they are.
func (p *corsPolicy) allowResponse(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	h := w.Header()
	h["Vary"] = hdrVaryOrigin
	v := r.Header.Get("Origin")
	if v == "" || !p.allows(v) {
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

func (w *exposingWriter) WriteHeader(status int) {
	if !w.sent {
		w.sent = true
		h := w.Header()
		h["Access-Control-Expose-Headers"] = []string{strings.Join(exposedHeaders(h), ", ")}
	}
	w.ResponseWriter.WriteHeader(status)
}

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
