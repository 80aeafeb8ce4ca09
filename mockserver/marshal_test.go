package mockserver_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// roundTrip marshals scenarios, loads the file back beside the folder dir
// (for the body files and schemas it names) and returns what loaded.
func roundTrip(t *testing.T, dir string, scenarios []mockserver.Scenario) []mockserver.Scenario {
	t.Helper()
	data, err := mockserver.MarshalScenarios(scenarios...)
	if err != nil {
		t.Fatalf("MarshalScenarios: %v", err)
	}
	set, err := mockserver.Parse(os.DirFS(dir), "marshalled.yaml", data)
	if err != nil {
		t.Fatalf("Parse(MarshalScenarios(...)): %v\n%s", err, data)
	}
	return set.Scenarios()
}

// asJSON compares scenarios as JSON, where a body decoded from YAML and
// one from JSON are the same.
func asJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestMarshalScenariosRoundTripsTheExamples(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.yaml")
	files = append(files, "../scenarios.yaml", "testdata/scenarios.yaml", "testdata/nearmiss/scenarios.yaml")
	for _, file := range files {
		t.Run(filepath.Base(filepath.Dir(file))+"/"+filepath.Base(file), func(t *testing.T) {
			set, err := mockserver.LoadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want := set.Scenarios()
			got := roundTrip(t, filepath.Dir(file), want)
			if a, b := asJSON(t, got), asJSON(t, want); a != b {
				t.Errorf("the round trip changed the scenarios:\ngot  %s\nwant %s", a, b)
			}
		})
	}
}

func TestMarshalScenariosWritesEveryShortForm(t *testing.T) {
	scenarios := []mockserver.Scenario{{
		Name:        "every-form",
		Description: "conditions: all five; times: a range",
		Priority:    3,
		State:       &mockserver.StateRule{Flow: "chat", When: "added", Then: "listed"},
		Request: mockserver.Request{
			Method: "POST", Path: "/v1.0/chats/{id}", Auth: "none",
			Headers:  map[string]mockserver.Match{"Consistencylevel": mockserver.Equals("eventual"), "If-Match": mockserver.Present()},
			Query:    map[string]mockserver.Match{"$top": mockserver.Matches("^[0-9]+$"), "$skip": mockserver.Absent()},
			PathVars: map[string]mockserver.Match{"id": mockserver.Contains("thread")},
			Body:     &mockserver.BodyMatch{Contains: map[string]any{"chatType": "group"}, Fields: map[string]mockserver.Match{"/topic": mockserver.Equals("x")}},
		},
		Responses: []mockserver.Response{
			{Throttle: &mockserver.GraphFault{RetryAfter: 2.5}},
			{Status: 201, Body: json.RawMessage(`{"id": "c1", "n": 2}`), Delay: &mockserver.Delay{Min: 100 * time.Millisecond, Max: 2 * time.Second}},
			{Status: 200, Body: []byte("plain text"), Delay: &mockserver.Delay{Min: time.Second, Max: time.Second}, Headers: map[string]string{"Content-Type": "text/plain"}},
		},
		AfterLast: "cycle",
		Times:     mockserver.AtLeast(1),
	}, {
		Name:     "exact-times",
		Request:  mockserver.Request{Method: "GET", Path: "/v1.0/me"},
		Response: mockserver.Response{Status: 200, Body: map[string]any{"id": "me"}},
		Times:    &mockserver.Times{Min: 0, Max: 2},
	}, {
		Name:     "exactly-once",
		Request:  mockserver.Request{Method: "DELETE", Path: "/v1.0/me/x"},
		Response: mockserver.Response{Status: 204},
		Times:    mockserver.Exactly(1),
	}}
	data, err := mockserver.MarshalScenarios(scenarios...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"version: 1\n", "Consistencylevel: eventual", "If-Match:\n", "present: true", "absent: true",
		"matches: ^[0-9]+$", "contains: thread", "delay:\n", "min: 100ms", "delay: 1s", "times:\n      atLeast: 1\n", "atMost: 2", "times: 1\n", "body: plain text"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the file lacks %q:\n%s", want, data)
		}
	}
	got := roundTrip(t, ".", scenarios)
	// The loaded bodies are JSON values: the Go ones, decoded.
	scenarios[0].Responses[1].Body = map[string]any{"id": "c1", "n": 2}
	scenarios[0].Responses[2].Body = "plain text"
	if a, b := asJSON(t, got), asJSON(t, scenarios); a != b {
		t.Errorf("the round trip changed the scenarios:\ngot  %s\nwant %s", a, b)
	}
	if !reflect.DeepEqual(got[1].Times, scenarios[1].Times) || !reflect.DeepEqual(got[0].Times, scenarios[0].Times) {
		t.Errorf("times = %+v, %+v; want %+v, %+v", got[0].Times, got[1].Times, scenarios[0].Times, scenarios[1].Times)
	}
}

func TestCheckNameKnowsTheSetsScenarios(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"add-chat", "get-chat", mockserver.BatchScenario} {
		if err := set.CheckName(name); err != nil {
			t.Errorf("CheckName(%q) = %v, want nil", name, err)
		}
	}
	for name, want := range map[string]string{
		"add-chats": `no scenario is named "add-chats" (did you mean "add-chat"?); the scenarios are add-chat, get-chat`,
		"":          `no scenario is named ""; the scenarios are add-chat, get-chat`,
		"ADD-CHAT":  `no scenario is named "ADD-CHAT"`,
	} {
		err := set.CheckName(name)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("CheckName(%q) = %v, want %s…", name, err, want)
		}
	}
}
