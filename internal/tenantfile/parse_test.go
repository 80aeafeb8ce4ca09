package tenantfile

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/store"
	"github.com/graphmock/graphmock/internal/strictyaml"
)

func mustParse(t testing.TB, name, text string) *File {
	t.Helper()
	f, err := Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("Parse(%q) error = %v, want none", name, err)
	}
	return f
}

func TestParseTenant(t *testing.T) {
	data, err := os.ReadFile("testdata/tenant.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("tenant.yaml", data)
	if err != nil {
		t.Fatalf("Parse error = %v", err)
	}
	var written []string
	for _, c := range f.Collections {
		written = append(written, c.Written)
	}
	if got, want := strings.Join(written, " "), "/users /groups /users/adele@contoso.example/messages /chats /planner/plans"; got != want {
		t.Errorf("collections = %s, want %s", got, want)
	}
	users := f.Users()
	if len(users.Entities) != 2+5 {
		t.Fatalf("%d users, want 2 written and 5 generated", len(users.Entities))
	}
	adele := users.Entities[0]
	if adele.ID != "5f3c0e0a-8d3b-4b8e-9a51-0c2a1d7e6f10" || adele.Generated || users.Entities[2].Generated != true {
		t.Errorf("users = %+v, %+v", adele, users.Entities[2])
	}
	if p, ok := adele.Prop("userPrincipalName"); !ok || p.Pos != (Pos{"tenant.yaml", 12, 7}) || p.ValuePos != (Pos{"tenant.yaml", 12, 26}) {
		t.Errorf("Prop(userPrincipalName) = %+v, %v; want tenant.yaml:12:7, value at column 26", p, ok)
	}
	if adele.Pos != (Pos{"tenant.yaml", 10, 7}) {
		t.Errorf("adele at %s, want tenant.yaml:10:7", adele.Pos)
	}
	if me, ok := f.SignedIn(); !ok || me != adele {
		t.Errorf("SignedIn() = %v, %v; want adele", me, ok)
	}
	alex := users.Entities[1]
	if alex.ID == "" || alex.Data["id"] != alex.ID {
		t.Errorf("alex has id %q, Data[id] %v: want one derived", alex.ID, alex.Data["id"])
	}
	sales := f.Collections[1].Entities[0]
	if len(sales.Binds) != 2 {
		t.Fatalf("sales binds = %+v, want members and owners", sales.Binds)
	}
	if _, inData := sales.Data["members@odata.bind"]; inData {
		t.Error("members@odata.bind is in Data, want it in Binds only")
	}
	adelePath := store.Path{{Name: "users", Key: adele.ID}}
	m := sales.Binds[0]
	if m.Nav != "members" || m.Single || len(m.Targets) != 2 || m.Targets[0].String() != adelePath.String() || m.Targets[1].String() != adelePath.String() {
		t.Errorf("members bind = %+v, want adele by UPN and by directoryObjects id", m)
	}
	if o := sales.Binds[1]; o.Nav != "owners" || o.Targets[0].String() != (store.Path{{Name: "users", Key: alex.ID}}).String() {
		t.Errorf("owners bind = %+v, want alex", o)
	}
	msgs := f.Collections[2]
	if msgs.Path.String() != "users/"+adele.ID+"/messages" {
		t.Errorf("messages at %s, want under adele's id", msgs.Path)
	}
	if body, _ := json.Marshal(msgs.Entities[0].Data["body"]); string(body) != `{"content":"Hi","contentType":"text"}` {
		t.Errorf("message body = %s", body)
	}
	if id := msgs.Entities[0].ID; !strings.HasPrefix(id, "AAMk") {
		t.Errorf("message id %q, want the Outlook shape (graphrules users/messages)", id)
	}
	if id := f.Collections[3].Entities[0].ID; !strings.HasPrefix(id, "19:") || !strings.HasSuffix(id, "@thread.v2") {
		t.Errorf("chat id %q, want the thread shape (graphrules chats)", id)
	}
	if p := f.Collections[4].Path; len(p) != 2 || p[0] != (store.Step{Name: "planner"}) || p[1] != (store.Step{Name: "plans"}) {
		t.Errorf("/planner/plans = %#v, want the planner singleton then plans", p)
	}
}

func TestParseIDsRepeat(t *testing.T) {
	text := "version: 1\nentities:\n  /users:\n    - userPrincipalName: a@x.example\n    - userPrincipalName: b@x.example\n"
	a, b := mustParse(t, "a.yaml", text), mustParse(t, "a.yaml", text)
	other := mustParse(t, "b.yaml", text)
	ua, ub, uo := a.Users().Entities, b.Users().Entities, other.Users().Entities
	if ua[0].ID != ub[0].ID || ua[1].ID != ub[1].ID {
		t.Errorf("ids %s %s, then %s %s: want the same on every load", ua[0].ID, ua[1].ID, ub[0].ID, ub[1].ID)
	}
	if ua[0].ID == ua[1].ID || ua[0].ID == uo[0].ID {
		t.Errorf("ids %s %s (a.yaml), %s (b.yaml): want each its own", ua[0].ID, ua[1].ID, uo[0].ID)
	}
}

func TestSignedInDefaultsToFirstUser(t *testing.T) {
	f := mustParse(t, "t.yaml", "version: 1\ngenerate: {users: 3}\n")
	me, ok := f.SignedIn()
	if !ok || me != f.Users().Entities[0] {
		t.Errorf("SignedIn() = %v, %v; want the first generated user", me, ok)
	}
	empty := mustParse(t, "t.yaml", "version: 1\n")
	if me, ok := empty.SignedIn(); ok {
		t.Errorf("SignedIn() of a file without users = %v, want none", me)
	}
}

// TestResolve takes the forms of reference Graph's pages write: users by
// id or userPrincipalName (GET /users/{id | userPrincipalName},
// https://learn.microsoft.com/en-us/graph/api/user-get?view=graph-rest-1.0),
// members@odata.bind of users/{id} and directoryObjects/{id} under the
// service root (https://learn.microsoft.com/en-us/graph/api/group-post-groups?view=graph-rest-1.0,
// https://learn.microsoft.com/en-us/graph/api/group-post-members?view=graph-rest-1.0)
// and a chat member's user@odata.bind of users('{id}')
// (https://learn.microsoft.com/en-us/graph/api/chat-post?view=graph-rest-1.0).
func TestResolve(t *testing.T) {
	f := mustParse(t, "t.yaml", "version: 1\nentities:\n  /users:\n    - {id: u1, userPrincipalName: Adele@Contoso.example}\n  /groups:\n    - {id: g1, mailNickname: g}\n")
	for _, tc := range []struct {
		ref, want string
	}{
		{"users/u1", "users/u1"},
		{"users/adele@contoso.example", "users/u1"},
		{"users('ADELE@contoso.example')", "users/u1"},
		{"https://graph.microsoft.com/v1.0/users/u1", "users/u1"},
		{"https://graph.microsoft.com/beta/directoryObjects/g1", "groups/g1"},
		{"/groups/g1", "groups/g1"},
		{"directoryObjects/u1", "users/u1"},
		{"users/nobody", ""},
		{"groups/u1", ""},
		{"users", ""},
		{"users/", ""},
		{"users('u1'", ""},
		{"0(')", ""},
		{"users(')", ""},
		{"users('')", ""},
		{"devices/u1", ""},
	} {
		p, ok := f.Resolve(tc.ref)
		if got := p.String(); got != tc.want || ok != (tc.want != "") {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.ref, got, ok, tc.want)
		}
	}
}

