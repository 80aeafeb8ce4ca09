package mockserver_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestAPutOfAReferenceTakesEmptyWhereGraphDoes: the documented PUT to a
// user flow's API connector step with { } (disable the connector: example
// 3 of https://learn.microsoft.com/en-us/graph/api/b2xidentityuserflow-put-apiconnectorconfiguration)
// passes bodyType: auto, as does the reference that enables it; {} on a
// manager's $ref, which Microsoft documents only with @odata.id
// (https://learn.microsoft.com/en-us/graph/api/user-post-manager), is
// refused with Graph's 400, and the server goes on serving.
func TestAPutOfAReferenceTakesEmptyWhereGraphDoes(t *testing.T) {
	s := yamlServer(t, `version: 1
scenarios:
  - name: connector-step
    request: {method: PUT, path: "/v1.0/identity/b2xUserFlows/{id}/apiConnectorConfiguration/postAttributeCollection/$ref", bodyType: auto}
    response: {status: 204}
  - name: manager
    request: {method: PUT, path: "/v1.0/users/{id}/manager/$ref", bodyType: auto}
    response: {status: 204}
`)
	const step = "/v1.0/identity/b2xUserFlows/B2X_1_testuserflow/apiConnectorConfiguration/postAttributeCollection/$ref"
	for _, tt := range []struct {
		path, body string
		status     int
		message    string
	}{
		{step, `{ }`, http.StatusNoContent, ""},
		{step, `{"@odata.id": "https://graph.microsoft.com/v1.0/identity/apiConnectors/{id}"}`, http.StatusNoContent, ""},
		{step, `{"id": "x"}`, http.StatusBadRequest, "id"},
		{"/v1.0/users/u1/manager/$ref", `{}`, http.StatusBadRequest, "@odata.id"},
		{"/v1.0/users/u1/manager/$ref", `{"@odata.id": "https://graph.microsoft.com/v1.0/users/u2"}`, http.StatusNoContent, ""},
	} {
		got := s.do(t, http.MethodPut, tt.path, tt.body, jsonAuth())
		if got.status != tt.status || !strings.Contains(string(got.body), tt.message) {
			t.Errorf("PUT %s %s = %d %s, want %d with %q", tt.path, tt.body, got.status, got.body, tt.status, tt.message)
		}
		if tt.status == http.StatusBadRequest && !strings.Contains(string(got.body), `"code":"BadRequest"`) {
			t.Errorf("PUT %s %s = %s, want Graph's error envelope with code BadRequest", tt.path, tt.body, got.body)
		}
	}
}
