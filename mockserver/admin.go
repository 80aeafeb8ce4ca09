package mockserver

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AdminPrefix is the path prefix of the admin API, which the same Server
// answers beside the Graph routes. Graph paths start with an API version
// (/v1.0, /beta), so no Graph path can collide with it. Admin requests are
// not recorded in the journal.
//
// The endpoints, all answering JSON:
//
//	GET    /_graphmock/health           status, scenario count, calls recorded
//	GET    /_graphmock/calls            recorded calls, oldest first (?scenario=, ?outcome=, ?invalid=true, ?limit=)
//	DELETE /_graphmock/calls            forget every call (Server.Reset)
//	GET    /_graphmock/calls/{seq}      one call by its sequence number
//	GET    /_graphmock/scenarios        the scenarios, with how often each was called
//	PUT    /_graphmock/scenarios        replace the scenarios with the YAML document in the body
//	GET    /_graphmock/verify           200 when Server.Problems finds nothing, else 409 with them
//	GET    /_graphmock/state            the state of every flow
//	PUT    /_graphmock/state/{flow}     put a flow in a state: {"state": "..."} (Server.SetState)
//	DELETE /_graphmock/state            flows, response sequences and chaos back at the start (Server.ResetState)
//	POST   /_graphmock/reset            DELETE calls and DELETE state at once
//
// Every failure answers {"error": {"code", "message"}}, with "details"
// where there are more facts (the load errors of a rejected document).
const AdminPrefix = "/_graphmock/"

// isAdminPath reports whether a request path is the admin API's.
func isAdminPath(p string) bool {
	return strings.HasPrefix(p, AdminPrefix) || p == strings.TrimSuffix(AdminPrefix, "/")
}

// Admin API error codes: the "code" of an admin error body.
const (
	AdminCodeBadRequest       = "BadRequest"
	AdminCodeUnauthorized     = "Unauthorized"
	AdminCodeNotFound         = "NotFound"
	AdminCodeMethodNotAllowed = "MethodNotAllowed"
	AdminCodeTooLarge         = "RequestEntityTooLarge"
	AdminCodeUnknownScenario  = "UnknownScenario"
	AdminCodeCallNotFound     = "CallNotFound"
	AdminCodeUnknownFlow      = "UnknownFlow"
	AdminCodeInvalidScenarios = "InvalidScenarios"
	AdminCodeInternal         = "InternalError"
	// AdminCodeOriginNotAllowed answers a CORS preflight from an origin
	// the server's CORS does not allow.
	AdminCodeOriginNotAllowed = "OriginNotAllowed"
)

// adminError is a failed admin request: the status and the body's code,
// message and details.
type adminError struct {
	status  int
	code    string
	message string
	details any      // more facts, such as load errors; nil for none
	allow   []string // for 405
}

func (e *adminError) Error() string { return e.message }

func adminErrorf(status int, code, format string, args ...any) *adminError {
	return &adminError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// adminEndpoint is one method on one admin path.
type adminEndpoint struct {
	method string
	path   string // after AdminPrefix; a final "{name}" matches one path segment
	about  string
	handle func(s *Server, r *http.Request, arg string) (int, any, error)
}

// adminEndpoints is the admin API's routing table.
func adminEndpoints() []adminEndpoint {
	return []adminEndpoint{
		{"GET", "", "this list", (*Server).adminIndex},
		{"GET", "health", "status, scenario count and calls recorded", (*Server).adminHealth},
		{"GET", "calls", "recorded calls, oldest first; filters: scenario=NAME, outcome=served|rejected|unmatched, invalid=true, limit=N (the newest N)", (*Server).adminCalls},
		{"DELETE", "calls", "forget every recorded call and counter", (*Server).adminClearCalls},
		{"GET", "calls/{seq}", "one call by its sequence number", (*Server).adminCall},
		{"GET", "scenarios", "the scenarios, with how often each was called", (*Server).adminScenarios},
		{"PUT", "scenarios", "replace the scenarios with the YAML scenario document in the body (?name= names it in messages)", (*Server).adminReplaceScenarios},
		{"POST", "scenarios", "the same as PUT", (*Server).adminReplaceScenarios},
		{"GET", "verify", "200 when every expectation is met and no call was unmatched or rejected, else 409 with the problems", (*Server).adminVerify},
		{"GET", "state", "the state of every flow", (*Server).adminStates},
		{"PUT", "state/{flow}", `put a flow in a state: {"state": "..."}`, (*Server).adminSetState},
		{"DELETE", "state", "every flow, response sequence and chaos seed back at the start", (*Server).adminResetState},
		{"POST", "reset", "forget every call and put every flow, response sequence and chaos seed back at the start", (*Server).adminReset},
	}
}

// serveAdmin answers an admin API request. It is never recorded; it is
// logged at debug level.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	status := s.answerAdmin(w, r)
	s.logAside(r, "admin", status, time.Since(start), "")
}