func TestParseErrorsAreErrors(t *testing.T) {
	_, err := Parse("t.yaml", []byte("version: 2\nentitie: {}\n"))
	errs := Errors(err)
	if len(errs) != 2 {
		t.Fatalf("Errors(%v) = %d errors, want 2", err, len(errs))
	}
	if errs[0].Pos != (Pos{"t.yaml", 1, 10}) || errs[0].Where != "version" {
		t.Errorf("first error %+v, want version at t.yaml:1:10", errs[0])
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("errors.As(%v, *Error) = false", err)
	}
}

func TestParseTooLarge(t *testing.T) {
	data := make([]byte, MaxFileSize+1)
	_, err := Parse("big.yaml", data)
	if err == nil || !strings.HasPrefix(err.Error(), "big.yaml: the file is 16777217 bytes, more than the 16 MiB") {
		t.Errorf("Parse(16 MiB + 1) error = %v, want the size refused", err)
	}
}

var readFile = os.ReadFile

func TestDidYouMeanIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\nentities:\n  /users:\n    - {userPrincipalName: adele@contoso.example}\n  /groups:\n")
	for range maxSuggestions + 5 {
		b.WriteString("    - members@odata.bind: [users/adel@contoso.example]\n")
	}
	_, err := Parse("t.yaml", []byte(b.String()))
	errs := Errors(err)
	if len(errs) != maxSuggestions+5 {
		t.Fatalf("%d errors, want %d", len(errs), maxSuggestions+5)
	}
	for i, e := range errs {
		if got, want := strings.Contains(e.Error(), "did you mean"), i < maxSuggestions; got != want {
			t.Errorf("error %d %q: did you mean %v, want %v", i, e, got, want)
		}
	}
}

