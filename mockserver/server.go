package mockserver

import (
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/graphmock/graphmock/internal/bounds"
	"github.com/graphmock/graphmock/internal/cors"
	"github.com/graphmock/graphmock/internal/reqlog"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// bodyKeys is how many distinct object keys a server remembers from the
// bodies it parses.
const bodyKeys = 4096

// delayWriteAllowance is how long a delayed response may take to write
// once its delay is over.
const delayWriteAllowance = time.Minute

// Options configure a Server. The zero value is ready to use.
type Options struct {
	// Logger gets one record per request. nil means no request log.
	//
	// A Graph request is logged at info level when served and at warn
	// level otherwise, with the attributes method, path, scenario,
	// outcome, status, duration and request_id, and for a call that was
	// not served, problem (why) and violations (each schema violation as
	// "/pointer: message"). CORS preflights are logged at debug level
	// with method, path, outcome ("preflight"), status and duration; a
	// refused preflight at warn level, with problem. The records of a
	// session's requests carry its id as the attribute session.
	Logger *slog.Logger
	// MaxBodyBytes bounds request bodies; a larger one gets a 413 without
	// being read into memory. Zero means 4 MiB, Graph's own limit.
	MaxBodyBytes int64
	// JournalLimit and JournalMaxBytes bound the journal: it keeps at most
	// JournalLimit calls and about JournalMaxBytes of them, dropping the
	// oldest. Zero means 10,000 calls and 32 MiB.
	JournalLimit    int
	JournalMaxBytes int64
	// CORS, when set, lets browsers call the server from other origins.
	// New panics if its origins are malformed, as it does for any wiring
	// mistake.
	CORS *CORS
	// MaxSessions bounds how many sessions (see Server.NewSession) may be
	// live at once. Zero means 1,000.
	MaxSessions int
	// SessionTTL is how long a session may stay idle before it expires,
	// unless it asks for another time; MaxSessionTTL is the longest it may
	// ask for. Zero means 10 minutes and 24 hours.
	SessionTTL, MaxSessionTTL time.Duration
	// SessionJournalLimit and SessionJournalMaxBytes bound each session's
	// journal as JournalLimit and JournalMaxBytes bound the server's. Zero
	// means 1,000 calls and 4 MiB.
	SessionJournalLimit    int
	SessionJournalMaxBytes int64
	// Tenant, when set, turns the simulated tenant on (see Simulation): a
	// request no scenario matches is answered from the server's own running
	// copy of it, and each session runs a copy of its own. nil means the
	// tenant of the scenario set's simulate section, if it has one.
	Tenant *Tenant
}

// CORS lets browsers call the server from pages served elsewhere, such as
// a front end on its development server calling the mock directly. With
// it, the server answers preflight requests (OPTIONS with an Origin and
// Access-Control-Request-Method) itself, without recording them, and
// every response to an allowed origin carries the headers that let the
// page read it.
type CORS struct {
	// Origins are the origins allowed, each "scheme://host" with an
	// optional ":port", where the port may be "*" for any port; "*" alone
	// allows every origin. Empty means any http or https origin on
	// localhost, 127.0.0.1 or [::1], on any port.
	Origins []string
	// MaxAge is how long a browser may reuse a preflight answer. Zero
	// means 10 minutes.
	MaxAge time.Duration
}

// A Mock is one complete, isolated mock: the scenario set it answers
// from, the runtime state of that set (response sequences, flow states,
// chaos dice), and its journal of calls. A [Server] is a Mock that can
// also hold sessions; a [Session] is a Mock inside a Server. Its methods
// are safe for concurrent use.
//
// Each part of the state has its own reset: SetScenarios and ResetState
// start the set's runtime state afresh and keep the journal; Reset clears
// the journal and keeps the runtime state.
type Mock struct {
	rt      atomic.Pointer[runtimeState]
	journal *journal
	logger  *slog.Logger
	maxBody int64
	cors    *cors.Policy     // nil without CORS
	keys    *strictjson.Keys // the object keys bodies repeat, shared by their parses
	// fallback answers what no scenario matches, when set; it survives
	// SetScenarios. tenant is the simulated tenant it runs, if any, and
	// ownTenant says it came from Options rather than the set.
	fallback  answerer
	tenant    *Tenant
	ownTenant bool
}

// An answerer gives the answer to a request that no scenario matched, or
// reports that it has none. It is how a second kind of answer (a
// simulation) joins the pipeline behind the scenarios.
type answerer interface {
	// answer returns the reply and what the journal says of it.
	answer(in *incoming) (reply, answered, bool)
}

// A Server answers requests from a ScenarioSet and records every call in
// its journal; it is a [Mock], and it can start sessions (see NewSession),
// mocks of their own reached through it. It is an http.Handler, safe for
// concurrent use; serve it with net/http or httptest. Construction does
// no I/O: all the slow work happened when the set was compiled.
type Server struct {
	*Mock
	sessions *sessions
}

// New returns a server for set. It panics if set is nil or opts.CORS
// names a malformed origin.
func New(set *ScenarioSet, opts Options) *Server {
	if set == nil {
		panic("mockserver: New called with a nil *ScenarioSet")
	}
	s := &Server{Mock: newMock(set, opts), sessions: newSessions(opts)}
	return s
}

// newMock returns a mock of set with opts.
func newMock(set *ScenarioSet, opts Options) *Mock {
	m := &Mock{
		journal: newJournal(opts.JournalLimit, opts.JournalMaxBytes),
		logger:  opts.Logger,
		maxBody: opts.MaxBodyBytes,
		keys:    strictjson.NewKeys(bodyKeys),
	}
	if m.maxBody <= 0 {
		m.maxBody = bounds.MaxBodyBytes
	}
	if opts.CORS != nil {
		p, err := cors.New(opts.CORS.Origins, opts.CORS.MaxAge)
		if err != nil {
			panic("mockserver: " + err.Error())
		}
		m.cors = p
	}
	m.rt.Store(newRuntimeState(set))
	m.tenant, m.ownTenant = opts.Tenant, opts.Tenant != nil
	if m.tenant == nil {
		m.tenant = set.tenant
	}
	if sim := m.tenant.start(); sim != nil {
		m.fallback = sim
	}
	return m
}

// Scenarios returns the scenario set the mock answers from.
func (m *Mock) Scenarios() *ScenarioSet { return m.rt.Load().set }

// SetScenarios replaces the scenario set, as a -watch reload does.
// Requests already being answered finish with the old set. The journal is
// kept; response sequences and flow states start afresh, as they belong to
// the set. The simulated tenant keeps what it holds, unless the tenant
// came from the set and the new set's is another.
func (m *Mock) SetScenarios(set *ScenarioSet) {
	if set == nil {
		panic("mockserver: SetScenarios called with a nil *ScenarioSet")
	}
	m.rt.Store(newRuntimeState(set))
	if !m.ownTenant && set.tenant != m.tenant && !set.tenant.same(m.tenant) {
		m.tenant = set.tenant
		m.fallback = nil
		if sim := m.tenant.start(); sim != nil {
			m.fallback = sim
		}
	}
}

// ResetState puts every flow back in InitialState, every response
// sequence back at its first response, the chaos dice back at their seed,
// and the simulated tenant back to what it was seeded with. The journal
// is not touched (see Reset).
func (m *Mock) ResetState() {
	if sim := m.simulation(); sim != nil {
		sim.sim.Reset()
	}
	for {
		old := m.rt.Load()
		if m.rt.CompareAndSwap(old, newRuntimeState(old.set)) {
			return
		}
	}
}

// States returns the current state of every flow: each flow the
// scenarios name (InitialState until a call moves it), and any other flow
// put in a state with SetState.
func (m *Mock) States() map[string]string {
	rt := m.rt.Load()
	out := rt.flows.snapshot()
	for _, c := range rt.set.scenarios {
		if st := c.spec.State; st != nil {
			if _, moved := out[st.flow()]; !moved {
				out[st.flow()] = InitialState
			}
		}
	}
	return out
}

// SetState puts a flow in a state, for tests that start mid-story.
func (m *Mock) SetState(flow, state string) { m.rt.Load().flows.set(flow, state) }

// Calls returns copies of the recorded calls the journal keeps, oldest
// first.
func (m *Mock) Calls() []Call { return m.journal.calls() }

// Stats returns the journal's counters: calls by outcome and by scenario,
// since the mock started or was last Reset. They cover every call,
// including those dropped from the journal to keep it within its bounds.
func (m *Mock) Stats() Stats { return m.journal.stats() }

// Reset forgets every recorded call and counter. Sequence numbers go on,
// so a call is never confused with one from before the reset.
func (m *Mock) Reset() { m.journal.reset() }

// ServeHTTP answers r from the mock's scenario set and records the call.
// The call is in the journal before the response is written, so a client
// that has its answer can assert on the journal at once. With CORS,
// preflight requests are answered directly and not recorded.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if w, ok := m.allowCORS(w, r); ok {
		m.serve(w, r, route{})
	}
}

// ServeHTTP answers r as Mock.ServeHTTP does; a request that addresses a
// session (see NewSession) is answered and recorded by the session.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if w, ok := s.allowCORS(w, r); ok {
		s.dispatch(w, r)
	}
}

// allowCORS answers a CORS preflight itself, reporting false, or returns
// the writer that adds CORS headers to the answer of any other request.
func (m *Mock) allowCORS(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, bool) {
	if cors.IsPreflight(r) {
		start := time.Now()
		status, problem := m.cors.Preflight(w, r)
		reqlog.Aside(m.logger, r, "preflight", status, time.Since(start), problem)
		return nil, false
	}
	if m.cors != nil {
		w = m.cors.Allow(w, r)
	}
	return w, true
}
