package scrub

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
)

// forms returns v as it may appear in a recording: plain, URL-encoded
// (path and query forms) and JSON-escaped.
func forms(v string) []string {
	j, _ := json.Marshal(v)
	out := []string{v, url.PathEscape(v), url.QueryEscape(v), string(j[1 : len(j)-1])}
	return out
}

// assertNone fails when any form of any secret is in out.
func assertNone(t *testing.T, out string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, f := range forms(s) {
			if strings.Contains(out, f) {
				t.Errorf("%q (a form of %q) is still in:\n%s", f, s, out)
			}
		}
	}
}

func randomGUID(r *rand.Rand) string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

var firstNames = []string{"Megan", "Adele", "Lidia", "Grady", "Johanna", "Élodie", "Zoë", "Miriam"}
var lastNames = []string{"Bowen", "Vance", "Holloway", "Archie", "Lorenz", "O'Brien", "Nguyễn", "Graham"}

// person is seeded personal data for a property test.
type person struct {
	id, tenant, given, surname, display, mail, phone string
}

func randomPerson(r *rand.Rand, n int) person {
	g, s := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	g, s = fmt.Sprintf("%s%d", g, n), fmt.Sprintf("%s%d", s, r.IntN(1000))
	return person{
		id: randomGUID(r), tenant: randomGUID(r), given: g, surname: s, display: g + " " + s,
		mail:  strings.ToLower(strings.ReplaceAll(g+"."+s, "'", "")) + "@contoso" + fmt.Sprint(r.IntN(9)) + ".onmicrosoft.com",
		phone: fmt.Sprintf("+44 20 %04d %04d", r.IntN(10000), r.IntN(10000)),
	}
}

func (p person) secrets() []string {
	return []string{p.id, strings.ToUpper(p.id), p.tenant, p.given, p.surname, p.display, p.mail, p.phone}
}

func (p person) userJSON() string {
	b, _ := json.Marshal(map[string]any{
		"id": p.id, "displayName": p.display, "givenName": p.given, "surname": p.surname,
		"mail": p.mail, "userPrincipalName": p.mail, "businessPhones": []string{p.phone}, "mobilePhone": p.phone,
	})
	return string(b)
}

// TestNoSeededValueSurvives is a property test: for random people, their
// user object, a member of a chat between two of them, the chat's id and
// webUrl, and URLs that name them plainly and encoded, keep no form of
// any seeded value once scrubbed.
func TestNoSeededValueSurvives(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 100 {
		a, b := randomPerson(r, n), randomPerson(r, n+1)
		chatID := "19:" + a.id + "_" + b.id + "@unq.gbl.spaces"
		member := fmt.Sprintf(`{"@odata.type":"#microsoft.graph.aadUserConversationMember","id":"MCMjMiMjMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODk","displayName":%q,"userId":%q,"email":%q,"tenantId":%q}`, a.display, a.id, a.mail, a.tenant)
		chat := fmt.Sprintf(`{"id":%q,"chatType":"oneOnOne","topic":null,"tenantId":%q,"webUrl":"https://teams.microsoft.com/l/chat/%s/0?tenantId=%s","lastMessagePreview":{"body":{"content":"hi %s"}}}`,
			chatID, a.tenant, url.PathEscape(chatID), a.tenant, b.given)
		s := New(fmt.Sprint("seed", n))
		bodies := []string{a.userJSON(), b.userJSON(), member, chat}
		for _, body := range bodies {
			s.Learn([]byte(body))
		}
		var out strings.Builder
		for _, body := range bodies {
			got, ok := s.JSON([]byte(body), nil)
			if !ok {
				t.Fatalf("not JSON: %s", body)
			}
			out.Write(got)
		}
		for _, u := range []string{
			"https://graph.microsoft.com/v1.0/users/" + a.mail,
			"https://graph.microsoft.com/v1.0/users/" + url.PathEscape(b.mail) + "/chats",
			"/v1.0/chats/" + url.PathEscape(chatID) + "/members?$filter=" + url.QueryEscape("displayName eq '"+a.display+"'"),
			"/v1.0/users?$filter=" + url.QueryEscape("startswith(givenName,'"+b.given+"')"),
			"/v1.0/users/" + strings.ToUpper(a.id) + "/manager",
		} {
			out.WriteString(s.URL(u) + "\n")
		}
		assertNone(t, out.String(), append(a.secrets(), b.secrets()...)...)
		var rep bytes.Buffer
		if err := s.Report().WriteText(&rep); err != nil {
			t.Fatal(err)
		}
		assertNone(t, rep.String(), append(a.secrets(), b.secrets()...)...)
		if t.Failed() {
			return
		}
	}
}

