package simulate

import (
	"fmt"
	"slices"
	"testing"

	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/graphrules"
)

// expandTenant returns a tenant where a's manager is c, group g has 25
// members (a, b, c and 22 more) and a has a message with an attachment.
func expandTenant(t *testing.T) (sim *Sim, a, b, c, g, msg string) {
	t.Helper()
	sim = newSim(t)
	a, b, c = newUser(t, sim, "a"), newUser(t, sim, "b"), newUser(t, sim, "c")
	do(t, sim, "PUT", "/v1.0/users/"+a+"/manager/$ref", fmt.Sprintf(`{"@odata.id": "https://graph.microsoft.com/v1.0/users/%s"}`, c)).want(t, "PUT manager", 204)
	g = str(do(t, sim, "POST", "/v1.0/groups", `{"displayName": "Sales", "mailEnabled": false, "mailNickname": "sales", "securityEnabled": true}`).want(t, "POST group", 201).body["id"])
	members := []string{a, b, c}
	for i := range 22 {
		members = append(members, newUser(t, sim, fmt.Sprintf("m%02d", i)))
	}
	for _, m := range members {
		do(t, sim, "POST", "/v1.0/groups/"+g+"/members/$ref", fmt.Sprintf(`{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/%s"}`, m)).want(t, "add member", 204)
	}
	msg = str(do(t, sim, "POST", "/v1.0/users/"+a+"/messages", `{"subject": "Report"}`).want(t, "POST message", 201).body["id"])
	do(t, sim, "POST", "/v1.0/users/"+a+"/messages/"+msg+"/attachments",
		`{"@odata.type": "#microsoft.graph.fileAttachment", "name": "report.txt", "contentType": "text/plain", "contentBytes": "SGVsbG8="}`).want(t, "POST attachment", 201)
	return sim, a, b, c, g, msg
}

// $expand one level: "you can expand the directReports, manager, and
// memberOf relationships on a user", and for directory objects "$expand
// typically returns a maximum of 20 items for the expanded relationship
// and has no @odata.nextLink"
// (https://learn.microsoft.com/en-us/graph/query-parameters#expand).
func TestExpandOneLevel(t *testing.T) {
	sim, a, b, c, g, msg := expandTenant(t)

	got := get(t, sim, "/v1.0/users/"+a+"?$expand=manager").want(t, "user?$expand=manager", 200)
	m, _ := got.body["manager"].(map[string]any)
	if m["id"] != c || m["@odata.type"] != "#microsoft.graph.user" || m["displayName"] != "c" {
		t.Errorf("manager = %v, want user c, typed", got.body["manager"])
	}
	if got.body["displayName"] != "a" {
		t.Errorf("the user itself = %s", got.raw)
	}
	if got := get(t, sim, "/v1.0/users/"+b+"?$expand=manager").want(t, "a user without a manager", 200); got.body["manager"] != nil {
		t.Errorf("manager of b = %v, want none", got.body["manager"])
	}
	reports := get(t, sim, "/v1.0/users/"+c+"?$expand=directReports").want(t, "directReports", 200)
	if v, _ := reports.body["directReports"].([]any); len(v) != 1 || v[0].(map[string]any)["id"] != a {
		t.Errorf("directReports of c = %v, want [a]", reports.body["directReports"])
	}
	me := get(t, sim, "/v1.0/users/"+a+"?$expand=memberOf").want(t, "user?$expand=memberOf", 200)
	if v, _ := me.body["memberOf"].([]any); len(v) != 1 || v[0].(map[string]any)["id"] != g || v[0].(map[string]any)["@odata.type"] != "#microsoft.graph.group" {
		t.Errorf("memberOf of a = %v, want the group", me.body["memberOf"])
	}

	group := get(t, sim, "/v1.0/groups/"+g+"?$expand=members").want(t, "group?$expand=members", 200)
	members, _ := group.body["members"].([]any)
	if len(members) != expandCap {
		t.Errorf("%d members expanded, want the cap of %d (of 25)", len(members), expandCap)
	}
	for k := range group.body {
		if k == "members@odata.nextLink" || k == "@odata.nextLink" {
			t.Errorf("an expansion has %s", k)
		}
	}

	list := get(t, sim, "/v1.0/groups?$expand=members($select=id,displayName)").want(t, "groups?$expand=members($select=…)", 200)
	gs, _ := list.body["value"].([]any)
	if len(gs) != 1 {
		t.Fatalf("groups = %s", list.raw)
	}
	first := gs[0].(map[string]any)["members"].([]any)[0].(map[string]any)
	if first["id"] != a || first["displayName"] != "a" || first["mail"] != nil {
		t.Errorf("first member with $select=id,displayName = %v", first)
	}

	// Contained: a message's attachments expand, as Outlook's do
	// (the message resource's attachments relationship,
	// https://learn.microsoft.com/en-us/graph/api/resources/message).
	msgs := get(t, sim, "/v1.0/users/"+a+"/messages?$expand=attachments").want(t, "messages?$expand=attachments", 200)
	att, _ := msgs.body["value"].([]any)[0].(map[string]any)["attachments"].([]any)
	if len(att) != 1 || att[0].(map[string]any)["name"] != "report.txt" {
		t.Errorf("attachments = %v", att)
	}
	one := get(t, sim, "/v1.0/users/"+a+"/messages/"+msg+"?$expand=attachments").want(t, "message?$expand=attachments", 200)
	if v, _ := one.body["attachments"].([]any); len(v) != 1 {
		t.Errorf("attachments of one message = %v", one.body["attachments"])
	}
	if len(one.resp.Ignored) != 0 {
		t.Errorf("Ignored = %v, want none: $expand was read", one.resp.Ignored)
	}
}

