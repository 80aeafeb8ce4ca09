package admin_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// decodeJSON decodes a response body into v, failing the test if it is
// not JSON of v's shape.
func decodeJSON(t testing.TB, resp response, v any) {
	t.Helper()
	if ct := resp.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	dec := json.NewDecoder(strings.NewReader(string(resp.body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding %s: %v", resp.body, err)
	}
}

// comparable returns c as it reads back from JSON: the time without its
// monotonic reading, in UTC, and a JSON body without white space.
func comparable(c mockserver.Call) mockserver.Call {
	c.Time = c.Time.UTC().Round(0)
	var b bytes.Buffer
	if json.Compact(&b, c.Body) == nil {
		c.Body = b.Bytes()
	}
	return c
}

func comparableCalls(calls []mockserver.Call) []mockserver.Call {
	out := make([]mockserver.Call, len(calls))
	for i, c := range calls {
		out[i] = comparable(c)
	}
	return out
}

// The admin API's JSON shapes, as a client in any language reads them.
type (
	adminError struct {
		Error struct {
			Code    string      `json:"code"`
			Message string      `json:"message"`
			Details []loadError `json:"details"`
		} `json:"error"`
	}
	loadError struct {
		File     string `json:"file,omitempty"`
		Line     int    `json:"line,omitempty"`
		Column   int    `json:"column,omitempty"`
		Scenario string `json:"scenario,omitempty"`
		Field    string `json:"field,omitempty"`
		Message  string `json:"message"`
		Text     string `json:"text"`
	}
	health struct {
		Status    string `json:"status"`
		File      string `json:"file,omitempty"`
		Scenarios int    `json:"scenarios"`
		Calls     int64  `json:"calls"`
	}
	callList struct {
		Calls []mockserver.Call `json:"calls"`
		Stats mockserver.Stats  `json:"stats"`
	}
	scenarioList struct {
		File      string `json:"file,omitempty"`
		Scenarios []struct {
			mockserver.Scenario
			Calls    int64 `json:"calls"`
			Rejected int64 `json:"rejected"`
		} `json:"scenarios"`
	}
	verifyReport struct {
		OK       bool   `json:"ok"`
		Message  string `json:"message"`
		Problems []struct {
			mockserver.Problem
			Text string `json:"text"`
		} `json:"problems"`
	}
	flowList struct {
		Flows map[string]string `json:"flows"`
	}
	resetReport struct {
		Cleared bool              `json:"cleared"`
		Flows   map[string]string `json:"flows"`
	}
)

func (r response) adminError(t testing.TB) adminError {
	t.Helper()
	var e adminError
	decodeJSON(t, r, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("admin error lacks code or message: %s", r.body)
	}
	return e
}

// sendTraffic makes one served, one rejected and one unmatched call.
func sendTraffic(t testing.TB, srv testServer) {
	t.Helper()
	srv.do(t, "POST", chatRefPath, validChatBody, validHeaders())
	srv.do(t, "POST", chatRefPath, `{"chatType": "direct"}`, validHeaders())
	srv.do(t, "GET", "/beta/me", "", validHeaders())
}

func TestAdminHealthCountsScenariosAndCalls(t *testing.T) {
	srv := newDefaultServer(t)
	sendTraffic(t, srv)
	resp := srv.do(t, "GET", "/_graphmock/health", "", nil)
	var h health
	decodeJSON(t, resp, &h)
	want := health{Status: "ok", File: "scenarios.yaml", Scenarios: 4, Calls: 3}
	if resp.status != 200 || h != want {
		t.Errorf("health = %d %+v, want 200 %+v", resp.status, h, want)
	}
	if got := len(srv.Calls()); got != 3 {
		t.Errorf("journal holds %d calls after an admin request, want 3: admin requests are not recorded", got)
	}
}

func TestAdminCallsListsTheJournalWithFilters(t *testing.T) {
	srv := newDefaultServer(t)
	sendTraffic(t, srv)
	tests := []struct {
		name     string
		query    string
		wantSeqs []int64
	}{
		{"all calls, oldest first", "", []int64{1, 2, 3}},
		{"calls to one scenario", "?scenario=add-chat", []int64{1, 2}},
		{"served calls", "?outcome=served", []int64{1}},
		{"rejected calls", "?outcome=rejected", []int64{2}},
		{"unmatched calls", "?outcome=unmatched", []int64{3}},
		{"invalid calls are the rejected ones", "?invalid=true", []int64{2}},
		{"invalid alone means true", "?invalid", []int64{2}},
		{"calls that were not invalid", "?invalid=false", []int64{1, 3}},
		{"the newest two", "?limit=2", []int64{2, 3}},
		{"filters combine", "?scenario=add-chat&outcome=served", []int64{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := srv.do(t, "GET", "/_graphmock/calls"+tt.query, "", nil)
			if resp.status != 200 {
				t.Fatalf("status = %d: %s", resp.status, resp.body)
			}
			var got callList
			decodeJSON(t, resp, &got)
			seqs := []int64{}
			for _, c := range got.Calls {
				seqs = append(seqs, c.Seq)
			}
			if !reflect.DeepEqual(seqs, tt.wantSeqs) {
				t.Errorf("calls = %v, want %v", seqs, tt.wantSeqs)
			}
			if got.Stats.Recorded != 3 || got.Stats.Rejected != 1 {
				t.Errorf("stats = %+v, want the unfiltered totals", got.Stats)
			}
		})
	}
}

func TestAdminCallsAreTheJournalsOwn(t *testing.T) {
	srv := newDefaultServer(t)
	sendTraffic(t, srv)
	var got callList
	decodeJSON(t, srv.do(t, "GET", "/_graphmock/calls", "", nil), &got)
	if want := srv.Calls(); !reflect.DeepEqual(comparableCalls(got.Calls), comparableCalls(want)) {
		t.Errorf("admin calls differ from Server.Calls():\n got %+v\nwant %+v", got.Calls, want)
	}
	resp := srv.do(t, "GET", "/_graphmock/calls/2", "", nil)
	if !strings.Contains(string(resp.body), `"body": {`) || !strings.Contains(string(resp.body), `"bodyEncoding": "json"`) {
		t.Errorf("a call's JSON body is not written as JSON:\n%s", resp.body)
	}
	var c mockserver.Call
	decodeJSON(t, resp, &c)
	if want := srv.Calls()[1]; resp.status != 200 || !reflect.DeepEqual(comparable(c), comparable(want)) {
		t.Errorf("GET calls/2 = %d %+v, want %+v", resp.status, c, want)
	}
}

func TestAdminRejectsBadRequestsWithOneErrorShape(t *testing.T) {
	srv := newDefaultServer(t)
	sendTraffic(t, srv)
	tests := []struct {
		name       string
		method     string
		path       string
		wantStatus int
		wantCode   string
		wantMsg    string
	}{
		{"an unknown outcome", "GET", "/_graphmock/calls?outcome=ok", 400, "BadRequest", "outcome=ok: want served, rejected, unmatched or skipped"},
		{"an unknown parameter", "GET", "/_graphmock/calls?status=400", 400, "BadRequest", `unknown query parameter "status"`},
		{"a bad limit", "GET", "/_graphmock/calls?limit=0", 400, "BadRequest", "limit=0: want a whole number"},
		{"a misspelt scenario", "GET", "/_graphmock/calls?scenario=add-chats", 404, "UnknownScenario", `no scenario is named "add-chats" (did you mean "add-chat"?); the scenarios are add-chat, get-chat`},
		{"a call never recorded", "GET", "/_graphmock/calls/99", 404, "CallNotFound", "no call 99 in the journal"},
		{"a sequence number that is not one", "GET", "/_graphmock/calls/first", 400, "BadRequest", `"first" is not a call's sequence number`},
		{"an unknown endpoint", "GET", "/_graphmock/mappings", 404, "NotFound", "/_graphmock/mappings is not an admin endpoint; GET /_graphmock/ lists them"},
		{"a method the endpoint lacks", "PATCH", "/_graphmock/calls", 405, "MethodNotAllowed", "this path answers GET, DELETE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := srv.do(t, tt.method, tt.path, "", nil)
			if resp.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", resp.status, tt.wantStatus, resp.body)
			}
			e := resp.adminError(t)
			if e.Error.Code != tt.wantCode || !strings.Contains(e.Error.Message, tt.wantMsg) {
				t.Errorf("error = %s: %s\nwant      %s: …%s…", e.Error.Code, e.Error.Message, tt.wantCode, tt.wantMsg)
			}
		})
	}
	if resp := srv.do(t, "PATCH", "/_graphmock/calls", "", nil); resp.header.Get("Allow") != "GET, DELETE" {
		t.Errorf("405 Allow = %q, want GET, DELETE", resp.header.Get("Allow"))
	}
}