func (s *Server) answerAdmin(w http.ResponseWriter, r *http.Request) int {
	if err := s.checkAdminToken(r.Header); err != nil {
		return writeAdminError(w, err)
	}
	e, arg, err := routeAdmin(r)
	if err != nil {
		return writeAdminError(w, err)
	}
	status, body, err := e.handle(s, r, arg)
	if err != nil {
		return writeAdminError(w, err)
	}
	return writeAdminJSON(w, status, body)
}

// routeAdmin finds the endpoint for r, or says why there is none.
func routeAdmin(r *http.Request) (adminEndpoint, string, error) {
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(AdminPrefix, "/")), "/")
	var allow []string
	for _, e := range adminEndpoints() {
		arg, ok := matchAdminPath(e.path, rest)
		if !ok {
			continue
		}
		if e.method == r.Method {
			return e, arg, nil
		}
		allow = append(allow, e.method)
	}
	if len(allow) > 0 {
		err := adminErrorf(http.StatusMethodNotAllowed, AdminCodeMethodNotAllowed,
			"%s %s is not an admin endpoint; this path answers %s", r.Method, r.URL.Path, strings.Join(allow, ", "))
		err.allow = allow
		return adminEndpoint{}, "", err
	}
	return adminEndpoint{}, "", adminErrorf(http.StatusNotFound, AdminCodeNotFound,
		"%s is not an admin endpoint; GET %s lists them", r.URL.Path, AdminPrefix)
}

// matchAdminPath matches rest against an endpoint path, returning the
// segment a final "{name}" stands for.
func matchAdminPath(pattern, rest string) (string, bool) {
	i := strings.IndexByte(pattern, '{')
	if i < 0 {
		return "", rest == pattern
	}
	arg, ok := strings.CutPrefix(rest, pattern[:i])
	return arg, ok && arg != "" && !strings.Contains(arg, "/")
}

// checkAdminToken checks the bearer token when the server has one. Both
// sides are hashed first, so the comparison takes the same time whatever
// the token's length and contents.
func (s *Server) checkAdminToken(h http.Header) error {
	if s.adminToken == nil {
		return nil
	}
	v := strings.TrimSpace(h.Get("Authorization"))
	if v == "" {
		return &adminError{status: http.StatusUnauthorized, code: AdminCodeUnauthorized,
			message: `the admin API needs the server's admin token: send "Authorization: Bearer <token>"`}
	}
	scheme, token, _ := strings.Cut(v, " ")
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(sum[:], s.adminToken[:]) != 1 {
		return &adminError{status: http.StatusUnauthorized, code: AdminCodeUnauthorized,
			message: `the admin token does not match: send "Authorization: Bearer <token>" with the token the server was started with`}
	}
	return nil
}

// Header values of every admin answer.
var (
	hdrAdminJSON      = []string{"application/json; charset=utf-8"}
	hdrNoStore        = []string{"no-store"}
	hdrAdminChallenge = []string{`Bearer realm="graphmock admin"`}
)

// writeAdminJSON writes v as an admin answer and returns the status sent.
func writeAdminJSON(w http.ResponseWriter, status int, v any) int {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return writeAdminError(w, fmt.Errorf("encoding the answer: %w", err))
	}
	return sendAdmin(w, status, body)
}

// sendAdmin sends an admin answer's JSON body, ending it with a newline
// for the terminal, and returns the status.
func sendAdmin(w http.ResponseWriter, status int, body []byte) int {
	h := w.Header()
	h["Content-Type"] = hdrAdminJSON
	h["Cache-Control"] = hdrNoStore
	h["Content-Length"] = []string{strconv.Itoa(len(body) + 1)}
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
	return status
}

