package mockserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/mockserver"
)

func serveOne(t *testing.T, s mockserver.Scenario) testServer {
	t.Helper()
	s.Request.Auth = "none"
	set, err := mockserver.Compile(nil, s)
	if err != nil {
		t.Fatalf("Compile() error = %v", err)
	}
	return testServer{mockserver.New(set, mockserver.Options{})}
}

func TestAutoODataContextFollowsGraphsRules(t *testing.T) {
	entity := map[string]any{"id": "x"}
	list := map[string]any{"value": []any{}}
	tests := []struct {
		name     string
		template string
		path     string
		body     any
		want     string
	}{
		{"a key at the end makes an entity of its set", "/beta/chats/{chatsId}", "/beta/chats/19%3Aabc%40thread.v2", entity,
			"https://graph.microsoft.com/beta/$metadata#chats/$entity"},
		{"keys inside the path go in parentheses", "/beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat", chatRefPathNoRef, entity,
			"https://graph.microsoft.com/beta/$metadata#chats('19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2')/installedApps('MTI1MjM0NTY3OA%3D%3D')/chat/$entity"},
		{"a body with a value array is a collection", "/v1.0/users/{userId}/messages", "/v1.0/users/u1/messages", list,
			"https://graph.microsoft.com/v1.0/$metadata#users('u1')/messages"},
		{"an entity set", "/beta/chats", "/beta/chats", list,
			"https://graph.microsoft.com/beta/$metadata#chats"},
		{"a quote in a key is doubled", "/beta/users/{id}/manager", "/beta/users/o'neil/manager", entity,
			"https://graph.microsoft.com/beta/$metadata#users('o''neil')/manager/$entity"},
		{"a $ref", "/beta/groups/{id}/members/$ref", "/beta/groups/g1/members/$ref", list,
			"https://graph.microsoft.com/beta/$metadata#$ref"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveOne(t, mockserver.Scenario{
				Name:     "s",
				Request:  mockserver.Request{Method: "GET", Path: tt.template},
				Response: mockserver.Response{Status: 200, Body: tt.body, ODataContext: "auto"},
			})
			resp := srv.do(t, "GET", tt.path, "", nil)
			if resp.status != 200 {
				t.Fatalf("status = %d: %s", resp.status, resp.body)
			}
			var got map[string]any
			if err := json.Unmarshal(resp.body, &got); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, resp.body)
			}
			if got["@odata.context"] != tt.want {
				t.Errorf("@odata.context = %q\n                   want %q", got["@odata.context"], tt.want)
			}
			if !strings.HasPrefix(string(resp.body), `{"@odata.context":`) {
				t.Errorf("body = %s, want @odata.context first", resp.body)
			}
			if cl := resp.header.Get("Content-Length"); cl != strconv.Itoa(len(resp.body)) {
				t.Errorf("Content-Length = %s, body has %d bytes", cl, len(resp.body))
			}
		})
	}
}

const chatRefPathNoRef = "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat"

func TestExplicitODataContextGoesFirstInTheBody(t *testing.T) {
	for _, body := range []any{map[string]any{"id": "1"}, map[string]any{}, "  {\n}"} {
		srv := serveOne(t, mockserver.Scenario{
			Name:     "s",
			Request:  mockserver.Request{Method: "GET", Path: "/beta/me"},
			Response: mockserver.Response{Status: 200, Body: body, ODataContext: "https://graph.microsoft.com/beta/$metadata#users/$entity"},
		})
		resp := srv.do(t, "GET", "/beta/me", "", nil)
		var got map[string]any
		if err := json.Unmarshal(resp.body, &got); err != nil || got["@odata.context"] != "https://graph.microsoft.com/beta/$metadata#users/$entity" {
			t.Errorf("body %v: got %s (%v), want the context in it", body, resp.body, err)
		}
	}
}

