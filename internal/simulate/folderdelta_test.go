package simulate

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// folderRound follows a delta round from path to its deltaLink: the
// entries' ids (removed ones as "-id") and the deltaLink, as a path.
func folderRound(t *testing.T, sim *Sim, path string, headers ...string) ([]string, string) {
	t.Helper()
	var ids []string
	for {
		page := get(t, sim, path, headers...).want(t, "GET "+path, 200)
		for _, v := range page.body["value"].([]any) {
			m := v.(map[string]any)
			id := str(m["id"])
			if r, ok := m["@removed"].(map[string]any); ok {
				if r["reason"] != "deleted" {
					t.Errorf("@removed = %v, want reason deleted", r)
				}
				id = "-" + id
			}
			ids = append(ids, id)
		}
		if next := str(page.body["@odata.nextLink"]); next != "" {
			path = strings.TrimPrefix(next, base)
			continue
		}
		link := str(page.body["@odata.deltaLink"])
		if !strings.HasPrefix(link, base+"/v1.0/users/") {
			t.Fatalf("deltaLink = %q, want one back at the mock", link)
		}
		return ids, strings.TrimPrefix(link, base)
	}
}

// Delta of the messages in a folder, addressed by a well-known name
// (https://learn.microsoft.com/en-us/graph/api/message-delta,
// https://learn.microsoft.com/en-us/graph/api/resources/mailfolder): the
// first round pages through the folder, a later one returns exactly what
// was created, changed, deleted or moved out, and nothing of other folders.
func TestMessagesDeltaInAFolder(t *testing.T) {
	msg := func(id, folder string) SeedEntity {
		return SeedEntity{Collection: "users/u1/messages", Data: map[string]any{"id": id, "subject": id, "parentFolderId": folder, "isRead": false}}
	}
	sim := newSim(t,
		SeedEntity{Collection: "users", Data: map[string]any{"id": "u1", "displayName": "One", "userPrincipalName": "one@contoso.example", "mail": "one@contoso.example"}},
		SeedEntity{Collection: "users", Data: map[string]any{"id": "u2", "displayName": "Two", "userPrincipalName": "two@contoso.example", "mail": "two@contoso.example"}},
		msg("m1", "inbox"), msg("m2", "inbox"), msg("m3", "Inbox"), msg("s1", "sentitems"), msg("m4", "inbox"),
	)
	prefer := []string{"Prefer", "odata.maxpagesize=2"}
	ids, link := folderRound(t, sim, "/v1.0/users/u1/mailFolders/inbox/messages/delta", prefer...)
	if !slices.Equal(ids, []string{"m1", "m2", "m3", "m4"}) {
		t.Fatalf("first round = %v, want the inbox's 4 messages", ids)
	}
	if !strings.Contains(link, "$deltatoken=") {
		t.Errorf("deltaLink = %s", link)
	}
	if ids, _ := folderRound(t, sim, link); len(ids) != 0 {
		t.Errorf("a round with no change = %v, want nothing", ids)
	}

	do(t, sim, "PATCH", "/v1.0/users/u1/messages/m1", `{"isRead": true}`).want(t, "PATCH m1", 200)
	do(t, sim, "DELETE", "/v1.0/users/u1/messages/m2", "").want(t, "DELETE m2", 204)
	do(t, sim, "PATCH", "/v1.0/users/u1/messages/s1", `{"isRead": true}`).want(t, "PATCH a sent message", 200)
	do(t, sim, "POST", "/v1.0/users/u2/sendMail", `{"message": {"subject": "Hi", "toRecipients": [{"emailAddress": {"address": "one@contoso.example"}}]}}`).want(t, "sendMail to u1", 202)
	ids, link2 := folderRound(t, sim, link, prefer...)
	if len(ids) != 3 || ids[0] != "m1" || ids[2] != "-m2" || strings.HasPrefix(ids[1], "-") || ids[1] == "s1" {
		t.Errorf("second round = %v, want m1 changed, the delivered message, m2 removed", ids)
	}
	if ids, _ := folderRound(t, sim, link2); len(ids) != 0 {
		t.Errorf("the round after = %v, want nothing", ids)
	}
	// The same link read again answers the same changes: a deltaLink is a
	// place, not a cursor consumed.
	if again, _ := folderRound(t, sim, link); len(again) != 3 {
		t.Errorf("the second round's link read again = %v", again)
	}

	sent, _ := folderRound(t, sim, "/v1.0/users/u1/mailFolders/sentitems/messages/delta()")
	if !slices.Equal(sent, []string{"s1"}) {
		t.Errorf("sentitems = %v, want [s1]", sent)
	}
	sel := get(t, sim, "/v1.0/users/u1/mailFolders/inbox/messages/delta?$select=subject").want(t, "$select", 200)
	first := sel.body["value"].([]any)[0].(map[string]any)
	if first["subject"] != "m1" || first["isRead"] != nil {
		t.Errorf("$select=subject = %v", first)
	}

	u, _ := url.Parse(link)
	q := u.Query()
	q.Set("$deltatoken", q.Get("$deltatoken")+"x")
	get(t, sim, u.Path+"?"+q.Encode()).want(t, "a tampered deltatoken", 410)
	get(t, sim, "/v1.0/users/u1/mailFolders/inbox/messages/delta?$orderby=subject").want(t, "$orderby in delta", 400)
	get(t, sim, "/v1.0/users/u1/mailFolders/inbox/messages/delta?$filter=subject eq 'x'").want(t, "$filter on subject", 400)
	get(t, sim, "/v1.0/users/u1/mailFolders/inbox/messages/delta?$filter=receivedDateTime ge 2020-01-01T00:00:00Z").want(t, "$filter on receivedDateTime", 200)
	get(t, sim, "/v1.0/users/u1/mailFolders/nofolder/messages/delta").want(t, "a folder that does not exist", 404)
	get(t, sim, "/v1.0/users/nobody/mailFolders/inbox/messages/delta").want(t, "a user that does not exist", 404)
}