// adminErrorBody is the JSON of every admin error.
type adminErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details any    `json:"details,omitempty"`
	} `json:"error"`
}

// writeAdminError writes every admin error, as {"error": {"code",
// "message", "details"}}, and returns the status sent. An error that is
// not an *adminError is a 500.
func writeAdminError(w http.ResponseWriter, err error) int {
	var ae *adminError
	if !errors.As(err, &ae) {
		ae = &adminError{status: http.StatusInternalServerError, code: AdminCodeInternal, message: err.Error()}
	}
	var b adminErrorBody
	b.Error.Code, b.Error.Message, b.Error.Details = ae.code, ae.message, ae.details
	body, merr := json.MarshalIndent(b, "", "  ")
	if merr != nil { // details are plain data; this cannot happen
		ae.status = http.StatusInternalServerError
		body = []byte(`{"error": {"code": "InternalError", "message": "encoding the error failed"}}`)
	}
	h := w.Header()
	if len(ae.allow) > 0 {
		h["Allow"] = []string{strings.Join(ae.allow, ", ")}
	}
	if ae.status == http.StatusUnauthorized {
		h["Www-Authenticate"] = hdrAdminChallenge
	}
	return sendAdmin(w, ae.status, body)
}

// adminIndexBody lists the endpoints.
type adminIndexBody struct {
	Endpoints []string `json:"endpoints"`
}

func (s *Server) adminIndex(*http.Request, string) (int, any, error) {
	var out adminIndexBody
	for _, e := range adminEndpoints() {
		out.Endpoints = append(out.Endpoints, fmt.Sprintf("%s %s%s: %s", e.method, AdminPrefix, e.path, e.about))
	}
	return http.StatusOK, out, nil
}

// AdminHealth is the body of GET /_graphmock/health.
type AdminHealth struct {
	Status    string `json:"status"`         // "ok"
	File      string `json:"file,omitempty"` // the scenario file being served
	Scenarios int    `json:"scenarios"`      // how many scenarios are loaded
	Calls     int64  `json:"calls"`          // calls recorded since the journal was created or cleared
}

func (s *Server) adminHealth(*http.Request, string) (int, any, error) {
	set := s.Scenarios()
	return http.StatusOK, AdminHealth{Status: "ok", File: set.File(), Scenarios: len(set.scenarios), Calls: s.journal.Stats().Recorded}, nil
}

// AdminCalls is the body of GET /_graphmock/calls.
type AdminCalls struct {
	Calls []Call       `json:"calls"` // the calls that pass the filters, oldest first
	Stats JournalStats `json:"stats"` // the journal's totals, unfiltered
}

// callFilter selects calls for GET /_graphmock/calls.
type callFilter struct {
	scenario string
	outcome  Outcome
	invalid  *bool // true: rejected only; false: all but rejected
	limit    int   // the newest limit calls; 0: all
}

func (f callFilter) keep(c *Call) bool {
	return (f.scenario == "" || c.Scenario == f.scenario) &&
		(f.outcome == "" || c.Outcome == f.outcome) &&
		(f.invalid == nil || *f.invalid == (c.Outcome == Rejected))
}

func (s *Server) parseCallFilter(q url.Values) (callFilter, error) {
	var f callFilter
	for key, vs := range q {
		v := vs[len(vs)-1]
		switch key {
		case "scenario":
			if err := s.Scenarios().checkName(v); err != nil && s.journal.Count(v) == 0 {
				return f, adminErrorf(http.StatusNotFound, AdminCodeUnknownScenario, "%v", err)
			}
			f.scenario = v
		case "outcome":
			switch o := Outcome(v); o {
			case Served, Rejected, Unmatched:
				f.outcome = o
			default:
				return f, adminErrorf(http.StatusBadRequest, AdminCodeBadRequest, "outcome=%s: want served, rejected or unmatched", v)
			}
		case "invalid":
			b := true // "?invalid" alone means true
			if v != "" {
				var err error
				if b, err = strconv.ParseBool(v); err != nil {
					return f, adminErrorf(http.StatusBadRequest, AdminCodeBadRequest, "invalid=%s: want true or false", v)
				}
			}
			f.invalid = &b
		case "limit":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return f, adminErrorf(http.StatusBadRequest, AdminCodeBadRequest, "limit=%s: want a whole number of calls, 1 or more", v)
			}
			f.limit = n
		default:
			return f, adminErrorf(http.StatusBadRequest, AdminCodeBadRequest, "unknown query parameter %q: use scenario, outcome, invalid or limit", key)
		}
	}
	return f, nil
}