func TestAdminClearsTheJournal(t *testing.T) {
	srv := newDefaultServer(t)
	sendTraffic(t, srv)
	resp := srv.do(t, "DELETE", "/_graphmock/calls", "", nil)
	if resp.status != 200 {
		t.Fatalf("DELETE calls = %d: %s", resp.status, resp.body)
	}
	if n := len(srv.Calls()); n != 0 || srv.Stats().Scenarios["add-chat"].Calls != 0 {
		t.Errorf("after DELETE the journal holds %d calls and add-chat counts %d, want none", n, srv.Stats().Scenarios["add-chat"].Calls)
	}
	srv.do(t, "POST", chatRefPath, validChatBody, validHeaders())
	if c := srv.Calls(); len(c) != 1 || c[0].Seq != 4 {
		t.Errorf("after clearing, calls = %+v, want one numbered 4 (numbers continue)", c)
	}
}

func TestAdminListsScenariosWithTheirCounts(t *testing.T) {
	srv := newDefaultServer(t)
	sendTraffic(t, srv)
	var got scenarioList
	decodeJSON(t, srv.do(t, "GET", "/_graphmock/scenarios", "", nil), &got)
	if got.File != "scenarios.yaml" || len(got.Scenarios) != 4 {
		t.Fatalf("scenarios = %+v", got)
	}
	add := got.Scenarios[0]
	if add.Name != "add-chat" || add.Calls != 2 || add.Rejected != 1 || add.Request.BodySchema != "schemas/chat.json" {
		t.Errorf("first scenario = %+v, want add-chat with 2 calls, 1 rejected", add)
	}
	if get := got.Scenarios[3]; get.Name != "get-chat" || get.Calls != 0 || get.Response.BodyFile != "fixtures/chat.json" {
		t.Errorf("second scenario = %+v, want get-chat, never called", get)
	}
}

