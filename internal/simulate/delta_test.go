package simulate

import (
	"net/url"
	"sort"
	"strings"
	"testing"
)

// deltaRound follows a delta round from path to its deltaLink, returning
// the values and the deltaLink's path.
func deltaRound(t *testing.T, sim *Sim, path string) ([]map[string]any, string, int) {
	t.Helper()
	var out []map[string]any
	pages := 0
	for {
		a := get(t, sim, path).want(t, "GET "+path, 200)
		pages++
		for _, v := range a.body["value"].([]any) {
			out = append(out, v.(map[string]any))
		}
		if next := str(a.body["@odata.nextLink"]); next != "" {
			if _, ok := a.body["@odata.deltaLink"]; ok {
				t.Fatal("a page with both nextLink and deltaLink")
			}
			path = strings.TrimPrefix(next, base)
			continue
		}
		link := str(a.body["@odata.deltaLink"])
		if !strings.HasPrefix(link, base+"/v1.0/") || !strings.Contains(link, "$deltatoken=") {
			t.Fatalf("the round ended without a deltaLink back at the mock: %s", a.raw)
		}
		return out, strings.TrimPrefix(link, base), pages
	}
}

// User delta: https://learn.microsoft.com/en-us/graph/api/user-delta.
func TestUserDeltaReturnsExactlyWhatChanged(t *testing.T) {
	sim := seededUsers(t, 250)
	all, link, pages := deltaRound(t, sim, "/v1.0/users/delta()")
	if ctx := get(t, sim, "/v1.0/users/delta()?$select=displayName").body["@odata.context"]; ctx != "https://graph.microsoft.com/v1.0/$metadata#users(displayName)" {
		t.Errorf("@odata.context = %v", ctx)
	}
	if len(all) != 250 || pages != 3 {
		t.Fatalf("first round: %d users in %d pages, want 250 in 3", len(all), pages)
	}
	none, link, _ := deltaRound(t, sim, link)
	if len(none) != 0 {
		t.Errorf("a round with no change returned %d users", len(none))
	}
	created := do(t, sim, "POST", "/v1.0/users", adele).want(t, "create", 201)
	newID := str(created.body["id"])
	renamed := "00000000-0000-0000-0000-000000000005"
	gone := "00000000-0000-0000-0000-000000000007"
	do(t, sim, "PATCH", "/v1.0/users/"+renamed, `{"displayName": "Renamed"}`).want(t, "rename", 204)
	do(t, sim, "DELETE", "/v1.0/users/"+gone, "").want(t, "delete", 204)
	changes, link2, _ := deltaRound(t, sim, link)
	got := map[string]map[string]any{}
	for _, c := range changes {
		got[str(c["id"])] = c
	}
	if len(changes) != 3 || got[newID] == nil || got[renamed]["displayName"] != "Renamed" {
		t.Fatalf("second round = %v, want the created, the renamed and the deleted user", changes)
	}
	if rm, _ := got[gone]["@removed"].(map[string]any); rm["reason"] != "changed" || len(got[gone]) != 2 {
		t.Errorf("deleted user = %v, want id and @removed reason changed", got[gone])
	}
	if again, _, _ := deltaRound(t, sim, link2); len(again) != 0 {
		t.Errorf("the round after = %v, want nothing", again)
	}
	// The older link still answers the same changes.
	if replay, _, _ := deltaRound(t, sim, link); len(replay) != 3 {
		t.Errorf("replaying the older deltaLink gave %d changes, want 3", len(replay))
	}
}