func (s *Server) adminCalls(r *http.Request, _ string) (int, any, error) {
	f, err := s.parseCallFilter(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	calls := s.journal.Calls()
	kept := calls[:0]
	for i := range calls {
		if f.keep(&calls[i]) {
			kept = append(kept, calls[i])
		}
	}
	if f.limit > 0 && len(kept) > f.limit {
		kept = kept[len(kept)-f.limit:]
	}
	return http.StatusOK, AdminCalls{Calls: kept, Stats: s.journal.Stats()}, nil
}

// AdminCleared is the body of DELETE /_graphmock/calls.
type AdminCleared struct {
	Cleared bool `json:"cleared"` // always true
}

func (s *Server) adminClearCalls(*http.Request, string) (int, any, error) {
	s.Reset()
	return http.StatusOK, AdminCleared{Cleared: true}, nil
}

func (s *Server) adminCall(_ *http.Request, arg string) (int, any, error) {
	seq, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || seq < 1 {
		return 0, nil, adminErrorf(http.StatusBadRequest, AdminCodeBadRequest, "%q is not a call's sequence number: want a whole number, 1 or more", arg)
	}
	c, ok := s.journal.Call(seq)
	if !ok {
		return 0, nil, adminErrorf(http.StatusNotFound, AdminCodeCallNotFound,
			"no call %d in the journal: it was not recorded yet, or was cleared, or was dropped to keep the journal within its bounds", seq)
	}
	return http.StatusOK, c, nil
}

// AdminScenario is a scenario as the admin API lists it: its definition
// and the journal's counters for it.
type AdminScenario struct {
	Scenario
	Calls    int64 `json:"calls"`    // calls that matched it, served or rejected
	Rejected int64 `json:"rejected"` // of those, calls that failed its checks
}

// AdminScenarios is the body of GET and PUT /_graphmock/scenarios.
type AdminScenarios struct {
	File      string          `json:"file,omitempty"` // the scenario file, or the name given to a replacement
	Scenarios []AdminScenario `json:"scenarios"`      // in matching order
}

func (s *Server) adminScenarios(*http.Request, string) (int, any, error) {
	return http.StatusOK, s.scenarioList(s.Scenarios()), nil
}

func (s *Server) scenarioList(set *ScenarioSet) AdminScenarios {
	stats := s.journal.ScenarioStats()
	out := AdminScenarios{File: set.File(), Scenarios: make([]AdminScenario, len(set.specs))}
	for i, sp := range set.specs {
		st := stats[sp.Name]
		out.Scenarios[i] = AdminScenario{Scenario: sp, Calls: st.Calls, Rejected: st.Rejected}
	}
	return out
}

// AdminLoadError is one problem with a scenario document the admin API
// rejected: a [LoadError] as data.
type AdminLoadError struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Scenario string `json:"scenario,omitempty"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message"` // what is wrong, without the position
	Text     string `json:"text"`    // the whole line, as the loader prints it
}

// defaultPostedName names a posted scenario document in messages when the
// request gives no ?name=.
const defaultPostedName = "posted.yaml"

func (s *Server) adminReplaceScenarios(r *http.Request, _ string) (int, any, error) {
	name := defaultPostedName
	if v := r.URL.Query().Get("name"); v != "" {
		name = v
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxScenarioFileSize+1))
	if err != nil {
		return 0, nil, adminErrorf(http.StatusBadRequest, AdminCodeBadRequest, "reading the scenario document: %v", err)
	}
	if len(data) > maxScenarioFileSize {
		return 0, nil, adminErrorf(http.StatusRequestEntityTooLarge, AdminCodeTooLarge, "the scenario document is larger than %d MiB", maxScenarioFileSize>>20)
	}
	set, err := Parse(s.Scenarios().Folder(), name, data)
	if err != nil {
		les := LoadErrors(err)
		details := make([]AdminLoadError, len(les))
		for i, le := range les {
			details[i] = AdminLoadError{File: le.File, Line: le.Line, Column: le.Column, Scenario: le.Scenario,
				Field: le.Field, Message: le.Err.Error(), Text: le.Error()}
		}
		return 0, nil, &adminError{status: http.StatusBadRequest, code: AdminCodeInvalidScenarios, message: err.Error(), details: details}
	}
	s.SetScenarios(set)
	return http.StatusOK, s.scenarioList(set), nil
}