// What $expand refuses: a user's messages, events and photo do not expand
// (https://learn.microsoft.com/en-us/graph/query-parameters#expand), nor
// does anything beyond one level; an unknown property is the OData 400.
func TestExpandRefusals(t *testing.T) {
	sim, a, _, _, g, _ := expandTenant(t)
	for _, c := range []struct {
		path, code, message string
	}{
		{"/v1.0/users/" + a + "?$expand=messages", "Request_BadRequest", "Expanding the navigation property 'messages' of 'microsoft.graph.user' is not supported."},
		{"/v1.0/users?$expand=events", "Request_BadRequest", "Expanding the navigation property 'events' of 'microsoft.graph.user' is not supported."},
		{"/v1.0/users/" + a + "?$expand=photo", "Request_BadRequest", "Expanding the navigation property 'photo' of 'microsoft.graph.user' is not supported."},
		{"/v1.0/users/" + a + "?$expand=manager/manager", "Request_BadRequest", "The request expands 'manager' more than one level deep; $expand is supported for one level only."},
		{"/v1.0/users/" + a + "?$expand=manager($expand=manager)", "Request_BadRequest", "The request expands 'manager' more than one level deep; $expand is supported for one level only."},
		{"/v1.0/groups/" + g + "?$expand=members($top=5)", "Request_BadRequest", "The query option '$top' is not supported inside $expand; only $select is."},
		{"/v1.0/users/" + a + "?$expand=bosses", "Request_BadRequest", "Could not find a property named 'bosses' on type 'microsoft.graph.user'."},
		{"/v1.0/users/" + a + "/messages?$expand=nope", "BadRequest", "Could not find a property named 'nope' on type 'microsoft.graph.message'."},
		{"/v1.0/users/" + a + "?$expand=manager(", "Request_BadRequest", "Syntax error: the parentheses of $expand 'manager(' do not balance."},
		{"/v1.0/users/" + a + "?$expand=manager,", "Request_BadRequest", "Syntax error: '' is not a navigation property in $expand."},
	} {
		got := get(t, sim, c.path).want(t, c.path, 400)
		if got.body["code"] != c.code || got.body["message"] != c.message {
			t.Errorf("%s = %s, want %s: %s", c.path, got.raw, c.code, c.message)
		}
	}
}

