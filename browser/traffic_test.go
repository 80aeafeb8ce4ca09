package browser

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// chatRef is the seed endpoint with realistic, percent-encoded ids.
const chatRef = "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat/$ref"

// graph sends a Graph request with a bearer token and returns the status.
func graph(t *testing.T, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.test-token-for-the-page")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// adminDo calls the admin API and returns the status and body.
func adminDo(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+"/_graphmock/"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

// calls returns the journal, as the admin API lists it.
func calls(t *testing.T) []mockserver.Call {
	t.Helper()
	status, body := adminDo(t, "GET", "calls", "")
	var list struct {
		Calls []mockserver.Call `json:"calls"`
	}
	if err := json.Unmarshal(body, &list); err != nil || status != 200 {
		t.Fatalf("GET calls = %d %s: %v", status, body, err)
	}
	return list.Calls
}

// throttledScenario is added to the default scenarios for the story: a
// call that Graph throttles once, then answers.
const throttledScenario = `
  - name: get-me
    request: {method: GET, path: /v1.0/me}
    responses:
      - throttle: {retryAfter: 1}
      - status: 200
        body: {id: "48d31887-5fad-4d73-a9f5-3c356e68a038", displayName: Megan Bowen}
    times: 2
`

// freshStart puts the default scenarios and the throttled one in place,
// and empties the journal.
func freshStart(t *testing.T) {
	t.Helper()
	doc, err := os.ReadFile("../scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if status, body := adminDo(t, "PUT", "scenarios?name=story.yaml", string(doc)+throttledScenario); status != 200 {
		t.Fatalf("PUT scenarios = %d %s", status, body)
	}
	if status, body := adminDo(t, "POST", "reset", ""); status != 200 {
		t.Fatalf("POST reset = %d %s", status, body)
	}
}

// storySteps are the calls a page should show, one step at a time: each
// outcome, a batch and a throttled sequence. Each returns the status.
func storySteps() []func(t *testing.T) int {
	step := func(method, path, body string) func(t *testing.T) int {
		return func(t *testing.T) int { t.Helper(); return graph(t, method, path, body) }
	}
	return []func(t *testing.T) int{
		step("POST", chatRef, `{"@odata.type": "#Microsoft.Teams.GraphSvc.chat", "chatType": "group", "topic": "Weekly sync"}`),
		step("POST", "/beta/chats/c1/installedApps/a1/chat/$ref", `{"chatType": "direct", "topic": 5, "viewpoint": {"isHidden": "no"}}`),
		step("POST", "/beta/chats/c1/installedApps/a1/chats/$ref", `{"chatType": "group"}`),
		step("POST", "/beta/$batch", `{"requests": [
			{"id": "1", "method": "GET", "url": "/chats/c1/installedApps/a1/chat"},
			{"id": "2", "method": "PUT", "url": "/chats/c1/installedApps/a1/chat/$ref",
			 "headers": {"Content-Type": "application/json"}, "body": {"@odata.id": "https://graph.microsoft.com/beta/chats/19:abc@thread.v2"}}]}`),
		step("GET", "/v1.0/me", ""),
		step("GET", "/v1.0/me", ""),
	}
}
