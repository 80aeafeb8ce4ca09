package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

func yamlServer(t testing.TB, yaml string) testServer {
	t.Helper()
	set, err := loadYAML(t, yaml, nil)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return testServer{mockserver.New(set, mockserver.Options{})}
}

func auth() http.Header { return http.Header{"Authorization": {"Bearer t"}} }

func jsonAuth() http.Header {
	return http.Header{"Authorization": {"Bearer t"}, "Content-Type": {"application/json"}}
}

const matcherScenarios = `version: 1
scenarios:
  - name: list-group-chats
    request:
      method: GET
      path: /beta/chats
      query:
        $filter: {contains: "chatType eq 'group'"}
        $top: {matches: '^[0-9]+$'}
    response: {status: 200, body: {value: [{id: g1}]}}

  - name: list-chats
    request:
      method: GET
      path: /beta/chats
      query:
        $filter: {absent: true}
    response: {status: 200, body: {value: []}}

  - name: thread-chat
    request:
      method: GET
      path: /beta/chats/{chatsId}
      pathVars:
        chatsId: {matches: '@thread\.v2$'}
    response: {status: 200, body: {id: thread}}

  - name: create-meeting-chat
    request:
      method: POST
      path: /beta/chats
      body:
        contains: {chatType: meeting, onlineMeetingInfo: {joinWebUrl: "https://teams.microsoft.com/l/meetup-join/x"}}
    response: {status: 201, body: {id: meeting}}

  - name: create-sync-chat
    request:
      method: POST
      path: /beta/chats
      headers:
        Prefer: {contains: return=minimal}
      body:
        fields:
          /topic: {contains: sync}
          /viewpoint/isHidden: "false"
          /members/0/roles/0: owner
    response: {status: 204}

  - name: create-any-chat
    priority: -1
    request:
      method: POST
      path: /beta/chats
    response: {status: 201, body: {id: any}}

  - name: create-chat-for-tenant
    priority: 10
    request:
      method: POST
      path: /beta/chats
      body:
        fields:
          /tenantId: {equals: "t-42"}
    response: {status: 201, body: {id: tenant}}
`

func TestRequestConditions(t *testing.T) {
	srv := yamlServer(t, matcherScenarios)
	tests := []struct {
		name, method, path, body string
		header                   http.Header
		wantScenario             string // "" for a miss
		wantStatus               int
		wantMessage              string // substring of a miss message
	}{
		{"query contains and matches", "GET", "/beta/chats?$filter=chatType%20eq%20'group'&$top=5", "", auth(), "list-group-chats", 200, ""},
		{"query regex fails, falls to the next scenario's absent", "GET", "/beta/chats?$top=x", "", auth(), "list-chats", 200, ""},
		{"no scenario for a filter without top", "GET", "/beta/chats?$filter=chatType%20eq%20'group'", "", auth(), "", 404,
			`Closest: scenario "list-group-chats" (GET /beta/chats), but query parameter $top is missing (want matches "^[0-9]+$")`},
		{"path variable matches", "GET", "/beta/chats/19:abc@thread.v2", "", auth(), "thread-chat", 200, ""},
		{"path variable does not match", "GET", "/beta/chats/19:abc@unq.gbl.spaces", "", auth(), "", 404,
			`but path variable chatsId is "19:abc@unq.gbl.spaces" (want matches "@thread\\.v2$")`},
		{"body contains a subset", "POST", "/beta/chats", `{"chatType":"meeting","topic":"x","onlineMeetingInfo":{"joinWebUrl":"https://teams.microsoft.com/l/meetup-join/x","calendarEventId":"e"}}`, jsonAuth(), "create-meeting-chat", 201, ""},
		{"body fields by JSON pointer", "POST", "/beta/chats", `{"chatType":"group","topic":"Weekly sync","viewpoint":{"isHidden":false},"members":[{"roles":["owner"]}]}`,
			withHeader(jsonAuth(), "Prefer", "return=minimal"), "create-sync-chat", 204, ""},
		{"the lowest priority catches the rest", "POST", "/beta/chats", `{"chatType":"group"}`, jsonAuth(), "create-any-chat", 201, ""},
		{"the highest priority wins although listed last", "POST", "/beta/chats", `{"chatType":"meeting","tenantId":"t-42","onlineMeetingInfo":{"joinWebUrl":"https://teams.microsoft.com/l/meetup-join/x"}}`, jsonAuth(), "create-chat-for-tenant", 201, ""},
		{"a body that is not JSON falls through", "POST", "/beta/chats", `not json`, jsonAuth(), "create-any-chat", 201, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			resp := srv.do(t, tt.method, tt.path, tt.body, tt.header)
			if resp.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", resp.status, tt.wantStatus, resp.body)
			}
			call := srv.Calls()[0]
			if call.Scenario != tt.wantScenario {
				t.Errorf("scenario = %q, want %q", call.Scenario, tt.wantScenario)
			}
			if tt.wantMessage != "" && !strings.Contains(resp.graphError(t).Error.Message, tt.wantMessage) {
				t.Errorf("message = %q\nwant it to contain %q", resp.graphError(t).Error.Message, tt.wantMessage)
			}
		})
	}
}

func TestBodyConditionMessages(t *testing.T) {
	yaml := `version: 1
scenarios:
  - name: meeting
    request:
      method: POST
      path: /beta/chats
      body:
        contains: {chatType: meeting, members: [{roles: [owner]}], count: 1.50}
    response: {status: 201}
`
	srv := yamlServer(t, yaml)
	tests := map[string]string{
		`{"chatType":"group"}`: `but the body does not contain what the scenario requires: /chatType is "group", want "meeting"`,
		`{"chatType":"meeting","count":1.5,"members":[{"roles":["guest"]}]}`: `/members has no element containing {"roles":["owner"]}`,
		`{"chatType":"meeting","count":2,"members":[{"roles":["owner"]}]}`:   `/count is 2, want 1.50`,
		`{"chatType":"meeting"}`: `/count is missing`,
		`[1]`:                    `the body is [1], want an object`,
		`{`:                      `the body is not JSON, so its conditions cannot hold`,
	}
	for body, want := range tests {
		resp := srv.do(t, "POST", "/beta/chats", body, jsonAuth())
		if resp.status != 404 {
			t.Errorf("%s: status %d, want 404", body, resp.status)
			continue
		}
		if msg := resp.graphError(t).Error.Message; !strings.Contains(msg, want) {
			t.Errorf("%s: message = %q\nwant it to contain %q", body, msg, want)
		}
	}
	if resp := srv.do(t, "POST", "/beta/chats", `{"chatType":"meeting","count":1.5,"members":[{"roles":["guest","owner"]}],"x":1}`, jsonAuth()); resp.status != 201 {
		t.Errorf("a body containing the subset got %d: %s", resp.status, resp.body)
	}
}
