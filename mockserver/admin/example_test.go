package admin_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// A test suite in another language drives a spawned graphmock over HTTP:
// it reads the journal, verifies, and clears the journal between tests,
// all under /_graphmock/.
func Example() {
	set, _ := mockserver.Default()
	ts := httptest.NewServer(admin.Handler(mockserver.New(set, mockserver.Options{}), admin.Options{}))
	defer ts.Close()

	req, _ := http.NewRequest("POST", ts.URL+"/beta/chats/c1/installedApps/a1/chat/$ref", strings.NewReader(`{"chatType": "direct"}`))
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()

	resp, _ = http.Get(ts.URL + "/_graphmock/calls?invalid=true")
	var calls struct{ Calls []mockserver.Call }
	json.NewDecoder(resp.Body).Decode(&calls)
	resp.Body.Close()
	c := calls.Calls[0]
	fmt.Println(c.Seq, c.Scenario, c.Outcome, c.Status, c.Violations[0].Field)

	resp, _ = http.Get(ts.URL + "/_graphmock/verify")
	var v struct{ Problems []mockserver.Problem }
	json.NewDecoder(resp.Body).Decode(&v)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, v.Problems[0].Kind)

	req, _ = http.NewRequest("DELETE", ts.URL+"/_graphmock/calls", nil)
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	resp, _ = http.Get(ts.URL + "/_graphmock/verify")
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output:
	// 1 add-chat rejected 400 /chatType
	// 409 rejected
	// 200
}
