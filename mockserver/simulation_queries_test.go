package mockserver_test

import (
	"fmt"
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
