package interop_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/interop"
	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// seededTenant is a simulation of n users.
func seededTenant(n int) mockserver.Simulation {
	ents := make([]mockserver.SeedEntity, n)
	for i := range ents {
		ents[i] = mockserver.SeedEntity{Collection: "users", Data: map[string]any{
			"id":                fmt.Sprintf("00000000-0000-0000-0000-%012d", i),
			"displayName":       fmt.Sprintf("User %03d", i),
			"userPrincipalName": fmt.Sprintf("u%03d@contoso.example", i),
			"accountEnabled":    true,
		}}
	}
	return mockserver.Simulation{Versions: []string{"v1.0"}, Sets: []string{"users"}, Entities: ents}
}

// sdkClient is the part of the Graph SDK's service client the tests use:
// the users request builder and the adapter under it.
type sdkClient struct{ adapter abstractions.RequestAdapter }

// Users returns the SDK's builder of /users.
func (c sdkClient) Users() *users.UsersRequestBuilder {
	return users.NewUsersRequestBuilderInternal(map[string]string{}, c.adapter)
}

// GetAdapter returns the request adapter.
func (c sdkClient) GetAdapter() abstractions.RequestAdapter { return c.adapter }

// client returns a Graph SDK client of the v1.0 API at base, a URL of ts
// (its root or a session's prefix). (The SDK's root package, whose
// GraphServiceClient wraps the same builders, needs Azure's SDK.)
func client(t *testing.T, ts *mocktest.TestServer, base string) sdkClient {
	t.Helper()
	adapter, err := interop.NewGraphAdapter(ts)
	if err != nil {
		t.Fatal(err)
	}
	adapter.SetBaseUrl(base + "/v1.0")
	return sdkClient{adapter}
}

// TestPageIteratorWalksSeededUsers walks 250 seeded users with the Go
// SDK's PageIterator and $top=100: 3 requests, over HTTP and HTTPS, at the
// mock's root and inside a session, whose prefix the nextLinks keep.
func TestPageIteratorWalksSeededUsers(t *testing.T) {
	for _, c := range []struct {
		name    string
		opts    []mocktest.TestOption
		session bool
	}{
		{"over HTTP", nil, false},
		{"over HTTPS", []mocktest.TestOption{mocktest.WithTLS()}, false},
		{"over HTTPS in a session", []mocktest.TestOption{mocktest.WithTLS()}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := mocktest.NewTestServer(t, append(c.opts, mocktest.WithSimulation(seededTenant(250)))...)
			base := ts.URL()
			calls := func() []mockserver.Call { return ts.Server().Calls() }
			if c.session {
				s, err := ts.Server().NewSession(mockserver.SessionOptions{})
				if err != nil {
					t.Fatal(err)
				}
				base += "/_s/" + s.ID()
				calls = s.Calls
			}
			gc := client(t, ts, base)
			top := int32(100)
			first, err := gc.Users().Get(context.Background(), &users.UsersRequestBuilderGetRequestConfiguration{
				QueryParameters: &users.UsersRequestBuilderGetQueryParameters{Top: &top},
			})
			if err != nil {
				t.Fatalf("Users().Get() error = %v", err)
			}
			it, err := msgraphgocore.NewPageIterator[models.Userable](first, gc.GetAdapter(), models.CreateUserCollectionResponseFromDiscriminatorValue)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			if err := it.Iterate(context.Background(), func(u models.Userable) bool {
				seen[*u.GetId()] = true
				return true
			}); err != nil {
				t.Fatalf("Iterate() error = %v", err)
			}
			if len(seen) != 250 {
				t.Errorf("the iterator visited %d users, want 250", len(seen))
			}
			got := calls()
			if len(got) != 3 {
				t.Fatalf("%d requests, want 3", len(got))
			}
			for _, call := range got[1:] {
				if !strings.Contains(call.RawQuery, "skiptoken=") || !strings.Contains(call.RawQuery, "top=100") {
					t.Errorf("a page request went to %s?%s, want the nextLink with $skiptoken and $top", call.Path, call.RawQuery)
				}
			}
			// In a session, all 3 requests being the session's shows the
			// nextLinks kept its prefix.
		})
	}
}

// TestDeltaRoundTripThroughTheGoSDK syncs users with the Go SDK's delta,
// then creates, renames and deletes one user each: the next round returns
// exactly those three, the deleted one with @removed.
func TestDeltaRoundTripThroughTheGoSDK(t *testing.T) {
	ts := mocktest.NewTestServer(t, mocktest.WithTLS(), mocktest.WithSimulation(seededTenant(120)))
	gc := client(t, ts, ts.URL())
	ctx := context.Background()
	round := func(first users.DeltaGetResponseable) (map[string]models.Userable, string) {
		t.Helper()
		it, err := msgraphgocore.NewPageIterator[models.Userable](first, gc.GetAdapter(), users.CreateDeltaGetResponseFromDiscriminatorValue)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]models.Userable{}
		if err := it.Iterate(ctx, func(u models.Userable) bool {
			got[*u.GetId()] = u
			return true
		}); err != nil {
			t.Fatalf("Iterate() error = %v", err)
		}
		link := it.GetOdataDeltaLink()
		if link == nil || !strings.HasPrefix(*link, ts.URL()+"/v1.0/users/delta") {
			t.Fatalf("deltaLink = %v, want one back at the mock", link)
		}
		return got, *link
	}
	first, err := gc.Users().Delta().GetAsDeltaGetResponse(ctx, nil)
	if err != nil {
		t.Fatalf("Delta() error = %v", err)
	}
	all, link := round(first)
	if len(all) != 120 {
		t.Fatalf("full sync: %d users, want 120", len(all))
	}

	nu := models.NewUser()
	nu.SetAccountEnabled(ptr(true))
	nu.SetDisplayName(ptr("New Person"))
	nu.SetMailNickname(ptr("newperson"))
	nu.SetUserPrincipalName(ptr("new@contoso.example"))
	pp := models.NewPasswordProfile()
	pp.SetPassword(ptr("x1!Yz9#q"))
	nu.SetPasswordProfile(pp)
	created, err := gc.Users().Post(ctx, nu, nil)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	rename := models.NewUser()
	rename.SetDisplayName(ptr("Renamed"))
	renamed := "00000000-0000-0000-0000-000000000010"
	if _, err := gc.Users().ByUserId(renamed).Patch(ctx, rename, nil); err != nil {
		t.Fatalf("rename: %v", err)
	}
	deleted := "00000000-0000-0000-0000-000000000020"
	if err := gc.Users().ByUserId(deleted).Delete(ctx, nil); err != nil {
		t.Fatalf("delete: %v", err)
	}

	next, err := users.NewDeltaRequestBuilder(link, gc.GetAdapter()).GetAsDeltaGetResponse(ctx, nil)
	if err != nil {
		t.Fatalf("the next round: %v", err)
	}
	changes, _ := round(next)
	var ids []string
	for id := range changes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	want := []string{renamed, deleted, *created.GetId()}
	sort.Strings(want)
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("the next round returned %v, want %v", ids, want)
	}
	if got := changes[renamed].GetDisplayName(); got == nil || *got != "Renamed" {
		t.Errorf("the renamed user's displayName = %v", got)
	}
	removed, _ := changes[deleted].GetAdditionalData()["@removed"].(map[string]any)
	if removed == nil {
		t.Errorf("the deleted user = %v, want @removed", changes[deleted].GetAdditionalData())
	}
	for id, u := range changes {
		if _, ok := u.GetAdditionalData()["@removed"]; ok != (id == deleted) {
			t.Errorf("user %s: @removed = %v", id, ok)
		}
	}
}
