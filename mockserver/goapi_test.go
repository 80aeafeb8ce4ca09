package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
)

// The Go blocks of docs/go-api.md, as the page shows them, each run with
// a plain net/http client.

var scenarios = func() *mockserver.ScenarioSet {
	set, err := mockserver.LoadFile("testdata/scenarios.yaml")
	if err != nil {
		panic(err)
	}
	return set
}()

func TestASetLoadedOncePerPackageServes(t *testing.T) {
	ts := mocktest.NewTestServer(t, mocktest.WithSet(scenarios))
	req, _ := http.NewRequest("GET", ts.URL()+"/v1.0/me", nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET /v1.0/me = %d, want 200", resp.StatusCode)
	}
}

func TestTheGoAPIPagesScenarioAnswersAPlainClient(t *testing.T) {
	ts := mocktest.NewTestServer(t, mocktest.AddScenarios(mockserver.Scenario{
		Name:  "add-group-chat",
		Times: mockserver.Exactly(1), // or AtLeast(n), AtMost(n), Between(min, max)
		Request: mockserver.Request{Method: "POST", Path: "/beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref",
			Body:       &mockserver.BodyMatch{Fields: map[string]mockserver.Match{"/chatType": mockserver.Equals("group")}},
			BodySchema: "schemas/chat.json"},
		Response: mockserver.Response{Status: 204},
	}))
	req, _ := http.NewRequest("POST", ts.URL()+"/beta/chats/c1/installedApps/a1/chat/$ref", strings.NewReader(`{"chatType": "group"}`))
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 {
		t.Errorf("status = %d, want 204", resp.StatusCode)
	}
	ts.AssertCalledTimes(t, "add-group-chat", 1)
}