func TestConcurrentReads(t *testing.T) {
	f := mustParse(t, "t.yaml", "version: 1\ngenerate: {users: 50, groups: 5}\n")
	done := make(chan bool)
	for range 4 {
		go func() {
			defer func() { done <- true }()
			for _, u := range f.Users().Entities {
				f.Resolve("users/" + u.ID)
				f.Resolve("users/nobody")
				f.SignedIn()
			}
		}()
	}
	for range 4 {
		<-done
	}
}

func TestCheckDomain(t *testing.T) {
	for _, tc := range []struct {
		domain string
		ok     bool
	}{
		{"contoso.example", true},
		{"a-b.c0.example", true},
		{"contoso", false},
		{"Contoso.example", false},
		{"contoso..example", false},
		{"-contoso.example", false},
		{"contoso-.example", false},
		{"con toso.example", false},
		{strings.Repeat("a", 64) + ".example", false},
		{strings.Repeat("a.", 127) + "example", false},
	} {
		if err := checkDomain(tc.domain); (err == nil) != tc.ok {
			t.Errorf("checkDomain(%q) = %v, want ok %v", tc.domain, err, tc.ok)
		}
	}
}

func TestMadeByHand(t *testing.T) {
	f := &File{Me: "b@x.example", Collections: []*Collection{
		{Path: store.Path{{Name: "users"}}, Entities: []*Entity{
			{ID: "a", Data: map[string]any{"userPrincipalName": "a@x.example"}},
			{ID: "b", Data: map[string]any{"userPrincipalName": "b@x.example"}},
		}},
	}}
	if me, ok := f.SignedIn(); !ok || me.ID != "b" {
		t.Errorf("SignedIn() = %v, %v; want b", me, ok)
	}
	if p, ok := f.Resolve("directoryObjects/a"); !ok || p.String() != "users/a" {
		t.Errorf("Resolve(directoryObjects/a) = %v, %v", p, ok)
	}
	f.Me = "nobody"
	if me, ok := f.SignedIn(); ok {
		t.Errorf("SignedIn() with me nobody = %v, want none", me)
	}
}

func TestTooManyNodesIsWrapped(t *testing.T) {
	data, err := os.ReadFile("testdata/errors/alias-bomb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("bomb.yaml", data); !errors.Is(err, strictyaml.ErrTooManyNodes) {
		t.Errorf("Parse(alias bomb) error = %v, want strictyaml.ErrTooManyNodes", err)
	}
}
