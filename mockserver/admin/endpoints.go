package admin

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/suggest"
	"github.com/graphmock/graphmock/mockserver"
)

// endpoint is one method on one admin path: the one list the routes, the
// index and the documentation's check are made from.
type endpoint struct {
	method string
	path   string // after Prefix, in http.ServeMux syntax
	about  string
	answer func(h *handler, r *http.Request) (any, *graphwire.Error)
}

// endpoints is the admin API: the per-server endpoints, the sessions'
// own, and each per-server one again for a session.
func endpoints() []endpoint {
	return withSessionEndpoints([]endpoint{
		{"GET", "{$}", "this list", (*handler).index},
		{"GET", "health", "status, scenario count and calls recorded", (*handler).health},
		{"GET", "calls", "recorded calls, oldest first; filters: scenario=NAME, outcome=served|rejected|unmatched|skipped, invalid=true, since=SEQ (calls after SEQ), limit=N (the newest N)", (*handler).calls},
		{"DELETE", "calls", "forget every recorded call and counter", (*handler).clearCalls},
		{"GET", "calls/{seq}", "one call by its sequence number", (*handler).call},
		{"GET", "scenarios", "the scenarios, with how often each was called", (*handler).scenarios},
		{"PUT", "scenarios", "replace the scenarios with the YAML scenario document in the body (?name= names it in messages)", (*handler).replaceScenarios},
		{"POST", "scenarios", "the same as PUT", (*handler).replaceScenarios},
		{"GET", "verify", "200 when every expectation is met and no call was unmatched or rejected, else 409 with the problems", (*handler).verify},
		{"GET", "state", "the state of every flow", (*handler).states},
		{"PUT", "state/{flow}", `put a flow in a state: {"state": "..."}`, (*handler).setState},
		{"DELETE", "state", "every flow, response sequence and chaos seed back at the start", (*handler).resetState},
		{"POST", "reset", "forget every call and put every flow, response sequence and chaos seed back at the start", (*handler).reset},
		{"GET", "calls/{seq}/scenario", "a scenario document (YAML) that answers the call, for a scenario file", (*handler).callScenario},
		{"GET", "calls/{seq}/miss", "for an unmatched call, what differs from the closest scenario, part by part", (*handler).callMiss},
		{"GET", "events", "server-sent events: a summary of each new call as it is recorded (since=SEQ or Last-Event-ID replays the kept calls after SEQ)", (*handler).events},
		{"GET", "tenant", "the simulated tenant as a tenant file (YAML), to keep or to seed another from", (*handler).exportTenant},
		{"POST", "tenant", "add the entities of the tenant file in the body to the simulated tenant, all or nothing: 201, or 400 naming every problem", (*handler).seedTenant},
		{"GET", "tenant/{path...}", "the simulated tenant's entity or collection at a path of names and keys, as the store holds it: tenant/users, tenant/users/{id}/messages", (*handler).tenant},
		{"GET", "har", "the journal as an HTTP Archive (HAR 1.2), for browser developer tools", (*handler).har},
		{"GET", "ui/", "the journal in the browser (a page; add #token=TOKEN when the API has a token)", (*handler).ui},
		{"POST", "sessions", "start a session, an isolated mock: 201 with its id, baseUrl and adminUrl; ?ttl= its idle time-to-live, a YAML scenario document in the body its scenarios (the server's when none; ?name= names it)", (*handler).newSession},
		{"GET", "sessions", "the live sessions: each one's id, baseUrl, adminUrl, ttl and lastUsed, by id", (*handler).listSessions},
		{"GET", "sessions/{id}", "the session's id, baseUrl and adminUrl; 404 SessionNotFound once it ended or expired", (*handler).describeSession},
		{"DELETE", "sessions/{id}", "end the session", (*handler).endSession},
	})
}

// withStatus is an answer whose status is not 200.
type withStatus struct {
	status int
	body   any
}

// rawAnswer is an answer that is not JSON (a page, YAML, an event
// stream): it writes itself, status and all.
type rawAnswer func(w http.ResponseWriter, r *http.Request)

