package store_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/internal/store"
)

var (
	users  = store.Path{{Name: "users"}}
	groups = store.Path{{Name: "groups"}}
)

func user(id string) store.Path  { return users.Entity(id) }
func group(id string) store.Path { return groups.Entity(id) }

// seeded returns a store with users u1, u2, u3 (u1 with one message), and
// group g1.
func seeded(t *testing.T) *store.Store {
	t.Helper()
	s := store.New(store.Limits{})
	for _, id := range []string{"u1", "u2", "u3"} {
		mustCreate(t, s, users, id, map[string]any{"id": id, "displayName": "User " + id, "userPrincipalName": id + "@contoso.com"})
	}
	mustCreate(t, s, user("u1").Collection("messages"), "m1", map[string]any{"subject": "hi"})
	mustCreate(t, s, groups, "g1", map[string]any{"displayName": "G1"})
	return s
}

func mustCreate(t testing.TB, s *store.Store, coll store.Path, key string, e map[string]any) {
	t.Helper()
	if err := s.Create(coll, key, e); err != nil {
		t.Fatalf("Create(%s, %q) error = %v", coll, key, err)
	}
}

func keys(es []store.Entity) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Key)
	}
	return out
}

func TestCreate(t *testing.T) {
	tests := []struct {
		name string
		coll store.Path
		key  string
		e    map[string]any
		want error
	}{
		{"a new user is created", users, "u9", map[string]any{"displayName": "x"}, nil},
		{"a message under an existing user is created", user("u2").Collection("messages"), "m1", map[string]any{}, nil},
		{"a message two levels down is created", user("u1").Collection("mailFolders").Entity("inbox").Collection("messages"), "m", nil, store.ErrNotFound},
		{"an empty key is refused", users, "", map[string]any{}, store.ErrEmptyKey},
		{"a duplicate key is refused", users, "u1", map[string]any{}, store.ErrExists},
		{"an unknown parent is refused", user("nobody").Collection("messages"), "m1", map[string]any{}, store.ErrNotFound},
		{"an entity path as the collection is refused", user("u1"), "x", map[string]any{}, store.ErrBadPath},
		{"an empty path is refused", nil, "x", map[string]any{}, store.ErrBadPath},
		{"a step without a name is refused", store.Path{{Name: ""}}, "x", map[string]any{}, store.ErrBadPath},
		{"a key with a separator character is refused", users, "a\x1eb", map[string]any{}, store.ErrBadPath},
		{"a value that is not JSON is refused", users, "u8", map[string]any{"f": func() {}}, store.ErrBadValue},
		{"a nested value that is not JSON is refused", users, "u8", map[string]any{"a": []any{map[string]any{"c": make(chan int)}}}, store.ErrBadValue},
		{"a collection where a singleton is refused", store.Path{{Name: "admin"}}, "x", map[string]any{}, store.ErrBadPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seeded(t)
			if err := s.SetSingleton(store.Path{{Name: "admin"}}, map[string]any{}); err != nil {
				t.Fatal(err)
			}
			before := s.Len()
			err := s.Create(tt.coll, tt.key, tt.e)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("Create(%s, %q) error = %v, want %v", tt.coll, tt.key, err, tt.want)
			}
			if err != nil {
				if s.Len() != before {
					t.Errorf("Len() = %d after a failed Create, want %d", s.Len(), before)
				}
				return
			}
			got, err := s.Get(tt.coll.Entity(tt.key))
			if err != nil || got.Key != tt.key || !reflect.DeepEqual(got.Data, tt.e) {
				t.Errorf("Get after Create = %+v, %v; want key %q data %v", got, err, tt.key, tt.e)
			}
		})
	}
}