// TestTheSameValueGetsTheSamePseudonymEverywhere: a GUID in an id
// property, inside a chat id, in a path (encoded or in upper case) and in
// a webUrl's tenantId gets one pseudonym; so does an address in a
// property and in a URL.
func TestTheSameValueGetsTheSamePseudonymEverywhere(t *testing.T) {
	const oid = "8b081ef6-4792-4def-b2c9-c363a1bf41d5"
	const other = "5dc3b4c4-f2e4-4b57-9a5d-1d1d7f3e8b0e"
	const tenant = "2432b57b-0abd-43db-aa7b-16eadd115d34"
	const mail = "MeganB@M365x214355.onmicrosoft.com"
	s := New("s")
	body := fmt.Sprintf(`{"id":"19:%s_%s@unq.gbl.spaces","userId":%q,"tenantId":%q,"mail":%q,"webUrl":"https://teams.microsoft.com/l/chat/19%%3A%s_%s%%40unq.gbl.spaces/0?tenantId=%s"}`,
		oid, other, oid, tenant, mail, oid, other, tenant)
	out, ok := s.JSON([]byte(body), nil)
	if !ok {
		t.Fatal("not JSON")
	}
	var doc map[string]string
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	fo, ft := doc["userId"], doc["tenantId"]
	if fo == oid || ft == tenant || !guidRE.MatchString(fo) || !guidRE.MatchString(ft) {
		t.Fatalf("userId %q, tenantId %q: want pseudonyms shaped as GUIDs", fo, ft)
	}
	fother := s.String(other)
	if want := "19:" + fo + "_" + fother + "@unq.gbl.spaces"; doc["id"] != want {
		t.Errorf("id = %q, want %q", doc["id"], want)
	}
	if want := "https://teams.microsoft.com/l/chat/19:" + fo + "_" + fother + "@unq.gbl.spaces/0?tenantId=" + ft; doc["webUrl"] != want {
		t.Errorf("webUrl = %q, want %q", doc["webUrl"], want)
	}
	if got := s.URL("/v1.0/users/" + strings.ToUpper(oid)); got != "/v1.0/users/"+strings.ToUpper(fo) {
		t.Errorf("upper-case path = %q, want the pseudonym %q in upper case", got, fo)
	}
	if got, want := s.URL("/v1.0/users/"+url.PathEscape(strings.ToLower(mail))+"/chats"), "/v1.0/users/"+doc["mail"]+"/chats"; got != want {
		t.Errorf("address in a path = %q, want %q", got, want)
	}
	rep := s.Report()
	if rep.Replaced[Tenant].Values != 1 || rep.Replaced[ObjectID].Values != 2 || rep.Replaced[Mail].Values != 1 {
		t.Errorf("report %+v: want 1 tenant id, 2 object ids, 1 address", rep.Replaced)
	}
}

// TestPseudonymsDependOnTheSeedAlone: the same seed gives the same
// output, another seed another one; distinct GUIDs get distinct
// pseudonyms.
func TestPseudonymsDependOnTheSeedAlone(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	seen := map[string]string{}
	for range 500 {
		p := randomPerson(r, 0)
		body := []byte(p.userJSON())
		a1, _ := New("one").JSON(body, nil)
		a2, _ := New("one").JSON(body, nil)
		b, _ := New("two").JSON(body, nil)
		if !bytes.Equal(a1, a2) {
			t.Fatalf("same seed, different output:\n%s\n%s", a1, a2)
		}
		if bytes.Equal(a1, b) {
			t.Fatalf("different seeds, same output:\n%s", a1)
		}
		f := New("one").String(p.id)
		if prev, ok := seen[f]; ok && prev != p.id {
			t.Fatalf("%s and %s both became %s", prev, p.id, f)
		}
		seen[f] = p.id
	}
}

