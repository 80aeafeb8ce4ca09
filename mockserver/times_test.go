package mockserver_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/mockserver"
)

func intp(n int) *int { return &n }

// timesCases pair each form of times in a scenario file with the Go value
// that must mean the same, and say which call counts from 0 to 4 meet it.
// For the invalid forms, err is the message both must give.
var timesCases = []struct {
	name  string
	yaml  string            // the times line, "" for none
	goVal *mockserver.Times // the Go value
	meets [5]bool           // counts 0..4 that Verify accepts
	err   string
}{
	{name: "none", yaml: "", goVal: nil, meets: [5]bool{true, true, true, true, true}},
	{name: "exactly", yaml: "times: 2", goVal: mockserver.Exactly(2), meets: [5]bool{false, false, true, false, false}},
	{name: "exactly as a literal", yaml: "times: 2", goVal: &mockserver.Times{Min: 2, Max: intp(2)}, meets: [5]bool{false, false, true, false, false}},
	{name: "exactly zero", yaml: "times: 0", goVal: mockserver.Exactly(0), meets: [5]bool{true, false, false, false, false}},
	{name: "atLeast only", yaml: "times: {atLeast: 2}", goVal: mockserver.AtLeast(2), meets: [5]bool{false, false, true, true, true}},
	{name: "atLeast only as a literal", yaml: "times: {atLeast: 2}", goVal: &mockserver.Times{Min: 2}, meets: [5]bool{false, false, true, true, true}},
	{name: "atLeast zero", yaml: "times: {atLeast: 0}", goVal: &mockserver.Times{}, meets: [5]bool{true, true, true, true, true}},
	{name: "atMost only", yaml: "times: {atMost: 3}", goVal: mockserver.AtMost(3), meets: [5]bool{true, true, true, true, false}},
	{name: "atMost only as a literal", yaml: "times: {atMost: 3}", goVal: &mockserver.Times{Max: intp(3)}, meets: [5]bool{true, true, true, true, false}},
	{name: "atMost zero", yaml: "times: {atMost: 0}", goVal: mockserver.AtMost(0), meets: [5]bool{true, false, false, false, false}},
	{name: "both", yaml: "times: {atLeast: 1, atMost: 3}", goVal: mockserver.Between(1, 3), meets: [5]bool{false, true, true, true, false}},
	{name: "both equal", yaml: "times: {atLeast: 2, atMost: 2}", goVal: mockserver.Between(2, 2), meets: [5]bool{false, false, true, false, false}},
	{name: "negative exactly", yaml: "times: -1", goVal: mockserver.Exactly(-1), err: "atLeast is -1: want 0 or more"},
	{name: "negative atLeast", yaml: "times: {atLeast: -1}", goVal: mockserver.AtLeast(-1), err: "atLeast is -1: want 0 or more"},
	{name: "negative atMost", yaml: "times: {atMost: -1}", goVal: mockserver.AtMost(-1), err: "atMost is -1: want 0 or more"},
	{name: "atMost below atLeast", yaml: "times: {atLeast: 3, atMost: 1}", goVal: mockserver.Between(3, 1), err: "atMost 1 is less than atLeast 3"},
}

const timesScenario = `version: 1
scenarios:
  - name: me
    request:
      method: GET
      path: /v1.0/me
      auth: none
    response:
      status: 200
      body: {id: "1"}
`

func timesScenarioIn(t *mockserver.Times) mockserver.Scenario {
	return mockserver.Scenario{
		Name:     "me",
		Request:  mockserver.Request{Method: "GET", Path: "/v1.0/me", Auth: "none"},
		Response: mockserver.Response{Status: 200, Body: map[string]any{"id": "1"}},
		Times:    t,
	}
}

// verifyAfter serves n calls from set and returns what Verify says.
func verifyAfter(t *testing.T, set *mockserver.ScenarioSet, n int) error {
	t.Helper()
	srv := mockserver.New(set, mockserver.Options{})
	for range n {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1.0/me", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /v1.0/me = %d: %s", rec.Code, rec.Body)
		}
	}
	return srv.Verify()
}

