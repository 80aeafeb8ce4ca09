package mockserver_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// The bodies of Microsoft's own documentation examples: create user,
// send mail and create chat (v1.0).
const (
	docCreateUser = `{
  "accountEnabled": true,
  "displayName": "Adele Vance",
  "mailNickname": "AdeleV",
  "userPrincipalName": "AdeleV@contoso.com",
  "passwordProfile" : {
    "forceChangePasswordNextSignIn": true,
    "password": "xWwvJ]6NMw+bWH-d"
  }
}`
	docSendMail = `{
  "message": {
    "subject": "Meet for lunch?",
    "body": {"contentType": "Text", "content": "The new cafeteria is open."},
    "toRecipients": [{"emailAddress": {"address": "frannis@contoso.com"}}],
    "ccRecipients": [{"emailAddress": {"address": "danas@contoso.com"}}]
  },
  "saveToSentItems": "false"
}`
	docCreateChat = `{
  "chatType": "oneOnOne",
  "members": [
    {"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": ["owner"],
     "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')"},
    {"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": ["owner"],
     "user@odata.bind": "https://graph.microsoft.com/v1.0/users('82af01c5-f7cc-4a2e-a728-3a5df21afd9d')"}
  ]
}`
)

func metadataServer(t *testing.T) testServer {
	t.Helper()
	set, err := mockserver.LoadFile("../examples/graph-metadata.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := set.CheckResponses(); err != nil {
		t.Fatalf("CheckResponses() = %v", err)
	}
	return testServer{mockserver.New(set, mockserver.Options{})}
}

func TestMicrosoftsExamplesMeetGraphsMetadata(t *testing.T) {
	srv := metadataServer(t)
	for _, tt := range []struct{ path, body, scenario string }{
		{"/v1.0/users", docCreateUser, "create-user"},
		{"/v1.0/me/sendMail", docSendMail, "send-mail"},
		{"/v1.0/chats", docCreateChat, "create-chat"},
	} {
		resp := srv.do(t, "POST", tt.path, tt.body, validHeaders())
		if resp.status >= 300 {
			t.Errorf("POST %s = %d %s", tt.path, resp.status, resp.body)
		}
		if last, _ := lastCall(srv.Server); last.Scenario != tt.scenario || last.Outcome != mockserver.Served {
			t.Errorf("POST %s recorded as %s %s", tt.path, last.Scenario, last.Outcome)
		}
	}
	if err := srv.Verify(); err != nil {
		t.Error(err)
	}
	// user is an open type in Graph's metadata: directory extension
	// properties, extension_{appId}_{name}, are accepted
	// (https://learn.microsoft.com/en-us/graph/extensibility-overview).
	if resp := srv.do(t, "POST", "/v1.0/users", strings.Replace(docCreateUser, `"accountEnabled": true,`, `"accountEnabled": true, "extension_b7d8e648520f41d3b9c0fdeb91768a0a_costCenter": "42",`, 1), validHeaders()); resp.status != 201 {
		t.Errorf("an open type refused an undeclared property: %d %s", resp.status, resp.body)
	}
}

func TestBodiesThatBreakGraphsMetadataGet400(t *testing.T) {
	srv := metadataServer(t)
	tests := []struct {
		name, path, body, pointer string
	}{
		{"an enum member Graph does not have", "/v1.0/me/sendMail", strings.Replace(docSendMail, `"Text"`, `"Markdown"`, 1), "/message/body/contentType"},
		{"an unknown property of a closed type", "/v1.0/chats", strings.Replace(docCreateChat, `"chatType": "oneOnOne",`, `"chatType": "oneOnOne", "topik": "x",`, 1), "/topik"},
		{"a property the scenario requires", "/v1.0/users", strings.Replace(docCreateUser, `"mailNickname": "AdeleV",`, ``, 1), "/mailNickname"},
		{"a wrong primitive type", "/v1.0/users", strings.Replace(docCreateUser, `"accountEnabled": true`, `"accountEnabled": 1`, 1), "/accountEnabled"},
		{"a member of a type that is not a conversation member", "/v1.0/chats", strings.Replace(docCreateChat, `#microsoft.graph.aadUserConversationMember`, `#microsoft.graph.user`, 1), "/members/0/@odata.type"},
		{"null for a non-nullable property", "/v1.0/chats", strings.Replace(docCreateChat, `"chatType": "oneOnOne"`, `"chatType": null`, 1), "/chatType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := srv.do(t, "POST", tt.path, tt.body, validHeaders())
			if resp.status != 400 {
				t.Fatalf("status %d %s, want 400", resp.status, resp.body)
			}
			if got := targets(resp.graphError(t)); !contains(got, tt.pointer) {
				t.Errorf("details name %v, want %s", got, tt.pointer)
			}
		})
	}
}

func TestStrictODataRefusesGraphsLeniencies(t *testing.T) {
	set, err := mockserver.Compile(nil, mockserver.Scenario{
		Name:     "send-mail",
		Request:  mockserver.Request{Method: "POST", Path: "/v1.0/me/sendMail", BodyType: "auto", StrictOData: true},
		Response: mockserver.Response{Status: 202},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{})}
	if resp := srv.do(t, "POST", "/v1.0/me/sendMail", docSendMail, validHeaders()); resp.status != 400 {
		t.Errorf("strict OData took Microsoft's lenient example: %d", resp.status)
	}
	strict := strings.NewReplacer(`"Text"`, `"text"`, `"saveToSentItems": "false"`, `"SaveToSentItems": false`, `"message":`, `"Message":`).Replace(docSendMail)
	if resp := srv.do(t, "POST", "/v1.0/me/sendMail", strict, validHeaders()); resp.status != 202 {
		t.Errorf("strict OData refused a strict body: %d %s", resp.status, resp.body)
	}
}

