package mockserver_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/graphmock/graphmock/mockserver"
)

// A server with a simulated tenant answers what no scenario matches: a
// user created over HTTP can be read back, and the test reads the store
// directly too.
func ExampleNewTenant() {
	tenant, err := mockserver.NewTenant(mockserver.Simulation{
		Versions: []string{"v1.0"},
		Sets:     []string{"users", "groups", "me"},
		Entities: []mockserver.SeedEntity{
			{Collection: "users", Data: map[string]any{"id": "adele", "displayName": "Adele Vance", "userPrincipalName": "adele@contoso.example"}},
		},
		Me:          "adele",
		MaxEntities: 1000,
	})
	if err != nil {
		panic(err)
	}
	set, err := mockserver.Default()
	if err != nil {
		panic(err)
	}
	srv := mockserver.New(set, mockserver.Options{Tenant: tenant})
	ts := httptest.NewServer(srv)
	defer ts.Close()

	req, _ := http.NewRequest("POST", ts.URL+"/v1.0/groups", strings.NewReader(
		`{"displayName": "Sales", "mailEnabled": false, "mailNickname": "sales", "securityEnabled": true,
		  "members@odata.bind": ["https://graph.microsoft.com/v1.0/users/adele"]}`))
	req.Header.Set("Authorization", "Bearer token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, strings.HasPrefix(resp.Header.Get("Location"), ts.URL+"/v1.0/groups/"))

	groups, _ := srv.Entities("groups")
	fmt.Println(groups[0]["displayName"], srv.Calls()[0].Outcome)
	// Output:
	// 201 true
	// Sales simulated
}
