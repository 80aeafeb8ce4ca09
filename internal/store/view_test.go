package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/store"
)

func TestViewStartsAfterACursorAndASkip(t *testing.T) {
	s := store.New(store.Limits{})
	users := store.Path{{Name: "users"}}
	for i := range 6 {
		if err := s.Create(users, fmt.Sprintf("u%d", i), map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	all, _ := s.List(users)
	if err := s.Delete(users.Entity("u2")); err != nil {
		t.Fatal(err)
	}
	view := func(after store.Cursor, skip, limit int) string {
		var keys []string
		err := s.View(users, after, skip, func(e store.Entity) bool {
			keys = append(keys, e.Key)
			return len(keys) < limit
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(keys, ",")
	}
	for _, c := range []struct {
		after       store.Cursor
		skip, limit int
		want        string
	}{
		{0, 0, 10, "u0,u1,u3,u4,u5"},
		{0, 2, 10, "u3,u4,u5"},
		{all[1].Cursor, 0, 2, "u3,u4"},
		{all[2].Cursor, 0, 10, "u3,u4,u5"}, // after a deleted entity
		{all[1].Cursor, 1, 10, "u4,u5"},
		{0, 10, 10, ""},
		{0, -3, 1, "u0"},
	} {
		if got := view(c.after, c.skip, c.limit); got != c.want {
			t.Errorf("View(after %d, skip %d, limit %d) = %q, want %q", c.after, c.skip, c.limit, got, c.want)
		}
	}
	if err := s.View(store.Path{{Name: "users", Key: "nobody"}, {Name: "messages"}}, 0, 0, func(store.Entity) bool { return true }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("View under a missing parent: error = %v, want store.ErrNotFound", err)
	}
}
