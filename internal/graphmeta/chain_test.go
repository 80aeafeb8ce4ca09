package graphmeta_test

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

	"github.com/graphmock/graphmock/internal/graphmeta"
)

// chainCSDL is a hostile document: n entity types, each derived from the
// one before, t0 of the entity set s.
func chainCSDL(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="ns">`)
	b.WriteString(`<EntityType Name="t0"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String"/></EntityType>`)
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, `<EntityType Name="t%d" BaseType="ns.t%d"><Property Name="p%d" Type="Edm.String"/></EntityType>`, i, i-1, i)
	}
	b.WriteString(`<EntityContainer Name="c"><EntitySet Name="s" EntityType="ns.t0"/></EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`)
	return b.Bytes()
}

// TestPathSuggestsInLinearSpace checks that a suggestion under a type
// with a deep tree of derived types gathers each type's members once:
// asking each of n derived types for all it inherits copied n²/2 names,
// 64 MB for 4,000 types, on each request no scenario answers. The bytes
// allocated are counted, not timed.
func TestPathSuggestsInLinearSpace(t *testing.T) {
	const n = 4000
	cat, err := graphmeta.Embedded().With("v1.0", chainCSDL(n))
	if err != nil {
		t.Fatal(err)
	}
	const path = "/v1.0/s/x/q3999"
	if got := cat.Path(path); got.Suggestion != "p3999" {
		t.Fatalf("Path(%s).Suggestion = %q, want p3999, declared by the deepest type", path, got.Suggestion)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cat.Path(path)
	runtime.ReadMemStats(&after)
	if perType := (after.TotalAlloc - before.TotalAlloc) / n; perType > 1000 {
		t.Errorf("Path(%s) allocates %d bytes for each of %d derived types, want under 1,000: the members of each gathered once", path, perType, n)
	}
}