// endpoint wraps an endpoint's answer in the API's JSON.
func (h *handler) endpoint(e endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := e.answer(h, r)
		if err != nil {
			err.WritePlain(w)
			return
		}
		if write, ok := body.(rawAnswer); ok {
			write(w, r)
			return
		}
		status := http.StatusOK
		if ws, ok := body.(withStatus); ok {
			status, body = ws.status, ws.body
		}
		data, merr := json.MarshalIndent(body, "", "  ")
		if merr != nil {
			graphwire.Errorf(http.StatusInternalServerError, codeInternal, "encoding the answer: %v", merr).WritePlain(w)
			return
		}
		graphwire.WritePlainJSON(w, status, data)
	})
}

func (h *handler) index(*http.Request) (any, *graphwire.Error) {
	var out struct {
		Endpoints []string `json:"endpoints"`
	}
	for _, e := range endpoints() {
		out.Endpoints = append(out.Endpoints, fmt.Sprintf("%s %s%s: %s", e.method, Prefix, strings.TrimSuffix(e.path, "{$}"), e.about))
	}
	return out, nil
}

// health is the body of GET /_graphmock/health.
type health struct {
	Status    string `json:"status"`         // "ok"
	File      string `json:"file,omitempty"` // the scenario file being served
	Scenarios int    `json:"scenarios"`      // how many scenarios are loaded
	Calls     int64  `json:"calls"`          // calls recorded since the journal was created or cleared
}

func (h *handler) health(*http.Request) (any, *graphwire.Error) {
	set := h.srv.Scenarios()
	return health{Status: "ok", File: set.File(), Scenarios: len(set.Scenarios()), Calls: h.srv.Stats().Recorded}, nil
}

// callList is the body of GET /_graphmock/calls.
type callList struct {
	Calls []mockserver.Call `json:"calls"` // the calls that pass the filters, oldest first
	Stats mockserver.Stats  `json:"stats"` // the journal's totals, unfiltered
}

// callFilter selects calls for GET /_graphmock/calls.
type callFilter struct {
	scenario string
	outcome  mockserver.Outcome
	invalid  *bool // true: rejected only; false: all but rejected
	since    int64 // calls after this sequence number; 0: all
	limit    int   // the newest limit calls; 0: all
}

func (f callFilter) keep(c *mockserver.Call) bool {
	return (f.scenario == "" || c.Scenario == f.scenario) &&
		(f.outcome == "" || c.Outcome == f.outcome) &&
		(f.invalid == nil || *f.invalid == (c.Outcome == mockserver.Rejected)) &&
		c.Seq > f.since
}

func (h *handler) parseCallFilter(q url.Values) (callFilter, *graphwire.Error) {
	var f callFilter
	for _, key := range slices.Sorted(maps.Keys(q)) {
		v := q[key][len(q[key])-1]
		switch key {
		case "scenario":
			if e := h.checkScenario(v); e != nil && h.srv.Stats().Scenarios[v].Calls == 0 {
				return f, e
			}
			f.scenario = v
		case "outcome":
			switch o := mockserver.Outcome(v); o {
			case mockserver.Served, mockserver.Rejected, mockserver.Unmatched, mockserver.Skipped:
				f.outcome = o
			default:
				return f, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "outcome=%s: want served, rejected, unmatched or skipped", v)
			}
		case "invalid":
			b := true // "?invalid" alone means true
			if v != "" {
				var err error
				if b, err = strconv.ParseBool(v); err != nil {
					return f, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "invalid=%s: want true or false", v)
				}
			}
			f.invalid = &b
		case "since":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return f, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "since=%s: want a call's sequence number, 0 or more", v)
			}
			f.since = n
		case "limit":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return f, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "limit=%s: want a whole number of calls, 1 or more", v)
			}
			f.limit = n
		default:
			return f, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "unknown query parameter %q: use scenario, outcome, invalid, since or limit", key)
		}
	}
	return f, nil
}

// checkScenario reports a name no scenario has, suggesting the closest
// and listing them all (ScenarioSet.CheckName).
func (h *handler) checkScenario(name string) *graphwire.Error {
	if err := h.srv.Scenarios().CheckName(name); err != nil {
		return graphwire.Errorf(http.StatusNotFound, codeUnknownScenario, "%s", err.Error())
	}
	return nil
}