// replacement is a scenario document whose paths are relative to the
// default scenario folder.
const replacement = `version: 1
scenarios:
  - name: get-me
    times: 1
    request: {method: GET, path: /v1.0/me}
    response: {status: 200, body: {displayName: Adele Vance}}
  - name: add-chat
    request:
      method: POST
      path: /beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref
      bodySchema: schemas/chat.json
    response: {status: 204}
`

func TestAdminReplacesTheScenariosKeepingTheJournal(t *testing.T) {
	srv := newDefaultServer(t)
	srv.do(t, "POST", chatRefPath, validChatBody, validHeaders())
	for _, method := range []string{"PUT", "POST"} {
		t.Run(method, func(t *testing.T) {
			resp := srv.do(t, method, "/_graphmock/scenarios?name=me.yaml", replacement, http.Header{"Content-Type": {"application/yaml"}})
			if resp.status != 200 {
				t.Fatalf("%s scenarios = %d: %s", method, resp.status, resp.body)
			}
			var got scenarioList
			decodeJSON(t, resp, &got)
			if got.File != "me.yaml" || len(got.Scenarios) != 2 || got.Scenarios[1].Calls < 1 {
				t.Errorf("answer = %+v, want me.yaml's two scenarios, add-chat with the calls from before", got)
			}
			if r := srv.do(t, "GET", "/v1.0/me", "", validHeaders()); r.status != 200 {
				t.Errorf("GET /v1.0/me after the replacement = %d, want 200", r.status)
			}
			if r := srv.do(t, "GET", "/beta/chats/c/installedApps/a/chat", "", validHeaders()); r.status != 404 {
				t.Errorf("get-chat after the replacement = %d, want 404: it was replaced", r.status)
			}
			if r := srv.do(t, "POST", chatRefPath, `{"chatType": 1}`, validHeaders()); r.status != 400 {
				t.Errorf("schemas/chat.json in the new set: status %d, want 400 for a bad body", r.status)
			}
			if n := srv.Stats().Scenarios["add-chat"].Calls; n < 2 {
				t.Errorf("add-chat counts %d calls, want the calls from before the replacement kept", n)
			}
		})
	}
}

