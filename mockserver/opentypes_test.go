package mockserver_test

import (
	"encoding/json"
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
// workload's words and with its error code; extensions pass, and
// openTypes: lenient restores OData's reading for one scenario. The
// directory answers Request_BadRequest (an unregistered extension:
// https://github.com/Azure-Samples/ms-identity-dotnetcore-b2c-account-management/issues/17;
// an invalid property: https://github.com/pnp/PnP-Sites-Core/issues/1807),
// Outlook's OData reader RequestBodyRead
// (https://github.com/microsoftgraph/microsoft-graph-docs/issues/4648).
func TestOpenTypesRefuseTypos(t *testing.T) {
	s := yamlServer(t, openTypeScenarios)
	const ext = "extension_b7d8e648520f41d3b9c0fdeb91768a0a_"
	for _, tt := range []struct {
		method, path, body string
		status             int
		code               string // the error's code, for a 400
		message            string // a part of the answer
	}{
		{"POST", "/v1.0/users", `{"displayName": "A", "favouriteColour": "teal"}`, http.StatusBadRequest, "Request_BadRequest", "Invalid property 'favouriteColour'."},
		{"POST", "/v1.0/users", `{"displayName": "A", "` + ext + `costCenter": "42"}`, http.StatusCreated, "", ""},
		{"POST", "/v1.0/users", `{"displayName": "A", "ext91mqj146_app1schema": {"prop1": 456}}`, http.StatusCreated, "", ""},
		{"POST", "/beta/users", `{"displayName": "A", "favouriteColour": "teal"}`, http.StatusCreated, "", ""},
		{"PATCH", "/v1.0/users/u1", `{"` + ext + `jobGroup": "JobGroupN"}`, http.StatusNoContent, "", ""},
		{"PATCH", "/v1.0/users/u1", `{"` + ext + `costCenter": "42"}`, http.StatusBadRequest, "Request_BadRequest", "The following extension properties are not available: " + ext + "costCenter."},
		{"POST", "/v1.0/me/messages", `{"subjct": "Lunch?"}`, http.StatusBadRequest, "RequestBodyRead", "The property 'subjct' does not exist on type 'microsoft.graph.message'."},
		{"POST", "/v1.0/me/messages", `{"subject": "Lunch?"}`, http.StatusCreated, "", ""},
		// A violation that is no workload's refusal keeps Graph's BadRequest,
		// even beside one that is: the first in pointer order names the code.
		{"POST", "/v1.0/users", `{"accountEnabled": "maybe"}`, http.StatusBadRequest, "BadRequest", "/accountEnabled"},
		{"POST", "/v1.0/users", `{"accountEnabled": "maybe", "zzTypo": 1}`, http.StatusBadRequest, "BadRequest", "/accountEnabled"},
		{"POST", "/v1.0/users", `{"aaTypo": 1, "accountEnabled": "maybe"}`, http.StatusBadRequest, "Request_BadRequest", "Invalid property 'aaTypo'."},
	} {
		t.Run(tt.method+" "+tt.path+" "+tt.body, func(t *testing.T) {
			got := s.do(t, tt.method, tt.path, tt.body, jsonAuth())
			if got.status != tt.status || !strings.Contains(string(got.body), tt.message) {
				t.Errorf("%s %s %s = %d %s, want %d with %q", tt.method, tt.path, tt.body, got.status, got.body, tt.status, tt.message)
			}
			if tt.code == "" {
				return
			}
			var e struct {
				Error struct {
					Code    string `json:"code"`
					Details []map[string]any
				} `json:"error"`
			}
			if err := json.Unmarshal(got.body, &e); err != nil {
				t.Fatalf("%s: %v", got.body, err)
			}
			if e.Error.Code != tt.code {
				t.Errorf("error code %q, want %q: %s", e.Error.Code, tt.code, got.body)
			}
			for _, d := range e.Error.Details {
				if _, ok := d["ErrorCode"]; ok {
					t.Errorf("a detail carries the workload's code on the wire: %s", got.body)
				}
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
