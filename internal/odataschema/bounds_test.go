package odataschema_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odataschema"
)

// allocated returns the bytes f allocates, the least of three runs.
func allocated(f func()) uint64 {
	least := ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// TestManyBadEnumValuesCostLittleEach sends microsoft.graph.security.auditLogQuery's
// recordTypeFilters (a collection of auditLogRecordType, an enum of 472
// members in the v1.0 metadata,
// https://learn.microsoft.com/en-us/graph/api/resources/security-auditlogquery)
// 20 and 15,000 values that are no member. The answer keeps
// graphwire.MaxDetails violations, so only those may cost a message: each
// value past them may cost its pointer and a little bookkeeping, not a
// message listing the enum (some 8 KiB here, and as much again for the
// pattern in gojsonschema's own description).
func TestManyBadEnumValuesCostLittleEach(t *testing.T) {
	b, err := odataschema.New(v10(t), odataschema.Options{}).Type("microsoft.graph.security.auditLogQuery")
	if err != nil {
		t.Fatal(err)
	}
	body := func(n int) any {
		values := make([]any, n)
		for i := range values {
			values[i] = "nope"
		}
		return map[string]any{"recordTypeFilters": values}
	}
	few, many := body(20), body(15_000)
	var vs []graphwire.Violation
	var total int
	small := allocated(func() { vs, total = b.ValidateFirst(few, graphwire.MaxDetails) })
	if total != 20 || len(vs) != 20 {
		t.Fatalf("20 bad values: %d violations of %d, want 20 of 20", len(vs), total)
	}
	large := allocated(func() { vs, total = b.ValidateFirst(many, graphwire.MaxDetails) })
	if total != 15_000 || len(vs) != graphwire.MaxDetails {
		t.Fatalf("15,000 bad values: %d violations of %d, want %d of 15000", len(vs), total, graphwire.MaxDetails)
	}
	const perValue = 1 << 10
	t.Logf("20 values: %d bytes; 15,000 values: %d bytes (%d per value past the 20th)", small, large, (large-small)/(15_000-20))
	if large > small+(15_000-20)*perValue {
		t.Errorf("15,000 bad values allocate %d bytes, 20 allocate %d: want at most %d bytes more per value", large, small, perValue)
	}
	for _, v := range vs {
		if len(v.Message) > 300 {
			t.Errorf("%s: message of %d bytes, want it short: %.200s…", v.Field, len(v.Message), v.Message)
		}
	}
}

// TestAHugeEnumMakesAShortMessage: a message names the refused value and
// at most schema.MaxListedMembers members, however many the enum has.
func TestAHugeEnumMakesAShortMessage(t *testing.T) {
	var xml strings.Builder
	xml.WriteString(`<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>` +
		`<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm"><EnumType Name="huge">`)
	for i := range 250_000 {
		fmt.Fprintf(&xml, `<Member Name="m%d" Value="%d"/>`, i, i)
	}
	xml.WriteString(`</EnumType><EnumType Name="small"><Member Name="a" Value="0"/><Member Name="b" Value="1"/></EnumType>` +
		`<ComplexType Name="thing"><Property Name="h" Type="graph.huge"/><Property Name="s" Type="graph.small"/></ComplexType>` +
		`</Schema></edmx:DataServices></edmx:Edmx>`)
	m, err := csdl.Parse(strings.NewReader(xml.String()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := odataschema.New(m, odataschema.Options{}).Type("microsoft.graph.thing")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := decode([]byte(`{"h": "nope", "s": "c"}`))
	got := b.Validate(doc)
	if len(got) != 2 {
		t.Fatalf("Validate() = %v, want two violations", got)
	}
	if want := `"nope" is not a member of the enum: m0, m1, m2, m3, m4, m5, m6, m7, m8, m9 …and 249990 more`; got[0].Message != want {
		t.Errorf("250,000 members: message = %q, want %q", got[0].Message, want)
	}
	if want := `"c" is not a member of the enum: a, b`; got[1].Message != want {
		t.Errorf("2 members: message = %q, want %q", got[1].Message, want)
	}
	doc, _ = decode([]byte(`{"h": "m249999", "s": "B"}`))
	if got := b.Validate(doc); got != nil {
		t.Errorf("the last member and a member in another case: Validate() = %v, want none", got)
	}
}

// TestALongValueIsCutInTheMessage: a message quotes at most the start of
// a long refused value.
func TestALongValueIsCutInTheMessage(t *testing.T) {
	b, err := odataschema.New(v10(t), odataschema.Options{}).Type("microsoft.graph.message")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("é", 500_000)
	got := b.Validate(map[string]any{"importance": long})
	if len(got) != 1 || len(got[0].Message) > 400 || !strings.Contains(got[0].Message, "(1000000 bytes)") {
		t.Errorf("Validate() = %.500v, want one short message giving the value's length", got)
	}
}
