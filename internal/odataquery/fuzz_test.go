package odataquery

import (
	"strings"
	"testing"
)

// FuzzParse checks that no input makes the parsers panic or the
// evaluator exceed its budget, and that what parses evaluates.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"displayName eq 'x'",
		"NOT startsWith(displayName,'C') and mail ne null",
		"proxyAddresses/any(p:endsWith(p,'x'))",
		"assignedLicenses/$count eq 0",
		"id eq 6e7b768e-07e2-4810-8459-485f84f8f204",
		"createdDateTime ge 2024-01-01T00:00:00Z",
		"importance eq microsoft.graph.importance'high'",
		"a in ('x','y''z')",
		"((((a eq 1))))",
		"x/all(y:y/any(z:z eq 1))",
		`"displayName:wa" OR "mail:x"`,
		"displayName desc, mail",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if flt, err := ParseFilter(s, Limits{}); err == nil {
			b := NewBudget(100_000)
			if _, err := flt.Eval(user, b); err == nil && b.Left() < 0 {
				t.Fatalf("Eval(%q) overspent its budget without failing", s)
			}
			_ = flt.Uses()
		} else if _, ok := err.(*Error); !ok {
			t.Fatalf("ParseFilter(%q) error %T is not an *Error", s, err)
		}
		if keys, err := ParseOrderBy(s, Limits{}); err == nil {
			_ = Compare(user, map[string]any{}, keys)
		}
		_, _ = ParseSelect(s, Limits{})
		_, _ = ParseExpand(s, Limits{})
		if sr, err := ParseSearch(s, Limits{}); err == nil {
			_ = sr.Match(user, []string{"displayName"})
		}
		if len(s) > 4096 && !strings.Contains(s, "\x00") {
			if _, err := ParseFilter(s, Limits{}); err == nil {
				t.Fatalf("a filter of %d bytes parsed", len(s))
			}
		}
	})
}