// TestCredentialsAreDropped: credential headers are dropped, other
// headers kept; tokens in JSON and query strings become Dropped.
func TestCredentialsAreDropped(t *testing.T) {
	s := New("s")
	for _, h := range []string{"Authorization", "authorization", "Cookie", "Set-Cookie", "Proxy-Authorization", "X-Ms-Token-Aad-Access-Token", "X-Api-Key"} {
		if !s.DropHeader(h) {
			t.Errorf("header %s kept", h)
		}
	}
	for _, h := range []string{"Content-Type", "Retry-After", "Location", "Prefer", "ConsistencyLevel"} {
		if s.DropHeader(h) {
			t.Errorf("header %s dropped", h)
		}
	}
	out, _ := s.JSON([]byte(`{"access_token":"eyJ0eXAiOiJKV1QiLCJhbGc","refresh_token":{"x":"y"},"passwordProfile":{"password":"hunter2!"},"secretText":"Qx8Q~abc"}`), nil)
	assertNone(t, string(out), "eyJ0eXAiOiJKV1QiLCJhbGc", "hunter2!", "Qx8Q~abc", `"x"`)
	if got := s.URL("https://example.com/cb?access_token=eyJabc&state=1"); strings.Contains(got, "eyJabc") {
		t.Errorf("URL kept its token: %s", got)
	}
	if got := s.URL("https://u:pw@graph.microsoft.com/v1.0/me"); strings.Contains(got, "pw") {
		t.Errorf("URL kept its user information: %s", got)
	}
	rep := s.Report()
	if rep.Dropped["header Authorization"] != 1 || rep.Dropped["JSON property access_token"] != 1 {
		t.Errorf("dropped %v", rep.Dropped)
	}
}

// TestPagingTokensGetOnePseudonym: a $skiptoken is opaque and may encode
// ids: it is replaced, the same in the nextLink and in the request that
// follows it, and the nextLink is rebased.
func TestPagingTokensGetOnePseudonym(t *testing.T) {
	s := New("s")
	const tok = "RFNwdAIAAQAAAB8xOTpkNDc0ZmU3NjFiZDM0YmI1"
	out, _ := s.JSON([]byte(`{"value":[],"@odata.nextLink":"https://graph.microsoft.com/v1.0/chats/19%3Aabc%40thread.v2/members?$skiptoken=`+tok+`"}`),
		func(u string) string {
			return strings.Replace(u, "https://graph.microsoft.com", "http://127.0.0.1:8080", 1)
		})
	var doc map[string]any
	json.Unmarshal(out, &doc)
	next, _ := doc["@odata.nextLink"].(string)
	u, err := url.Parse(next)
	if err != nil || u.Host != "127.0.0.1:8080" {
		t.Fatalf("nextLink %q: want it on 127.0.0.1:8080", next)
	}
	fake := u.Query().Get("$skiptoken")
	if fake == "" || fake == tok {
		t.Fatalf("nextLink %q: want the token replaced", next)
	}
	if got := s.URL("/v1.0/chats/19:abc@thread.v2/members?$skiptoken=" + tok); !strings.HasSuffix(got, "$skiptoken="+fake) {
		t.Errorf("the following request is %q, want the token %q", got, fake)
	}
	if u.Path != "/v1.0/chats/19:abc@thread.v2/members" {
		t.Errorf("path %q: a thread id is not personal", u.Path)
	}
}

// TestNotJSON: a body that is not one JSON value is returned unchanged
// with false, and learning from it learns nothing.
func TestNotJSON(t *testing.T) {
	s := New("s")
	for _, body := range []string{"", "  ", "<html>Megan</html>", `{"a":1} {"b":2}`, `{"displayName":`, "\xff\xfe"} {
		s.Learn([]byte(body))
		out, ok := s.JSON([]byte(body), nil)
		if ok || string(out) != body {
			t.Errorf("JSON(%q) = %q, %v: want it unchanged, false", body, out, ok)
		}
	}
	if len(s.learned) != 0 {
		t.Errorf("learned %v from bodies that are not JSON", s.learned)
	}
}

// TestLeftValuesAreReported: a property not on the list whose name or
// value looks personal is reported by name, without its value.
func TestLeftValuesAreReported(t *testing.T) {
	s := New("s")
	s.JSON([]byte(`{"jobTitle":"Chief Wizard","officeLocation":"Building 7","faxLine":"+1 (425) 555-0100","chatType":"group"}`), nil)
	rep := s.Report()
	for _, k := range []string{`property "jobTitle": its name suggests personal data`, `property "officeLocation": its name suggests personal data`, `property "faxLine": looks like a phone number`} {
		if rep.Left[k] != 1 {
			t.Errorf("left %v: want %s once", rep.Left, k)
		}
	}
	if len(rep.Left) != 3 {
		t.Errorf("left %v: chatType is not personal", rep.Left)
	}
	var b bytes.Buffer
	rep.WriteText(&b)
	assertNone(t, b.String(), "Chief Wizard", "Building 7", "555-0100")
}

