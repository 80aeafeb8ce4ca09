package strictjson

import (
	"encoding/json"
	"testing"
)

func mustParse(t *testing.T, s string) any {
	t.Helper()
	v, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("Parse(%s) error = %v", s, err)
	}
	return v
}

func TestPointer(t *testing.T) {
	doc := mustParse(t, `{"a":{"b/c":[10,{"d~e":true}]},"":1}`)
	tests := []struct {
		ptr   string
		want  string
		found bool
	}{
		{"", `{"":1,"a":{"b/c":[10,{"d~e":true}]}}`, true},
		{"/a/b~1c/0", "10", true},
		{"/a/b~1c/1/d~0e", "true", true},
		{"/", "1", true},
		{"/a/b~1c/01", "", false},
		{"/a/b~1c/2", "", false},
		{"/a/x", "", false},
		{"a", "", false},
	}
	for _, tt := range tests {
		v, ok := Pointer(doc, tt.ptr)
		if ok != tt.found || (ok && Show(v) != tt.want) {
			t.Errorf("Pointer(%q) = %s, %v; want %s, %v", tt.ptr, Show(v), ok, tt.want, tt.found)
		}
	}
}

func TestContains(t *testing.T) {
	doc := mustParse(t, `{"chatType":"group","members":[{"id":"1","roles":["owner"]},{"id":"2"}],"n":1.50}`)
	tests := []struct {
		name, want, where string
		ok                bool
	}{
		{"a subset object is contained", `{"chatType":"group"}`, "", true},
		{"numbers compare by value", `{"n":1.5}`, "", true},
		{"an array element may match any element", `{"members":[{"id":"2"}]}`, "", true},
		{"a missing member is named", `{"topic":"x"}`, "/topic is missing", false},
		{"a different value is shown", `{"chatType":"oneOnOne"}`, `/chatType is "group", want "oneOnOne"`, false},
		{"an unmatched array element is named", `{"members":[{"id":"3"}]}`, `/members has no element containing {"id":"3"} (element 0 of the condition)`, false},
		{"a type mismatch is named", `{"members":{}}`, `/members is [{"id":"1","roles":["owner"]},{"id":"2"}], want an object`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			where, ok := Contains(doc, mustParse(t, tt.want), "")
			if ok != tt.ok || where != tt.where {
				t.Errorf("Contains(%s) = %q, %v; want %q, %v", tt.want, where, ok, tt.where, tt.ok)
			}
		})
	}
}

func TestTextAndQuote(t *testing.T) {
	if got := Text("a b"); got != "a b" {
		t.Errorf("Text(string) = %q", got)
	}
	if got := Text(json.Number("5")); got != "5" {
		t.Errorf("Text(number) = %q", got)
	}
	if got := Quote("a\"b"); got != `"a\"b"` {
		t.Errorf("Quote(string) = %q", got)
	}
	if got := Quote(map[string]any{"a": nil}); got != `{"a":null}` {
		t.Errorf("Quote(object) = %q", got)
	}
	if got := EscapeToken("a/b~c"); got != "a~1b~0c" {
		t.Errorf("EscapeToken = %q", got)
	}
}

func TestUnescapeTokenReversesEscapeToken(t *testing.T) {
	for in, want := range map[string]string{
		"a~1b~0c": "a/b~c",
		"~01":     "~1", // ~0 is undone last: RFC 6901 section 4
		"~10":     "/0",
		"plain":   "plain",
		"":        "",
	} {
		if got := UnescapeToken(in); got != want {
			t.Errorf("UnescapeToken(%q) = %q, want %q", in, got, want)
		}
	}
	for _, s := range []string{"a/b", "~", "~1", "/~0/", "x~y/z"} {
		if got := UnescapeToken(EscapeToken(s)); got != s {
			t.Errorf("UnescapeToken(EscapeToken(%q)) = %q", s, got)
		}
	}
}
