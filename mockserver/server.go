package mockserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultMaxBodyBytes is the request body limit when Options leaves it
// zero. Graph's own limit for JSON payloads is 4 MB.
const DefaultMaxBodyBytes = 4 << 20

// Options configure a Server. The zero value is ready to use.
type Options struct {
	// Logger gets one line per request. nil means no request log.
	Logger *slog.Logger
	// MaxBodyBytes bounds request bodies; a larger one gets a 413 without
	// being read into memory. Zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// JournalLimit and JournalMaxBytes bound the journal (see NewJournal).
	JournalLimit    int
	JournalMaxBytes int64
}

// A Server answers requests from a ScenarioSet and records every call in
// its Journal. It is an http.Handler, safe for concurrent use; serve it
// with net/http or httptest. Construction does no I/O: all the slow work
// happened when the set was compiled.
type Server struct {
	set     atomic.Pointer[ScenarioSet]
	journal *Journal
	logger  *slog.Logger
	maxBody int64
}

// New returns a server for set. It panics if set is nil.
func New(set *ScenarioSet, opts Options) *Server {
	if set == nil {
		panic("mockserver: New called with a nil *ScenarioSet")
	}
	s := &Server{
		journal: NewJournal(opts.JournalLimit, opts.JournalMaxBytes),
		logger:  opts.Logger,
		maxBody: opts.MaxBodyBytes,
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	s.set.Store(set)
	return s
}

// Scenarios returns the scenario set the server answers from.
func (s *Server) Scenarios() *ScenarioSet { return s.set.Load() }

// SetScenarios replaces the scenario set. Requests already being answered
// finish with the old set; the journal is kept.
func (s *Server) SetScenarios(set *ScenarioSet) {
	if set == nil {
		panic("mockserver: SetScenarios called with a nil *ScenarioSet")
	}
	s.set.Store(set)
}

// Journal returns the server's journal.
func (s *Server) Journal() *Journal { return s.journal }

// Calls returns copies of the recorded calls, oldest first.
func (s *Server) Calls() []Call { return s.journal.Calls() }

// Reset forgets every recorded call.
func (s *Server) Reset() { s.journal.Reset() }

// escapedPath returns the request path as the client sent it.
func escapedPath(r *http.Request) string {
	if u := r.RequestURI; strings.HasPrefix(u, "/") {
		if i := strings.IndexByte(u, '?'); i >= 0 {
			return u[:i]
		}
		return u
	}
	return r.URL.EscapedPath()
}

// reply is what the server decided to answer.
type reply struct {
	status  int
	canned  *cannedResponse // set when serving a scenario's response
	code    string          // Graph error code, for errors
	message string
	details []Violation
	allow   []string // for 405
}

// ServeHTTP answers r from the scenario set and records the call. The call
// is in the journal before the response is written, so a client that has
// its answer can assert on the journal at once.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	requestID := newRequestID()
	clientID := clientRequestID(r, requestID)
	setGraphHeaders(w.Header(), requestID, clientID)
	call := Call{
		Time:      start,
		RequestID: requestID,
		Method:    r.Method,
		Path:      escapedPath(r),
		RawQuery:  r.URL.RawQuery,
		Header:    r.Header,
	}
	rep := s.decide(r, &call)
	call.Status = rep.status
	if rep.canned == nil {
		call.ErrorCode = rep.code
		call.Problem = rep.message
		call.Violations = rep.details
	}
	call.Duration = time.Since(start)
	s.journal.Record(call)

	if rep.canned != nil {
		rep.canned.write(w)
	} else {
		if len(rep.allow) > 0 {
			w.Header()["Allow"] = []string{strings.Join(rep.allow, ", ")}
		}
		if rep.status == http.StatusRequestEntityTooLarge {
			w.Header()["Connection"] = []string{"close"}
		}
		writeGraphError(w, rep.status, rep.code, rep.message, rep.details, requestID, clientID)
	}
	s.log(r.Context(), &call)
}

