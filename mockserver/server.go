package mockserver

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// delayWriteAllowance is how long a delayed response may take to write
// once its delay is over.
const delayWriteAllowance = time.Minute

// DefaultMaxBodyBytes is the request body limit when Options leaves it
// zero. Graph's own limit for JSON payloads is 4 MB.
const DefaultMaxBodyBytes = 4 << 20

// Options configure a Server. The zero value is ready to use.
type Options struct {
	// Logger gets one record per request. nil means no request log.
	//
	// A Graph request is logged at info level when served and at warn
	// level otherwise, with the attributes method, path, scenario,
	// outcome, status, duration and request_id, and for a call that was
	// not served, problem (why) and violations (each schema violation as
	// "/pointer: message"). Admin API requests and CORS preflights are
	// logged at debug level with method, path, outcome ("admin" or
	// "preflight"), status and duration; a refused preflight at warn
	// level, with problem.
	Logger *slog.Logger
	// MaxBodyBytes bounds request bodies; a larger one gets a 413 without
	// being read into memory. Zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// JournalLimit and JournalMaxBytes bound the journal (see NewJournal).
	JournalLimit    int
	JournalMaxBytes int64
	// AdminToken, when set, is the bearer token every admin API request
	// (see AdminPrefix) must carry: "Authorization: Bearer <token>".
	// Graph routes never need it.
	AdminToken string
	// CORS, when set, lets browsers call the server from other origins.
	// New panics if its origins are malformed; see CORS.Check.
	CORS *CORS
}

// A Server answers requests from a ScenarioSet and records every call in
// its Journal. It is an http.Handler, safe for concurrent use; serve it
// with net/http or httptest. Construction does no I/O: all the slow work
// happened when the set was compiled.
type Server struct {
	rt         atomic.Pointer[runtimeState]
	journal    *Journal
	logger     *slog.Logger
	maxBody    int64
	adminToken *[sha256.Size]byte // the admin token's hash; nil when none is needed
	cors       *corsPolicy        // nil without CORS
}

// New returns a server for set. It panics if set is nil or opts.CORS
// names a malformed origin.
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
	if opts.AdminToken != "" {
		sum := sha256.Sum256([]byte(opts.AdminToken))
		s.adminToken = &sum
	}
	if opts.CORS != nil {
		p, err := newCORSPolicy(opts.CORS)
		if err != nil {
			panic("mockserver: " + err.Error())
		}
		s.cors = p
	}
	s.rt.Store(newRuntimeState(set))
	return s
}

// Scenarios returns the scenario set the server answers from.
func (s *Server) Scenarios() *ScenarioSet { return s.rt.Load().set }

// SetScenarios replaces the scenario set. Requests already being answered
// finish with the old set. The journal is kept; response sequences and
// flow states start afresh.
func (s *Server) SetScenarios(set *ScenarioSet) {
	if set == nil {
		panic("mockserver: SetScenarios called with a nil *ScenarioSet")
	}
	s.rt.Store(newRuntimeState(set))
}

// ResetState puts every flow back in InitialState, every response
// sequence back at its first response, and the chaos dice back at their
// seed. The journal is not touched (see Reset).
func (s *Server) ResetState() {
	for {
		old := s.rt.Load()
		if s.rt.CompareAndSwap(old, newRuntimeState(old.set)) {
			return
		}
	}
}

// States returns the current state of every flow that has left
// InitialState.
func (s *Server) States() map[string]string { return s.rt.Load().flows.snapshot() }

// SetState puts a flow in a state, for tests that start mid-story.
func (s *Server) SetState(flow, state string) { s.rt.Load().flows.set(flow, state) }

// Journal returns the server's journal.
func (s *Server) Journal() *Journal { return s.journal }

// Calls returns copies of the recorded calls, oldest first.
func (s *Server) Calls() []Call { return s.journal.Calls() }

// Reset forgets every recorded call.
func (s *Server) Reset() { s.journal.Reset() }

// reply is what the server decided to answer.
type reply struct {
	status int
	fields []headerField    // static headers
	extra  []headerField    // headers made for this request
	body   []byte           // nil for errors: writeGraphError makes theirs
	err    *graphErrorReply // set for a Graph error
	allow  []string         // for 405
	delay  time.Duration    // wait before answering
	fault  Fault            // break the connection instead
}

// graphErrorReply is a Graph error to send.
type graphErrorReply struct {
	code, message, innerCode string
	details                  []Violation
}

func errorReply(status int, code, message string, details ...Violation) reply {
	return reply{status: status, err: &graphErrorReply{code: code, message: message, details: details}}
}

// ServeHTTP answers r from the scenario set and records the call. The call
// is in the journal before the response is written, so a client that has
// its answer can assert on the journal at once. Requests under
// AdminPrefix go to the admin API instead, and with CORS, preflight
// requests are answered directly; neither is recorded.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cors != nil {
		if isPreflight(r) {
			start := time.Now()
			status, problem := s.cors.preflight(w, r)
			s.logAside(r, "preflight", status, time.Since(start), problem)
			return
		}
		w = s.cors.allowResponse(w, r)
	}
	if isAdminPath(r.URL.Path) {
		s.serveAdmin(w, r)
		return
	}
	s.serveGraph(w, r)
}

