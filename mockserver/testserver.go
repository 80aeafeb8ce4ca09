package mockserver

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/strictyaml"
)

// TB is the part of testing.TB the test helpers use; *testing.T,
// *testing.B and *testing.F satisfy it.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// A TestServer is a Server behind an httptest.Server, made by
// NewTestServer for one test. Its assertion helpers report through the TB
// they are given with Errorf, so a test goes on after a failed assertion.
// It is safe for concurrent use; each TestServer has its own journal.
type TestServer struct {
	srv     *Server
	http    *httptest.Server
	created string // file:line of the NewTestServer call
}

// A TestOption configures NewTestServer.
type TestOption func(*testConfig)

type testConfig struct {
	declared map[string]string // scenario name -> file:line of the AddScenarios call
	sources  []string          // the options that name the set, for conflicts
	set      *ScenarioSet
	file     string
	fsys     fs.FS
	fsName   string
	extra    []Scenario
	opts     Options
	lenient  bool
	tls      bool
}

// WithSet serves set. Compile or load a set once and pass it to every
// test: its schemas and fixtures are shared, so a server costs almost
// nothing to start. To serve only scenarios declared in Go, without the
// defaults, pass the set Compile makes of them.
func WithSet(set *ScenarioSet) TestOption {
	return func(c *testConfig) { c.set = set; c.sources = append(c.sources, "WithSet") }
}

// WithFile serves the scenario file at path (see LoadFile).
func WithFile(path string) TestOption {
	return func(c *testConfig) { c.file = path; c.sources = append(c.sources, "WithFile") }
}

// WithFS serves the scenario file name in fsys (see Load).
func WithFS(fsys fs.FS, name string) TestOption {
	return func(c *testConfig) { c.fsys, c.fsName = fsys, name; c.sources = append(c.sources, "WithFS") }
}

// AddScenarios adds scenarios declared in Go to the set being served (the
// default set unless WithSet, WithFile or WithFS names one). A scenario
// with the name of one in the set replaces it; new ones are tried first
// (see ScenarioSet.With). Files they name are read from that set's
// folder, so bodySchema: "schemas/chat.json" works over the defaults.
func AddScenarios(scenarios ...Scenario) TestOption {
	at := callerLine(1)
	return func(c *testConfig) {
		c.extra = append(c.extra, scenarios...)
		if c.declared == nil {
			c.declared = make(map[string]string)
		}
		for _, sc := range scenarios {
			c.declared[sc.Name] = at
		}
	}
}

// WithOptions sets the server's Options.
func WithOptions(opts Options) TestOption {
	return func(c *testConfig) { c.opts = opts }
}

// WithTLS serves HTTPS (httptest.Server.StartTLS) with a certificate for
// 127.0.0.1 that Client trusts. Clients that send credentials only over
// HTTPS, as Graph's JavaScript client does, need it.
func WithTLS() TestOption {
	return func(c *testConfig) { c.tls = true }
}

// Lenient turns off the check NewTestServer registers for the end of the
// test, for tests that send unmatched or invalid requests on purpose.
// Calling Verify still checks.
func Lenient() TestOption {
	return func(c *testConfig) { c.lenient = true }
}

// NewTestServer starts a server for the duration of the test: by default
// over the embedded default scenarios. At cleanup it closes the server and
// then, unless Lenient, fails the test with Verify's report, which names
// the line that made the server, if an expectation was not met or a
// request went unmatched or was rejected. Setup problems (a scenario file
// that fails to load, options that name two sets) end the test with
// Fatalf.
func NewTestServer(t TB, options ...TestOption) *TestServer {
	t.Helper()
	var cfg testConfig
	for _, o := range options {
		o(&cfg)
	}
	set, err := cfg.scenarioSet()
	if err != nil {
		t.Fatalf("graphmock: %v", err)
		return nil
	}
	srv := New(set, cfg.opts)
	hs := httptest.NewUnstartedServer(srv)
	if cfg.tls {
		hs.StartTLS()
	} else {
		hs.Start()
	}
	ts := &TestServer{srv: srv, http: hs, created: callerLine(1)}
	t.Cleanup(func() {
		hs.Close() // waits for requests in flight, so every call is recorded
		if !cfg.lenient {
			if err := srv.Verify(); err != nil {
				t.Errorf("%v\n%s(the test server was made at %s)", err, declaredAt(err, set, cfg.declared), ts.created)
			}
		}
	})
	return ts
}

// callerLine returns the file and line of the code that called the
// function that calls callerLine, skip frames further up.
func callerLine(skip int) string {
	_, file, line, ok := runtime.Caller(skip + 1)
	if !ok {
		return "an unknown line"
	}
	return filepath.Base(file) + ":" + strconv.Itoa(line)
}

func (c *testConfig) scenarioSet() (*ScenarioSet, error) {
	if len(c.sources) > 1 {
		return nil, fmt.Errorf("%s each name the set to serve: give one of them", strings.Join(c.sources, " and "))
	}
	var set *ScenarioSet
	var err error
	switch {
	case c.set != nil:
		set = c.set
	case c.file != "":
		set, err = LoadFile(c.file)
	case c.fsys != nil:
		set, err = Load(c.fsys, c.fsName)
	default:
		set, err = Default()
	}
	if err != nil {
		return nil, err
	}
	return set.With(c.extra...)
}

// URL returns the server's base URL, such as http://127.0.0.1:41234 (or
// https:// with WithTLS). Graph paths go after it: URL() + "/beta/me".
func (ts *TestServer) URL() string { return ts.http.URL }