func TestCreatedResponsesGetALocation(t *testing.T) {
	tests := []struct {
		name string
		resp mockserver.Response
		want string
	}{
		{"derived from the path and the body's id", mockserver.Response{Status: 201, Body: map[string]any{"id": "19:new@thread.v2", "chatType": "group"}},
			"http://example.com/beta/chats/19:new@thread.v2"}, // httptest.NewRequest's host: the mock as the client reached it
		{"as the scenario sets it", mockserver.Response{Status: 201, Body: map[string]any{"id": "1"}, Headers: map[string]string{"location": "https://example.com/1"}},
			"https://example.com/1"},
		{"none without an id", mockserver.Response{Status: 201, Body: map[string]any{"chatType": "group"}}, ""},
		{"none for a 200", mockserver.Response{Status: 200, Body: map[string]any{"id": "1"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveOne(t, mockserver.Scenario{Name: "create", Request: mockserver.Request{Method: "POST", Path: "/beta/chats"}, Response: tt.resp})
			resp := srv.do(t, "POST", "/beta/chats", "", nil)
			if got := resp.header.Get("Location"); got != tt.want {
				t.Errorf("Location = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCannedUnauthorizedGetsGraphsChallenge(t *testing.T) {
	srv := serveOne(t, mockserver.Scenario{Name: "expired", Request: mockserver.Request{Method: "GET", Path: "/beta/me"},
		Response: mockserver.Response{Status: 401, Body: map[string]any{"error": map[string]any{"code": "InvalidAuthenticationToken", "message": "Lifetime validation failed, the token is expired."}}}})
	resp := srv.do(t, "GET", "/beta/me", "", nil)
	if resp.status != http.StatusUnauthorized || !strings.HasPrefix(resp.header.Get("WWW-Authenticate"), "Bearer ") {
		t.Errorf("status %d, WWW-Authenticate %q, want 401 with a Bearer challenge", resp.status, resp.header.Get("WWW-Authenticate"))
	}
}

func TestScenarioFilesSetODataContext(t *testing.T) {
	fsys := fstest.MapFS{"scenarios.yaml": {Data: []byte(`version: 1
scenarios:
  - name: list-chats
    request: {method: GET, path: /beta/chats, auth: none}
    response:
      status: 200
      body: {value: []}
      odataContext: auto
  - name: bad
    request: {method: GET, path: /beta/me, auth: none}
    response:
      status: 200
      body: [1]
      odataContext: auto
`)}}
	_, err := mockserver.Load(fsys, "scenarios.yaml")
	if want := `scenarios.yaml:14:21: scenario "bad": response.odataContext: needs a body that is a JSON object`; err == nil || err.Error() != want {
		t.Errorf("Load() error = %v, want %s", err, want)
	}
}

func TestGraphDefaultsApplyToTemplatedBodies(t *testing.T) {
	tests := []struct {
		name         string
		resp         mockserver.Response
		wantContext  string
		wantLocation string
	}{
		{"auto context and a derived Location",
			mockserver.Response{Status: 201, Template: true, ODataContext: "auto", Body: `{"id": {{json .Body.id}}, "chatType": "group"}`},
			"https://graph.microsoft.com/beta/$metadata#chats/$entity", "http://example.com/beta/chats/19:made@thread.v2"},
		{"an explicit context",
			mockserver.Response{Status: 200, Template: true, ODataContext: "https://graph.microsoft.com/beta/$metadata#chats/$entity", Body: `{"id": {{json .Body.id}}}`},
			"https://graph.microsoft.com/beta/$metadata#chats/$entity", ""},
		{"the scenario's own templated Location",
			mockserver.Response{Status: 201, Template: true, Headers: map[string]string{"Location": "https://example.com/{{.Body.id}}"}, Body: `{"id": {{json .Body.id}}}`},
			"", "https://example.com/19:made@thread.v2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveOne(t, mockserver.Scenario{Name: "create", Request: mockserver.Request{Method: "POST", Path: "/beta/chats"}, Response: tt.resp})
			resp := srv.do(t, "POST", "/beta/chats", `{"id": "19:made@thread.v2"}`, http.Header{"Content-Type": {"application/json"}})
			var got map[string]any
			if err := json.Unmarshal(resp.body, &got); err != nil {
				t.Fatalf("status %d, body %s: %v", resp.status, resp.body, err)
			}
			if ctx, _ := got["@odata.context"].(string); ctx != tt.wantContext || got["id"] != "19:made@thread.v2" {
				t.Errorf("body = %s, want @odata.context %q", resp.body, tt.wantContext)
			}
			if loc := resp.header.Get("Location"); loc != tt.wantLocation {
				t.Errorf("Location = %q, want %q", loc, tt.wantLocation)
			}
			if cl := resp.header.Get("Content-Length"); cl != strconv.Itoa(len(resp.body)) {
				t.Errorf("Content-Length = %s, body has %d bytes", cl, len(resp.body))
			}
		})
	}
	_, err := mockserver.Compile(nil, mockserver.Scenario{Name: "s", Request: mockserver.Request{Method: "GET", Path: "/beta/me"},
		Response: mockserver.Response{Status: 200, Template: true, ODataContext: "auto", Body: `[{{json .Body}}]`}})
	if err == nil || !strings.Contains(err.Error(), "needs a body that is a JSON object") {
		t.Errorf("a templated list body: Compile() error = %v", err)
	}
	_, err = mockserver.Compile(nil, mockserver.Scenario{Name: "s", Request: mockserver.Request{Method: "GET", Path: "/beta/me"},
		Response: mockserver.Response{Throttle: &mockserver.GraphFault{RetryAfter: 1}, ODataContext: "auto"}})
	if err == nil || !strings.Contains(err.Error(), "response.odataContext: throttle answers with Graph's error body") {
		t.Errorf("a throttle short form: Compile() error = %v", err)
	}
}

// A derived Location points back at graphmock as the client reached it:
// its scheme, its host, and the session prefix when the client used one,
// so that a client following it stays on the mock.
func TestADerivedLocationPointsBackAtTheMock(t *testing.T) {
	set := compileSet(t, mockserver.Scenario{Name: "create", Request: mockserver.Request{Method: "POST", Path: "/beta/chats", Auth: "none"},
		Response: mockserver.Response{Status: 201, Body: map[string]any{"id": "19:new@thread.v2"}}})
	srv := mockserver.New(set, mockserver.Options{})
	sess, err := srv.NewSession(mockserver.SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(srv)
	defer ts.Close()
	for _, tt := range []struct {
		name, path string
		header     http.Header
		want       string
	}{
		{"over TLS", "/beta/chats", nil, ts.URL + "/beta/chats/19:new@thread.v2"},
		{"through a session's URL", mockserver.SessionPrefix + sess.ID() + "/beta/chats", nil, ts.URL + mockserver.SessionPrefix + sess.ID() + "/beta/chats/19:new@thread.v2"},
		{"through a session's header", "/beta/chats", http.Header{mockserver.SessionHeader: {sess.ID()}}, ts.URL + "/beta/chats/19:new@thread.v2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+tt.path, nil)
			for k, v := range tt.header {
				req.Header[k] = v
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Location"); resp.StatusCode != 201 || got != tt.want {
				t.Errorf("%d, Location = %q, want 201 and %q", resp.StatusCode, got, tt.want)
			}
		})
	}
}
