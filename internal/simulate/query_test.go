package simulate

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// seededUsers returns a running tenant of n users, u000 … and a user's
// id is its number's GUID; every third is disabled, names run Adele
// 0000, Bianca 0001, … so that filters and orders have something to do.
func seededUsers(t testing.TB, n int) *Sim {
	t.Helper()
	names := []string{"Adele", "Bianca", "Carl", "Dora", "Emil"}
	ents := make([]SeedEntity, 0, n)
	for i := range n {
		ents = append(ents, SeedEntity{Collection: "users", Data: map[string]any{
			"id":                fmt.Sprintf("00000000-0000-0000-0000-%012d", i),
			"displayName":       fmt.Sprintf("%s %04d", names[i%len(names)], i),
			"userPrincipalName": fmt.Sprintf("u%04d@contoso.example", i),
			"mail":              fmt.Sprintf("u%04d@%s", i, []string{"contoso.example", "outlook.com"}[i%2]),
			"accountEnabled":    i%3 != 0,
			"companyName":       []any{nil, "Contoso"}[i%2],
			"proxyAddresses":    []any{fmt.Sprintf("SMTP:u%04d@contoso.example", i)},
			"assignedLicenses":  []any{},
			"createdDateTime":   fmt.Sprintf("2024-01-%02dT00:00:00Z", 1+i%28),
		}})
	}
	return newSim(t, ents...)
}

// get sends GET path with headers (name, value pairs).
func get(t testing.TB, sim *Sim, path string, headers ...string) answer {
	t.Helper()
	u, err := url.Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	for i := 0; i+1 < len(headers); i += 2 {
		h.Set(headers[i], headers[i+1])
	}
	r := &Request{Method: "GET", Path: u.EscapedPath(), Query: u.Query(), Base: base, Hosts: []string{"127.0.0.1:8080"}, Header: h}
	resp, ok := sim.Answer(r)
	if !ok {
		t.Fatalf("GET %s: the simulation did not take it", path)
	}
	a := answer{status: resp.Status, resp: resp}
	if resp.Err != nil {
		a.body = map[string]any{"code": resp.Err.Code, "message": resp.Err.Message}
		a.raw = resp.Err.Code + ": " + resp.Err.Message
	} else if len(resp.Body) > 0 {
		a.raw = string(resp.Body)
		_ = json.Unmarshal(resp.Body, &a.body)
	}
	return a
}

var eventual = []string{"ConsistencyLevel", "eventual"}

// walk follows nextLinks from path, returning every value and how many
// requests it took.
func walk(t testing.TB, sim *Sim, path string, headers ...string) ([]map[string]any, int) {
	t.Helper()
	var out []map[string]any
	requests := 0
	for path != "" {
		page := get(t, sim, path, headers...).want(t, "GET "+path, 200)
		requests++
		for _, v := range page.body["value"].([]any) {
			out = append(out, v.(map[string]any))
		}
		next := str(page.body["@odata.nextLink"])
		if next != "" && !strings.HasPrefix(next, base+"/v1.0/") {
			t.Fatalf("nextLink %q does not point back at the mock", next)
		}
		path = strings.TrimPrefix(next, base)
		if requests > 1000 {
			t.Fatal("more than 1000 pages")
		}
	}
	return out, requests
}

func names(vals []map[string]any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = str(v["displayName"])
	}
	return out
}