func (h *handler) calls(r *http.Request) (any, *graphwire.Error) {
	f, e := h.parseCallFilter(r.URL.Query())
	if e != nil {
		return nil, e
	}
	return h.export("GET calls", nil, func(w *bufio.Writer) error {
		w.WriteString("{\n  \"calls\": ")
		items := newItemEncoder(w, "  ")
		if err := h.eachCall(f, func(c *mockserver.Call) error { return items.encode(c) }); err != nil {
			return err
		}
		if err := items.close(); err != nil {
			return err
		}
		// The rest of the document, as json.MarshalIndent writes it.
		tail, err := json.MarshalIndent(callList{Calls: []mockserver.Call{}, Stats: h.srv.Stats()}, "", "  ")
		if err != nil {
			return err
		}
		_, rest, _ := bytes.Cut(tail, []byte(`"calls": []`))
		w.Write(rest)
		return w.WriteByte('\n')
	})
}

// callChunk is how many calls the admin API copies from the journal at a
// time when it walks it.
const callChunk = 256

func (h *handler) clearCalls(*http.Request) (any, *graphwire.Error) {
	h.srv.Reset()
	return struct {
		Cleared bool `json:"cleared"`
	}{true}, nil
}

func (h *handler) call(r *http.Request) (any, *graphwire.Error) {
	c, e := h.findCall(r)
	if e != nil {
		return nil, e
	}
	return c, nil
}

// findCall returns the call whose sequence number the path's {seq} names.
func (h *handler) findCall(r *http.Request) (mockserver.Call, *graphwire.Error) {
	arg := r.PathValue("seq")
	seq, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || seq < 1 {
		return mockserver.Call{}, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "%q is not a call's sequence number: want a whole number, 1 or more", arg)
	}
	if c, ok := h.srv.Call(seq); ok {
		return c, nil
	}
	return mockserver.Call{}, graphwire.Errorf(http.StatusNotFound, codeCallNotFound,
		"no call %d in the journal: it was not recorded yet, or was cleared, or was dropped to keep the journal within its bounds", seq)
}

// scenario is a scenario as the admin API lists it: its definition and
// the journal's counters for it.
type scenario struct {
	mockserver.Scenario
	Calls    int64 `json:"calls"`    // calls that matched it, served or rejected
	Rejected int64 `json:"rejected"` // of those, calls that failed its checks
}

// scenarioList is the body of GET and PUT /_graphmock/scenarios.
type scenarioList struct {
	File      string     `json:"file,omitempty"` // the scenario file, or the name given to a replacement
	Scenarios []scenario `json:"scenarios"`      // in matching order
}

func (h *handler) scenarios(*http.Request) (any, *graphwire.Error) {
	return h.scenarioList(h.srv.Scenarios()), nil
}

func (h *handler) scenarioList(set *mockserver.ScenarioSet) scenarioList {
	stats := h.srv.Stats().Scenarios
	specs := set.Scenarios()
	out := scenarioList{File: set.File(), Scenarios: make([]scenario, len(specs))}
	for i, sp := range specs {
		st := stats[sp.Name]
		out.Scenarios[i] = scenario{Scenario: sp, Calls: st.Calls, Rejected: st.Rejected}
	}
	return out
}

// loadError is one problem with a scenario document the admin API
// rejected: a mockserver.LoadError as data.
type loadError struct {
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

// maxDocument bounds a posted scenario document, as a scenario file is.
const maxDocument = 16 << 20

func (h *handler) replaceScenarios(r *http.Request) (any, *graphwire.Error) {
	name := defaultPostedName
	if v := r.URL.Query().Get("name"); v != "" {
		name = v
	}
	data, e := readDocument(r)
	if e != nil {
		return nil, e
	}
	set, e := parseDocument(h.srv.Scenarios(), name, data)
	if e != nil {
		return nil, e
	}
	h.srv.SetScenarios(set)
	if h.logger != nil {
		h.logger.Info("scenarios replaced over the admin API", "name", name, "count", len(set.Scenarios()), "from", r.RemoteAddr)
	}
	return h.scenarioList(set), nil
}

// readDocument reads a posted scenario document.
func readDocument(r *http.Request) ([]byte, *graphwire.Error) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxDocument+1))
	if err != nil {
		return nil, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "reading the scenario document: %v", err)
	}
	if len(data) > maxDocument {
		return nil, graphwire.Errorf(http.StatusRequestEntityTooLarge, codeTooLarge, "the scenario document is larger than %d MiB", maxDocument>>20)
	}
	return data, nil
}

