package tenantfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds Parse anything: it must not panic, must report every
// refusal as *Errors naming the file, and what it accepts must encode
// and parse back the same.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/errors/*.yaml")
	files = append(files, "testdata/tenant.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("version: 1\ngenerate: {users: 3, groups: 2}\nentities:\n  /users/x@contoso.example/todo/lists: []\n"))
	f.Add([]byte("{version: 1, entities: {/chats: [{<<: {a: 1}, b: [&x {c: d}, *x]}]}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.yaml", data)
		if err != nil {
			errs := Errors(err)
			if len(errs) == 0 {
				t.Fatalf("error %T %v is not made of *Error", err, err)
			}
			for _, e := range errs {
				if e.Pos.File != "fuzz.yaml" || e.Err == nil {
					t.Fatalf("error %+v lacks its file or cause", e)
				}
			}
			return
		}
		out, err := Encode(file)
		if err != nil {
			t.Fatalf("Encode of a parsed file: %v", err)
		}
		again, err := Parse("again.yaml", out)
		if err != nil {
			t.Fatalf("Parse(Encode(f)) error = %v\n%s", err, out)
		}
		if diff := same(file, again); diff != "" {
			t.Fatalf("Parse(Encode(f)) differs: %s\n%s", diff, out)
		}
	})
}

// TestParseStaysLinear parses hostile files of n and 8n parts (an alias bomb, whose work is bounded by strictyaml.MaxNodes whatever its size, is in testdata/errors) and checks
// that the work (counted in allocations, which do not depend on the
// machine) grows about 8 times, not 64.
func TestParseStaysLinear(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(n int) string
	}{
		{"many misspelt users against many users", func(n int) string {
			var b strings.Builder
			b.WriteString("version: 1\nentities:\n  /users:\n")
			for i := range n {
				fmt.Fprintf(&b, "    - {userPrincipalName: user%d@contoso.example}\n", i)
			}
			b.WriteString("  /groups:\n")
			for i := range n {
				fmt.Fprintf(&b, "    - members@odata.bind: [users/usr%d@contoso.example]\n", i)
			}
			return b.String()
		}},
		{"merge keys merging merge keys", func(n int) string {
			var b strings.Builder
			b.WriteString("version: 1\nentities:\n  /chats:\n    - a0: &a0 {k: v}\n")
			for i := 1; i < n; i++ {
				fmt.Fprintf(&b, "      a%d: &a%d {<<: *a%d, k%d: v}\n", i, i, i-1, i)
			}
			return b.String()
		}},
		{"unknown keys", func(n int) string {
			var b strings.Builder
			b.WriteString("version: 1\n")
			for i := range n {
				fmt.Fprintf(&b, "entitie%d: x\n", i)
			}
			return b.String()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			allocs := func(n int) float64 {
				data := []byte(tc.make(n))
				return testing.AllocsPerRun(1, func() { _, _ = Parse("big.yaml", data) })
			}
			small, large := allocs(100), allocs(800)
			if large > 8*small*1.5 {
				t.Errorf("allocations %v for 100 parts, %v for 800: more than linear", small, large)
			}
		})
	}
}