func TestAdminRefusesABrokenDocumentAndKeepsServing(t *testing.T) {
	srv := newDefaultServer(t)
	before := srv.Scenarios()
	broken := "version: 1\nscenarios:\n  - name: get-me\n    request: {method: GET, path: /v1.0/me}\n    response: {staus: 200}\n  - name: other\n    request: {method: get, path: /v1.0/x}\n    response: {status: 200, bodyFile: fixtures/nope.json}\n"
	resp := srv.do(t, "PUT", "/_graphmock/scenarios", broken, nil)
	if resp.status != 400 {
		t.Fatalf("PUT a broken document = %d, want 400: %s", resp.status, resp.body)
	}
	e := resp.adminError(t)
	// Every problem at once: the misspelt field does not hide the others.
	wantLines := []string{
		`posted.yaml:5:16: scenario "get-me": response: unknown field "staus" (did you mean "status"?)`,
		`posted.yaml:7:23: scenario "other": request.method: "get": methods are case-sensitive; write "GET"`,
		`posted.yaml:8:39: scenario "other": response.bodyFile: fixtures/nope.json: file does not exist (paths are relative to the scenario file's folder)`,
	}
	if e.Error.Code != "InvalidScenarios" || e.Error.Message != strings.Join(wantLines, "\n") {
		t.Errorf("error = %s: %s\nwant InvalidScenarios: %s", e.Error.Code, e.Error.Message, strings.Join(wantLines, "\n"))
	}
	want := []loadError{
		{File: "posted.yaml", Line: 5, Column: 16, Scenario: "get-me", Field: "response", Message: `unknown field "staus" (did you mean "status"?)`, Text: wantLines[0]},
		{File: "posted.yaml", Line: 7, Column: 23, Scenario: "other", Field: "request.method", Message: `"get": methods are case-sensitive; write "GET"`, Text: wantLines[1]},
		{File: "posted.yaml", Line: 8, Column: 39, Scenario: "other", Field: "response.bodyFile", Message: `fixtures/nope.json: file does not exist (paths are relative to the scenario file's folder)`, Text: wantLines[2]},
	}
	if !reflect.DeepEqual(e.Error.Details, want) {
		t.Errorf("details = %+v\nwant      %+v", e.Error.Details, want)
	}
	if srv.Scenarios() != before {
		t.Error("the scenario set changed after a rejected document")
	}
	if r := srv.do(t, "POST", chatRefPath, validChatBody, validHeaders()); r.status != 204 {
		t.Errorf("the old set no longer serves: %d", r.status)
	}

	// A document that decodes but does not compile reports each problem.
	resp = srv.do(t, "PUT", "/_graphmock/scenarios", strings.Replace(broken, "staus", "status", 1), nil)
	e = resp.adminError(t)
	if len(e.Error.Details) != 2 || e.Error.Details[0].Line != 7 || e.Error.Details[1].Field != "response.bodyFile" {
		t.Errorf("details = %+v, want the method (line 7) and the missing fixture", e.Error.Details)
	}
}

func TestAdminVerifyReportsWhatServerProblemsFinds(t *testing.T) {
	srv := newDefaultServer(t)
	resp := srv.do(t, "GET", "/_graphmock/verify", "", nil)
	var ok verifyReport
	decodeJSON(t, resp, &ok)
	if resp.status != 200 || !ok.OK || len(ok.Problems) != 0 {
		t.Errorf("verify with nothing wrong = %d %+v, want 200 ok", resp.status, ok)
	}

	sendTraffic(t, srv)
	resp = srv.do(t, "GET", "/_graphmock/verify", "", nil)
	var got verifyReport
	decodeJSON(t, resp, &got)
	if resp.status != 409 || got.OK {
		t.Fatalf("verify after bad calls = %d ok=%v, want 409", resp.status, got.OK)
	}
	problems := srv.Problems()
	if len(got.Problems) != len(problems) {
		t.Fatalf("verify lists %d problems, Server.Problems() %d", len(got.Problems), len(problems))
	}
	for i, p := range problems {
		g := got.Problems[i]
		if p.Call != nil && g.Call != nil {
			c, gc := comparable(*p.Call), comparable(*g.Call)
			p.Call, g.Call = &c, &gc
		}
		if !reflect.DeepEqual(g.Problem, p) || g.Text != p.String() {
			t.Errorf("problem %d = %+v\nwant %+v", i, g, p)
		}
	}
	if want := srv.Verify().Error(); got.Message != want {
		t.Errorf("message = %q\nwant Verify's %q", got.Message, want)
	}
}

