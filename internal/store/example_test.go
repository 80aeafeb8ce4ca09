package store_test

import (
	"errors"
	"fmt"

	"github.com/graphmock/graphmock/internal/store"
)

func Example() {
	tenant := store.New(store.Limits{MaxEntities: 10_000})
	_ = tenant.Unique("users", "userPrincipalName")
	users := store.Path{{Name: "users"}}
	_ = tenant.Create(users, "u1", map[string]any{"userPrincipalName": "adele@contoso.com"})
	_ = tenant.Create(store.Path{{Name: "groups"}}, "g1", map[string]any{"displayName": "Sales"})

	// Each session works on its own clone of the seeded tenant.
	session := tenant.Clone()
	err := session.Create(users, "u2", map[string]any{"userPrincipalName": "ADELE@contoso.com"})
	var nu *store.NotUniqueError
	if errors.As(err, &nu) {
		fmt.Println("taken:", nu.Property)
	}
	_ = session.AddRefs(store.Path{{Name: "groups", Key: "g1"}}, "members", users.Entity("u1"))
	err = session.AddRefs(store.Path{{Name: "groups", Key: "g1"}}, "members", users.Entity("u1"))
	fmt.Println(errors.Is(err, store.ErrRefExists))
	members, _ := session.Refs(store.Path{{Name: "groups", Key: "g1"}}, "members")
	fmt.Println(members)
	seeded, _ := tenant.Refs(store.Path{{Name: "groups", Key: "g1"}}, "members")
	fmt.Println(len(seeded))
	// Output:
	// taken: userPrincipalName
	// true
	// [users/u1]
	// 0
}

func ExampleStore_Page() {
	s := store.New(store.Limits{})
	msgs := store.Path{{Name: "chats"}}
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		_ = s.Create(msgs, k, nil)
	}
	page, next, _ := s.Page(msgs, 0, 2)
	fmt.Println(len(page), page[0].Key, page[1].Key)
	_ = s.Delete(msgs.Entity("b")) // the page's last entity goes: the next page still follows it
	page, next, _ = s.Page(msgs, next, 2)
	fmt.Println(page[0].Key, page[1].Key)
	page, next, _ = s.Page(msgs, next, 2)
	fmt.Println(page[0].Key, next)
	// Output:
	// 2 a b
	// c d
	// e 0
}
