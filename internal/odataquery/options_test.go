package odataquery

import (
	"strings"
	"testing"
)

func TestOrderBy(t *testing.T) {
	keys, err := ParseOrderBy("displayName desc, from/emailAddress/address ASC,age", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 || !keys[0].Desc || keys[1].Desc || keys[1].Property() != "from/emailAddress/address" || keys[2].Property() != "age" {
		t.Fatalf("ParseOrderBy = %+v", keys)
	}
	a := map[string]any{"displayName": "bob", "age": 3.0}
	b := map[string]any{"displayName": "Bob", "age": 4.0}
	c := map[string]any{"age": 1.0}
	if got := Compare(a, b, keys); got != -1 {
		t.Errorf("Compare(bob 3, Bob 4) = %d, want -1 (names equal ignoring case, then age)", got)
	}
	if got := Compare(c, a, keys[:1]); got != 1 {
		t.Errorf("Compare(null, bob) desc = %d, want 1 (null first ascending, last descending)", got)
	}
	for _, bad := range []string{"", "a,", "a up", "a desc b", "a//b", "1a", "a/", strings.Repeat("a,", 40) + "a"} {
		if _, err := ParseOrderBy(bad, Limits{}); err == nil {
			t.Errorf("ParseOrderBy(%q) passed", bad)
		}
	}
}

func TestSelect(t *testing.T) {
	got, err := ParseSelect("displayName, mail,id", Limits{})
	if err != nil || strings.Join(got, ",") != "displayName,mail,id" {
		t.Fatalf("ParseSelect = %v, %v", got, err)
	}
	for _, bad := range []string{"", "a,,b", "a b", "a/b", "'x'"} {
		if _, err := ParseSelect(bad, Limits{}); err == nil {
			t.Errorf("ParseSelect(%q) passed", bad)
		}
	}
}

func TestSearch(t *testing.T) {
	people := map[string]map[string]any{
		"wanda": {"displayName": "Wanda Maximoff", "mail": "wanda@contoso.com"},
		"camel": {"displayName": "JohnSmith", "mail": "js@contoso.com"},
		"joe":   {"displayName": "Joe-Bloggs", "mail": "joe@fabrikam.com"},
	}
	for _, c := range []struct {
		search string
		want   []string
	}{
		{`"displayName:wa"`, []string{"wanda"}},
		{`"displayName:max"`, []string{"wanda"}},
		{`"displayName:anda"`, nil}, // a word's start, not any substring
		{`"displayName:smith"`, []string{"camel"}},
		{`"displayName:bloggs"`, []string{"joe"}},
		{`"displayName:wanda max"`, []string{"wanda"}},
		{`"displayName:wa" OR "displayName:joe"`, []string{"joe", "wanda"}},
		{`"displayName:wa" AND "mail:wanda"`, []string{"wanda"}},
		{`"displayName:wa" AND "mail:joe"`, nil},
		{`fabrikam`, []string{"joe"}},
		{`"contoso"`, []string{"camel", "wanda"}},
	} {
		s, err := ParseSearch(c.search, Limits{})
		if err != nil {
			t.Errorf("ParseSearch(%s) error = %v", c.search, err)
			continue
		}
		var got []string
		for _, name := range []string{"camel", "joe", "wanda"} {
			if s.Match(people[name], []string{"mail"}) {
				got = append(got, name)
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("$search=%s matched %v, want %v", c.search, got, c.want)
		}
	}
	for _, bad := range []string{"", `"open`, `"a" XOR "b"`, `"a" AND`, `"a" AND "b" OR "c"`, `""`, `"a" "b"`} {
		if _, err := ParseSearch(bad, Limits{}); err == nil {
			t.Errorf("ParseSearch(%s) passed", bad)
		}
	}
}