func TestAdminTokenGuardsTheAdminAPIOnly(t *testing.T) {
	set, _ := mockserver.Default()
	srv := newServer(set, admin.Options{Token: "s3cret"})
	tests := []struct {
		name       string
		auth       string
		wantStatus int
	}{
		{"no token", "", 401},
		{"a wrong token", "Bearer s3cre", 401},
		{"a longer wrong token", "Bearer s3cret-and-more", 401},
		{"the token under another scheme", "Basic s3cret", 401},
		{"the token", "Bearer s3cret", 200},
		{"the token, scheme in lower case", "bearer s3cret", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.auth != "" {
				h.Set("Authorization", tt.auth)
			}
			resp := srv.do(t, "GET", "/_graphmock/health", "", h)
			if resp.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d", resp.status, tt.wantStatus)
			}
			if tt.wantStatus == 401 {
				if e := resp.adminError(t); e.Error.Code != "Unauthorized" || resp.header.Get("WWW-Authenticate") == "" {
					t.Errorf("401 = %+v, WWW-Authenticate %q", e, resp.header.Get("WWW-Authenticate"))
				}
			}
		})
	}
	if resp := srv.do(t, "GET", "/_graphmock/nope", "", nil); resp.status != 401 {
		t.Errorf("unknown admin path without a token = %d, want 401 before anything else", resp.status)
	}
	if resp := srv.do(t, "POST", chatRefPath, validChatBody, validHeaders()); resp.status != 204 {
		t.Errorf("Graph route with an admin token set = %d, want 204", resp.status)
	}
}

