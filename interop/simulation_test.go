package interop_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/groups"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// simulated starts a test server with the simulated tenant and points the
// Graph SDK's request builders for /users and /groups at its v1.0 API.
func simulated(t *testing.T, sim mockserver.Simulation) (*mocktest.TestServer, *users.UsersRequestBuilder, *groups.GroupsRequestBuilder, *msgraphgocore.GraphRequestAdapterBase) {
	t.Helper()
	ts := mocktest.NewTestServer(t, mocktest.WithSimulation(sim))
	adapter := newAdapter(t, ts)
	adapter.SetBaseUrl(ts.URL() + "/v1.0")
	return ts, users.NewUsersRequestBuilderInternal(map[string]string{}, adapter),
		groups.NewGroupsRequestBuilderInternal(map[string]string{}, adapter), adapter
}

// newSDKUser is a user with the properties Create user requires
// (https://learn.microsoft.com/en-us/graph/api/user-post-users).
func newSDKUser(name string) models.Userable {
	u := models.NewUser()
	u.SetAccountEnabled(ptr(true))
	u.SetDisplayName(ptr(name))
	u.SetMailNickname(ptr(name))
	u.SetUserPrincipalName(ptr(name + "@contoso.example"))
	pw := models.NewPasswordProfile()
	pw.SetPassword(ptr("x1!Yz9#q"))
	u.SetPasswordProfile(pw)
	return u
}

func ptr[T any](v T) *T { return &v }

// graphError returns err as the SDK's ODataError, failing the test when
// it is not one.
func graphError(t *testing.T, what string, err error) *odataerrors.ODataError {
	t.Helper()
	var odataErr *odataerrors.ODataError
	if !errors.As(err, &odataErr) {
		t.Fatalf("%s: error = %T %v, want *odataerrors.ODataError", what, err, err)
	}
	return odataErr
}

// TestTheGoSDKManagesAGroupInTheSimulatedTenant: users created, a group
// created, three members added by $ref (Add members, 204), listed, one
// removed (Remove member, 204), the group deleted (204) and then read:
// Graph's directory 404, Request_ResourceNotFound
// (https://learn.microsoft.com/en-us/graph/api/group-post-members,
// https://learn.microsoft.com/en-us/graph/api/group-delete-members,
// https://learn.microsoft.com/en-us/graph/api/group-delete).
func TestTheGoSDKManagesAGroupInTheSimulatedTenant(t *testing.T) {
	ts, usersAPI, groupsAPI, _ := simulated(t, mockserver.Simulation{Versions: []string{"v1.0"}})
	ctx := context.Background()
	var ids []string
	for _, name := range []string{"adele", "alex", "megan"} {
		u, err := usersAPI.Post(ctx, newSDKUser(name), nil)
		if err != nil {
			t.Fatalf("creating %s: %v", name, err)
		}
		if u.GetId() == nil || *u.GetId() == "" || *u.GetUserPrincipalName() != name+"@contoso.example" {
			t.Fatalf("created user = id %v, upn %v", u.GetId(), u.GetUserPrincipalName())
		}
		ids = append(ids, *u.GetId())
	}

	g := models.NewGroup()
	g.SetDisplayName(ptr("Sales"))
	g.SetMailEnabled(ptr(false))
	g.SetMailNickname(ptr("sales"))
	g.SetSecurityEnabled(ptr(true))
	group, err := groupsAPI.Post(ctx, g, nil)
	if err != nil {
		t.Fatalf("creating the group: %v", err)
	}
	gid := *group.GetId()
	if *group.GetDisplayName() != "Sales" {
		t.Errorf("created group = %q", *group.GetDisplayName())
	}
	groupAPI := groupsAPI.ByGroupId(gid)
	for _, id := range ids {
		ref := models.NewReferenceCreate()
		ref.SetOdataId(ptr("https://graph.microsoft.com/v1.0/directoryObjects/" + id))
		if err := groupAPI.Members().Ref().Post(ctx, ref, nil); err != nil {
			t.Fatalf("adding member %s: %v", id, err)
		}
	}

	members, err := groupAPI.Members().Get(ctx, nil)
	if err != nil {
		t.Fatalf("listing the members: %v", err)
	}
	var got []string
	for _, m := range members.GetValue() {
		u, ok := m.(models.Userable) // @odata.type picks the SDK's type
		if !ok {
			t.Fatalf("member %T, want a user by its @odata.type", m)
		}
		got = append(got, *u.GetId()+" "+*u.GetDisplayName())
	}
	if want := fmt.Sprintf("[%s adele %s alex %s megan]", ids[0], ids[1], ids[2]); fmt.Sprint(got) != want {
		t.Errorf("members = %v, want %s", got, want)
	}

	if err := groupAPI.Members().ByDirectoryObjectId(ids[1]).Ref().Delete(ctx, nil); err != nil {
		t.Fatalf("removing alex: %v", err)
	}
	members, err = groupAPI.Members().Get(ctx, nil)
	if err != nil || len(members.GetValue()) != 2 || *members.GetValue()[1].GetId() != ids[2] {
		t.Fatalf("members after removing alex = %v, %v; want adele and megan", members, err)
	}
	// Removing a member the group no longer has: the directory's 404.
	err = groupAPI.Members().ByDirectoryObjectId(ids[1]).Ref().Delete(ctx, nil)
	if e := graphError(t, "removing alex again", err); e.ResponseStatusCode != http.StatusNotFound {
		t.Errorf("removing alex again = %d, want 404", e.ResponseStatusCode)
	}

	if err := groupAPI.Delete(ctx, nil); err != nil {
		t.Fatalf("deleting the group: %v", err)
	}
	_, err = groupAPI.Get(ctx, nil)
	e := graphError(t, "reading the deleted group", err)
	if e.ResponseStatusCode != http.StatusNotFound || *e.GetErrorEscaped().GetCode() != "Request_ResourceNotFound" {
		t.Errorf("reading the deleted group = %d %q, want 404 Request_ResourceNotFound", e.ResponseStatusCode, *e.GetErrorEscaped().GetCode())
	}
	if inner := e.GetErrorEscaped().GetInnerError(); inner == nil || inner.GetRequestId() == nil || *inner.GetRequestId() == "" {
		t.Errorf("the 404 has no innerError request-id: %+v", inner)
	}

	// What the test reads from the store agrees with what the SDK saw.
	if _, err := ts.Server().Entity("groups/" + gid); !errors.Is(err, mockserver.ErrEntityNotFound) {
		t.Errorf("Entity(groups/%s) = %v, want the group gone", gid, err)
	}
	if stored, err := ts.Server().Entities("users"); err != nil || len(stored) != 3 {
		t.Errorf("Entities(users) = %d users, %v; want the 3 created", len(stored), err)
	}
	for _, c := range ts.Server().Calls() {
		if c.Outcome != mockserver.Simulated {
			t.Errorf("%s %s was %s, want every call answered by the simulation", c.Method, c.Path, c.Outcome)
		}
	}
}