// AdminVerify is the body of GET /_graphmock/verify.
type AdminVerify struct {
	OK       bool           `json:"ok"`       // nothing to report
	Message  string         `json:"message"`  // the report in words, as Server.Verify's error says it
	Problems []AdminProblem `json:"problems"` // Server.Problems, in its order
}

// AdminProblem is a [Problem] with its text as Problem.String renders it.
type AdminProblem struct {
	Problem
	Text string `json:"text"`
}

// verifiedMessage is the verify answer's message when all is well.
const verifiedMessage = "graphmock: every expectation is met, and no request went unmatched or was rejected"

func (s *Server) adminVerify(*http.Request, string) (int, any, error) {
	problems := s.Problems()
	out := AdminVerify{OK: len(problems) == 0, Message: verifiedMessage, Problems: make([]AdminProblem, len(problems))}
	for i, p := range problems {
		out.Problems[i] = AdminProblem{Problem: p, Text: p.String()}
	}
	if !out.OK {
		out.Message = (&VerifyError{Problems: problems}).Error()
		return http.StatusConflict, out, nil
	}
	return http.StatusOK, out, nil
}

// AdminStates is the body of GET, PUT and DELETE /_graphmock/state.
type AdminStates struct {
	// Flows maps every flow the scenarios name, and any other flow put in
	// a state, to its current state (InitialState until a call moves it).
	Flows map[string]string `json:"flows"`
}

func (s *Server) adminStates(*http.Request, string) (int, any, error) {
	return http.StatusOK, s.flowStates(), nil
}

// flowStates lists the flows the scenarios name at InitialState, then
// what Server.States says of those that moved.
func (s *Server) flowStates() AdminStates {
	out := AdminStates{Flows: make(map[string]string)}
	for _, flow := range s.Scenarios().flows() {
		out.Flows[flow] = InitialState
	}
	for flow, state := range s.States() {
		out.Flows[flow] = state
	}
	return out
}

// flows returns the names of the flows the set's scenarios belong to.
func (s *ScenarioSet) flows() []string {
	var out []string
	for _, sp := range s.specs {
		if sp.State != nil && !slices.Contains(out, sp.State.flow()) {
			out = append(out, sp.State.flow())
		}
	}
	return out
}

// adminSetStateBody is what PUT /_graphmock/state/{flow} reads.
type adminSetStateBody struct {
	State string `json:"state"`
}

func (s *Server) adminSetState(r *http.Request, flow string) (int, any, error) {
	if known := s.flowStates().Flows; known[flow] == "" {
		names := slices.Sorted(maps.Keys(known))
		list := "no scenario uses one"
		if len(names) > 0 {
			list = "they are " + strings.Join(names, ", ")
		}
		return 0, nil, adminErrorf(http.StatusNotFound, AdminCodeUnknownFlow, "no scenario belongs to flow %q%s; %s", flow, suggest(flow, names), list)
	}
	var in adminSetStateBody
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || in.State == "" {
		msg := `want a JSON body such as {"state": "added"}`
		if err != nil {
			msg += ": " + err.Error()
		}
		return 0, nil, adminErrorf(http.StatusBadRequest, AdminCodeBadRequest, "%s", msg)
	}
	s.SetState(flow, in.State)
	return http.StatusOK, s.flowStates(), nil
}

func (s *Server) adminResetState(*http.Request, string) (int, any, error) {
	s.ResetState()
	return http.StatusOK, s.flowStates(), nil
}

// AdminReset is the body of POST /_graphmock/reset.
type AdminReset struct {
	Cleared bool              `json:"cleared"` // always true: the journal is empty
	Flows   map[string]string `json:"flows"`   // every flow, back in InitialState
}

func (s *Server) adminReset(*http.Request, string) (int, any, error) {
	s.Reset()
	s.ResetState()
	return http.StatusOK, AdminReset{Cleared: true, Flows: s.flowStates().Flows}, nil
}