// newFlowServer serves a chat flow (add, then list shows it) and a flaky
// endpoint that answers 503 once, then 200.
func newFlowServer(t testing.TB) testServer {
	t.Helper()
	none := func(method, path string) mockserver.Request {
		return mockserver.Request{Method: method, Path: path, Auth: "none"}
	}
	set, err := mockserver.Compile(nil,
		mockserver.Scenario{Name: "add-chat", State: &mockserver.StateRule{Flow: "chat", Then: "added"},
			Request: none("POST", "/v1.0/chats"), Response: mockserver.Response{Status: 201}},
		mockserver.Scenario{Name: "list-none", State: &mockserver.StateRule{Flow: "chat", When: "started"},
			Request: none("GET", "/v1.0/chats"), Response: mockserver.Response{Status: 200, Body: `{"value":[]}`}},
		mockserver.Scenario{Name: "list-one", State: &mockserver.StateRule{Flow: "chat", When: "added"},
			Request: none("GET", "/v1.0/chats"), Response: mockserver.Response{Status: 200, Body: `{"value":[{}]}`}},
		mockserver.Scenario{Name: "flaky", Request: none("GET", "/v1.0/flaky"),
			Responses: []mockserver.Response{{Status: 503}, {Status: 200}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return newServer(set, admin.Options{})
}

func TestAdminReadsAndSetsFlowStates(t *testing.T) {
	srv := newFlowServer(t)
	states := func() map[string]string {
		t.Helper()
		var st flowList
		decodeJSON(t, srv.do(t, "GET", "/_graphmock/state", "", nil), &st)
		return st.Flows
	}
	if got := states(); !reflect.DeepEqual(got, map[string]string{"chat": "started"}) {
		t.Errorf("states at the start = %v, want chat started", got)
	}
	srv.do(t, "POST", "/v1.0/chats", "", nil)
	if got := states(); got["chat"] != "added" {
		t.Errorf("states after adding = %v, want chat added", got)
	}
	resp := srv.do(t, "PUT", "/_graphmock/state/chat", `{"state": "started"}`, nil)
	if resp.status != 200 || srv.States()["chat"] != "started" {
		t.Fatalf("PUT state/chat = %d %s; Server.States() = %v", resp.status, resp.body, srv.States())
	}
	if r := srv.do(t, "GET", "/v1.0/chats", "", nil); string(r.body) != `{"value":[]}` {
		t.Errorf("listing after putting the flow back = %s, want the empty list", r.body)
	}

	tests := []struct {
		name       string
		path, body string
		wantStatus int
		wantCode   string
		wantMsg    string
	}{
		{"an unknown flow", "/_graphmock/state/chats", `{"state": "x"}`, 404, "UnknownFlow", `no scenario belongs to flow "chats" (did you mean "chat"?); they are chat`},
		{"no state", "/_graphmock/state/chat", `{}`, 400, "BadRequest", `want a JSON body such as {"state": "added"}`},
		{"a misspelt field", "/_graphmock/state/chat", `{"sate": "x"}`, 400, "BadRequest", `unknown field "sate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := srv.do(t, "PUT", tt.path, tt.body, nil)
			e := resp.adminError(t)
			if resp.status != tt.wantStatus || e.Error.Code != tt.wantCode || !strings.Contains(e.Error.Message, tt.wantMsg) {
				t.Errorf("PUT %s = %d %s: %s\nwant %d %s: …%s…", tt.path, resp.status, e.Error.Code, e.Error.Message, tt.wantStatus, tt.wantCode, tt.wantMsg)
			}
		})
	}
}

func TestAdminResetsStateAndJournal(t *testing.T) {
	srv := newFlowServer(t)
	srv.do(t, "POST", "/v1.0/chats", "", nil)
	if r := srv.do(t, "GET", "/v1.0/flaky", "", nil); r.status != 503 {
		t.Fatalf("first flaky call = %d, want 503", r.status)
	}

	if r := srv.do(t, "DELETE", "/_graphmock/state", "", nil); r.status != 200 {
		t.Fatalf("DELETE state = %d: %s", r.status, r.body)
	}
	if r := srv.do(t, "GET", "/v1.0/flaky", "", nil); r.status != 503 {
		t.Errorf("flaky after DELETE state = %d, want 503: the sequence starts again", r.status)
	}
	if got := srv.States(); !allStarted(got) {
		t.Errorf("States() after DELETE state = %v, want every flow back at the start", got)
	}
	if n := len(srv.Calls()); n != 3 {
		t.Errorf("DELETE state left %d calls, want the journal untouched (3)", n)
	}

	srv.do(t, "POST", "/v1.0/chats", "", nil)
	resp := srv.do(t, "POST", "/_graphmock/reset", "", nil)
	var got resetReport
	decodeJSON(t, resp, &got)
	if resp.status != 200 || !got.Cleared || got.Flows["chat"] != "started" {
		t.Errorf("POST reset = %d %+v", resp.status, got)
	}
	if n := len(srv.Calls()); n != 0 || !allStarted(srv.States()) {
		t.Errorf("after POST reset: %d calls, states %v; want neither", n, srv.States())
	}
	if r := srv.do(t, "GET", "/v1.0/flaky", "", nil); r.status != 503 {
		t.Errorf("flaky after POST reset = %d, want 503", r.status)
	}
}

// allStarted reports whether every flow is in its initial state.
func allStarted(states map[string]string) bool {
	for _, st := range states {
		if st != "started" {
			return false
		}
	}
	return true
}

func TestAdminFiltersSkippedBatchItems(t *testing.T) {
	srv := newDefaultServer(t)
	body := `{"requests": [
		{"id": "bad", "method": "GET", "url": "/nowhere"},
		{"id": "after", "method": "GET", "url": "/nowhere/either", "dependsOn": ["bad"]}
	]}`
	if r := srv.do(t, "POST", "/beta/$batch", body, validHeaders()); r.status != 200 {
		t.Fatalf("batch = %d %s", r.status, r.body)
	}
	resp := srv.do(t, "GET", "/_graphmock/calls?outcome=skipped", "", nil)
	var got callList
	decodeJSON(t, resp, &got)
	if resp.status != 200 || len(got.Calls) != 1 || got.Calls[0].BatchItem != "after" {
		t.Fatalf("?outcome=skipped = %d, %+v; want the one skipped item", resp.status, got.Calls)
	}
	st := got.Stats
	if st.Skipped != 1 || st.Served+st.Rejected+st.Unmatched+st.Skipped != st.Recorded {
		t.Errorf("stats = %+v, want one skipped and totals that add up", st)
	}
}

func TestReplacingTheScenariosIsLoggedAtInfo(t *testing.T) {
	var log bytes.Buffer
	set, _ := mockserver.Default()
	srv := mockserver.New(set, mockserver.Options{})
	ts := testServer{srv, admin.Handler(srv, admin.Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})}
	doc := "version: 1\nscenarios:\n  - name: get-me\n    request: {method: GET, path: /v1.0/me}\n    response: {status: 200}\n"
	if r := ts.do(t, "PUT", "/_graphmock/scenarios?name=me.yaml", doc, nil); r.status != 200 {
		t.Fatalf("PUT scenarios = %d %s", r.status, r.body)
	}
	if line := log.String(); !strings.Contains(line, "level=INFO") || !strings.Contains(line, "scenarios replaced over the admin API") || !strings.Contains(line, "name=me.yaml") {
		t.Errorf("log = %q, want an info line naming the document", line)
	}
}
