package mockserver_test

import (
	"net/http"
	"strings"
	"testing"
)

// caseScenarios write Graph's paths in the case Microsoft's pages write
// them, which is not always the metadata's: /me/mailfolders/inbox/messages
// (https://learn.microsoft.com/en-us/graph/api/user-list-messages) and
// /me/calendar/getschedule
// (https://learn.microsoft.com/en-us/graph/outlook-get-free-busy-schedule).
const caseScenarios = `version: 1
scenarios:
  - name: folder-messages
    request: {method: GET, path: "/v1.0/me/mailFolders/{folder}/messages"}
    response: {status: 200, template: true, body: '{"value": [{"id": "{{.PathVars.folder}}"}]}'}
  - name: schedule
    request: {method: POST, path: /v1.0/me/calendar/getschedule}
    response: {status: 200, body: {value: []}}
  - name: not-graph
    request: {method: GET, path: /v1.0/Contoso/Widgets}
    response: {status: 200, body: {}}
`

// TestScenarioPathsMatchGraphNamesInAnyCase: a scenario whose path names
// Graph's segments answers a request that spells them in another case, as
// Graph does (https://learn.microsoft.com/en-us/graph/use-the-api); keys
// keep their case, misspellings and paths Graph does not have still miss.
func TestScenarioPathsMatchGraphNamesInAnyCase(t *testing.T) {
	s := yamlServer(t, caseScenarios)
	for _, tt := range []struct {
		method, path string
		status       int
		body         string // a part of the answer
	}{
		{"GET", "/v1.0/me/mailFolders/Inbox/messages", http.StatusOK, `"id": "Inbox"`},
		{"GET", "/v1.0/me/mailfolders/Inbox/messages", http.StatusOK, `"id": "Inbox"`},
		{"GET", "/v1.0/ME/MAILFOLDERS/inbox/Messages", http.StatusOK, `"id": "inbox"`},
		{"POST", "/v1.0/me/calendar/getSchedule", http.StatusOK, `"value":[]`},
		{"POST", "/v1.0/me/calendar/getschedule", http.StatusOK, `"value":[]`},
		// The near misses.
		{"GET", "/v1.0/me/mailfolderz/Inbox/messages", http.StatusBadRequest, "Resource not found for the segment 'mailfolderz'"},
		{"POST", "/v1.0/me/calendar/getSchedul", http.StatusBadRequest, "Resource not found for the segment 'getSchedul'"},
		{"GET", "/v1.0/contoso/widgets", http.StatusBadRequest, "Resource not found for the segment 'contoso'"},
		{"GET", "/v1.0/Contoso/Widgets", http.StatusOK, "{}"},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			body := ""
			if tt.method == "POST" {
				body = "{}"
			}
			got := s.do(t, tt.method, tt.path, body, jsonAuth())
			if got.status != tt.status || !strings.Contains(string(got.body), tt.body) {
				t.Errorf("%s %s = %d %s, want %d with %s", tt.method, tt.path, got.status, got.body, tt.status, tt.body)
			}
		})
	}
}