// parseDocument compiles a posted scenario document beside the set it
// replaces (its folder and metadata), or says every problem it has, as
// text and as data.
func parseDocument(beside *mockserver.ScenarioSet, name string, data []byte) (*mockserver.ScenarioSet, *graphwire.Error) {
	set, err := beside.Reparse(name, data)
	if err != nil {
		les := mockserver.LoadErrors(err)
		details := make([]loadError, len(les))
		for i, le := range les {
			details[i] = loadError{File: le.File, Line: le.Line, Column: le.Column, Scenario: le.Scenario,
				Field: le.Field, Message: le.Err.Error(), Text: le.Error()}
		}
		e := graphwire.Errorf(http.StatusBadRequest, codeInvalidScenarios, "%s", err.Error())
		e.Facts = details
		return nil, e
	}
	return set, nil
}

// verifyReport is the body of GET /_graphmock/verify.
type verifyReport struct {
	OK       bool      `json:"ok"`       // nothing to report
	Message  string    `json:"message"`  // the report in words, as Server.Verify's error says it
	Problems []problem `json:"problems"` // Server.Problems, in its order
}

// problem is a mockserver.Problem with its text as Problem.String renders
// it.
type problem struct {
	mockserver.Problem
	Text string `json:"text"`
}

// verifiedMessage is the verify answer's message when all is well.
const verifiedMessage = "graphmock: every expectation is met, and no request went unmatched or was rejected"

func (h *handler) verify(*http.Request) (any, *graphwire.Error) {
	problems := h.srv.Problems()
	out := verifyReport{OK: len(problems) == 0, Message: verifiedMessage, Problems: make([]problem, len(problems))}
	for i, p := range problems {
		out.Problems[i] = problem{Problem: p, Text: p.String()}
	}
	if !out.OK {
		out.Message = (&mockserver.VerifyError{Problems: problems}).Error()
		return withStatus{http.StatusConflict, out}, nil
	}
	return out, nil
}

// flowList is the body of GET, PUT and DELETE /_graphmock/state.
type flowList struct {
	// Flows maps every flow the scenarios name, and any other flow put in
	// a state, to its current state.
	Flows map[string]string `json:"flows"`
}

func (h *handler) states(*http.Request) (any, *graphwire.Error) {
	return flowList{Flows: h.srv.States()}, nil
}

func (h *handler) setState(r *http.Request) (any, *graphwire.Error) {
	flow := r.PathValue("flow")
	if known := h.srv.States(); known[flow] == "" {
		names := slices.Sorted(maps.Keys(known))
		list := "no scenario uses one"
		if len(names) > 0 {
			list = "they are " + strings.Join(names, ", ")
		}
		return nil, graphwire.Errorf(http.StatusNotFound, codeUnknownFlow, "no scenario belongs to flow %q%s; %s", flow, suggest.DidYouMean(flow, names), list)
	}
	var in struct {
		State string `json:"state"`
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || in.State == "" {
		msg := `want a JSON body such as {"state": "added"}`
		if err != nil {
			msg += ": " + err.Error()
		}
		return nil, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "%s", msg)
	}
	h.srv.SetState(flow, in.State)
	return flowList{Flows: h.srv.States()}, nil
}

func (h *handler) resetState(*http.Request) (any, *graphwire.Error) {
	h.srv.ResetState()
	return flowList{Flows: h.srv.States()}, nil
}

func (h *handler) reset(*http.Request) (any, *graphwire.Error) {
	h.srv.Reset()
	h.srv.ResetState()
	return struct {
		Cleared bool              `json:"cleared"` // always true: the journal is empty
		Flows   map[string]string `json:"flows"`   // every flow, back in "started"
	}{true, h.srv.States()}, nil
}
