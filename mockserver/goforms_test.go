package mockserver_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/mockserver"
)

// TestGoScenariosDeclareWhatYAMLDoes loads scenarios from YAML and
// compiles their Go counterparts: each pair must be the same Scenario, so
// that a field set in Go means what its key means in a scenario file.
func TestGoScenariosDeclareWhatYAMLDoes(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		goSc mockserver.Scenario
	}{
		{
			name: "description and priority",
			yaml: "  - name: me\n    description: the signed-in user\n    priority: 5\n    request: {method: GET, path: /v1.0/me}\n    response: {status: 200}\n",
			goSc: mockserver.Scenario{Name: "me", Description: "the signed-in user", Priority: 5,
				Request: mockserver.Request{Method: "GET", Path: "/v1.0/me"}, Response: mockserver.Response{Status: 200}},
		},
		{
			// sendMail's body is Graph's sendMail action parameters:
			// https://learn.microsoft.com/en-us/graph/api/user-sendmail
			name: "a body type with required properties",
			yaml: "  - name: send\n    request: {method: POST, path: /v1.0/me/sendMail, bodyType: auto, required: [message]}\n    response: {status: 202}\n",
			goSc: mockserver.Scenario{Name: "send",
				Request:  mockserver.Request{Method: "POST", Path: "/v1.0/me/sendMail", BodyType: "auto", Required: []string{"message"}},
				Response: mockserver.Response{Status: 202}},
		},
		{
			name: "throttling with Graph's message replaced",
			yaml: "  - name: busy\n    request: {method: GET, path: /v1.0/me}\n    response: {throttle: {retryAfter: 2, message: slow down}}\n",
			goSc: mockserver.Scenario{Name: "busy", Request: mockserver.Request{Method: "GET", Path: "/v1.0/me"},
				Response: mockserver.Response{Throttle: &mockserver.GraphFault{RetryAfter: 2, Message: "slow down"}}},
		},
		{
			name: "faults",
			yaml: "  - name: cut\n    request: {method: GET, path: /v1.0/me}\n    responses:\n      - {status: 200, body: {id: \"1\"}, fault: truncatedBody}\n      - {status: 200, fault: emptyResponse}\n",
			goSc: mockserver.Scenario{Name: "cut", Request: mockserver.Request{Method: "GET", Path: "/v1.0/me"},
				Responses: []mockserver.Response{
					{Status: 200, Body: map[string]any{"id": "1"}, Fault: mockserver.FaultTruncatedBody},
					{Status: 200, Fault: mockserver.FaultEmptyResponse},
				}},
		},
		{
			name: "a header condition",
			yaml: "  - name: me\n    request: {method: GET, path: /v1.0/me, headers: {ConsistencyLevel: eventual}}\n    response: {status: 200}\n",
			goSc: mockserver.Scenario{Name: "me",
				Request:  mockserver.Request{Method: "GET", Path: "/v1.0/me", Headers: map[string]mockserver.Match{"ConsistencyLevel": mockserver.Equals("eventual")}},
				Response: mockserver.Response{Status: 200}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fromYAML, err := mockserver.Load(fstest.MapFS{"s.yaml": {Data: []byte("version: 1\nscenarios:\n" + tt.yaml)}}, "s.yaml")
			if err != nil {
				t.Fatalf("YAML: %v", err)
			}
			fromGo, err := mockserver.Compile(nil, tt.goSc)
			if err != nil {
				t.Fatalf("Go: %v", err)
			}
			y, g := fromYAML.Scenarios()[0], fromGo.Scenarios()[0]
			if !reflect.DeepEqual(y, g) {
				t.Errorf("YAML gives %+v\nGo gives   %+v", y, g)
			}
		})
	}
}

// TestMatchFieldsSayTheCondition reads a condition back from a loaded set.
func TestMatchFieldsSayTheCondition(t *testing.T) {
	set, err := mockserver.Load(fstest.MapFS{"s.yaml": {Data: []byte("version: 1\nscenarios:\n  - name: me\n    request: {method: GET, path: /v1.0/me, query: {$select: {matches: '^id'}}}\n    response: {status: 200}\n")}}, "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := set.Scenarios()[0].Request.Query["$select"]
	if m.Op != "matches" || m.Value != "^id" {
		t.Errorf("Match = {Op: %q, Value: %q}, want matches ^id", m.Op, m.Value)
	}
}

// TestChaosRetryAfterIsSent: Graph's transient errors sent by chaos carry
// the Retry-After asked for
// (https://learn.microsoft.com/en-us/graph/throttling#best-practices-to-handle-throttling).
func TestChaosRetryAfterIsSent(t *testing.T) {
	set, err := mockserver.Compile(nil, mockserver.Scenario{Name: "me", Request: mockserver.Request{Method: "GET", Path: "/v1.0/me", Auth: "none"}, Response: mockserver.Response{Status: 200}})
	if err != nil {
		t.Fatal(err)
	}
	set, err = set.WithChaos(&mockserver.Chaos{Rate: 1, Seed: 1, Errors: []string{"throttle"}, RetryAfter: 7})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	mockserver.New(set, mockserver.Options{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1.0/me", nil))
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "7" {
		t.Errorf("status %d, Retry-After %q; want 429 with Retry-After 7", rec.Code, rec.Header().Get("Retry-After"))
	}
}

// TestProblemsAndStatsAsData reads Verify's findings and the counters as
// Go values rather than as the error's text.
func TestProblemsAndStatsAsData(t *testing.T) {
	set, err := mockserver.Compile(nil, mockserver.Scenario{Name: "me", Times: mockserver.Exactly(2), Request: mockserver.Request{Method: "GET", Path: "/v1.0/me", Auth: "none"}, Response: mockserver.Response{Status: 200}})
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/v1.0/me", nil))
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/v1.0/users", nil))

	if got, want := srv.Stats().Scenarios["me"], (mockserver.ScenarioStats{Calls: 1}); got != want {
		t.Errorf("Stats().Scenarios[me] = %+v, want %+v", got, want)
	}
	messages := map[mockserver.ProblemKind]string{}
	for _, p := range srv.Problems() {
		messages[p.Kind] = p.Message
	}
	if len(messages) != 2 || messages[mockserver.ProblemExpectation] != `scenario "me" expected exactly 2 calls, got 1` || !strings.HasPrefix(messages[mockserver.ProblemUnmatched], "GET /v1.0/users matched no scenario") {
		t.Errorf("problems by kind = %q", messages)
	}
}

// TestEveryFaultConstantIsAFaultOfTheFileFormat: each Fault constant is
// the name a scenario file gives the same fault.
func TestEveryFaultConstantIsAFaultOfTheFileFormat(t *testing.T) {
	for _, f := range []mockserver.Fault{mockserver.FaultConnectionReset, mockserver.FaultEmptyResponse, mockserver.FaultTruncatedBody} {
		doc := "version: 1\nscenarios:\n  - name: f\n    request: {method: GET, path: /v1.0/me}\n    response: {status: 200, body: {id: \"1\"}, fault: " + string(f) + "}\n"
		set, err := mockserver.Load(fstest.MapFS{"s.yaml": {Data: []byte(doc)}}, "s.yaml")
		if err != nil {
			t.Errorf("fault: %s: %v", f, err)
			continue
		}
		if got := set.Scenarios()[0].Response.Fault; got != f {
			t.Errorf("fault: %s loads as %q", f, got)
		}
	}
}