// Client returns an http.Client ready to call the server; with WithTLS it
// trusts the server's certificate.
func (ts *TestServer) Client() *http.Client { return ts.http.Client() }

// Server returns the Server behind the test server, for what a test needs
// beyond the assertions: Calls, Stats, Verify, SetState, SetScenarios.
func (ts *TestServer) Server() *Server { return ts.srv }

// Close shuts the server down, waiting for requests in flight, so that
// every call is recorded; NewTestServer's cleanup does it too.
func (ts *TestServer) Close() { ts.http.Close() }

// CallsTo returns copies of the recorded calls that matched the named
// scenario, oldest first.
func (ts *TestServer) CallsTo(scenario string) []Call {
	var out []Call
	for _, c := range ts.srv.Calls() {
		if c.Scenario == scenario {
			out = append(out, c)
		}
	}
	return out
}

// LastCall returns the newest recorded call to the named scenario.
func (ts *TestServer) LastCall(scenario string) (Call, bool) {
	calls := ts.CallsTo(scenario)
	if len(calls) == 0 {
		return Call{}, false
	}
	return calls[len(calls)-1], true
}

// AssertCalled reports an error unless the named scenario was called at
// least once.
func (ts *TestServer) AssertCalled(t TB, scenario string) bool {
	t.Helper()
	if !ts.knownScenario(t, scenario) {
		return false
	}
	if ts.count(scenario) == 0 {
		t.Errorf("graphmock: scenario %q was not called\n%s", scenario, ts.callSummary())
		return false
	}
	return true
}

// AssertNotCalled reports an error if the named scenario was called.
func (ts *TestServer) AssertNotCalled(t TB, scenario string) bool {
	t.Helper()
	if !ts.knownScenario(t, scenario) {
		return false
	}
	if n := ts.count(scenario); n > 0 {
		t.Errorf("graphmock: scenario %q was called %s, want none\n%s", scenario, plural(n, "time"), ts.callSummary())
		return false
	}
	return true
}

// AssertCalledTimes reports an error unless the named scenario was called
// exactly n times.
func (ts *TestServer) AssertCalledTimes(t TB, scenario string, n int) bool {
	t.Helper()
	if !ts.knownScenario(t, scenario) {
		return false
	}
	if got := ts.count(scenario); got != int64(n) {
		t.Errorf("graphmock: scenario %q was called %s, want %d\n%s", scenario, plural(got, "time"), n, ts.callSummary())
		return false
	}
	return true
}

// DecodeLastBody decodes the JSON body of the newest call to the named
// scenario into v, reporting an error if there is none or it does not
// decode.
func (ts *TestServer) DecodeLastBody(t TB, scenario string, v any) bool {
	t.Helper()
	c, ok := ts.LastCall(scenario)
	if !ok {
		t.Errorf("graphmock: scenario %q was not called, so it has no body to decode\n%s", scenario, ts.callSummary())
		return false
	}
	if err := json.Unmarshal(c.Body, v); err != nil {
		t.Errorf("graphmock: decoding the body of the last call to %q: %v\n%s", scenario, err, indent(formatRequest(c), "    "))
		return false
	}
	return true
}

// AssertVerified reports Verify's problems, if any, as an error.
func (ts *TestServer) AssertVerified(t TB) bool {
	t.Helper()
	if err := ts.srv.Verify(); err != nil {
		t.Errorf("%v", err)
		return false
	}
	return true
}

// knownScenario reports a misspelt scenario name, which would otherwise
// make AssertNotCalled pass for the wrong reason.
func (ts *TestServer) knownScenario(t TB, name string) bool {
	t.Helper()
	if err := ts.srv.Scenarios().CheckName(name); err != nil {
		t.Errorf("graphmock: %v", err)
		return false
	}
	return true
}

// callSummary lists the calls received, one line each, for failure
// messages.
func (ts *TestServer) callSummary() string {
	calls := ts.srv.Calls()
	if len(calls) == 0 {
		return "no calls were received"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "calls received (%d):", len(calls))
	for _, c := range calls {
		fmt.Fprintf(&b, "\n    %s %s -> %d", c.Method, c.Path, c.Status)
		if c.Scenario != "" {
			fmt.Fprintf(&b, " (%s, %s)", c.Scenario, c.Outcome)
		} else {
			fmt.Fprintf(&b, " (%s)", c.Outcome)
		}
	}
	return b.String()
}

// count returns how many calls matched the named scenario.
func (ts *TestServer) count(scenario string) int64 {
	return ts.srv.Stats().Scenarios[scenario].Calls
}

// declaredAt says where each scenario a failed expectation names was
// declared: its line in the scenario file, or the AddScenarios call that
// added it.
func declaredAt(err error, set *ScenarioSet, added map[string]string) string {
	ve, ok := err.(*VerifyError)
	if !ok {
		return ""
	}
	var b strings.Builder
	seen := map[string]bool{}
	for _, p := range ve.Problems {
		if p.Kind != ProblemExpectation || seen[p.Scenario] {
			continue
		}
		seen[p.Scenario] = true
		if at, ok := added[p.Scenario]; ok {
			fmt.Fprintf(&b, "(scenario %q was declared at %s)\n", p.Scenario, at)
			continue
		}
		if c := set.byName[p.Scenario]; c != nil {
			if line, _ := c.position(strictyaml.Path{}); line > 0 {
				fmt.Fprintf(&b, "(scenario %q was declared at %s:%d)\n", p.Scenario, set.file, line)
			}
		}
	}
	return b.String()
}
