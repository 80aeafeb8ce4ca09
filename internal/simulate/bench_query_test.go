package simulate

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// pageAt returns the path of page n (from 1) of GET path, following the
// nextLinks there.
func pageAt(tb testing.TB, sim *Sim, path string, n int, headers ...string) string {
	tb.Helper()
	for i := 1; i < n; i++ {
		a := get(tb, sim, path, headers...).want(tb, "GET "+path, 200)
		path = strings.TrimPrefix(str(a.body["@odata.nextLink"]), base)
		if path == "" {
			tb.Fatalf("no page %d", n)
		}
	}
	return path
}

// BenchmarkUsersPage compares a filtered, ordered page of 100 out of
// 10,000 users with the baseline of the first unfiltered page, and pages
// at the start and near the end of the walk: their cost must not grow
// with their position.
func BenchmarkUsersPage(b *testing.B) {
	sim := seededUsers(b, 10_000)
	filtered := "/v1.0/users?$filter=" + url.QueryEscape("accountEnabled eq true and startswith(displayName,'a')") + "&$orderby=displayName&$top=100&$count=true"
	for _, c := range []struct {
		name, path string
		headers    []string
	}{
		{"baseline first page", "/v1.0/users?$top=100", nil},
		{"page 2 of 100", pageAt(b, sim, "/v1.0/users?$top=100", 2), nil},
		{"page 99 of 100", pageAt(b, sim, "/v1.0/users?$top=100", 99), nil},
		{"filtered ordered page 1", filtered, eventual},
		{"filtered ordered page 12", pageAt(b, sim, filtered, 12, eventual...), eventual},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				get(b, sim, c.path, c.headers...).want(b, c.name, 200)
			}
		})
	}
}

// BenchmarkWalkUsers walks every page of 10,000 users, beside the
// baseline of walking 1,000.
func BenchmarkWalkUsers(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		sim := seededUsers(b, n)
		b.Run(fmt.Sprintf("%d users", n), func(b *testing.B) {
			for b.Loop() {
				if vals, _ := walk(b, sim, "/v1.0/users?$top=100"); len(vals) != n {
					b.Fatalf("walked %d users", len(vals))
				}
			}
		})
	}
}

// BenchmarkDelta answers a delta round with 100 changes out of 10,000
// users, beside the baseline of a round with none.
func BenchmarkDelta(b *testing.B) {
	sim := seededUsers(b, 10_000)
	latest := func() string {
		a := get(b, sim, "/v1.0/users/delta()?$deltatoken=latest").want(b, "latest", 200)
		return strings.TrimPrefix(str(a.body["@odata.deltaLink"]), base)
	}
	quiet := latest()
	_ = latest() // a round that will see the changes
	busy := latest()
	for i := range 100 {
		do(b, sim, "PATCH", fmt.Sprintf("/v1.0/users/00000000-0000-0000-0000-%012d", i*97), `{"jobTitle": "Changed"}`).want(b, "patch", 204)
	}
	quietNow := get(b, sim, quiet).body["@odata.deltaLink"] // past the changes
	quiet = strings.TrimPrefix(str(quietNow), base)
	for _, c := range []struct {
		name, path string
		want       int
	}{{"baseline no change", quiet, 0}, {"100 changes", busy, 100}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				a := get(b, sim, c.path).want(b, c.name, 200)
				if n := len(a.body["value"].([]any)); n != c.want {
					b.Fatalf("%d changes, want %d", n, c.want)
				}
			}
		})
	}
}

// TestPageCostDoesNotGrowWithPosition checks, by allocations rather than
// time, that a page near the end of 5,000 users costs what one near the
// start costs: paging continues from the token's place instead of
// re-reading from the start.
func TestPageCostDoesNotGrowWithPosition(t *testing.T) {
	sim := seededUsers(t, 5_000)
	early := pageAt(t, sim, "/v1.0/users?$top=50", 2)
	late := pageAt(t, sim, "/v1.0/users?$top=50", 99)
	cost := func(path string) float64 {
		return testing.AllocsPerRun(5, func() { get(t, sim, path) })
	}
	if e, l := cost(early), cost(late); l > e*1.1+20 {
		t.Errorf("page 99 allocates %.0f times, page 2 %.0f: the cost grows with the position", l, e)
	}
}
