package tenantfile

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/store"
)

// same reports how a and b differ, positions and names of files aside,
// or "" when they do not.
func same(a, b *File) string {
	if a.Version != b.Version || a.Me != b.Me {
		return fmt.Sprintf("version %d me %q, then version %d me %q", a.Version, a.Me, b.Version, b.Me)
	}
	switch ga, gb := a.Generate, b.Generate; {
	case (ga == nil) != (gb == nil):
		return fmt.Sprintf("generate %v, then %v", ga, gb)
	case ga != nil && (ga.Users != gb.Users || ga.Groups != gb.Groups || ga.Seed != gb.Seed || ga.Domain != gb.Domain):
		return fmt.Sprintf("generate %+v, then %+v", *ga, *gb)
	}
	if len(a.Collections) != len(b.Collections) {
		return fmt.Sprintf("%d collections, then %d", len(a.Collections), len(b.Collections))
	}
	for i, ca := range a.Collections {
		cb := b.Collections[i]
		if ca.Written != cb.Written || ca.Path.String() != cb.Path.String() || ca.Generated != cb.Generated || len(ca.Entities) != len(cb.Entities) {
			return fmt.Sprintf("collection %s %s %v (%d), then %s %s %v (%d)", ca.Written, ca.Path, ca.Generated, len(ca.Entities), cb.Written, cb.Path, cb.Generated, len(cb.Entities))
		}
		for j, ea := range ca.Entities {
			eb := cb.Entities[j]
			if ea.ID != eb.ID || ea.Generated != eb.Generated || !reflect.DeepEqual(ea.Data, eb.Data) {
				da, _ := json.Marshal(ea.Data)
				db, _ := json.Marshal(eb.Data)
				return fmt.Sprintf("%s[%d]: %s %v %s, then %s %v %s", ca.Written, j, ea.ID, ea.Generated, da, eb.ID, eb.Generated, db)
			}
			if fmt.Sprint(bindsOf(ea)) != fmt.Sprint(bindsOf(eb)) {
				return fmt.Sprintf("%s[%d]: binds %v, then %v", ca.Written, j, bindsOf(ea), bindsOf(eb))
			}
			if na, nb := propNames(ea), propNames(eb); na != nb && ea.Props != nil {
				return fmt.Sprintf("%s[%d]: properties %s, then %s", ca.Written, j, na, nb)
			}
		}
	}
	ma, oka := a.SignedIn()
	mb, okb := b.SignedIn()
	if oka != okb || oka && ma.ID != mb.ID {
		return fmt.Sprintf("signed in %v, then %v", ma, mb)
	}
	return ""
}

func bindsOf(e *Entity) []string {
	var out []string
	for _, b := range e.Binds {
		out = append(out, fmt.Sprintf("%s %v %q %v", b.Nav, b.Single, b.Refs, b.Targets))
	}
	return out
}

// propNames lists the properties in written order, the id aside (Encode
// writes a derived one first).
func propNames(e *Entity) string {
	var names []string
	for _, p := range e.Props {
		if p.Name != "id" {
			names = append(names, p.Name)
		}
	}
	return strings.Join(names, ",")
}

func roundTrip(t *testing.T, f *File) *File {
	t.Helper()
	data, err := Encode(f)
	if err != nil {
		t.Fatalf("Encode error = %v", err)
	}
	g, err := Parse("again.yaml", data)
	if err != nil {
		t.Fatalf("Parse(Encode(f)) error = %v\n%s", err, data)
	}
	if diff := same(f, g); diff != "" {
		t.Fatalf("Parse(Encode(f)) differs from f: %s\n%s", diff, data)
	}
	again, err := Encode(g)
	if err != nil || string(again) != string(data) {
		t.Fatalf("Encode(Parse(Encode(f))) = %v\n%s\nwant\n%s", err, again, data)
	}
	return g
}

func TestEncodeTenant(t *testing.T) {
	f := mustParse(t, "tenant.yaml", mustRead(t, "testdata/tenant.yaml"))
	roundTrip(t, f)
	data, _ := Encode(f)
	for _, want := range []string{"version: 1\n", "me: adele@contoso.example\n", "  users: 5\n", "    - id: 5f3c0e0a-8d3b-4b8e-9a51-0c2a1d7e6f10\n      displayName: Adele Vance\n", "members@odata.bind: [users/adele@contoso.example, "} {
		if !strings.Contains(string(data), want) {
			t.Errorf("Encode gives\n%s\nwant it to hold %q", data, want)
		}
	}
	if strings.Contains(string(data), "hana.svensson") {
		t.Errorf("Encode writes generated users:\n%s", data)
	}
}

