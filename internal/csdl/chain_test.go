package csdl

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// chain is a CSDL document of n types of kind (EntityType or ComplexType),
// each derived from the one before: t1 from t0, t2 from t1, and so on, a
// hostile document whose base chains are as long as it has types. Only t0
// declares a key.
func chain(n int, kind string) []byte {
	var b bytes.Buffer
	b.WriteString(`<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="ns">` + "\n")
	fmt.Fprintf(&b, `<%s Name="t0"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String"/></%[1]s>`+"\n", kind)
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, `<%s Name="t%d" BaseType="ns.t%d"><Property Name="p%[2]d" Type="Edm.String"/></%[1]s>`+"\n", kind, i, i-1)
	}
	b.WriteString(`</Schema></edmx:DataServices></edmx:Edmx>`)
	return b.Bytes()
}

// TestLinkWalksBaseChainsOnce holds the steps link takes along base types
// to a small multiple of the number of types: walking each type's chain
// from scratch took n²/2 steps, 128 million for 16,000 chained types.
func TestLinkWalksBaseChainsOnce(t *testing.T) {
	for _, n := range []int{4000, 16000} {
		p := newParser(bytes.NewReader(chain(n, "EntityType")))
		if err := p.parse(); err != nil {
			t.Fatalf("parse(chain of %d) = %v", n, err)
		}
		if p.baseSteps > 2*n {
			t.Errorf("a chain of %d types took %d steps along base types, want at most %d", n, p.baseSteps, 2*n)
		}
		last := p.m.Types[fmt.Sprintf("ns.t%d", n-1)]
		if !slices.Equal(last.Key, []string{"id"}) {
			t.Errorf("t%d key = %v, want t0's [id], inherited down the chain", n-1, last.Key)
		}
		if got := len(last.AllProperties()); got != n {
			t.Errorf("t%d has %d properties, want %d", n-1, got, n)
		}
	}
}

// TestLinkFindsCyclesAnywhereInAChain checks that walking each chain once
// still finds a cycle, whether a type is in it or only leads to it, and
// names the first type in name order whose chain loops.
func TestLinkFindsCyclesAnywhereInAChain(t *testing.T) {
	tests := []struct {
		name, types, want string
	}{
		{"a type its own base", `<ComplexType Name="a" BaseType="n.a"/>`, "line 3: type n.a: its base types form a cycle"},
		{"two types", `<ComplexType Name="b" BaseType="n.c"/><ComplexType Name="c" BaseType="n.b"/>`, "line 3: type n.b: its base types form a cycle"},
		{"a type leading into a cycle", `<ComplexType Name="a" BaseType="n.y"/>` + "\n" + `<ComplexType Name="y" BaseType="n.z"/><ComplexType Name="z" BaseType="n.y"/>`, "line 3: type n.a: its base types form a cycle"},
		{"a cycle after a long chain", `<ComplexType Name="a0" BaseType="n.a1"/><ComplexType Name="a1" BaseType="n.a2"/><ComplexType Name="a2" BaseType="n.a3"/><ComplexType Name="a3" BaseType="n.a2"/>`, "line 3: type n.a0: its base types form a cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n" + tt.types + "\n</Schema>\n</edmx:Edmx>"
			_, err := Parse(strings.NewReader(doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse() = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestAllPropertiesAllocatesOnce checks that the properties of a type at
// the end of a long chain are gathered in one slice, not copied again at
// each base type.
func TestAllPropertiesAllocatesOnce(t *testing.T) {
	m, err := Parse(bytes.NewReader(chain(2000, "ComplexType")))
	if err != nil {
		t.Fatal(err)
	}
	last := m.Types["ns.t1999"]
	if n := testing.AllocsPerRun(10, func() { last.AllProperties() }); n > 1 {
		t.Errorf("AllProperties of a type 2,000 deep allocates %v times, want once", n)
	}
	if n := testing.AllocsPerRun(10, func() { last.AllNavigationProperties() }); n > 1 {
		t.Errorf("AllNavigationProperties of a type 2,000 deep allocates %v times, want at most once", n)
	}
	props := last.AllProperties()
	if len(props) != 2000 || props[0].Name != "id" || props[1].Name != "p1" || props[1999].Name != "p1999" {
		t.Errorf("AllProperties = %d properties from %s to %s, want id, p1 … p1999 in order", len(props), props[0].Name, props[len(props)-1].Name)
	}
}

// BenchmarkParseChain parses chains of derived types of two lengths; the
// time per type should not grow with the length.
func BenchmarkParseChain(b *testing.B) {
	for _, n := range []int{4000, 16000} {
		doc := chain(n, "EntityType")
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(bytes.NewReader(doc)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