func TestCreateCopiesItsInput(t *testing.T) {
	s := store.New(store.Limits{})
	in := map[string]any{"tags": []any{"a"}, "nested": map[string]any{"x": 1.0}, "names": []string{"n"}}
	mustCreate(t, s, users, "u", in)
	in["tags"].([]any)[0] = "changed"
	in["nested"].(map[string]any)["x"] = 2.0
	in["added"] = true
	got, _ := s.Get(user("u"))
	want := map[string]any{"tags": []any{"a"}, "nested": map[string]any{"x": 1.0}, "names": []any{"n"}}
	if !reflect.DeepEqual(got.Data, want) {
		t.Errorf("Get = %v, want %v (the caller's later changes leaked in)", got.Data, want)
	}
	got.Data["tags"].([]any)[0] = "mine"
	got.Data["nested"].(map[string]any)["x"] = 3.0
	again, _ := s.Get(user("u"))
	if !reflect.DeepEqual(again.Data, want) {
		t.Errorf("Get = %v, want %v (a returned value changed the store)", again.Data, want)
	}
	lst, _ := s.List(users)
	lst[0].Data["nested"].(map[string]any)["x"] = 4.0
	again, _ = s.Get(user("u"))
	if !reflect.DeepEqual(again.Data, want) {
		t.Errorf("Get = %v, want %v (a listed value changed the store)", again.Data, want)
	}
}

func TestGet(t *testing.T) {
	tests := []struct {
		name string
		p    store.Path
		want error
	}{
		{"an existing user", user("u1"), nil},
		{"a contained message", user("u1").Collection("messages").Entity("m1"), nil},
		{"a missing user", user("zz"), store.ErrNotFound},
		{"a message of a missing user", user("zz").Collection("messages").Entity("m1"), store.ErrNotFound},
		{"a message in another mailbox", user("u2").Collection("messages").Entity("m1"), store.ErrNotFound},
		{"a singleton never set", store.Path{{Name: "admin"}}, store.ErrNotFound},
		{"an empty path", store.Path{}, store.ErrBadPath},
	}
	s := seeded(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Get(tt.p)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("Get(%s) error = %v, want %v", tt.p, err, tt.want)
			}
		})
	}
}

func TestListAndPage(t *testing.T) {
	s := store.New(store.Limits{})
	for i := range 10 {
		mustCreate(t, s, users, fmt.Sprintf("k%d", 9-i), map[string]any{"n": float64(i)})
	}
	all, err := s.List(users)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"k9", "k8", "k7", "k6", "k5", "k4", "k3", "k2", "k1", "k0"}
	if got := keys(all); !slices.Equal(got, want) {
		t.Fatalf("List = %v, want insertion order %v", got, want)
	}
	if err := s.Update(user("k8"), func(m map[string]any) error { m["n"] = 100.0; return nil }); err != nil {
		t.Fatal(err)
	}
	page, next, err := s.Page(users, 0, 3)
	if err != nil || !slices.Equal(keys(page), want[:3]) || next == 0 {
		t.Fatalf("Page(0, 3) = %v, %d, %v; want %v and a cursor", keys(page), next, err, want[:3])
	}
	if page[1].Data["n"] != 100.0 {
		t.Errorf("an updated entity moved or lost its update: %v", page[1])
	}
	// The page's last entity and one before it are deleted: the next page
	// still starts after them.
	for _, k := range []string{"k7", "k8"} {
		if err := s.Delete(user(k)); err != nil {
			t.Fatal(err)
		}
	}
	page, next, err = s.Page(users, next, 3)
	if err != nil || !slices.Equal(keys(page), want[3:6]) {
		t.Fatalf("second Page = %v, %v; want %v", keys(page), err, want[3:6])
	}
	page, next, _ = s.Page(users, next, 4)
	if !slices.Equal(keys(page), want[6:]) || next != 0 {
		t.Errorf("last Page = %v, next %d; want %v and 0", keys(page), next, want[6:])
	}
	if n, _ := s.Count(users); n != 8 {
		t.Errorf("Count = %d, want 8", n)
	}
	mustCreate(t, s, users, "k7", nil)
	all, _ = s.List(users)
	if got := keys(all); got[len(got)-1] != "k7" {
		t.Errorf("a re-created key should come last: %v", got)
	}
}