func TestDeltaLatestSelectAndRefusals(t *testing.T) {
	sim := seededUsers(t, 20)
	a := get(t, sim, "/v1.0/users/delta()?$deltatoken=latest").want(t, "latest", 200)
	if v := a.body["value"].([]any); len(v) != 0 || str(a.body["@odata.deltaLink"]) == "" {
		t.Fatalf("$deltatoken=latest = %s, want no users and a deltaLink", a.raw)
	}
	link := strings.TrimPrefix(str(a.body["@odata.deltaLink"]), base)
	do(t, sim, "PATCH", "/v1.0/users/00000000-0000-0000-0000-000000000001", `{"jobTitle": "Boss"}`).want(t, "patch", 204)
	if changes, _, _ := deltaRound(t, sim, link); len(changes) != 1 {
		t.Errorf("after latest, %d changes, want 1", len(changes))
	}
	sel, _, _ := deltaRound(t, sim, "/v1.0/users/delta()?$select=displayName,jobTitle")
	if len(sel) != 20 || len(sel[0]) > 3 || sel[0]["displayName"] == nil {
		t.Errorf("$select in delta: %d users, first %v", len(sel), sel[0])
	}
	for _, opt := range []string{"$top=5", "$orderby=displayName", "$expand=manager", "$count=true", "$filter=displayName eq 'x'"} {
		b := get(t, sim, "/v1.0/users/delta()?"+opt).want(t, "delta with "+opt, 400)
		if b.body["code"] != "Request_UnsupportedQuery" {
			t.Errorf("delta with %s: %s", opt, b.raw)
		}
	}
	get(t, sim, "/v1.0/users/delta()?$filter=id eq '00000000-0000-0000-0000-000000000001'").want(t, "delta by id", 200)
	for _, bad := range []string{"$deltatoken=abc", "$skiptoken=abc", "$deltatoken="} {
		b := get(t, sim, "/v1.0/users/delta()?"+bad).want(t, bad, 410)
		if b.body["code"] != "resyncRequired" {
			t.Errorf("%s: %s", bad, b.raw)
		}
	}
	u, _ := url.Parse(link)
	tok := u.Query().Get("$deltatoken")
	other := seededUsers(t, 20)
	get(t, other, "/v1.0/users/delta()?$deltatoken="+tok).want(t, "a token of another copy", 410)
	get(t, sim, "/v1.0/users/delta()?$select=displayName&$deltatoken="+tok).want(t, "a token of another query", 410)
	sim.Reset()
	get(t, sim, link).want(t, "a token from before a reset", 410)
}

// Group delta: https://learn.microsoft.com/en-us/graph/api/group-delta.
func TestGroupDeltaTracksMembers(t *testing.T) {
	sim := seededUsers(t, 3)
	u := func(i int) string { return "00000000-0000-0000-0000-00000000000" + string(rune('0'+i)) }
	g := str(do(t, sim, "POST", "/v1.0/groups", `{"displayName": "Team", "mailEnabled": false, "mailNickname": "team", "securityEnabled": true,
		"members@odata.bind": ["https://graph.microsoft.com/v1.0/directoryObjects/`+u(0)+`", "https://graph.microsoft.com/v1.0/directoryObjects/`+u(1)+`"]}`).want(t, "group", 201).body["id"])
	first, link, _ := deltaRound(t, sim, "/v1.0/groups/delta()")
	if len(first) != 1 || len(first[0]["members@delta"].([]any)) != 2 {
		t.Fatalf("first round = %v, want the group with its 2 members", first)
	}
	m := first[0]["members@delta"].([]any)[0].(map[string]any)
	if m["@odata.type"] != "#microsoft.graph.user" || m["id"] == nil {
		t.Errorf("member = %v", m)
	}
	do(t, sim, "DELETE", "/v1.0/groups/"+g+"/members/"+u(0)+"/$ref", "").want(t, "remove member", 204)
	do(t, sim, "POST", "/v1.0/groups/"+g+"/members/$ref", `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/`+u(2)+`"}`).want(t, "add member", 204)
	changes, _, _ := deltaRound(t, sim, link)
	if len(changes) != 1 {
		t.Fatalf("second round = %v, want the group", changes)
	}
	var got []string
	for _, e := range changes[0]["members@delta"].([]any) {
		mm := e.(map[string]any)
		s := str(mm["id"])
		if rm, ok := mm["@removed"].(map[string]any); ok {
			s += " removed " + str(rm["reason"])
		}
		got = append(got, s)
	}
	sort.Strings(got)
	if strings.Join(got, "; ") != u(0)+" removed deleted; "+u(2) {
		t.Errorf("members@delta = %v, want %s removed and %s added", got, u(0), u(2))
	}
	// Deleting a member changes the group though no request names it.
	_, link2, _ := deltaRound(t, sim, link)
	do(t, sim, "DELETE", "/v1.0/users/"+u(1), "").want(t, "delete a member", 204)
	after, _, _ := deltaRound(t, sim, link2)
	if len(after) != 1 || len(after[0]["members@delta"].([]any)) != 1 {
		t.Fatalf("after deleting a member = %v, want the group with the member removed", after)
	}
	if mm := after[0]["members@delta"].([]any)[0].(map[string]any); mm["id"] != u(1) || mm["@removed"] == nil {
		t.Errorf("members@delta = %v, want %s removed", mm, u(1))
	}
}
