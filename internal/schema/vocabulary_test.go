package schema

import (
	"strings"
	"testing"
)

func TestFirstWritesOnlyTheMessagesItKeeps(t *testing.T) {
	written := 0
	var found []Finding
	for _, field := range []string{"/c", "/a", "/b", "/a"} {
		found = append(found, Lazy(field, "x", func() string { written++; return "m" + field }))
	}
	got := First(found, 2)
	if len(got) != 2 || got[0].Field != "/a" || got[1].Field != "/a" || written != 2 {
		t.Errorf("First(4 findings, 2) = %v with %d messages written, want the two at /a and 2 written", got, written)
	}
	if got := First(found, -1); len(got) != 4 || got[3].Field != "/c" {
		t.Errorf("First(4 findings, -1) = %v, want all four by pointer", got)
	}
	if got := First(nil, 5); got != nil {
		t.Errorf("First(nil, 5) = %v, want nil", got)
	}
}

func TestEnumMessageListsAFewMembers(t *testing.T) {
	names := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}
	member := func(i int) string { return names[i] }
	for _, tt := range []struct {
		n     int
		flags bool
		want  string
	}{
		{3, false, `"z" is not a member of the enum: a, b, c`},
		{10, false, `"z" is not a member of the enum: a, b, c, d, e, f, g, h, i, j`},
		{12, false, `"z" is not a member of the enum: a, b, c, d, e, f, g, h, i, j …and 2 more`},
		{2, true, `"z" is not a comma-separated list of members of the enum: a, b`},
	} {
		if got := EnumMessage("z", tt.n, member, tt.flags); got != tt.want {
			t.Errorf("EnumMessage(%d members, flags %v) = %q, want %q", tt.n, tt.flags, got, tt.want)
		}
	}
}

func TestShowCutsLongStringsOnARuneBoundary(t *testing.T) {
	if got := Show("short"); got != `"short"` {
		t.Errorf("Show(short) = %s", got)
	}
	if got := Show(7); got != "7" {
		t.Errorf("Show(7) = %s", got)
	}
	long := "a" + strings.Repeat("é", 1000) // é is two bytes: byte 200 is inside one
	got := Show(long)
	if !strings.HasPrefix(got, `"aé`) || !strings.HasSuffix(got, `é"… (2001 bytes)`) || len(got) > maxShown+30 || strings.ContainsRune(got, '\uFFFD') || strings.Contains(got, `\x`) {
		t.Errorf("Show(2001 bytes) = %s, want the first whole runes and the length", got)
	}
}