func TestPathsGraphDoesNotHaveGetGraphsAnswer(t *testing.T) {
	srv := metadataServer(t)
	resp := srv.do(t, "GET", "/v1.0/chatz/19:abc@thread.v2", "", validHeaders())
	if resp.status != 400 {
		t.Fatalf("GET /v1.0/chatz = %d, want Graph's 400", resp.status)
	}
	ge := resp.graphError(t)
	if ge.Error.Code != "BadRequest" || ge.Error.Message != "Resource not found for the segment 'chatz'." {
		t.Errorf("error = %s %q", ge.Error.Code, ge.Error.Message)
	}
	if len(ge.Error.Details) != 1 || !strings.Contains(ge.Error.Details[0].Message, "Closest: scenario") {
		t.Errorf("details = %+v, want the closest scenario", ge.Error.Details)
	}
	resp = srv.do(t, "GET", "/v1.0/groups", "", validHeaders())
	if resp.status != 404 || !strings.Contains(resp.graphError(t).Error.Message, "Graph has this path (a collection of microsoft.graph.group)") {
		t.Errorf("GET /v1.0/groups = %d %s, want a 404 saying Graph has the path", resp.status, resp.body)
	}
	if resp := srv.do(t, "GET", "/v9/things", "", validHeaders()); resp.status != 404 {
		t.Errorf("a version without metadata = %d, want the near-miss 404", resp.status)
	}
}

func TestWithMetadataUsesTheUsersOwnMetadata(t *testing.T) {
	spec := mockserver.Scenario{
		Name:     "create-thing",
		Request:  mockserver.Request{Method: "POST", Path: "/beta/things", BodyType: "auto"},
		Response: mockserver.Response{Status: 201},
	}
	if _, err := mockserver.Compile(nil, spec); err == nil || !strings.Contains(err.Error(), "Resource not found for the segment 'things'") {
		t.Fatalf("Compile over the embedded beta = %v, want the path refused", err)
	}
	set, err := mockserver.Compile(nil, mockserver.Scenario{Name: "other", Request: mockserver.Request{Method: "GET", Path: "/beta/me"}, Response: mockserver.Response{Status: 200}})
	if err != nil {
		t.Fatal(err)
	}
	set, err = set.With(mockserver.Scenario{Name: "create-thing", Request: mockserver.Request{Method: "GET", Path: "/beta/me"}, Response: mockserver.Response{Status: 200}})
	if err != nil {
		t.Fatal(err)
	}
	csdl, err := os.ReadFile("testdata/things.csdl")
	if err != nil {
		t.Fatal(err)
	}
	own, err := set.WithMetadata("beta", csdl)
	if err != nil {
		t.Fatalf("WithMetadata = %v", err)
	}
	own, err = own.With(spec)
	if err != nil {
		t.Fatalf("With(bodyType over the user's metadata) = %v", err)
	}
	srv := testServer{mockserver.New(own, mockserver.Options{})}
	if resp := srv.do(t, "POST", "/beta/things", `{"name": "x", "size": 3}`, validHeaders()); resp.status != 201 {
		t.Errorf("a valid thing = %d %s", resp.status, resp.body)
	}
	if resp := srv.do(t, "POST", "/beta/things", `{"name": "x", "size": "big"}`, validHeaders()); resp.status != 400 || targets(resp.graphError(t))[0] != "/size" {
		t.Errorf("a thing of the wrong size = %d %s", resp.status, resp.body)
	}
	if _, err := set.WithMetadata("beta", []byte("<edmx:Edmx Version=\"4.0\"\n<broken")); err == nil || !strings.Contains(err.Error(), "line") {
		t.Errorf("WithMetadata(broken) = %v, want an error naming the line", err)
	}
	if _, err := set.WithMetadata("v2", csdl); err == nil {
		t.Error("WithMetadata accepted an unknown version")
	}
}

// GraphMetadata compiles a file against the user's metadata from the
// start: a bodyType: auto scenario may name a path only that metadata has.
func TestParseWithGraphMetadataKnowsTheUsersPaths(t *testing.T) {
	csdl, err := os.ReadFile("testdata/things.csdl")
	if err != nil {
		t.Fatal(err)
	}
	doc := []byte("version: 1\nscenarios:\n  - name: create-thing\n    request: {method: POST, path: /beta/things, bodyType: auto}\n    response: {status: 201}\n")
	if _, err := mockserver.Parse(nil, "things.yaml", doc); err == nil || !strings.Contains(err.Error(), "things") {
		t.Fatalf("Parse() with the embedded metadata = %v, want /beta/things unknown", err)
	}
	set, err := mockserver.Parse(nil, "things.yaml", doc, mockserver.GraphMetadata("beta", csdl))
	if err != nil {
		t.Fatalf("Parse(GraphMetadata) = %v", err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{})}
	if resp := srv.do(t, "POST", "/beta/things", `{"name": "x", "size": "big"}`, validHeaders()); resp.status != 400 || targets(resp.graphError(t))[0] != "/size" {
		t.Errorf("a thing of the wrong size = %d %s", resp.status, resp.body)
	}
	_, err = mockserver.Parse(nil, "things.yaml", doc, mockserver.GraphMetadata("beta", []byte("<broken")))
	var le *mockserver.LoadError
	if !errors.As(err, &le) || le.File != "things.yaml" || le.Field != "metadata beta" {
		t.Errorf("Parse(broken metadata) = %#v, want a LoadError naming the file and the option", err)
	}
}
