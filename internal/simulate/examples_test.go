package simulate

import (
	"fmt"
	"strings"
	"testing"
)

// docTenant is a tenant with the users, groups and messages Microsoft's
// list pages show in their examples.
func docTenant(t *testing.T) *Sim {
	t.Helper()
	ents := []SeedEntity{
		{Collection: "users", Data: map[string]any{"id": "me", "displayName": "Megan Bowen", "userPrincipalName": "MeganB@contoso.com", "mail": "MeganB@contoso.com"}},
		{Collection: "users", Data: map[string]any{"id": "a1", "displayName": "Adele Vance", "userPrincipalName": "AdeleV@contoso.com", "mail": "AdeleV@contoso.com"}},
		{Collection: "users", Data: map[string]any{"id": "a2", "displayName": "Alex Wilber", "userPrincipalName": "AlexW@contoso.com", "mail": "AlexWa@contoso.com"}},
		{Collection: "groups", Data: map[string]any{"id": "g1", "displayName": "Video Production", "description": "Video production", "groupTypes": []any{"Unified"}, "mailEnabled": true, "securityEnabled": false, "mailNickname": "video"}},
		{Collection: "groups", Data: map[string]any{"id": "g2", "displayName": "Security team", "description": "prod access", "groupTypes": []any{}, "mailEnabled": false, "securityEnabled": true, "mailNickname": "sec"}},
		{Collection: "groups", Data: map[string]any{"id": "g3", "displayName": "Finance", "description": "money", "groupTypes": []any{}, "mailEnabled": false, "securityEnabled": true, "mailNickname": "fin"}},
	}
	for i, s := range []string{"Pizza on Friday", "Quarterly review", "pizza party", "Budget"} {
		ents = append(ents, SeedEntity{Collection: "users/me/messages", Data: map[string]any{
			"id": fmt.Sprintf("m%d", i), "subject": s, "importance": []any{"high", "normal"}[i%2],
			"sender": map[string]any{"emailAddress": map[string]any{"name": "Adele Vance", "address": "AdeleV@contoso.com"}},
			"from":   map[string]any{"emailAddress": map[string]any{"name": "Adele Vance", "address": "AdeleV@contoso.com"}},
		}})
	}
	sim := newSim(t, ents...)
	return sim
}

// The requests below are the examples of Microsoft's list pages, each
// with the shape its documented response has.
func TestMicrosoftsListExamplesGiveTheDocumentedShape(t *testing.T) {
	sim := docTenant(t)
	for _, c := range []struct {
		source, path string
		headers      []string
		check        func(a answer) string
	}{
		{"https://learn.microsoft.com/en-us/graph/api/user-list (example 5: $count, $filter, $top, $orderby)",
			"/v1.0/users?$filter=startswith(displayName,'a')&$orderby=displayName&$count=true&$top=1", eventual,
			func(a answer) string {
				v := mapsOf(a.body["value"])
				if a.body["@odata.count"] != float64(2) || len(v) != 1 || v[0]["displayName"] != "Adele Vance" || str(a.body["@odata.nextLink"]) == "" {
					return "want @odata.count 2, Adele Vance and a nextLink"
				}
				return ""
			}},
		{"https://learn.microsoft.com/en-us/graph/api/user-list (example 6: endswith)",
			"/v1.0/users?$filter=endswith(mail,'a@contoso.com')&$orderby=userPrincipalName&$count=true", eventual,
			func(a answer) string {
				if v := mapsOf(a.body["value"]); a.body["@odata.count"] != float64(1) || len(v) != 1 || v[0]["displayName"] != "Alex Wilber" {
					return "want Alex Wilber only, counted"
				}
				return ""
			}},
		{"https://learn.microsoft.com/en-us/graph/api/user-list (example 7: $search)",
			`/v1.0/users?$search="displayName:wil"&$orderby=displayName&$count=true`, eventual,
			func(a answer) string {
				if v := mapsOf(a.body["value"]); len(v) != 1 || v[0]["displayName"] != "Alex Wilber" {
					return "want Alex Wilber (Wilber starts with wil)"
				}
				return ""
			}},
		{"https://learn.microsoft.com/en-us/graph/api/group-list (Microsoft 365 groups)",
			"/v1.0/groups?$filter=groupTypes/any(c:c+eq+'Unified')", nil,
			func(a answer) string {
				if v := mapsOf(a.body["value"]); len(v) != 1 || v[0]["id"] != "g1" {
					return "want the Unified group only"
				}
				return ""
			}},
		{"https://learn.microsoft.com/en-us/graph/api/group-list ($search with OR)",
			`/v1.0/groups?$search="displayName:Video" OR "description:prod"&$orderby=displayName&$count=true`, eventual,
			func(a answer) string {
				got := strings.Join(names(mapsOf(a.body["value"])), ",")
				if got != "Security team,Video Production" || a.body["@odata.count"] != float64(2) {
					return "want Security team, Video Production, counted; got " + got
				}
				return ""
			}},
		{"https://learn.microsoft.com/en-us/graph/api/user-list-messages ($select)",
			"/v1.0/me/messages?$select=sender,subject", nil,
			func(a answer) string {
				v := mapsOf(a.body["value"])
				if a.body["@odata.context"] != "https://graph.microsoft.com/v1.0/$metadata#users('me')/messages(sender,subject)" || len(v) != 4 || len(v[0]) != 3 {
					return "want 4 messages of id, sender and subject, and the context naming them"
				}
				return ""
			}},
		{"https://learn.microsoft.com/en-us/graph/search-query-parameter (messages, free text)",
			`/v1.0/me/messages?$search="pizza"`, nil,
			func(a answer) string {
				if v := mapsOf(a.body["value"]); len(v) != 2 {
					return "want the 2 pizza messages"
				}
				return ""
			}},
		{"https://learn.microsoft.com/en-us/graph/filter-query-parameter (messages by importance)",
			"/v1.0/me/messages?$filter=importance eq 'high'&$orderby=subject desc", nil,
			func(a answer) string {
				if got := strings.Join(subjects(mapsOf(a.body["value"])), ","); got != "pizza party,Pizza on Friday" {
					return "want the two high ones, subject descending; got " + got
				}
				return ""
			}},
	} {
		a := get(t, sim, c.path, c.headers...)
		if a.status != 200 {
			t.Errorf("%s: GET %s = %d %s", c.source, c.path, a.status, a.raw)
			continue
		}
		if msg := c.check(a); msg != "" {
			t.Errorf("%s: GET %s: %s\n%s", c.source, c.path, msg, a.raw)
		}
	}
}

func subjects(vals []map[string]any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = str(v["subject"])
	}
	return out
}