// Paging: https://learn.microsoft.com/en-us/graph/paging; users page 100
// by default and take $top up to 999 (https://learn.microsoft.com/en-us/graph/api/user-list).
func TestUsersPageAsGraphPagesThem(t *testing.T) {
	sim := seededUsers(t, 1050)
	vals, n := walk(t, sim, "/v1.0/users?$top=100")
	if len(vals) != 1050 || n != 11 {
		t.Errorf("$top=100 over 1050 users: %d users in %d requests, want 1050 in 11", len(vals), n)
	}
	seen := map[string]bool{}
	for _, v := range vals {
		seen[str(v["id"])] = true
	}
	if len(seen) != 1050 {
		t.Errorf("%d distinct users, want 1050", len(seen))
	}
	first := get(t, sim, "/v1.0/users").want(t, "GET /users", 200)
	if got := len(first.body["value"].([]any)); got != 100 {
		t.Errorf("default page = %d users, want 100", got)
	}
	next := str(first.body["@odata.nextLink"])
	if !strings.HasPrefix(next, base+"/v1.0/users?$skiptoken=") {
		t.Errorf("nextLink = %q, want the mock's /users with a $skiptoken", next)
	}
	if got := len(get(t, sim, "/v1.0/users?$top=5000").want(t, "$top=5000", 200).body["value"].([]any)); got != 999 {
		t.Errorf("$top=5000 gave %d users, want 999 (clamped to the maximum)", got)
	}
	for _, bad := range []string{"$top=0", "$top=-1", "$top=ten"} {
		a := get(t, sim, "/v1.0/users?"+bad).want(t, bad, 400)
		if a.body["code"] != "Request_BadRequest" {
			t.Errorf("%s: code = %v", bad, a.body["code"])
		}
	}
	a := get(t, sim, "/v1.0/users?$skip=10").want(t, "$skip on /users", 400)
	if a.body["message"] != "'$skip' is not supported by the service." {
		t.Errorf("$skip on /users: %s", a.raw)
	}
}

func TestAPageTokenIsOpaqueAndChecked(t *testing.T) {
	sim := seededUsers(t, 30)
	first := get(t, sim, "/v1.0/users?$top=10&$filter=accountEnabled eq true").want(t, "page 1", 200)
	next, _ := url.Parse(str(first.body["@odata.nextLink"]))
	tok := next.Query().Get("$skiptoken")
	if tok == "" || strings.ContainsAny(tok, "{}\":") {
		t.Fatalf("$skiptoken = %q, want an opaque token", tok)
	}
	if next.Query().Get("$filter") != "accountEnabled eq true" || next.Query().Get("$top") != "10" {
		t.Errorf("nextLink %s lost the original query", next)
	}
	tampered := []byte(tok)
	tampered[len(tampered)-2] ^= 1
	other := seededUsers(t, 30) // another copy: another session
	for _, c := range []struct {
		name string
		sim  *Sim
		path string
	}{
		{"tampered", sim, "/v1.0/users?$top=10&$filter=accountEnabled eq true&$skiptoken=" + string(tampered)},
		{"unknown", sim, "/v1.0/users?$top=10&$filter=accountEnabled eq true&$skiptoken=abc"},
		{"for another query", sim, "/v1.0/users?$top=10&$skiptoken=" + tok},
		{"from another copy", other, "/v1.0/users?$top=10&$filter=accountEnabled eq true&$skiptoken=" + tok},
		{"empty", sim, "/v1.0/users?$skiptoken="},
	} {
		a := get(t, c.sim, c.path).want(t, c.name, 400)
		if a.body["code"] != "Directory_ExpiredPageToken" {
			t.Errorf("%s token: %s, want Directory_ExpiredPageToken", c.name, a.raw)
		}
	}
	// The page after a deleted user still continues.
	vals := first.body["value"].([]any)
	last := str(vals[len(vals)-1].(map[string]any)["id"])
	do(t, sim, "DELETE", "/v1.0/users/"+last, "").want(t, "delete", 204)
	rest, _ := walk(t, sim, strings.TrimPrefix(next.String(), base))
	if len(rest) != 20-10 {
		t.Errorf("after the page's last user was deleted, %d enabled users followed, want 10", len(rest))
	}
}

