package gotest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
)

// scenarios is ../add-then-list.yaml, loaded once for every test of the
// package: starting a server over a compiled set costs almost nothing.
var scenarios = func() *mockserver.ScenarioSet {
	set, err := mockserver.LoadFile("../add-then-list.yaml")
	if err != nil {
		panic(err)
	}
	return set
}()

const chatPath = "/beta/chats/19:abc@thread.v2/installedApps/app1/chat"

// call sends what the code under test would, with a bearer token.
func call(t *testing.T, ts *mocktest.TestServer, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer test-token")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// The flow of add-then-list.yaml: the chat is missing until it is added,
// then listed, and adding it again is Graph's 400.
func TestAddThenList(t *testing.T) {
	ts := mocktest.NewTestServer(t, mocktest.WithSet(scenarios))

	if got := call(t, ts, "GET", chatPath, ""); got != http.StatusNotFound {
		t.Errorf("GET before adding = %d, want 404", got)
	}
	if got := call(t, ts, "POST", chatPath+"/$ref", `{"chatType": "group"}`); got != http.StatusNoContent {
		t.Errorf("POST = %d, want 204", got)
	}
	if got := ts.Server().States()["chat"]; got != "added" {
		t.Errorf("flow chat is %q after adding, want added", got)
	}
	if got := call(t, ts, "GET", chatPath, ""); got != http.StatusOK {
		t.Errorf("GET after adding = %d, want 200", got)
	}
	if got := call(t, ts, "POST", chatPath+"/$ref", `{"chatType": "group"}`); got != http.StatusBadRequest {
		t.Errorf("second POST = %d, want 400", got)
	}
	ts.AssertCalledTimes(t, "add-chat", 1)
	ts.AssertCalledTimes(t, "add-chat-again", 1)

	ts.Server().ResetState()
	if got := ts.Server().States()["chat"]; got != mockserver.InitialState {
		t.Errorf("flow chat is %q after ResetState, want %q", got, mockserver.InitialState)
	}
}
