package store_test

import (
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/store"
)

func TestCollectionsAndReferencesListWhatIsStored(t *testing.T) {
	s := store.New(store.Limits{})
	users := store.Path{{Name: "users"}}
	groups := store.Path{{Name: "groups"}}
	for _, k := range []string{"u1", "u2"} {
		if err := s.Create(users, k, map[string]any{"id": k}); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.Create(groups, "g1", map[string]any{})
	_ = s.Create(users.Entity("u1").Collection("messages"), "m1", map[string]any{})
	_ = s.Create(store.Path{{Name: "chats"}}, "c1", map[string]any{})
	_ = s.Delete(store.Path{{Name: "chats", Key: "c1"}}) // an emptied collection is not listed
	_ = s.AddRefs(groups.Entity("g1"), "members", users.Entity("u1"), users.Entity("u2"))
	_ = s.SetRef(users.Entity("u2"), "manager", users.Entity("u1"))
	_ = s.Delete(users.Entity("u1").Collection("messages").Entity("m1"))
	var got []string
	for _, c := range s.Collections() {
		got = append(got, c.String())
	}
	if want := "groups users"; strings.Join(got, " ") != want {
		t.Errorf("Collections() = %q, want %q", got, want)
	}
	refs := s.References()
	if len(refs) != 2 || refs[0].Nav != "members" || len(refs[0].Targets) != 2 || refs[1].Nav != "manager" || !refs[1].Single {
		t.Fatalf("References() = %+v", refs)
	}
	_ = s.Delete(users.Entity("u2"))
	if refs := s.References(); len(refs) != 1 || len(refs[0].Targets) != 1 {
		t.Errorf("References() after deleting u2 = %+v, want the group's one member left", refs)
	}
	clone := s.Clone()
	_ = clone.Create(store.Path{{Name: "teams"}}, "t1", map[string]any{})
	if len(s.Collections()) != 2 || len(clone.Collections()) != 3 {
		t.Errorf("a clone's new collection shows in the original")
	}
}

func TestKeyByUniqueAndHasReadTheIndexes(t *testing.T) {
	s := store.New(store.Limits{})
	users := store.Path{{Name: "users"}}
	if err := s.Unique("users", "userPrincipalName"); err != nil {
		t.Fatal(err)
	}
	_ = s.Create(users, "u1", map[string]any{"userPrincipalName": "Adele@Contoso.example"})
	if k, ok, indexed := s.KeyByUnique(users, "userPrincipalName", "adele@contoso.EXAMPLE"); !ok || !indexed || k != "u1" {
		t.Errorf("KeyByUnique = %q, %v, %v; want u1 whatever the case", k, ok, indexed)
	}
	if _, ok, indexed := s.KeyByUnique(users, "displayName", "x"); ok || indexed {
		t.Error("KeyByUnique answered for a property that is not unique")
	}
	if !s.Has(users.Entity("u1")) || s.Has(users.Entity("u2")) || s.Has(nil) {
		t.Error("Has is wrong")
	}
	_ = s.Delete(users.Entity("u1"))
	if _, ok, _ := s.KeyByUnique(users, "userPrincipalName", "adele@contoso.example"); ok || s.Has(users.Entity("u1")) {
		t.Error("a deleted user is still found")
	}
}