// Outlook pages with $skip (https://learn.microsoft.com/en-us/graph/api/user-list-messages):
// 10 messages by default.
func TestMessagesPageWithSkip(t *testing.T) {
	ents := []SeedEntity{{Collection: "users", Data: map[string]any{"id": "u1", "displayName": "U", "userPrincipalName": "u@contoso.example"}}}
	for i := range 25 {
		ents = append(ents, SeedEntity{Collection: "users/u1/messages", Data: map[string]any{
			"id": fmt.Sprintf("m%02d", i), "subject": fmt.Sprintf("Lunch %02d", i), "importance": []any{"low", "high"}[i%2],
			"from": map[string]any{"emailAddress": map[string]any{"address": fmt.Sprintf("p%d@contoso.example", i%3)}},
		}})
	}
	sim := newSim(t, ents...)
	first := get(t, sim, "/v1.0/users/u1/messages").want(t, "page 1", 200)
	if got := len(first.body["value"].([]any)); got != 10 {
		t.Errorf("first page = %d messages, want 10", got)
	}
	if next := str(first.body["@odata.nextLink"]); next != base+"/v1.0/users/u1/messages?$skip=10" {
		t.Errorf("nextLink = %q, want $skip=10", next)
	}
	all, n := walk(t, sim, "/v1.0/users/u1/messages")
	if len(all) != 25 || n != 3 {
		t.Errorf("walked %d messages in %d pages, want 25 in 3", len(all), n)
	}
	high, _ := walk(t, sim, "/v1.0/users/u1/messages?$filter=importance eq 'high' and from/emailAddress/address eq 'p1@contoso.example'&$top=2")
	if len(high) != 4 { // i%2 == 1 and i%3 == 1: 1, 7, 13, 19
		t.Errorf("filtered messages = %d, want 4", len(high))
	}
	ordered, _ := walk(t, sim, "/v1.0/users/u1/messages?$orderby=subject desc&$top=7")
	if len(ordered) != 25 || str(ordered[0]["subject"]) != "Lunch 24" || str(ordered[24]["subject"]) != "Lunch 00" {
		t.Errorf("ordered desc: %d, first %v", len(ordered), ordered[0]["subject"])
	}
	found := get(t, sim, `/v1.0/users/u1/messages?$search="Lunch 07"`).want(t, "$search", 200)
	if v := found.body["value"].([]any); len(v) != 1 {
		t.Errorf("$search found %d messages, want 1", len(v))
	}
	a := get(t, sim, "/v1.0/users/u1/messages?$filter=colour eq 'red'").want(t, "unknown property", 400)
	if a.body["message"] != "Could not find a property named 'colour' on type 'microsoft.graph.message'." || a.body["code"] != "BadRequest" {
		t.Errorf("unknown property: %s", a.raw)
	}
	get(t, sim, "/v1.0/users/u1/messages?$skip=x").want(t, "$skip=x", 400)
	// Outlook's lambdas include all.
	get(t, sim, "/v1.0/users/u1/messages?$filter=toRecipients/all(r:r/emailAddress/address eq 'x')").want(t, "all on messages", 200)
}

// $select: https://learn.microsoft.com/en-us/graph/query-parameters#select-parameter.
func TestSelectProjectsAndNamesItInTheContext(t *testing.T) {
	sim := seededUsers(t, 3)
	a := get(t, sim, "/v1.0/users?$select=displayName,mail").want(t, "$select", 200)
	if a.body["@odata.context"] != "https://graph.microsoft.com/v1.0/$metadata#users(displayName,mail)" {
		t.Errorf("@odata.context = %v", a.body["@odata.context"])
	}
	for _, v := range a.body["value"].([]any) {
		u := v.(map[string]any)
		if len(u) > 3 || u["displayName"] == nil || u["mail"] == nil || u["userPrincipalName"] != nil {
			t.Errorf("selected user = %v, want displayName, mail (and id)", u)
		}
	}
	b := get(t, sim, "/v1.0/users?$select=displayName,favouriteColour").want(t, "$select unknown", 400)
	if b.body["message"] != "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'." || b.body["code"] != "Request_BadRequest" {
		t.Errorf("unknown $select: %s", b.raw)
	}
	get(t, sim, "/v1.0/users?$select=a b").want(t, "$select syntax", 400)
}

