package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// openTypeScenarios check bodies of user and message, open types in
// Graph's metadata (https://learn.microsoft.com/en-us/graph/api/user-post-users,
// https://learn.microsoft.com/en-us/graph/api/user-post-messages).
const openTypeScenarios = `version: 1
scenarios:
  - name: create-user
    request: {method: POST, path: /v1.0/users, bodyType: auto}
    response: {status: 201, body: {id: u1}}
  - name: create-user-lenient
    request: {method: POST, path: /beta/users, bodyType: auto, openTypes: lenient}
    response: {status: 201, body: {id: u2}}
  - name: update-user-registered
    request:
      method: PATCH
      path: "/v1.0/users/{id}"
      bodyType: auto
      extensions: [extension_b7d8e648520f41d3b9c0fdeb91768a0a_jobGroup]
    response: {status: 204}
  - name: create-message
    request: {method: POST, path: /v1.0/me/messages, bodyType: auto}
    response: {status: 201, body: {id: m1}}
`

// TestOpenTypesRefuseTypos: a typo on an open type gets Graph's 400 in the
// workload's words; extensions pass, and openTypes: lenient restores
// OData's reading for one scenario.
func TestOpenTypesRefuseTypos(t *testing.T) {
	s := yamlServer(t, openTypeScenarios)
	const ext = "extension_b7d8e648520f41d3b9c0fdeb91768a0a_"
	for _, tt := range []struct {
		method, path, body string
		status             int
		message            string // a part of the answer
	}{
		{"POST", "/v1.0/users", `{"displayName": "A", "favouriteColour": "teal"}`, http.StatusBadRequest, "Invalid property 'favouriteColour'."},
		{"POST", "/v1.0/users", `{"displayName": "A", "` + ext + `costCenter": "42"}`, http.StatusCreated, ""},
		{"POST", "/v1.0/users", `{"displayName": "A", "ext91mqj146_app1schema": {"prop1": 456}}`, http.StatusCreated, ""},
		{"POST", "/beta/users", `{"displayName": "A", "favouriteColour": "teal"}`, http.StatusCreated, ""},
		{"PATCH", "/v1.0/users/u1", `{"` + ext + `jobGroup": "JobGroupN"}`, http.StatusNoContent, ""},
		{"PATCH", "/v1.0/users/u1", `{"` + ext + `costCenter": "42"}`, http.StatusBadRequest, "The following extension properties are not available: " + ext + "costCenter."},
		{"POST", "/v1.0/me/messages", `{"subjct": "Lunch?"}`, http.StatusBadRequest, "The property 'subjct' does not exist on type 'microsoft.graph.message'."},
		{"POST", "/v1.0/me/messages", `{"subject": "Lunch?"}`, http.StatusCreated, ""},
	} {
		t.Run(tt.method+" "+tt.path+" "+tt.body, func(t *testing.T) {
			got := s.do(t, tt.method, tt.path, tt.body, jsonAuth())
			if got.status != tt.status || !strings.Contains(string(got.body), tt.message) {
				t.Errorf("%s %s %s = %d %s, want %d with %q", tt.method, tt.path, tt.body, got.status, got.body, tt.status, tt.message)
			}
		})
	}
}

func TestOpenTypesFieldsAreChecked(t *testing.T) {
	for _, tt := range []struct{ field, want string }{
		{"openTypes: strict", `openTypes "strict": want "lenient"`},
		{"extensions: [jobGroup]", `"jobGroup" is no directory extension property`},
	} {
		_, err := loadYAML(t, `version: 1
scenarios:
  - name: s
    request: {method: POST, path: /v1.0/users, bodyType: auto, `+tt.field+`}
    response: {status: 201}
`, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: load error %v, want one saying %s", tt.field, err, tt.want)
		}
	}
}

// TestOpenTypesInGo declares the same rules in Go: a registered
// extension passes and another is refused; openTypes lenient takes a
// property the type does not declare.
func TestOpenTypesInGo(t *testing.T) {
	const registered = "extension_b7d8e648520f41d3b9c0fdeb91768a0a_jobGroup"
	set, err := mockserver.Compile(nil,
		mockserver.Scenario{Name: "registered",
			Request:  mockserver.Request{Method: "PATCH", Path: "/v1.0/users/{id}", BodyType: "auto", Extensions: []string{registered}},
			Response: mockserver.Response{Status: 204}},
		mockserver.Scenario{Name: "lenient",
			Request:  mockserver.Request{Method: "POST", Path: "/v1.0/groups", BodyType: "auto", OpenTypes: "lenient"},
			Response: mockserver.Response{Status: 201, Body: map[string]any{"id": "g1"}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	s := testServer{mockserver.New(set, mockserver.Options{})}
	if got := s.do(t, "PATCH", "/v1.0/users/u1", `{"`+registered+`": "JobGroupN"}`, jsonAuth()); got.status != http.StatusNoContent {
		t.Errorf("a registered extension: %d %s, want 204", got.status, got.body)
	}
	if got := s.do(t, "PATCH", "/v1.0/users/u1", `{"extension_b7d8e648520f41d3b9c0fdeb91768a0a_other": "x"}`, jsonAuth()); got.status != http.StatusBadRequest {
		t.Errorf("an extension the tenant lacks: %d %s, want 400", got.status, got.body)
	}
	if got := s.do(t, "POST", "/v1.0/groups", `{"displayName": "Ops", "favouriteColour": "teal"}`, jsonAuth()); got.status != http.StatusCreated {
		t.Errorf("openTypes lenient: %d %s, want 201", got.status, got.body)
	}
}