// decide reads the request, matches it and runs the scenario's checks. It
// fills in the call's body, scenario, variables and outcome.
func (s *Server) decide(r *http.Request, call *Call) reply {
	body, readErr := readBody(r, s.maxBody)
	call.Body = body

	c, vars, m := s.set.Load().match(r)
	if c == nil {
		call.Outcome = Unmatched
		call.Closest = m.closest
		return reply{status: m.status, code: missCode(m.status), message: m.message, allow: m.allow}
	}
	call.Scenario = c.spec.Name
	call.PathVars = vars
	call.Outcome = Rejected

	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(readErr, &tooLarge):
		return reply{status: http.StatusRequestEntityTooLarge, code: CodeRequestEntityTooLarge,
			message: fmt.Sprintf("The request body is larger than the limit of %d bytes.", s.maxBody)}
	case readErr != nil:
		return reply{status: http.StatusBadRequest, code: CodeBadRequest,
			message: fmt.Sprintf("Unable to read the request body: %v.", readErr)}
	}
	if c.auth {
		if msg, ok := checkBearer(r.Header); !ok {
			return reply{status: http.StatusUnauthorized, code: CodeInvalidAuthenticationToken, message: msg}
		}
	}
	if c.schema != nil {
		if rep, ok := checkJSONBody(r.Header, body, c.schema); !ok {
			return rep
		}
	}
	call.Outcome = Served
	return reply{status: c.response.status, canned: &c.response}
}

func missCode(status int) string {
	if status == http.StatusMethodNotAllowed {
		return CodeMethodNotAllowed
	}
	return CodeResourceNotFound
}

// readBody reads the whole body, up to limit bytes. A body known or found
// to be larger is not read further: the error is an *http.MaxBytesError.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	if r.ContentLength >= 0 {
		buf := make([]byte, r.ContentLength)
		n, err := io.ReadFull(r.Body, buf)
		if err != nil {
			return buf[:n], err
		}
		return buf, nil
	}
	buf, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if int64(len(buf)) > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	return buf, err
}

// checkBearer checks for a non-empty bearer token, answering as Graph does.
func checkBearer(h http.Header) (string, bool) {
	v := h["Authorization"]
	if len(v) == 0 || strings.TrimSpace(v[0]) == "" {
		return msgTokenEmpty, false
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(v[0]), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return msgTokenInvalid + " The Authorization header must be \"Bearer <token>\".", false
	}
	if strings.TrimSpace(token) == "" {
		return msgTokenEmpty, false
	}
	return "", true
}

// checkJSONBody checks the Content-Type, parses the body once and validates
// it against the scenario's schema.
func checkJSONBody(h http.Header, body []byte, schema *bodySchema) (reply, bool) {
	ct := h["Content-Type"]
	if len(ct) == 0 || strings.TrimSpace(ct[0]) == "" {
		return reply{status: http.StatusBadRequest, code: CodeBadRequest, message: msgMissingContentType}, false
	}
	if !isJSONMediaType(ct[0]) {
		return reply{status: http.StatusUnsupportedMediaType, code: CodeUnsupportedMediaType,
			message: fmt.Sprintf("Content-Type %q is not supported: send application/json.", ct[0])}, false
	}
	if len(body) == 0 {
		return reply{status: http.StatusBadRequest, code: CodeBadRequest, message: msgEmptyPayload}, false
	}
	v := schema.check(body)
	if v.syntax != nil {
		return reply{status: http.StatusBadRequest, code: CodeBadRequest,
			message: "Unable to read JSON request payload: " + v.syntax.Error() + ".",
			details: []Violation{{Code: "invalidJson", Message: v.syntax.Error()}}}, false
	}
	if vs := v.violations; len(vs) > 0 {
		msg := fmt.Sprintf("The request body does not match %s: %s", schema.path, vs[0])
		if len(vs) > 1 {
			msg += fmt.Sprintf(" (and %d more; see details)", len(vs)-1)
		}
		return reply{status: http.StatusBadRequest, code: CodeBadRequest, message: msg + ".", details: vs}, false
	}
	return reply{}, true
}

// isJSONMediaType accepts application/json with optional parameters; a
// charset, when given, must be UTF-8.
func isJSONMediaType(v string) bool {
	mt, params, _ := strings.Cut(v, ";")
	if !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
		return false
	}
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, val, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "charset") {
			cs := strings.Trim(strings.TrimSpace(val), `"`)
			if !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
				return false
			}
		}
	}
	return true
}

// log writes the request line: method, path, scenario, status, duration,
// and why a call was rejected or unmatched.
func (s *Server) log(ctx context.Context, c *Call) {
	if s.logger == nil {
		return
	}
	level := slog.LevelInfo
	if c.Outcome != Served {
		level = slog.LevelWarn
	}
	if !s.logger.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs,
		slog.String("method", c.Method),
		slog.String("path", c.Path),
		slog.String("scenario", c.Scenario),
		slog.Int("status", c.Status),
		slog.Duration("duration", c.Duration),
		slog.String("request_id", c.RequestID),
	)
	if c.Problem != "" {
		attrs = append(attrs, slog.String("problem", c.Problem))
	}
	s.logger.LogAttrs(ctx, level, c.Method+" "+c.Path+" "+strconv.Itoa(c.Status), attrs...)
}