// The directory's default and advanced queries:
// https://learn.microsoft.com/en-us/graph/aad-advanced-queries.
func TestDirectoryFiltersFollowTheDefaultAndAdvancedRules(t *testing.T) {
	sim := seededUsers(t, 40)
	count := func(a answer) int { return len(a.body["value"].([]any)) }
	for _, c := range []struct {
		name, query string
		advanced    bool
		status      int
		code, msg   string
		n           int
	}{
		{"eq by default", "$filter=accountEnabled eq false", false, 200, "", "", 14},
		{"startswith by default", "$filter=startswith(displayName,'adele')", false, 200, "", "", 8},
		{"in by default", "$filter=displayName in ('Adele 0000','Carl 0002')", false, 200, "", "", 2},
		{"lambda on proxyAddresses", "$filter=proxyAddresses/any(p:startswith(p,'smtp:u000'))", false, 200, "", "", 10},
		{"ne needs advanced", "$filter=accountEnabled ne true", false, 400, "Request_UnsupportedQuery", "Operator 'ne' is not supported because the required parameters might be missing.", 0},
		{"ne with advanced", "$filter=accountEnabled ne true&$count=true", true, 200, "", "", 14},
		{"not needs advanced", "$filter=NOT startsWith(displayName, 'Adele')", false, 400, "Request_UnsupportedQuery", "Operator 'not' is not supported", 0},
		{"not with advanced", "$filter=NOT startsWith(displayName, 'Adele')&$count=true", true, 200, "", "", 32},
		{"endsWith needs advanced", "$filter=endsWith(mail,'@outlook.com')", false, 400, "Request_UnsupportedQuery", "Operator 'endsWith' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header.", 0},
		{"endsWith with only the header", "$filter=endsWith(mail,'@outlook.com')", true, 400, "Request_UnsupportedQuery", "Operator 'endsWith'", 0},
		{"endsWith with advanced", "$filter=endsWith(mail,'@outlook.com')&$count=true", true, 200, "", "", 20},
		{"endsWith on displayName never", "$filter=endsWith(displayName,'1')&$count=true", true, 400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'displayName' of resource 'User'.", 0},
		{"companyName eq is advanced", "$filter=companyName eq 'Contoso'", false, 400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'companyName' of resource 'User'.", 0},
		{"companyName eq with advanced", "$filter=companyName eq 'Contoso'&$count=true", true, 200, "", "", 20},
		{"ne null and not, the page's example", "$filter=companyName ne null and NOT(companyName eq 'Microsoft')&$count=true", true, 200, "", "", 20},
		{"null needs advanced", "$filter=displayName eq null", false, 400, "Request_UnsupportedQuery", "property 'displayName'", 0},
		{"/$count eq 0 needs advanced", "$filter=assignedLicenses/$count eq 0", false, 400, "Request_UnsupportedQuery", "Operator 'count'", 0},
		{"/$count eq 0 with advanced", "$filter=assignedLicenses/$count eq 0&$count=true", true, 200, "", "", 40},
		{"all is refused", "$filter=proxyAddresses/all(p:startswith(p,'SMTP'))&$count=true", true, 400, "Request_UnsupportedQuery", "property 'proxyAddresses' of resource 'User'", 0},
		{"an unlisted property", "$filter=favoriteColor eq 'red'", false, 400, "Request_UnsupportedQuery", "property 'favoriteColor' of resource 'User'", 0},
		{"a syntax error", "$filter=displayName eq 'x", false, 400, "Request_BadRequest", "is not closed", 0},
		{"GUID literal on id", "$filter=id eq 00000000-0000-0000-0000-000000000007", false, 200, "", "", 1},
		{"date on createdDateTime needs advanced", "$filter=createdDateTime ge 2024-01-20T00:00:00Z", false, 400, "Request_UnsupportedQuery", "property 'createdDateTime'", 0},
		{"date with advanced", "$filter=createdDateTime ge 2024-01-20T00:00:00Z&$count=true", true, 200, "", "", 9},
		{"orderby displayName by default", "$orderby=displayName desc", false, 200, "", "", 40},
		{"orderby mail is refused", "$orderby=mail", false, 400, "Request_UnsupportedQuery", "Sorting not supported for current query.", 0},
		{"orderby createdDateTime needs advanced", "$orderby=createdDateTime", false, 400, "Request_UnsupportedQuery", "Sorting not supported for current query.", 0},
		{"filter with orderby needs advanced", "$filter=accountEnabled eq true&$orderby=displayName", false, 400, "Request_UnsupportedQuery", "Sorting not supported for current query.", 0},
		{"filter with orderby, advanced", "$filter=accountEnabled eq true&$orderby=displayName&$count=true", true, 200, "", "", 26},
		{"search needs the header", `$search="displayName:adele"`, false, 400, "Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'", 0},
		{"search with the header", `$search="displayName:adele"`, true, 200, "", "", 8},
		{"search without a property", `$search="adele"`, true, 400, "Request_BadRequest", "property:value", 0},
		{"a bad $count", "$count=maybe", false, 400, "Request_BadRequest", "not true or false", 0},
	} {
		var h []string
		if c.advanced {
			h = eventual
		}
		a := get(t, sim, "/v1.0/users?"+c.query, h...)
		if a.status != c.status {
			t.Errorf("%s: %s = %d %s, want %d", c.name, c.query, a.status, a.raw, c.status)
			continue
		}
		if c.status != 200 {
			if a.body["code"] != c.code || !strings.Contains(str(a.body["message"]), c.msg) {
				t.Errorf("%s: %s = %s, want %s containing %q", c.name, c.query, a.raw, c.code, c.msg)
			}
			continue
		}
		if got := count(a); got != c.n {
			t.Errorf("%s: %s gave %d users, want %d", c.name, c.query, got, c.n)
		}
	}
	desc := get(t, sim, "/v1.0/users?$orderby=displayName desc&$top=3").want(t, "orderby desc", 200)
	if got := strings.Join(names(mapsOf(desc.body["value"])), ","); got != "Emil 0039,Emil 0034,Emil 0029" {
		t.Errorf("$orderby=displayName desc = %s", got)
	}
}

func mapsOf(v any) []map[string]any {
	var out []map[string]any
	for _, e := range v.([]any) {
		out = append(out, e.(map[string]any))
	}
	return out
}

func TestOrderedPagesWalkTheWholeOrderOnce(t *testing.T) {
	sim := seededUsers(t, 57)
	vals, n := walk(t, sim, "/v1.0/users?$orderby=displayName&$top=10&$filter=accountEnabled eq true&$count=true", eventual...)
	if len(vals) != 38 || n != 4 {
		t.Fatalf("walked %d users in %d pages, want 38 in 4", len(vals), n)
	}
	got := names(vals)
	for i := 1; i < len(got); i++ {
		if strings.ToLower(got[i-1]) > strings.ToLower(got[i]) {
			t.Fatalf("out of order at %d: %q before %q", i, got[i-1], got[i])
		}
	}
}

// $count: https://learn.microsoft.com/en-us/graph/aad-advanced-queries
// ("Error handling for advanced queries on directory objects").
func TestCountAsTheDirectoryCounts(t *testing.T) {
	sim := seededUsers(t, 130)
	a := get(t, sim, "/v1.0/users/$count").want(t, "$count without the header", 400)
	if a.body["code"] != "Request_BadRequest" || a.body["message"] != "$count is not currently supported." {
		t.Errorf("/$count without the header: %s", a.raw)
	}
	b := get(t, sim, "/v1.0/users/$count", eventual...).want(t, "$count", 200)
	if string(b.resp.Body) != "130" || b.resp.ContentType != "text/plain" {
		t.Errorf("/$count = %q %s", b.resp.Body, b.resp.ContentType)
	}
	c := get(t, sim, "/v1.0/users/$count?$filter=accountEnabled eq false", eventual...).want(t, "$count filtered", 200)
	if string(c.resp.Body) != "44" {
		t.Errorf("/$count filtered = %s, want 44", c.resp.Body)
	}
	silent := get(t, sim, "/v1.0/users?$count=true").want(t, "$count=true without the header", 200)
	if _, ok := silent.body["@odata.count"]; ok {
		t.Error("$count=true without the header gave @odata.count; Graph ignores it")
	}
	p1 := get(t, sim, "/v1.0/users?$count=true", eventual...).want(t, "$count=true", 200)
	if p1.body["@odata.count"] != float64(130) {
		t.Errorf("@odata.count = %v, want 130", p1.body["@odata.count"])
	}
	p2 := get(t, sim, strings.TrimPrefix(str(p1.body["@odata.nextLink"]), base), eventual...).want(t, "page 2", 200)
	if _, ok := p2.body["@odata.count"]; ok {
		t.Error("@odata.count on the second page; Graph gives it on the first only")
	}
}