// TestPersonalPropertiesAreInTheMetadata: every property on the list is
// a property of the type it names in Graph's v1.0 metadata, and every
// kind is one the scrubber knows.
func TestPersonalPropertiesAreInTheMetadata(t *testing.T) {
	m, err := csdl.Embedded("v1.0")
	if err != nil {
		t.Fatal(err)
	}
	if len(PersonalProperties()) < 30 {
		t.Fatalf("only %d personal properties", len(PersonalProperties()))
	}
	for _, p := range PersonalProperties() {
		typ := m.Type("microsoft.graph." + p.Type)
		if typ == nil {
			t.Errorf("%s: no such type in v1.0", p.Type)
			continue
		}
		if typ.Property(p.Property) == nil {
			t.Errorf("%s has no property %s in v1.0", p.Type, p.Property)
		}
		if p.Parent != "" && !regexp.MustCompile(`^[a-z][A-Za-z]*$`).MatchString(p.Parent) {
			t.Errorf("%s.%s: parent %q is not a property name", p.Type, p.Property, p.Parent)
		}
	}
}

// TestMalformedListLine: a line of the list that is not TYPE PROPERTY
// KIND, or has an unknown kind, is refused.
func TestMalformedListLine(t *testing.T) {
	for _, line := range []string{"user displayName", "user displayName nickname", "a b c d"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%q accepted", line)
				}
			}()
			mustParsePersonal(line)
		}()
	}
}

// TestURLsKeepTheirShape is a property test: a URL keeps its scheme,
// host, number of path segments, query parameter names and their order,
// and its non-personal segments, whatever personal values it holds; an
// @odata.id is scrubbed as a URL.
func TestURLsKeepTheirShape(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	s := New("s")
	for n := range 300 {
		p := randomPerson(r, n)
		s.Learn([]byte(p.userJSON()))
		raw := "https://graph.microsoft.com/v1.0/users/" + url.PathEscape(p.mail) + "/chats/19:" + p.id + "_" + p.tenant + "@unq.gbl.spaces/messages?$filter=" +
			url.QueryEscape("from/user/displayName eq '"+p.display+"'") + "&$top=5&tenantId=" + p.tenant + "#" + p.given
		got := s.URL(raw)
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("%s became %s: %v", raw, got, err)
		}
		segs := strings.Split(u.EscapedPath(), "/")
		if u.Scheme != "https" || u.Host != "graph.microsoft.com" || len(segs) != 7 || segs[1] != "v1.0" || segs[2] != "users" || segs[4] != "chats" || segs[6] != "messages" {
			t.Fatalf("%s became %s", raw, got)
		}
		var keys []string
		for _, kv := range strings.Split(u.RawQuery, "&") {
			k, _, _ := strings.Cut(kv, "=")
			keys = append(keys, k)
		}
		if strings.Join(keys, ",") != "$filter,$top,tenantId" || u.Query().Get("$top") != "5" {
			t.Fatalf("query %q", u.RawQuery)
		}
		assertNone(t, got, p.secrets()...)
		out, _ := s.JSON([]byte(`{"@odata.id":"https://graph.microsoft.com/v1.0/users('`+p.mail+`')","@odata.type":"#microsoft.graph.user"}`), nil)
		assertNone(t, string(out), p.secrets()...)
		if !strings.Contains(string(out), `"@odata.type": "#microsoft.graph.user"`) {
			t.Fatalf("@odata.type changed: %s", out)
		}
		if t.Failed() {
			return
		}
	}
}

// TestGraphNamesInPathsAreKept: a learned value spelt as one of Graph's
// path segments (a group called "members") does not change the path.
func TestGraphNamesInPathsAreKept(t *testing.T) {
	s := New("s")
	s.Learn([]byte(`{"displayName":"members","surname":"beta"}`))
	const p = "/beta/groups/abc/members/$ref"
	if got := s.URL(p); got != p {
		t.Errorf("%s became %s", p, got)
	}
	if got := s.String("members"); got == "members" {
		t.Errorf("the value itself is kept in text: %s", got)
	}
}

// TestOpaqueIDsInPaths: an Outlook id learned from a body is replaced in
// a path by the same pseudonym as in the body.
func TestOpaqueIDsInPaths(t *testing.T) {
	s := New("s")
	const id = "AAMkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgBGAAADZ"
	body := []byte(`{"id":"` + id + `","subject":"Quarterly figures"}`)
	s.Learn(body)
	out, _ := s.JSON(body, nil)
	var doc map[string]string
	json.Unmarshal(out, &doc)
	if doc["id"] == id || !strings.HasPrefix(doc["id"], "opaque") {
		t.Fatalf("id %q", doc["id"])
	}
	if got, want := s.URL("/v1.0/me/messages/"+id), "/v1.0/me/messages/"+doc["id"]; got != want {
		t.Errorf("path %s, want %s", got, want)
	}
}