func TestListBadInputs(t *testing.T) {
	s := seeded(t)
	tests := []struct {
		name string
		p    store.Path
		want error
		n    int
	}{
		{"a collection never written is empty", store.Path{{Name: "devices"}}, nil, 0},
		{"an existing user's empty mailbox", user("u2").Collection("messages"), nil, 0},
		{"a mailbox with one message", user("u1").Collection("messages"), nil, 1},
		{"a missing user's mailbox", user("zz").Collection("messages"), store.ErrNotFound, 0},
		{"an entity path", user("u1"), store.ErrBadPath, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.List(tt.p)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) || len(got) != tt.n {
				t.Errorf("List(%s) = %d entities, %v; want %d, %v", tt.p, len(got), err, tt.n, tt.want)
			}
			if n, err := s.Count(tt.p); n != tt.n || !errors.Is(err, tt.want) {
				t.Errorf("Count(%s) = %d, %v; want %d, %v", tt.p, n, err, tt.n, tt.want)
			}
		})
	}
}

func TestUpdate(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		p    store.Path
		fn   func(map[string]any) error
		want error
		data map[string]any // u1's data afterwards, nil when unchanged
	}{
		{"a property is set", user("u1"), func(m map[string]any) error { m["jobTitle"] = "dev"; return nil }, nil,
			map[string]any{"id": "u1", "displayName": "User u1", "userPrincipalName": "u1@contoso.com", "jobTitle": "dev"}},
		{"a property is removed", user("u1"), func(m map[string]any) error { delete(m, "displayName"); return nil }, nil,
			map[string]any{"id": "u1", "userPrincipalName": "u1@contoso.com"}},
		{"an error from fn changes nothing", user("u1"), func(m map[string]any) error { m["x"] = 1.0; return boom }, boom, nil},
		{"a value that is not JSON changes nothing", user("u1"), func(m map[string]any) error { m["x"] = struct{}{}; return nil }, store.ErrBadValue, nil},
		{"a missing entity", user("zz"), func(map[string]any) error { return nil }, store.ErrNotFound, nil},
		{"a collection path", users, func(map[string]any) error { return nil }, store.ErrNotFound, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seeded(t)
			before, _ := s.Get(user("u1"))
			err := s.Update(tt.p, tt.fn)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("Update(%s) error = %v, want %v", tt.p, err, tt.want)
			}
			after, _ := s.Get(user("u1"))
			want := tt.data
			if want == nil {
				want = before.Data
			}
			if !reflect.DeepEqual(after.Data, want) {
				t.Errorf("u1 after Update = %v, want %v", after.Data, want)
			}
			if after.Cursor != before.Cursor {
				t.Errorf("Update moved the cursor from %d to %d", before.Cursor, after.Cursor)
			}
		})
	}
}

