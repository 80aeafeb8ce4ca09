package interop_test

import (
	"context"
	"testing"

	"github.com/graphmock/graphmock/interop"
	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// TestTheSimulatedTenantExample is the worked example of
// docs/simulated-tenant.md, as it stands there: a tenant seeded in Go,
// the Graph SDK as the client, and assertions on the store.
func TestTheSimulatedTenantExample(t *testing.T) {
	// Seed the tenant: Adele, and a group she is a member of.
	ts := mocktest.NewTestServer(t, mocktest.WithSimulation(mockserver.Simulation{
		Versions: []string{"v1.0"},
		Entities: []mockserver.SeedEntity{
			{Collection: "users", Data: map[string]any{
				"id": "adele", "displayName": "Adele Vance", "userPrincipalName": "adele@contoso.example"}},
			{Collection: "groups", Data: map[string]any{
				"id": "sales", "displayName": "Sales", "mailNickname": "sales",
				"members@odata.bind": []any{"users/adele@contoso.example"}}},
		},
	}))
	adapter, err := interop.NewGraphAdapter(ts)
	if err != nil {
		t.Fatal(err)
	}
	adapter.SetBaseUrl(ts.URL() + "/v1.0")
	client := users.NewUsersRequestBuilderInternal(map[string]string{}, adapter)

	// The code under test: it gives Adele a job title and reads her back.
	title := "Engineer"
	patch := models.NewUser()
	patch.SetJobTitle(&title)
	if _, err := client.ByUserId("adele").Patch(context.Background(), patch, nil); err != nil {
		t.Fatal(err) // Update user answers 204: no error, no user
	}
	adele, err := client.ByUserId("adele@contoso.example").Get(context.Background(), nil)
	if err != nil || *adele.GetJobTitle() != "Engineer" {
		t.Fatalf("GET adele = %v, %v", adele, err)
	}

	// The test reads the store itself, without HTTP.
	stored, err := ts.Server().Entity("users/adele")
	if err != nil || stored["jobTitle"] != "Engineer" {
		t.Errorf("Entity(users/adele) = %v, %v", stored, err)
	}
	if all, _ := ts.Server().Entities("users"); len(all) != 1 {
		t.Errorf("the tenant holds %d users, want Adele alone", len(all))
	}
}