// TestTheGoSDKGetsGraphsErrorsAndAnswersFromTheSimulatedTenant: a second
// user with a userPrincipalName already taken is a 400
// (https://learn.microsoft.com/en-us/graph/api/resources/user, the
// userPrincipalName is the sign-in name); Update user answers 204 No
// Content, which the SDK returns as no user and no error
// (https://learn.microsoft.com/en-us/graph/api/user-update); a message
// created in a user's mailbox (201) and updated answers 200 with the
// message (https://learn.microsoft.com/en-us/graph/api/user-post-messages,
// https://learn.microsoft.com/en-us/graph/api/message-update).
func TestTheGoSDKGetsGraphsErrorsAndAnswersFromTheSimulatedTenant(t *testing.T) {
	ts, usersAPI, _, _ := simulated(t, mockserver.Simulation{})
	ctx := context.Background()
	adele, err := usersAPI.Post(ctx, newSDKUser("adele"), nil)
	if err != nil {
		t.Fatal(err)
	}
	id := *adele.GetId()

	_, err = usersAPI.Post(ctx, newSDKUser("adele"), nil)
	e := graphError(t, "a second adele", err)
	if e.ResponseStatusCode != http.StatusBadRequest || *e.GetErrorEscaped().GetCode() != "Request_BadRequest" {
		t.Errorf("a second adele = %d %q, want 400 Request_BadRequest", e.ResponseStatusCode, *e.GetErrorEscaped().GetCode())
	}
	if msg := *e.GetErrorEscaped().GetMessage(); msg != "Another object with the same value for property userPrincipalName already exists." {
		t.Errorf("a second adele: message %q", msg)
	}
	if stored, _ := ts.Server().Entities("users"); len(stored) != 1 {
		t.Errorf("%d users stored, want the refused one not stored", len(stored))
	}

	patch := models.NewUser()
	patch.SetJobTitle(ptr("Engineer"))
	updated, err := usersAPI.ByUserId(id).Patch(ctx, patch, nil)
	if err != nil || updated != nil {
		t.Fatalf("Update user = %v, %v; want 204: no user and no error", updated, err)
	}
	if stored, err := ts.Server().Entity("users/" + id); err != nil || stored["jobTitle"] != "Engineer" {
		t.Errorf("the stored user = %v, %v; want jobTitle Engineer", stored, err)
	}
	if call := ts.Server().Calls()[2]; call.Method != "PATCH" || call.Status != http.StatusNoContent || call.Entity != "users/"+id {
		t.Errorf("the update recorded as %s %d %q", call.Method, call.Status, call.Entity)
	}

	m := models.NewMessage()
	m.SetSubject(ptr("Lunch?"))
	body := models.NewItemBody()
	body.SetContent(ptr("12:30 at the usual place"))
	ct := models.TEXT_BODYTYPE
	body.SetContentType(&ct)
	m.SetBody(body)
	messages := usersAPI.ByUserId(id).Messages()
	created, err := messages.Post(ctx, m, nil)
	if err != nil {
		t.Fatalf("creating the message: %v", err)
	}
	mid := *created.GetId()
	if *created.GetSubject() != "Lunch?" || *created.GetBody().GetContent() != "12:30 at the usual place" {
		t.Errorf("created message = %q %q", *created.GetSubject(), *created.GetBody().GetContent())
	}
	change := models.NewMessage()
	change.SetSubject(ptr("Lunch moved"))
	after, err := messages.ByMessageId(mid).Patch(ctx, change, nil)
	if err != nil {
		t.Fatalf("updating the message: %v", err)
	}
	if after == nil || *after.GetId() != mid || *after.GetSubject() != "Lunch moved" || *after.GetBody().GetContent() != "12:30 at the usual place" {
		t.Fatalf("Update message = %+v, want 200 with the whole message, its subject changed", after)
	}
	last := ts.Server().Calls()
	if call := last[len(last)-1]; call.Status != http.StatusOK || call.Entity != "users/"+id+"/messages/"+mid {
		t.Errorf("the message update recorded as %d %q", call.Status, call.Entity)
	}
	// An unknown message: Outlook's 404, ErrorItemNotFound
	// (https://learn.microsoft.com/en-us/graph/errors).
	_, err = messages.ByMessageId("AAMkAGUAAAwTW09AAA=").Get(ctx, nil)
	if e := graphError(t, "reading an unknown message", err); *e.GetErrorEscaped().GetCode() != "ErrorItemNotFound" {
		t.Errorf("an unknown message = %d %q, want ErrorItemNotFound", e.ResponseStatusCode, *e.GetErrorEscaped().GetCode())
	}
}