// serveGraph answers a Graph request and records it.
func (s *Server) serveGraph(w http.ResponseWriter, r *http.Request) {
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
	call.Batch, call.BatchItem = batchLinkOf(r)
	guard := &panicGuard{ResponseWriter: w}
	w = guard
	defer s.recoverPanic(guard, r, &call)
	rep := s.decide(&incoming{r: r}, &call)
	if rep.delay > 0 {
		// The server's write timeout runs from when the request was read;
		// a delayed response gets the delay on top, so that a scenario's
		// delay never turns into a cut connection.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(rep.delay + delayWriteAllowance))
	}
	if !wait(r.Context(), rep.delay) {
		call.Problem = fmt.Sprintf("the client gave up during the %s delay; nothing was sent", rep.delay)
		call.Duration = time.Since(start)
		call.Seq = s.journal.Record(call)
		s.log(r.Context(), &call)
		return
	}
	call.Status = rep.status
	if rep.err != nil {
		call.ErrorCode = rep.err.code
		if call.Outcome != Served {
			call.Problem = rep.err.message
			call.Violations = rep.err.details
		}
	}
	call.Duration = time.Since(start)
	call.Seq = s.journal.Record(call)
	s.write(w, &rep, requestID, clientID)
	s.log(r.Context(), &call)
}

// write sends a reply; the Graph headers are already set.
func (s *Server) write(w http.ResponseWriter, rep *reply, requestID, clientID string) {
	h := w.Header()
	for _, f := range rep.fields {
		h[f.name] = f.values
	}
	for _, f := range rep.extra {
		h[f.name] = f.values
	}
	if len(rep.allow) > 0 {
		h["Allow"] = []string{strings.Join(rep.allow, ", ")}
	}
	if rep.status == http.StatusRequestEntityTooLarge {
		h["Connection"] = []string{"close"}
	}
	body := rep.body
	if rep.err != nil {
		body = graphErrorBody(rep.status, rep.err, requestID, clientID)
		setErrorHeaders(h, rep.status, len(body))
	}
	if rep.fault != "" {
		breakConnection(w, rep.fault, rep.status, body)
		return
	}
	w.WriteHeader(rep.status)
	if len(body) > 0 {
		_, _ = w.Write(body)
	}
}

// decide reads the request, matches it and runs the scenario's checks. It
// fills in the call's body, scenario, variables and outcome.
func (s *Server) decide(in *incoming, call *Call) reply {
	if isBatchPath(in.r) {
		return s.decideBatch(in.r, call)
	}
	body, readErr := readRequestBody(in.r, s.maxBody)
	in.body, call.Body = body, body
	var tooLarge *http.MaxBytesError
	in.tooLarge = errors.As(readErr, &tooLarge)

	for attempt := 0; ; attempt++ {
		rt := s.rt.Load()
		c, vars, m := rt.set.match(in, &rt.flows)
		if c == nil {
			call.Outcome = Unmatched
			call.Closest = m.closest
			rep := errorReply(m.status, missCode(m.status), m.message)
			rep.allow = m.allow
			return rep
		}
		call.Scenario = c.spec.Name
		call.PathVars = vars
		call.Outcome = Rejected
		if readErr != nil {
			return readErrorReply(readErr, s.maxBody)
		}
		if c.auth {
			if msg, ok := checkBearer(in.r.Header); !ok {
				return errorReply(http.StatusUnauthorized, CodeInvalidAuthenticationToken, msg)
			}
		}
		if c.schema != nil {
			if rep, ok := checkJSONBody(in, c.schema); !ok {
				return rep
			}
		}
		call.Outcome = Served
		if rt.dice != nil {
			if resp, hit := rt.dice.roll(rt.set.chaos); hit {
				call.Chaos = true
				return resp.render(c.spec.Name, nil)
			}
		}
		if st := c.spec.State; st != nil && !rt.flows.advance(st) {
			if attempt < 8 {
				continue // another call moved the flow since matching: match again
			}
			call.Outcome = Unmatched
			return errorReply(http.StatusConflict, CodeBadRequest, fmt.Sprintf("Flow %q kept changing under concurrent calls; scenario %q could not take its turn.", st.flow(), c.spec.Name))
		}
		resp, idx := rt.next(c)
		call.Response = idx
		rep := resp.render(c.spec.Name, func() *TemplateData { return newTemplateData(in, vars, call) })
		resp.derive(&rep, in.r, c.segments)
		return rep
	}
}

// newTemplateData gathers what a response template sees of a request.
func newTemplateData(in *incoming, vars map[string]string, call *Call) *TemplateData {
	body, err := in.json()
	if err != nil || body == nil {
		body = map[string]any{}
	}
	if vars == nil {
		vars = map[string]string{}
	}
	return &TemplateData{
		Method:    in.r.Method,
		Path:      call.Path,
		PathVars:  vars,
		Query:     in.query(),
		Headers:   in.r.Header,
		Body:      body,
		RequestID: call.RequestID,
		Scenario:  call.Scenario,
	}
}

func missCode(status int) string {
	if status == http.StatusMethodNotAllowed {
		return CodeMethodNotAllowed
	}
	return CodeResourceNotFound
}
