package mockserver_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// The simulation reads the request's headers: ConsistencyLevel decides
// the directory's advanced queries
// (https://learn.microsoft.com/en-us/graph/aad-advanced-queries), through
// HTTP and in a $batch alike.
func TestTheSimulationReadsConsistencyLevel(t *testing.T) {
	var ents []mockserver.SeedEntity
	for i := range 5 {
		ents = append(ents, mockserver.SeedEntity{Collection: "users", Data: map[string]any{
			"id": fmt.Sprintf("u%d", i), "displayName": fmt.Sprintf("User %d", i),
			"userPrincipalName": fmt.Sprintf("u%d@contoso.example", i), "mail": fmt.Sprintf("u%d@outlook.com", i),
		}})
	}
	_, c := newSimulatedServer(t, mockserver.Simulation{Sets: []string{"users"}, Entities: ents})
	if status, body, _ := c.do("GET", "/v1.0/users/$count", ""); status != 400 || !strings.Contains(fmt.Sprint(body), "$count is not currently supported.") {
		t.Errorf("/$count without ConsistencyLevel = %d %v, want Graph's 400", status, body)
	}
	if status, body, _ := c.do("GET", "/v1.0/users?$filter=endswith(mail,'@outlook.com')&$count=true", "", "ConsistencyLevel", "eventual"); status != 200 || body["@odata.count"] != float64(5) {
		t.Errorf("an advanced query = %d %v, want 200 with @odata.count 5", status, body)
	}
	batch := `{"requests": [
		{"id": "1", "method": "GET", "url": "/users?$filter=endswith(mail,'@outlook.com')&$count=true", "headers": {"ConsistencyLevel": "eventual"}},
		{"id": "2", "method": "GET", "url": "/users?$filter=endswith(mail,'@outlook.com')&$count=true"}]}`
	status, body, _ := c.do("POST", "/v1.0/$batch", batch)
	if status != 200 {
		t.Fatalf("$batch = %d %v", status, body)
	}
	got := map[string]float64{}
	for _, r := range body["responses"].([]any) {
		m := r.(map[string]any)
		got[m["id"].(string)] = m["status"].(float64)
	}
	if got["1"] != 200 || got["2"] != 400 {
		t.Errorf("$batch statuses = %v, want 1: 200 (with the header in its body), 2: 400", got)
	}
}

// An option Graph ignores is ignored ($count=true on /users without
// ConsistencyLevel: eventual, https://learn.microsoft.com/en-us/graph/aad-advanced-queries),
// and the journal names it; strictQueries turns it into a 400 in Graph's
// shape, from Go and from a scenario file's simulate section.
func TestIgnoredOptionsInTheJournalAndTheStrictSwitch(t *testing.T) {
	ents := []mockserver.SeedEntity{{Collection: "users", Data: map[string]any{"id": "u1", "displayName": "User 1", "userPrincipalName": "u1@contoso.example"}}}
	srv, c := newSimulatedServer(t, mockserver.Simulation{Sets: []string{"users"}, Entities: ents})
	if status, body, _ := c.do("GET", "/v1.0/users?$count=true&$top=5", ""); status != 200 || body["@odata.count"] != nil {
		t.Errorf("$count=true without the header = %d %v, want 200 without @odata.count", status, body)
	}
	c.do("GET", "/v1.0/users?$top=5", "")
	calls := srv.Calls()
	if len(calls) != 2 || fmt.Sprint(calls[0].Ignored) != "[$count]" || calls[1].Ignored != nil {
		t.Fatalf("journal = %+v, want $count ignored on the first call alone", calls)
	}
	data, err := calls[0].MarshalJSON()
	if err != nil || !strings.Contains(string(data), `"ignored":["$count"]`) {
		t.Errorf("call JSON = %s, %v, want ignored in it", data, err)
	}

	_, strict := newSimulatedServer(t, mockserver.Simulation{Sets: []string{"users"}, Entities: ents, StrictQueries: true})
	status, body, _ := strict.do("GET", "/v1.0/users?$count=true", "")
	e, _ := body["error"].(map[string]any)
	if status != 400 || e["code"] != "Request_BadRequest" || !strings.Contains(fmt.Sprint(e["message"]), "'$count' is ignored by Microsoft Graph") {
		t.Errorf("strict $count = %d %v, want Graph's 400", status, body)
	}
	if status, _, _ := strict.do("GET", "/v1.0/users?$count=true", "", "ConsistencyLevel", "eventual"); status != 200 {
		t.Errorf("strict $count with the header = %d, want 200", status)
	}

	doc := "version: 1\nsimulate:\n  sets: [users]\n  strictQueries: true\nscenarios: []\n"
	set, err := mockserver.Parse(nil, "sim.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(mockserver.New(set, mockserver.Options{}))
	defer ts.Close()
	fc := simClient{t, ts}
	if status, _, _ := fc.do("POST", "/v1.0/users?$top=1", simUser); status != 400 {
		t.Errorf("strict POST with $top from a scenario file = %d, want 400", status)
	}
	if status, _, _ := fc.do("POST", "/v1.0/users", simUser); status != 201 {
		t.Errorf("strict POST without options = %d, want 201", status)
	}
}