func TestDelete(t *testing.T) {
	s := seeded(t)
	inbox := user("u1").Collection("mailFolders").Entity("inbox")
	mustCreate(t, s, user("u1").Collection("mailFolders"), "inbox", nil)
	mustCreate(t, s, inbox.Collection("messages"), "deep", nil)
	if err := s.SetSingleton(user("u1").Collection("mailboxSettings"), map[string]any{"timeZone": "UTC"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRefs(user("u1"), "memberOf", group("g1")); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRefs(group("g1"), "members", user("u1"), user("u2")); err != nil {
		t.Fatal(err)
	}
	if got := s.Len(); got != 8 {
		t.Fatalf("Len() = %d before Delete, want 8", got)
	}
	if err := s.Delete(user("u1")); err != nil {
		t.Fatalf("Delete(u1) error = %v", err)
	}
	if got := s.Len(); got != 3 {
		t.Errorf("Len() = %d after deleting u1 and its 4 children, want 3", got)
	}
	for _, p := range []store.Path{
		user("u1"),
		user("u1").Collection("messages").Entity("m1"),
		inbox,
		inbox.Collection("messages").Entity("deep"),
		user("u1").Collection("mailboxSettings"),
	} {
		if _, err := s.Get(p); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(%s) after deleting its ancestor: error = %v, want ErrNotFound", p, err)
		}
	}
	if _, err := s.List(user("u1").Collection("messages")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("List of a deleted user's messages: error = %v, want ErrNotFound", err)
	}
	refs, err := s.Refs(group("g1"), "members")
	if err != nil || len(refs) != 1 || refs[0].String() != "users/u2" {
		t.Errorf("Refs(g1, members) after deleting u1 = %v, %v; want [users/u2]", refs, err)
	}
	// A new u1 is another entity: neither its old children nor its old
	// memberships come back.
	mustCreate(t, s, users, "u1", nil)
	if _, err := s.Get(user("u1").Collection("messages").Entity("m1")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a re-created user has its predecessor's message: %v", err)
	}
	if refs, _ := s.Refs(group("g1"), "members"); len(refs) != 1 {
		t.Errorf("a re-created user is still a member: %v", refs)
	}
	if refs, _ := s.Refs(user("u1"), "memberOf"); len(refs) != 0 {
		t.Errorf("a re-created user kept its predecessor's references: %v", refs)
	}
	if err := s.Delete(user("u1").Collection("messages").Entity("m1")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Delete of a missing entity: error = %v, want ErrNotFound", err)
	}
	if err := s.Delete(nil); !errors.Is(err, store.ErrBadPath) {
		t.Errorf("Delete(nil) error = %v, want ErrBadPath", err)
	}
}

func TestSingleton(t *testing.T) {
	s := seeded(t)
	admin := store.Path{{Name: "admin"}}
	if err := s.SetSingleton(admin, map[string]any{"a": 1.0}); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(admin, func(m map[string]any) error { m["b"] = 2.0; return nil }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(admin)
	if err != nil || !reflect.DeepEqual(got.Data, map[string]any{"a": 1.0, "b": 2.0}) {
		t.Errorf("Get(admin) = %v, %v", got.Data, err)
	}
	mustCreate(t, s, admin.Collection("things"), "t1", nil)
	if err := s.SetSingleton(users, nil); !errors.Is(err, store.ErrBadPath) {
		t.Errorf("SetSingleton on a collection: error = %v, want ErrBadPath", err)
	}
	if err := s.SetSingleton(user("zz").Collection("settings"), nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetSingleton under a missing user: error = %v, want ErrNotFound", err)
	}
	if err := s.SetSingleton(user("u1"), nil); !errors.Is(err, store.ErrBadPath) {
		t.Errorf("SetSingleton on an entity path: error = %v, want ErrBadPath", err)
	}
	n := s.Len()
	if err := s.SetSingleton(admin, map[string]any{}); err != nil || s.Len() != n {
		t.Errorf("replacing a singleton: %v, Len %d → %d", err, n, s.Len())
	}
	if err := s.Delete(admin); err != nil || s.Len() != n-2 {
		t.Errorf("Delete(admin): %v, Len %d → %d, want %d", err, n, s.Len(), n-2)
	}
}

func TestAddRefs(t *testing.T) {
	members := func(s *store.Store) []string {
		ps, _ := s.Refs(group("g1"), "members")
		out := []string{}
		for _, p := range ps {
			out = append(out, p.String())
		}
		return out
	}
	tests := []struct {
		name    string
		targets []store.Path
		want    error
		dups    []string
		members []string
	}{
		{"one member", []store.Path{user("u2")}, nil, nil, []string{"users/u1", "users/u2"}},
		{"two members in order", []store.Path{user("u3"), user("u2")}, nil, nil, []string{"users/u1", "users/u3", "users/u2"}},
		{"nothing", nil, nil, nil, []string{"users/u1"}},
		{"a member already there fails the whole call", []store.Path{user("u2"), user("u1")}, store.ErrRefExists, []string{"users/u1"}, []string{"users/u1"}},
		{"a member given twice", []store.Path{user("u2"), user("u3"), user("u2")}, store.ErrRefExists, []string{"users/u2"}, []string{"users/u1"}},
		{"a missing target fails the whole call", []store.Path{user("u2"), user("zz")}, store.ErrNotFound, nil, []string{"users/u1"}},
		{"a bad target path", []store.Path{{}}, store.ErrBadPath, nil, []string{"users/u1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seeded(t)
			if err := s.AddRefs(group("g1"), "members", user("u1")); err != nil {
				t.Fatal(err)
			}
			err := s.AddRefs(group("g1"), "members", tt.targets...)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("AddRefs error = %v, want %v", err, tt.want)
			}
			if tt.dups != nil {
				var re *store.RefExistsError
				if !errors.As(err, &re) {
					t.Fatalf("AddRefs error %T is not a *RefExistsError", err)
				}
				var got []string
				for _, p := range re.Targets {
					got = append(got, p.String())
				}
				if !slices.Equal(got, tt.dups) || re.Nav != "members" {
					t.Errorf("RefExistsError names %s %v, want members %v", re.Nav, got, tt.dups)
				}
			}
			if got := members(s); !slices.Equal(got, tt.members) {
				t.Errorf("members = %v, want %v", got, tt.members)
			}
		})
	}
	s := seeded(t)
	for _, c := range []struct {
		name string
		from store.Path
		nav  string
		want error
	}{
		{"from a missing group", group("zz"), "members", store.ErrNotFound},
		{"an empty navigation name", group("g1"), "", store.ErrBadPath},
		{"a navigation name with a separator", group("g1"), "a\x1db", store.ErrBadPath},
	} {
		if err := s.AddRefs(c.from, c.nav, user("u1")); !errors.Is(err, c.want) {
			t.Errorf("AddRefs %s: error = %v, want %v", c.name, err, c.want)
		}
		if _, err := s.Refs(c.from, c.nav); !errors.Is(err, c.want) {
			t.Errorf("Refs %s: error = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestRemoveRef(t *testing.T) {
	s := seeded(t)
	if err := s.AddRefs(group("g1"), "members", user("u1"), user("u2"), user("u3")); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveRef(group("g1"), "members", user("u2")); err != nil {
		t.Fatalf("RemoveRef(u2) error = %v", err)
	}
	if err := s.RemoveRef(group("g1"), "members", user("u2")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveRef of a removed member: error = %v, want ErrNotFound", err)
	}
	if err := s.RemoveRef(group("g1"), "owners", user("u1")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveRef from an empty navigation: error = %v, want ErrNotFound", err)
	}
	if err := s.RemoveRef(group("zz"), "members", user("u1")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveRef from a missing group: error = %v, want ErrNotFound", err)
	}
	if err := s.Delete(user("u3")); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveRef(group("g1"), "members", user("u3")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveRef of a deleted member: error = %v, want ErrNotFound", err)
	}
	ps, _ := s.Refs(group("g1"), "members")
	if len(ps) != 1 || ps[0].String() != "users/u1" {
		t.Errorf("members = %v, want [users/u1]", ps)
	}
	// Removed and deleted members can be added again.
	mustCreate(t, s, users, "u3", nil)
	if err := s.AddRefs(group("g1"), "members", user("u2"), user("u3")); err != nil {
		t.Errorf("AddRefs of removed and re-created members: %v", err)
	}
}

func TestSingleValuedRef(t *testing.T) {
	s := seeded(t)
	if _, ok, err := s.Ref(user("u1"), "manager"); ok || err != nil {
		t.Errorf("Ref before SetRef = %v, %v; want nothing", ok, err)
	}
	if err := s.ClearRef(user("u1"), "manager"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ClearRef of nothing: error = %v, want ErrNotFound", err)
	}
	for _, m := range []string{"u2", "u3"} {
		if err := s.SetRef(user("u1"), "manager", user(m)); err != nil {
			t.Fatal(err)
		}
	}
	if p, ok, _ := s.Ref(user("u1"), "manager"); !ok || p.String() != "users/u3" {
		t.Errorf("Ref after two SetRefs = %v, %v; want users/u3", p, ok)
	}
	if err := s.SetRef(user("u1"), "manager", user("zz")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetRef to a missing user: error = %v, want ErrNotFound", err)
	}
	if err := s.AddRefs(user("u1"), "manager", user("u2")); !errors.Is(err, store.ErrBadPath) {
		t.Errorf("AddRefs on a single-valued navigation: error = %v, want ErrBadPath", err)
	}
	if err := s.AddRefs(user("u1"), "directReports", user("u2")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRef(user("u1"), "directReports", user("u3")); !errors.Is(err, store.ErrBadPath) {
		t.Errorf("SetRef on a collection-valued navigation: error = %v, want ErrBadPath", err)
	}
	if err := s.Delete(user("u3")); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Ref(user("u1"), "manager"); ok {
		t.Error("Ref still leads to a deleted manager")
	}
	if err := s.SetRef(user("u1"), "manager", user("u2")); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearRef(user("u1"), "manager"); err != nil {
		t.Errorf("ClearRef error = %v", err)
	}
	if _, ok, _ := s.Ref(user("u1"), "manager"); ok {
		t.Error("Ref after ClearRef still leads somewhere")
	}
}

func TestUnique(t *testing.T) {
	tests := []struct {
		name string
		op   func(s *store.Store) error
		want error
		prop string
	}{
		{"a new UPN", func(s *store.Store) error {
			return s.Create(users, "u9", map[string]any{"userPrincipalName": "new@contoso.com"})
		}, nil, ""},
		{"a UPN taken, in another case", func(s *store.Store) error {
			return s.Create(users, "u9", map[string]any{"userPrincipalName": "U1@Contoso.COM"})
		}, store.ErrNotUnique, "userPrincipalName"},
		{"an update to a UPN taken", func(s *store.Store) error {
			return s.Update(user("u2"), func(m map[string]any) error { m["userPrincipalName"] = "u1@contoso.com"; return nil })
		}, store.ErrNotUnique, "userPrincipalName"},
		{"an update keeping its own UPN in another case", func(s *store.Store) error {
			return s.Update(user("u1"), func(m map[string]any) error { m["userPrincipalName"] = "U1@contoso.com"; return nil })
		}, nil, ""},
		{"a UPN freed by an update", func(s *store.Store) error {
			if err := s.Update(user("u1"), func(m map[string]any) error { m["userPrincipalName"] = "other@contoso.com"; return nil }); err != nil {
				return err
			}
			return s.Create(users, "u9", map[string]any{"userPrincipalName": "u1@contoso.com"})
		}, nil, ""},
		{"a UPN freed by a delete", func(s *store.Store) error {
			if err := s.Delete(user("u1")); err != nil {
				return err
			}
			return s.Create(users, "u9", map[string]any{"userPrincipalName": "u1@contoso.com"})
		}, nil, ""},
		{"the same UPN in a group", func(s *store.Store) error {
			return s.Create(groups, "g9", map[string]any{"userPrincipalName": "u1@contoso.com"})
		}, nil, ""},
		{"one identifier URI of a list taken", func(s *store.Store) error {
			if err := s.Create(store.Path{{Name: "applications"}}, "a1", map[string]any{"identifierUris": []any{"api://one", "api://two"}}); err != nil {
				return err
			}
			return s.Create(store.Path{{Name: "applications"}}, "a2", map[string]any{"identifierUris": []any{"api://three", "API://TWO"}})
		}, store.ErrNotUnique, "identifierUris"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seeded(t)
			for _, u := range [][2]string{{"users", "userPrincipalName"}, {"applications", "identifierUris"}} {
				if err := s.Unique(u[0], u[1]); err != nil {
					t.Fatal(err)
				}
			}
			err := tt.op(s)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			var nu *store.NotUniqueError
			if tt.prop != "" && (!errors.As(err, &nu) || nu.Property != tt.prop) {
				t.Errorf("error %v does not name property %s", err, tt.prop)
			}
		})
	}
}

func TestUniqueOverExistingEntities(t *testing.T) {
	s := seeded(t)
	mustCreate(t, s, users, "dup", map[string]any{"userPrincipalName": "U2@contoso.com"})
	err := s.Unique("users", "userPrincipalName")
	var nu *store.NotUniqueError
	if !errors.As(err, &nu) || nu.Property != "userPrincipalName" {
		t.Fatalf("Unique over duplicates: error = %v, want a NotUniqueError", err)
	}
	mustCreate(t, s, users, "dup2", map[string]any{"userPrincipalName": "u2@contoso.com"})
	if err := s.Delete(user("dup")); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(user("dup2")); err != nil {
		t.Fatal(err)
	}
	if err := s.Unique("users", "userPrincipalName"); err != nil {
		t.Fatalf("Unique once the duplicates are gone: %v", err)
	}
	if err := s.Create(users, "x", map[string]any{"userPrincipalName": "u3@CONTOSO.com"}); !errors.Is(err, store.ErrNotUnique) {
		t.Errorf("Create colliding with a seeded entity: error = %v, want ErrNotUnique", err)
	}
	if err := s.Unique("", "x"); !errors.Is(err, store.ErrBadPath) {
		t.Errorf("Unique with no collection: error = %v, want ErrBadPath", err)
	}
}

func TestLimits(t *testing.T) {
	s := store.New(store.Limits{MaxEntities: 2})
	mustCreate(t, s, users, "a", nil)
	mustCreate(t, s, users, "b", nil)
	if err := s.Create(users, "c", nil); !errors.Is(err, store.ErrFull) {
		t.Fatalf("third Create: error = %v, want ErrFull", err)
	}
	if err := s.SetSingleton(store.Path{{Name: "admin"}}, nil); !errors.Is(err, store.ErrFull) {
		t.Errorf("SetSingleton past the limit: error = %v, want ErrFull", err)
	}
	c := s.Clone()
	if err := c.Create(users, "c", nil); !errors.Is(err, store.ErrFull) {
		t.Errorf("a clone forgot the limit: %v", err)
	}
	if err := s.Delete(user("a")); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, users, "c", nil)
}

func TestClone(t *testing.T) {
	s := seeded(t)
	if err := s.Unique("users", "userPrincipalName"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRefs(group("g1"), "members", user("u1")); err != nil {
		t.Fatal(err)
	}
	c := s.Clone()
	// Writes on the clone.
	mustCreate(t, c, users, "c1", map[string]any{"userPrincipalName": "c1@contoso.com"})
	if err := c.Update(user("u1"), func(m map[string]any) error { m["displayName"] = "clone"; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(user("u2")); err != nil {
		t.Fatal(err)
	}
	if err := c.AddRefs(group("g1"), "members", user("u3")); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, c, user("u1").Collection("messages"), "cm", nil)
	// Writes on the original.
	mustCreate(t, s, users, "s1", map[string]any{"userPrincipalName": "c1@contoso.com"})
	if err := s.RemoveRef(group("g1"), "members", user("u1")); err != nil {
		t.Fatal(err)
	}

	lst := func(st *store.Store, p store.Path) []string { es, _ := st.List(p); return keys(es) }
	if got, want := lst(s, users), []string{"u1", "u2", "u3", "s1"}; !slices.Equal(got, want) {
		t.Errorf("original users = %v, want %v", got, want)
	}
	if got, want := lst(c, users), []string{"u1", "u3", "c1"}; !slices.Equal(got, want) {
		t.Errorf("clone users = %v, want %v", got, want)
	}
	if got, want := lst(s, user("u1").Collection("messages")), []string{"m1"}; !slices.Equal(got, want) {
		t.Errorf("original messages = %v, want %v", got, want)
	}
	if e, _ := s.Get(user("u1")); e.Data["displayName"] != "User u1" {
		t.Errorf("the clone's update reached the original: %v", e.Data)
	}
	if ps, _ := s.Refs(group("g1"), "members"); len(ps) != 0 {
		t.Errorf("original members = %v, want none", ps)
	}
	if ps, _ := c.Refs(group("g1"), "members"); len(ps) != 2 {
		t.Errorf("clone members = %v, want u1 and u3", ps)
	}
	if s.Len() != 6 || c.Len() != 6 {
		t.Errorf("Len() = %d (original), %d (clone); want 6 and 6", s.Len(), c.Len())
	}
	// The unique index was copied with the collection, not shared.
	if err := c.Create(users, "c2", map[string]any{"userPrincipalName": "C1@contoso.com"}); !errors.Is(err, store.ErrNotUnique) {
		t.Errorf("clone's unique index: error = %v, want ErrNotUnique", err)
	}
	if err := c.Create(users, "u2", map[string]any{"userPrincipalName": "u2@contoso.com"}); err != nil {
		t.Errorf("the clone deleted u2, its UPN is free there: %v", err)
	}
	// A clone of a clone.
	cc := c.Clone()
	if err := cc.Delete(user("u1")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(user("u1").Collection("messages").Entity("cm")); err != nil {
		t.Errorf("deleting u1 in a clone of the clone reached the clone: %v", err)
	}
}

// TestClonesRace runs 50 goroutines, each on its own clone of one seeded
// store, creating and deleting entities of their own and reading the
// shared ones; each must see only its own writes. Run with -race.
func TestClonesRace(t *testing.T) {
	base := store.New(store.Limits{})
	if err := base.Unique("users", "userPrincipalName"); err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		mustCreate(t, base, users, fmt.Sprintf("seed%d", i), map[string]any{"userPrincipalName": fmt.Sprintf("seed%d@contoso.com", i)})
	}
	mustCreate(t, base, groups, "g", nil)
	const workers = 50
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			s := base.Clone()
			mine := []string{}
			for i := range 40 {
				k := fmt.Sprintf("w%d-%d", w, i)
				// Every worker uses the same UPNs: they collide only within a clone.
				if err := s.Create(users, k, map[string]any{"userPrincipalName": fmt.Sprintf("n%d@contoso.com", i)}); err != nil {
					errs <- err
					return
				}
				if err := s.AddRefs(group("g"), "members", user(k)); err != nil {
					errs <- err
					return
				}
				mine = append(mine, k)
				if i%3 == 0 {
					if err := s.Delete(user(k)); err != nil {
						errs <- err
						return
					}
					mine = mine[:len(mine)-1]
				}
				if _, err := base.Get(user("seed7")); err != nil {
					errs <- err
					return
				}
			}
			es, _ := s.List(users)
			got := keys(es)[100:]
			if !slices.Equal(got, mine) {
				errs <- fmt.Errorf("worker %d sees %v, want %v", w, got, mine)
				return
			}
			ms, _ := s.Refs(group("g"), "members")
			if len(ms) != len(mine) {
				errs <- fmt.Errorf("worker %d sees %d members, want %d", w, len(ms), len(mine))
			}
		})
	}
	// Clones are taken while the workers write to theirs.
	for range 20 {
		c := base.Clone()
		if n := c.Len(); n != 101 {
			t.Errorf("a clone of the base has %d entities, want 101", n)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := base.Len(); n != 101 {
		t.Errorf("base has %d entities after the workers, want 101", n)
	}
}

func TestJSONNumbersSurvive(t *testing.T) {
	s := store.New(store.Limits{})
	mustCreate(t, s, users, "u", map[string]any{"n": json.Number("12345678901234567890"), "i": 3})
	e, _ := s.Get(user("u"))
	if e.Data["n"] != json.Number("12345678901234567890") || e.Data["i"] != 3 {
		t.Errorf("Get = %v", e.Data)
	}
}

func TestPathString(t *testing.T) {
	p := user("u1").Collection("messages").Entity("m1")
	if got := p.String(); got != "users/u1/messages/m1" {
		t.Errorf("String() = %q", got)
	}
	if got := p.Parent().String(); got != "users/u1" {
		t.Errorf("Parent().String() = %q", got)
	}
	// Collection and Entity do not change their receiver.
	base := store.Path{{Name: "users", Key: "a"}}
	_ = base.Collection("x")
	q := base.Entity("b")
	if base[0].Key != "a" || q[0].Key != "b" {
		t.Errorf("Entity changed its receiver: %v %v", base, q)
	}
}

// TestOneStoreManyWriters has goroutines write to one store at once.
func TestOneStoreManyWriters(t *testing.T) {
	s := store.New(store.Limits{})
	if err := s.Unique("users", "userPrincipalName"); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, groups, "g", nil)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := range 50 {
				k := fmt.Sprintf("w%d-%d", w, i)
				if err := s.Create(users, k, map[string]any{"userPrincipalName": k + "@contoso.com"}); err != nil {
					errs <- err
					return
				}
				if err := s.AddRefs(group("g"), "members", user(k)); err != nil {
					errs <- err
					return
				}
				if i%2 == 1 {
					if err := s.Delete(user(k)); err != nil {
						errs <- err
						return
					}
				}
				if _, err := s.List(users); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, _ := s.Count(users); n != 8*25 {
		t.Errorf("Count(users) = %d, want %d", n, 8*25)
	}
	if ms, _ := s.Refs(group("g"), "members"); len(ms) != 8*25 {
		t.Errorf("%d members, want %d", len(ms), 8*25)
	}
}