// TestTheGoSDKPagesThroughTheSimulatedUsers creates 120 users and reads
// them with the SDK's PageIterator: 100 a page, Graph's default for users
// (https://learn.microsoft.com/en-us/graph/paging), the second page
// fetched from the @odata.nextLink, which points back at the mock.
func TestTheGoSDKPagesThroughTheSimulatedUsers(t *testing.T) {
	ts, usersAPI, _, adapter := simulated(t, mockserver.Simulation{})
	ctx := context.Background()
	const n = 120
	want := map[string]bool{}
	for i := range n {
		u, err := usersAPI.Post(ctx, newSDKUser(fmt.Sprintf("user%03d", i)), nil)
		if err != nil {
			t.Fatalf("creating user %d: %v", i, err)
		}
		want[*u.GetId()] = true
	}
	first, err := usersAPI.Get(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	next := first.GetOdataNextLink()
	if len(first.GetValue()) != 100 || next == nil {
		t.Fatalf("the first page holds %d users, next link %v; want 100 and a next link", len(first.GetValue()), next)
	}
	if u, err := url.Parse(*next); err != nil || u.Scheme+"://"+u.Host != ts.URL() || u.Path != "/v1.0/users" {
		t.Errorf("@odata.nextLink = %q, want it back at the mock (%s/v1.0/users)", *next, ts.URL())
	}

	it, err := msgraphgocore.NewPageIterator[models.Userable](first, adapter, models.CreateUserCollectionResponseFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var order []string
	err = it.Iterate(ctx, func(u models.Userable) bool {
		seen[*u.GetId()] = true
		order = append(order, *u.GetDisplayName())
		return true
	})
	if err != nil {
		t.Fatalf("Iterate: %v", err)
	}
	if len(order) != n || len(seen) != n {
		t.Fatalf("the iterator gave %d users (%d distinct), want %d", len(order), len(seen), n)
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("user %s not seen", id)
		}
	}
	if order[0] != "user000" || order[100] != "user100" || order[n-1] != "user119" {
		t.Errorf("order = %s … %s … %s, want the order of creation", order[0], order[100], order[n-1])
	}
	calls := ts.Server().Calls()
	page2 := calls[len(calls)-1]
	q, _ := url.ParseQuery(page2.RawQuery)
	if page2.Method != "GET" || q.Get("$skiptoken") == "" || page2.Outcome != mockserver.Simulated {
		t.Errorf("the last call = %s %s?%s (%s), want the second page fetched from the mock", page2.Method, page2.Path, page2.RawQuery, page2.Outcome)
	}
}
