package tenantfile

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func generated(t testing.TB, users, groups int, seed int64, extra string) *File {
	t.Helper()
	return mustParse(t, "gen.yaml", fmt.Sprintf("version: 1\ngenerate: {users: %d, groups: %d, seed: %d}\n%s", users, groups, seed, extra))
}

// dump renders every entity of f, binds included, as JSON lines.
func dump(t testing.TB, f *File) string {
	t.Helper()
	var b strings.Builder
	for _, c := range f.Collections {
		for _, e := range c.Entities {
			data, err := json.Marshal(e.Data)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %s", c.Path, data)
			for _, bd := range e.Binds {
				fmt.Fprintf(&b, " %s=%v", bd.Nav, bd.Targets)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestGenerateRepeats(t *testing.T) {
	a, b := dump(t, generated(t, 300, 20, 7, "")), dump(t, generated(t, 300, 20, 7, ""))
	if a != b {
		t.Error("the same seed gave two tenants")
	}
	if c := dump(t, generated(t, 300, 20, 8, "")); c == a {
		t.Error("seeds 7 and 8 gave the same tenant")
	}
	// Asking for more groups changes no user.
	few, more := generated(t, 50, 1, 7, ""), generated(t, 50, 30, 7, "")
	for i, u := range few.Users().Entities {
		if u.ID != more.Users().Entities[i].ID {
			t.Fatalf("user %d: %s with 1 group, %s with 30", i, u.ID, more.Users().Entities[i].ID)
		}
	}
}

var guidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestGenerateUsers(t *testing.T) {
	f := generated(t, 200, 0, 3, "")
	users := f.Users()
	if !users.Generated || users.Written != "/users" || len(users.Entities) != 200 {
		t.Fatalf("users = %+v", users)
	}
	for _, u := range users.Entities {
		d := u.Data
		upn, _ := d["userPrincipalName"].(string)
		given, _ := d["givenName"].(string)
		surname, _ := d["surname"].(string)
		if !guidRE.MatchString(u.ID) || d["id"] != u.ID {
			t.Errorf("id %q is not a version 4 GUID", u.ID)
		}
		if d["displayName"] != given+" "+surname || !strings.HasPrefix(upn, strings.ToLower(given+"."+surname)) || !strings.HasSuffix(upn, "@"+DefaultDomain) {
			t.Errorf("user %v: displayName or userPrincipalName not made of the names", d)
		}
		if d["mail"] != upn || d["mailNickname"] != strings.TrimSuffix(upn, "@"+DefaultDomain) || d["accountEnabled"] != true {
			t.Errorf("user %v: mail, mailNickname or accountEnabled", d)
		}
		for _, p := range []string{"jobTitle", "department", "officeLocation"} {
			if s, _ := d[p].(string); s == "" {
				t.Errorf("user %v has no %s", d, p)
			}
		}
		if !u.Generated || u.Pos != f.Generate.Pos || u.Props != nil {
			t.Errorf("user %s: Generated %v at %s", u.ID, u.Generated, u.Pos)
		}
	}
}

func TestGenerateAvoidsWrittenNames(t *testing.T) {
	// The first user seed 7 makes is Hana Svensson (see testdata/tenant.yaml).
	f := generated(t, 1, 0, 7, "entities:\n  /users:\n    - {userPrincipalName: Hana.Svensson@contoso.example}\n    - {userPrincipalName: x@contoso.example, mailNickname: hana.svensson2}\n")
	got := f.Users().Entities[2].Data["userPrincipalName"]
	if got != "hana.svensson3@contoso.example" {
		t.Errorf("generated userPrincipalName %v, want hana.svensson3@contoso.example: the written ones hold the name and the nickname 2", got)
	}
	if u := f.Users().Entities; u[0].Generated || u[1].Generated || f.Users().Generated {
		t.Error("written users marked Generated")
	}
}

func TestGenerateUnique100k(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: generating and checking 100,000 users takes seconds; make test runs it")
	}
	f := generated(t, MaxUsers, 0, 1, "")
	upns, nicks, ids := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, u := range f.Users().Entities {
		upn := strings.ToLower(u.Data["userPrincipalName"].(string))
		nick := strings.ToLower(u.Data["mailNickname"].(string))
		if upns[upn] || nicks[nick] || ids[u.ID] {
			t.Fatalf("%s / %s / %s is given twice", upn, nick, u.ID)
		}
		upns[upn], nicks[nick], ids[u.ID] = true, true, true
	}
	if len(upns) != MaxUsers {
		t.Errorf("%d users, want %d", len(upns), MaxUsers)
	}
}

// TestGenerateGroups checks the two kinds of group Create group makes: a
// Microsoft 365 group (groupTypes ["Unified"], mailEnabled true,
// securityEnabled false) and a security group (mailEnabled false,
// securityEnabled true), both with a mailNickname
// (https://learn.microsoft.com/en-us/graph/api/group-post-groups?view=graph-rest-1.0).
func TestGenerateGroups(t *testing.T) {
	f := generated(t, 40, 60, 5, "")
	groups := f.Collections[1]
	if groups.Written != "/groups" || !groups.Generated || len(groups.Entities) != 60 {
		t.Fatalf("collections[1] = %s with %d entities, want 60 generated groups", groups.Written, len(groups.Entities))
	}
	nicks := map[string]bool{}
	unified, withMembers := 0, 0
	for _, g := range groups.Entities {
		d := g.Data
		nick := strings.ToLower(d["mailNickname"].(string))
		if nicks[nick] {
			t.Errorf("mailNickname %s twice", nick)
		}
		nicks[nick] = true
		types, _ := json.Marshal(d["groupTypes"])
		switch string(types) {
		case `["Unified"]`:
			unified++
			if d["mailEnabled"] != true || d["securityEnabled"] != false || d["mail"] != nick+"@"+DefaultDomain {
				t.Errorf("Microsoft 365 group %v", d)
			}
		case `[]`:
			if d["mailEnabled"] != false || d["securityEnabled"] != true {
				t.Errorf("security group %v", d)
			}
		default:
			t.Errorf("groupTypes %s", types)
		}
		if len(g.Binds) == 0 {
			continue
		}
		withMembers++
		b := g.Binds[0]
		if b.Nav != "members" || len(b.Targets) > MaxGroupMembers || len(b.Refs) != len(b.Targets) {
			t.Errorf("members %+v", b)
		}
		seen := map[string]bool{}
		for i, tgt := range b.Targets {
			if p, ok := f.Resolve(b.Refs[i]); !ok || p.String() != tgt.String() || seen[tgt.String()] {
				t.Errorf("member %s (%s) does not resolve to a user once", b.Refs[i], tgt)
			}
			seen[tgt.String()] = true
		}
	}
	if unified == 0 || unified == len(groups.Entities) || withMembers == 0 {
		t.Errorf("%d Microsoft 365 groups and %d with members out of %d: want some of each", unified, withMembers, len(groups.Entities))
	}
	if noUsers := generated(t, 0, 3, 5, ""); len(noUsers.Collections) != 1 || noUsers.Collections[0].Entities[0].Binds != nil {
		t.Errorf("groups without users to generate: %+v", noUsers.Collections)
	}
}

func TestGenerateDomain(t *testing.T) {
	f := mustParse(t, "t.yaml", "version: 1\ngenerate: {users: 2, groups: 3, domain: fabrikam.example}\n")
	for _, c := range f.Collections {
		for _, e := range c.Entities {
			if m, ok := e.Data["mail"].(string); ok && !strings.HasSuffix(m, "@fabrikam.example") {
				t.Errorf("mail %s, want @fabrikam.example", m)
			}
		}
	}
}

// BenchmarkGenerate parses a file generating 1,000 and then 100,000
// users: ns/user and allocs/user should stay the same, the first run
// being the baseline of the second.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		data := []byte(fmt.Sprintf("version: 1\ngenerate: {users: %d, groups: 100, seed: 7}\n", n))
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var allocs float64
			for b.Loop() {
				if _, err := Parse("bench.yaml", data); err != nil {
					b.Fatal(err)
				}
			}
			allocs = float64(testing.AllocsPerRun(1, func() { _, _ = Parse("bench.yaml", data) }))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/user")
			b.ReportMetric(allocs/float64(n), "allocs/user")
		})
	}
}