// Options Graph ignores are reported: $count=true in the directory
// without ConsistencyLevel: eventual is silently ignored
// (https://learn.microsoft.com/en-us/graph/aad-advanced-queries), as is
// an option the path does not read.
func TestIgnoredOptionsAreReported(t *testing.T) {
	sim := seededUsers(t, 3)
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/v1.0/users?$count=true", []string{"$count"}},
		{"/v1.0/users?$count=true&$top=2&$format=json", []string{"$count", "$format"}},
		{"/v1.0/users/00000000-0000-0000-0000-000000000001?$top=5&$filter=x", []string{"$filter", "$top"}},
		{"/v1.0/users?$top=2", nil},
		{"/v1.0/users/00000000-0000-0000-0000-000000000001?$select=displayName", nil},
	} {
		got := get(t, sim, c.path).want(t, c.path, 200)
		if !slices.Equal(got.resp.Ignored, c.want) {
			t.Errorf("%s: Ignored = %v, want %v", c.path, got.resp.Ignored, c.want)
		}
	}
	if got := get(t, sim, "/v1.0/users?$count=true", eventual...).want(t, "$count with the header", 200); len(got.resp.Ignored) != 0 {
		t.Errorf("Ignored with ConsistencyLevel = %v", got.resp.Ignored)
	}
}

// strictSim is newSim with StrictQueries.
func strictSim(t *testing.T) *Sim {
	t.Helper()
	cat := graphmeta.Embedded()
	st, err := Seed(cat, "v1.0", []SeedEntity{{Collection: "users", Data: map[string]any{"id": "u1", "displayName": "U", "userPrincipalName": "u@contoso.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	ten, err := NewTenant(cat, graphrules.Default(), st, Options{StrictQueries: true})
	if err != nil {
		t.Fatal(err)
	}
	return ten.Start()
}

// The strict switch turns an ignored option into a 400, and refuses a
// write with one before it changes anything.
func TestStrictQueriesRefuseIgnoredOptions(t *testing.T) {
	sim := strictSim(t)
	got := get(t, sim, "/v1.0/users?$count=true").want(t, "strict $count without the header", 400)
	if got.body["code"] != "Request_BadRequest" || got.body["message"] != "The query option '$count' is ignored by Microsoft Graph for this request: the mock's strictQueries setting refuses it." {
		t.Errorf("strict refusal = %s", got.raw)
	}
	get(t, sim, "/v1.0/users?$count=true", eventual...).want(t, "strict $count with the header", 200)
	get(t, sim, "/v1.0/users?$top=1&$select=displayName").want(t, "strict, every option read", 200)
	do(t, sim, "POST", "/v1.0/users?$top=1", `{"accountEnabled": true, "displayName": "V", "mailNickname": "v", "userPrincipalName": "v@contoso.example", "passwordProfile": {"password": "x1!Yz9#q"}}`).want(t, "strict POST with $top", 400)
	if n := len(list(t, sim, "/v1.0/users")); n != 1 {
		t.Errorf("%d users after a refused POST, want 1", n)
	}
}

// /me expands as the signed-in user does: its memberOf are the groups
// that have it as a member.
func TestMeExpandsMemberOf(t *testing.T) {
	sim := newSim(t,
		SeedEntity{Collection: "users", Data: map[string]any{"id": "u1", "displayName": "Me", "userPrincipalName": "me@contoso.example"}},
		SeedEntity{Collection: "groups", Data: map[string]any{"id": "g1", "displayName": "Team", "members@odata.bind": []any{"users/u1"}}},
		SeedEntity{Collection: "groups", Data: map[string]any{"id": "g2", "displayName": "Other"}},
	)
	me := get(t, sim, "/v1.0/me?$expand=memberOf").want(t, "me?$expand=memberOf", 200)
	v, _ := me.body["memberOf"].([]any)
	if len(v) != 1 || v[0].(map[string]any)["id"] != "g1" {
		t.Errorf("memberOf of me = %v, want [g1]", me.body["memberOf"])
	}
}
