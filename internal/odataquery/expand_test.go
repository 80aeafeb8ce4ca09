package odataquery

import (
	"strings"
	"testing"
)

// $expand as the query parameters page writes it:
// children($select=id,name), several properties separated by commas
// (https://learn.microsoft.com/en-us/graph/query-parameters#expand).
func TestParseExpand(t *testing.T) {
	got, err := ParseExpand("manager, members($select=id,displayName;$top=5),a/b", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Property() != "manager" || got[0].Options != nil {
		t.Fatalf("ParseExpand = %+v", got)
	}
	if got[1].Property() != "members" || got[1].Options["$select"] != "id,displayName" || got[1].Options["$top"] != "5" {
		t.Errorf("members item = %+v", got[1])
	}
	if strings.Join(got[2].Path, "/") != "a/b" {
		t.Errorf("path item = %+v", got[2])
	}
	for _, bad := range []string{"", "a,", "a(", "a)", "a($select)", "a(=x)", "'x'", "a b", "a(x=1)b", strings.Repeat("a", 5000)} {
		if _, err := ParseExpand(bad, Limits{}); err == nil {
			t.Errorf("ParseExpand(%q) passed", bad)
		}
	}
}