func TestEncodeMadeByHand(t *testing.T) {
	f := &File{Collections: []*Collection{
		{Path: store.Path{{Name: "users"}}, Entities: []*Entity{
			{ID: "u1", Data: map[string]any{"displayName": "Adele", "age": 42, "ratio": 0.5, "userPrincipalName": "a@x.example"}},
		}},
		{Path: store.Path{{Name: "groups"}}, Entities: []*Entity{
			{ID: "g1", Binds: []*Bind{{Nav: "members", Targets: []store.Path{{{Name: "users", Key: "u1"}}}}}},
		}},
	}}
	data, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Parse("hand.yaml", data)
	if err != nil {
		t.Fatalf("Parse(Encode(hand-made)) error = %v\n%s", err, data)
	}
	u := g.Users().Entities[0]
	if u.ID != "u1" || u.Data["age"] != json.Number("42") || u.Data["ratio"] != json.Number("0.5") {
		t.Errorf("user %v", u.Data)
	}
	if b := g.Collections[1].Entities[0].Binds; len(b) != 1 || b[0].Targets[0].String() != "users/u1" {
		t.Errorf("binds %v", b)
	}
	bad := &File{Collections: []*Collection{{Path: store.Path{{Name: "users"}}, Entities: []*Entity{{ID: "u", Data: map[string]any{"c": make(chan int)}}}}}}
	if _, err := Encode(bad); err == nil || !strings.Contains(err.Error(), "chan int is not a JSON value") {
		t.Errorf("Encode(chan) error = %v", err)
	}
}

// tricky are strings YAML reads as something else unless quoted, or
// writes in more than one way.
var tricky = []string{
	"", " ", "true", "False", "yes", "no", "on", "off", "y", "null", "~", "Null", "2026-11-27", "2026-11-27T10:00:00Z",
	"012", "0x1F", "0o17", "1e3", "-1", "+1", "1_000", ".inf", "-.Inf", ".nan", "- a", "a: b", "a #b", "#c", "  lead", "trail ",
	"multi\nline", "two\n\nblank\n", "crlf\r\n", "tab\there", "quote'\"", "{x}", "[y]", "*alias", "&anchor", "!tag", "@at", "%pct",
	"`tick`", "|", ">", "é ü 日本 🎉", "\u2028sep", "nul\x00", "bell\a", "<<", "=", "---", "...", "? q", "back\\slash",
}

var numbers = []string{"0", "-1", "42", "3.14", "1e5", "-2.5E-3", "12345678901234567890", "1.0", "0.000001"}

func randString(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return tricky[r.IntN(len(tricky))]
	}
	const chars = "abcXYZ019 -_:@./#'\"\\{}[],&*!|>%\n\t"
	b := make([]byte, r.IntN(12))
	for i := range b {
		b[i] = chars[r.IntN(len(chars))]
	}
	return string(b)
}

func randValue(r *rand.Rand, depth int) any {
	switch k := r.IntN(8); {
	case k == 0:
		return nil
	case k == 1:
		return r.IntN(2) == 0
	case k == 2:
		return json.Number(numbers[r.IntN(len(numbers))])
	case k == 3 && depth < 3:
		s := make([]any, r.IntN(4))
		for i := range s {
			s[i] = randValue(r, depth+1)
		}
		return s
	case k == 4 && depth < 3:
		m := map[string]any{}
		for range r.IntN(4) {
			m[randKey(r)] = randValue(r, depth+1)
		}
		return m
	default:
		return randString(r)
	}
}

func randKey(r *rand.Rand) string {
	for {
		k := randString(r)
		if k != "<<" && !strings.HasSuffix(k, bindSuffix) {
			return k
		}
	}
}