// TestTimesInGoAndInYAMLMeanTheSame loads each form of times from a
// scenario file and compiles its Go counterpart: both hold the same Times,
// Verify judges every call count alike, and invalid forms fail with the
// same message at the same field.
func TestTimesInGoAndInYAMLMeanTheSame(t *testing.T) {
	for _, tc := range timesCases {
		t.Run(tc.name, func(t *testing.T) {
			doc := timesScenario
			if tc.yaml != "" {
				doc = strings.Replace(doc, "    request:\n", "    "+tc.yaml+"\n    request:\n", 1)
			}
			fromYAML, yamlErr := mockserver.Load(fstest.MapFS{"scenarios.yaml": {Data: []byte(doc)}}, "scenarios.yaml")
			fromGo, goErr := mockserver.Compile(nil, timesScenarioIn(tc.goVal))
			if tc.err != "" {
				for what, err := range map[string]error{"YAML": yamlErr, "Go": goErr} {
					var le *mockserver.LoadError
					if !errors.As(err, &le) {
						t.Fatalf("%s: error = %v, want a *LoadError", what, err)
					}
					if le.Field != "times" || le.Err.Error() != tc.err || len(mockserver.LoadErrors(err)) != 1 {
						t.Errorf("%s: error = %v (field %q), want only times: %s", what, err, le.Field, tc.err)
					}
				}
				return
			}
			if yamlErr != nil || goErr != nil {
				t.Fatalf("YAML error = %v, Go error = %v", yamlErr, goErr)
			}
			yamlTimes, _ := scenarioNamed(fromYAML, "me")
			goTimes, _ := scenarioNamed(fromGo, "me")
			if !reflect.DeepEqual(yamlTimes.Times, goTimes.Times) {
				t.Errorf("YAML Times = %s, Go Times = %s", timesString(yamlTimes.Times), timesString(goTimes.Times))
			}
			for n, meets := range tc.meets {
				yv, gv := verifyAfter(t, fromYAML, n), verifyAfter(t, fromGo, n)
				if (yv == nil) != meets {
					t.Errorf("after %d calls, YAML Verify = %v, want met = %v", n, yv, meets)
				}
				if (yv == nil) != (gv == nil) || (yv != nil && yv.Error() != gv.Error()) {
					t.Errorf("after %d calls, YAML Verify = %v\nGo Verify = %v", n, yv, gv)
				}
			}
		})
	}
}

func timesString(t *mockserver.Times) string {
	if t == nil {
		return "nil"
	}
	b, _ := json.Marshal(t)
	return string(b)
}

// TestTimesJSONKeepsMinusOneForNoUpperBound pins the JSON the admin API
// sends for an expectation, and reads it back.
func TestTimesJSONKeepsMinusOneForNoUpperBound(t *testing.T) {
	for _, tc := range []struct {
		times *mockserver.Times
		json  string
	}{
		{mockserver.AtLeast(2), `{"atLeast":2,"atMost":-1}`},
		{mockserver.AtMost(3), `{"atLeast":0,"atMost":3}`},
		{mockserver.Exactly(1), `{"atLeast":1,"atMost":1}`},
		{mockserver.Between(1, 4), `{"atLeast":1,"atMost":4}`},
		{&mockserver.Times{}, `{"atLeast":0,"atMost":-1}`},
	} {
		b, err := json.Marshal(tc.times)
		if err != nil || string(b) != tc.json {
			t.Errorf("json.Marshal(%+v) = %s, %v; want %s", *tc.times, b, err, tc.json)
		}
		var back mockserver.Times
		if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(&back, tc.times) {
			t.Errorf("json.Unmarshal(%s) = %s, %v; want %s", b, timesString(&back), err, tc.json)
		}
	}
	var noBound mockserver.Times
	if err := json.Unmarshal([]byte(`{"atLeast":1}`), &noBound); err != nil || noBound.Max != nil || noBound.Min != 1 {
		t.Errorf(`json.Unmarshal({"atLeast":1}) = %+v, %v; want at least 1, no upper bound`, noBound, err)
	}
	if err := json.Unmarshal([]byte(`{"atLeast":"x"}`), &noBound); err == nil {
		t.Error(`json.Unmarshal({"atLeast":"x"}) = nil error`)
	}
}

// TestYAMLTimesRefusesAnEmptyMapping: a mapping with neither bound says so
// (Go has no such form: the zero Times is atLeast 0).
func TestYAMLTimesRefusesAnEmptyMapping(t *testing.T) {
	for _, line := range []string{"times: {}", "times: {atleast: 1}", "times: two", "times: [1]"} {
		doc := strings.Replace(timesScenario, "    request:\n", "    "+line+"\n    request:\n", 1)
		_, err := mockserver.Load(fstest.MapFS{"scenarios.yaml": {Data: []byte(doc)}}, "scenarios.yaml")
		if err == nil || !strings.Contains(err.Error(), "times") {
			t.Errorf("%s: error = %v, want one about times", line, err)
		}
	}
}
