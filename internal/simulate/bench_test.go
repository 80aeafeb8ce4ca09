package simulate

import (
	"fmt"
	"net/http"
	"runtime"
	"testing"

	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/graphrules"
)

// benchUsers returns n users to seed, each with the properties Create user
// requires (https://learn.microsoft.com/en-us/graph/api/user-post-users).
func benchUsers(n int) []SeedEntity {
	out := make([]SeedEntity, n)
	for i := range out {
		out[i] = SeedEntity{Collection: "users", Data: map[string]any{
			"accountEnabled": true, "displayName": fmt.Sprintf("User %d", i), "mailNickname": fmt.Sprintf("user%d", i),
			"userPrincipalName": fmt.Sprintf("user%d@contoso.example", i),
		}}
	}
	return out
}

// benchTenant seeds a tenant with entities.
func benchTenant(b *testing.B, entities []SeedEntity, opts Options) *Tenant {
	b.Helper()
	cat := graphmeta.Embedded()
	st, err := Seed(cat, "v1.0", entities)
	if err != nil {
		b.Fatal(err)
	}
	t, err := NewTenant(cat, graphrules.Default(), st, opts)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// BenchmarkStart runs a copy of a tenant seeded with 10, 1,000 and
// 100,000 users, the seed built once before the timer. A copy is made in
// constant time: the larger seeds report their ratio to the 10-user one
// (x-10-users), which should stay near 1.
//
//	go test -run '^$' -bench Start -benchmem ./internal/simulate
func BenchmarkStart(b *testing.B) {
	var small float64
	for _, n := range []int{10, 1000, 100_000} {
		b.Run(fmt.Sprintf("users-%d", n), func(b *testing.B) {
			t := benchTenant(b, benchUsers(n), Options{})
			b.ReportAllocs()
			var sim *Sim
			for b.Loop() {
				sim = t.Start()
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if n == 10 {
				small = ns
			} else if small > 0 {
				b.ReportMetric(ns/small, "x-10-users")
			}
			if got := sim.Store().Len(); got != n {
				b.Fatalf("the copy holds %d entities, want the %d seeded", got, n)
			}
		})
	}
}

// liveHeap returns the live heap after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkMemory100000 reports the live heap 100,000 users take, per
// user: seeded (Seed, then NewTenant and Start), and created one by one
// through the simulation's create path (Answer of POST /v1.0/users: the
// body parsed, checked against Graph's metadata and the rules, the id
// and computed properties added).
//
//	go test -run '^$' -bench Memory100000 -benchtime 1x ./internal/simulate
func BenchmarkMemory100000(b *testing.B) {
	const n = 100_000
	b.Run("seed", func(b *testing.B) {
		for b.Loop() {
			before := liveHeap()
			sim := benchTenant(b, benchUsers(n), Options{}).Start()
			after := liveHeap()
			if got := sim.Store().Len(); got != n {
				b.Fatalf("the tenant holds %d entities, want %d", got, n)
			}
			b.ReportMetric(float64(int64(after)-int64(before))/n, "bytes/entity")
			runtime.KeepAlive(sim)
		}
	})
	b.Run("create", func(b *testing.B) {
		for b.Loop() {
			sim := benchTenant(b, nil, Options{MaxEntities: n}).Start()
			before := liveHeap()
			for i := range n {
				body := fmt.Sprintf(`{"accountEnabled":true,"displayName":"User %d","mailNickname":"user%d","userPrincipalName":"user%d@contoso.example","passwordProfile":{"password":"x1!Yz9#q"}}`, i, i, i)
				if a := do(b, sim, http.MethodPost, "/v1.0/users", body); a.status != http.StatusCreated {
					b.Fatalf("create %d = %d %s", i, a.status, a.raw)
				}
			}
			after := liveHeap()
			if got := sim.Store().Len(); got != n {
				b.Fatalf("the tenant holds %d entities, want %d", got, n)
			}
			// One more is beyond MaxEntities: Graph's storage error.
			if a := do(b, sim, http.MethodPost, "/v1.0/users", adele); a.status != http.StatusInsufficientStorage {
				b.Fatalf("a create beyond MaxEntities = %d %s, want 507", a.status, a.raw)
			}
			b.ReportMetric(float64(int64(after)-int64(before))/n, "bytes/entity")
			runtime.KeepAlive(sim)
		}
	})
}
