package store_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/graphmock/graphmock/internal/store"
)

// tenant returns a store of n users, each with one message in its own
// contained collection, so that it holds n+1 collections.
func tenant(b *testing.B, n int) *store.Store {
	b.Helper()
	s := store.New(store.Limits{})
	if err := s.Unique("users", "userPrincipalName"); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		id := fmt.Sprintf("%08d-0000-0000-0000-000000000000", i)
		mustCreate(b, s, users, id, map[string]any{
			"id": id, "displayName": fmt.Sprintf("User %d", i), "userPrincipalName": fmt.Sprintf("user%d@contoso.com", i),
			"accountEnabled": true, "businessPhones": []any{"+1 425 555 0100"},
		})
		mustCreate(b, s, user(id).Collection("messages"), "m", map[string]any{"subject": "hello"})
	}
	return s
}

func BenchmarkClone1000Users(b *testing.B) {
	s := tenant(b, 1000)
	for b.Loop() {
		_ = s.Clone()
	}
}

// BenchmarkCloneFirstWrite1000Users clones and creates one user: the price
// a session pays for its first write (a copy of the users collection and
// of the map of collections).
func BenchmarkCloneFirstWrite1000Users(b *testing.B) {
	s := tenant(b, 1000)
	for b.Loop() {
		c := s.Clone()
		mustCreate(b, c, users, "new", map[string]any{"userPrincipalName": "new@contoso.com"})
	}
}

// BenchmarkCloneFirstMessage1000Users clones and writes to one user's
// mailbox: the users collection stays shared.
func BenchmarkCloneFirstMessage1000Users(b *testing.B) {
	s := tenant(b, 1000)
	box := user("00000007-0000-0000-0000-000000000000").Collection("messages")
	for b.Loop() {
		c := s.Clone()
		mustCreate(b, c, box, "new", nil)
	}
}

// BenchmarkDeepCopy1000Users is the baseline Clone is for: copying every
// entity into a new store.
func BenchmarkDeepCopy1000Users(b *testing.B) {
	s := tenant(b, 1000)
	for b.Loop() {
		c := store.New(store.Limits{})
		es, _ := s.List(users)
		for _, e := range es {
			mustCreate(b, c, users, e.Key, e.Data)
			ms, _ := s.List(user(e.Key).Collection("messages"))
			for _, m := range ms {
				mustCreate(b, c, user(e.Key).Collection("messages"), m.Key, m.Data)
			}
		}
	}
}

func BenchmarkCreate(b *testing.B) {
	s := store.New(store.Limits{})
	if err := s.Unique("users", "userPrincipalName"); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		k := fmt.Sprint(i)
		if err := s.Create(users, k, map[string]any{"id": k, "userPrincipalName": k + "@contoso.com"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	s := tenant(b, 1000)
	p := user("00000500-0000-0000-0000-000000000000")
	for b.Loop() {
		if _, err := s.Get(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetParallel(b *testing.B) {
	s := tenant(b, 1000)
	p := user("00000500-0000-0000-0000-000000000000")
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Get(p); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkMemory100000 reports the heap a store of 100,000 small users
// takes, per entity, beside the size of their data alone.
func BenchmarkMemory100000(b *testing.B) {
	const n = 100_000
	data := func(i int) map[string]any {
		id := fmt.Sprintf("%08d-0000-0000-0000-000000000000", i)
		return map[string]any{"id": id, "displayName": fmt.Sprintf("User %d", i), "userPrincipalName": fmt.Sprintf("user%d@contoso.com", i)}
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for b.Loop() {
		before := heap()
		plain := make([]map[string]any, n)
		for i := range n {
			plain[i] = data(i)
		}
		mid := heap()
		s := store.New(store.Limits{})
		if err := s.Unique("users", "userPrincipalName"); err != nil {
			b.Fatal(err)
		}
		for i := range n {
			mustCreate(b, s, users, plain[i]["id"].(string), plain[i])
		}
		plain = nil
		after := heap()
		b.ReportMetric(float64(mid-before)/n, "data-bytes/entity")
		b.ReportMetric(float64(int64(after)-int64(before))/n, "store-bytes/entity")
		runtime.KeepAlive(plain)
		runtime.KeepAlive(s)
	}
}