// randFile makes a tenant by hand: users with userPrincipalNames, groups
// binding them by id or name, messages under users reached by either,
// chats with values of every kind, and now and then a generate block.
func randFile(r *rand.Rand) *File {
	f := &File{Version: Version}
	users := &Collection{Written: "/users", Path: store.Path{{Name: "users"}}}
	var upns, ids []string
	for i := range r.IntN(5) {
		id := fmt.Sprintf("u%d", i)
		upn := fmt.Sprintf("user%d@contoso.example", i)
		e := &Entity{ID: id, Data: map[string]any{"userPrincipalName": upn, "displayName": randString(r)}}
		if r.IntN(2) == 0 {
			e.Data["id"] = id
		}
		ids, upns = append(ids, id), append(upns, upn)
		users.Entities = append(users.Entities, e)
	}
	if len(users.Entities) > 0 || r.IntN(2) == 0 {
		f.Collections = append(f.Collections, users)
	}
	if len(ids) > 0 && r.IntN(2) == 0 {
		f.Me = upns[r.IntN(len(upns))]
	}
	groups := &Collection{Written: "/groups", Path: store.Path{{Name: "groups"}}}
	for i := range r.IntN(3) {
		e := &Entity{ID: fmt.Sprintf("g%d", i), Data: map[string]any{"id": fmt.Sprintf("g%d", i), "mailNickname": fmt.Sprintf("group%d", i)}}
		if len(ids) > 0 {
			b := &Bind{Nav: "members", Single: r.IntN(3) == 0}
			for range 1 + r.IntN(2) {
				j := r.IntN(len(ids))
				ref := "users/" + ids[j]
				if r.IntN(2) == 0 {
					ref = "https://graph.microsoft.com/v1.0/users('" + upns[j] + "')"
				}
				b.Refs = append(b.Refs, ref)
				if b.Single {
					break
				}
			}
			e.Binds = []*Bind{b}
		}
		groups.Entities = append(groups.Entities, e)
	}
	if len(groups.Entities) > 0 {
		f.Collections = append(f.Collections, groups)
	}
	for j := range ids {
		if r.IntN(3) != 0 {
			continue
		}
		key := ids[j]
		if r.IntN(2) == 0 {
			key = upns[j]
		}
		msgs := &Collection{Written: "/users/" + key + "/messages", Path: store.Path{{Name: "users", Key: ids[j]}, {Name: "messages"}}}
		for range 1 + r.IntN(2) {
			msgs.Entities = append(msgs.Entities, &Entity{Data: map[string]any{"subject": randString(r), "body": randValue(r, 1)}})
		}
		f.Collections = append(f.Collections, msgs)
	}
	chats := &Collection{Written: "/chats", Path: store.Path{{Name: "chats"}}}
	for i := range r.IntN(3) {
		e := &Entity{ID: fmt.Sprintf("19:%d@thread.v2", i), Data: map[string]any{}}
		for range r.IntN(5) {
			e.Data[randKey(r)] = randValue(r, 0)
		}
		delete(e.Data, "id")
		chats.Entities = append(chats.Entities, e)
	}
	if len(chats.Entities) > 0 {
		f.Collections = append(f.Collections, chats)
	}
	if r.IntN(3) == 0 {
		f.Generate = &Generate{Users: r.IntN(20), Groups: r.IntN(5), Seed: r.Int64(), Domain: DefaultDomain}
	}
	return f
}

// TestRoundTrip encodes tenants made at random, parses them and checks
// that encoding and parsing again changes nothing: Parse(Encode(f))
// equals f for every parsed f.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		hand := randFile(r)
		data, err := Encode(hand)
		if err != nil {
			t.Fatalf("file %d: Encode error = %v", i, err)
		}
		f, err := Parse(fmt.Sprintf("rand%d.yaml", i), data)
		if err != nil {
			t.Fatalf("file %d: Parse(Encode(f)) error = %v\n%s", i, err, data)
		}
		// What was written by hand comes back as written.
		for ci, c := range hand.Collections {
			got := f.Collections[ci+len(f.Collections)-len(hand.Collections)]
			for ei, e := range c.Entities {
				g := got.Entities[ei]
				for k, v := range e.Data {
					if !reflect.DeepEqual(g.Data[k], v) {
						t.Fatalf("file %d: %s[%d].%s = %#v, want %#v\n%s", i, c.Written, ei, k, g.Data[k], v, data)
					}
				}
				if e.ID != "" && g.ID != e.ID {
					t.Fatalf("file %d: %s[%d] id %q, want %q", i, c.Written, ei, g.ID, e.ID)
				}
			}
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) { roundTrip(t, f) })
	}
}

func TestRoundTripMerged(t *testing.T) {
	a := mustParse(t, "a.yaml", adeleFile)
	b := mustParse(t, "b.yaml", "version: 1\ngenerate: {users: 4, groups: 2, seed: 9}\nentities:\n  /groups:\n    - {id: gw, mailNickname: written}\n")
	m, err := Merge(a, b)
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, m)
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	data, err := readFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
