package graphrules_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphrules"
)

var update = flag.Bool("update", false, "rewrite testdata/guesses.golden")

func collection(t *testing.T, path string) *graphrules.Collection {
	t.Helper()
	c, ok := graphrules.Default().Collection(path)
	if !ok {
		t.Fatalf("Collection(%q) not found", path)
	}
	return c
}

func TestStatuses(t *testing.T) {
	tests := []struct {
		path           string
		update, delete int
	}{
		// https://learn.microsoft.com/en-us/graph/api/user-update?view=graph-rest-1.0
		{"users", 204, 204},
		// https://learn.microsoft.com/en-us/graph/api/group-update?view=graph-rest-1.0
		{"groups", 204, 204},
		// https://learn.microsoft.com/en-us/graph/api/message-update?view=graph-rest-1.0
		{"users/messages", 200, 204},
		// https://learn.microsoft.com/en-us/graph/api/event-update?view=graph-rest-1.0
		{"users/events", 200, 204},
		// https://learn.microsoft.com/en-us/graph/api/chat-patch?view=graph-rest-1.0
		{"chats", 200, 204},
		// https://learn.microsoft.com/en-us/graph/api/team-update?view=graph-rest-1.0
		{"teams", 204, 204},
		// https://learn.microsoft.com/en-us/graph/api/channel-patch?view=graph-rest-1.0
		{"teams/channels", 204, 204},
		// https://learn.microsoft.com/en-us/graph/api/todotask-update?view=graph-rest-1.0
		{"users/todo/lists/tasks", 200, 204},
	}
	for _, tt := range tests {
		c := collection(t, tt.path)
		if got := c.UpdateStatus(); got != tt.update {
			t.Errorf("%s: UpdateStatus() = %d, want %d", tt.path, got, tt.update)
		}
		if got := c.DeleteStatus(); got != tt.delete {
			t.Errorf("%s: DeleteStatus() = %d, want %d", tt.path, got, tt.delete)
		}
	}
}

func TestErrors(t *testing.T) {
	users, messages, chats := collection(t, "users"), collection(t, "users/messages"), collection(t, "chats")
	tests := []struct {
		name string
		got  graphrules.GraphError
		want graphrules.GraphError
	}{
		{"a missing user", users.NotFoundError("4c1d"), graphrules.GraphError{Status: 404, Code: "Request_ResourceNotFound",
			Message: "Resource '4c1d' does not exist or one of its queried reference-property objects are not present."}},
		{"a missing message", messages.NotFoundError("AAMk1"), graphrules.GraphError{Status: 404, Code: "ErrorItemNotFound",
			Message: "The specified object was not found in the store."}},
		{"a missing chat", chats.NotFoundError("19:x@thread.v2"), graphrules.GraphError{Status: 404, Code: "NotFound", Message: "Resource not found."}},
	}
	dup, ok := collection(t, "groups").DuplicateRefError("members")
	if !ok {
		t.Fatal("groups has no duplicateRef rule")
	}
	tests = append(tests, struct {
		name string
		got  graphrules.GraphError
		want graphrules.GraphError
	}{"a member added twice", dup, graphrules.GraphError{Status: 400, Code: "Request_BadRequest",
		Message: "One or more added object references already exist for the following modified properties: 'members'."}})
	nu, ok := users.NotUniqueError("userPrincipalName")
	if !ok {
		t.Fatal("users has no notUnique rule")
	}
	tests = append(tests, struct {
		name string
		got  graphrules.GraphError
		want graphrules.GraphError
	}{"a UPN taken", nu, graphrules.GraphError{Status: 400, Code: "Request_BadRequest",
		Message: "Another object with the same value for property userPrincipalName already exists."}})
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if _, ok := messages.DuplicateRefError("x"); ok {
		t.Error("Outlook messages have a duplicateRef rule; Graph's is the directory's")
	}
}

func TestCollectionQueries(t *testing.T) {
	users := collection(t, "users")
	for _, c := range []struct {
		top  int
		want int
		ok   bool
	}{{0, 100, true}, {5, 5, true}, {999, 999, true}, {1000, 0, false}, {-1, 0, false}} {
		if got, ok := users.Top(c.top); got != c.want || ok != c.ok {
			t.Errorf("users.Top(%d) = %d, %v; want %d, %v", c.top, got, ok, c.want, c.ok)
		}
	}
	if got, _ := collection(t, "users/messages").Top(0); got != 10 {
		t.Errorf("messages.Top(0) = %d, want 10", got)
	}
	if _, ok := collection(t, "chats/messages").Top(51); ok {
		t.Error("chat messages accept $top=51; the maximum is 50")
	}
	if got, ok := collection(t, "teams/channels").Top(0); got != 0 || !ok {
		t.Errorf("channels.Top(0) = %d, %v; want 0, true (not paged)", got, ok)
	}
	want := []string{"accountEnabled", "displayName", "mailNickname", "passwordProfile", "userPrincipalName"}
	if got := users.Required.Properties; !slices.Equal(got, want) {
		t.Errorf("users required = %v, want %v", got, want)
	}
	if !users.WriteOnly.Has("passwordProfile") || users.WriteOnly.Has("displayName") {
		t.Errorf("users write-only = %v", users.WriteOnly.Properties)
	}
	if !users.DefaultSelect.Has("userPrincipalName") || users.DefaultSelect.Has("accountEnabled") {
		t.Errorf("users default select = %v", users.DefaultSelect.Properties)
	}
	if got := users.UniqueProperties(); !slices.Equal(got, []string{"userPrincipalName"}) {
		t.Errorf("users unique = %v", got)
	}
	if got := collection(t, "groups").BindLimit(); got != 20 {
		t.Errorf("groups BindLimit() = %d, want 20", got)
	}
	if got := collection(t, "users/messages").BindLimit(); got != 0 {
		t.Errorf("messages BindLimit() = %d, want 0", got)
	}
	var nilProps *graphrules.Properties
	if nilProps.Has("x") {
		t.Error("a nil Properties has a property")
	}
	if _, ok := graphrules.Default().Collection("nope"); ok {
		t.Error(`Collection("nope") found something`)
	}
	if w, ok := graphrules.Default().Workload("outlook"); !ok || collection(t, "users/messages").Of() != w {
		t.Error("users/messages is not in the outlook workload")
	}
}

func TestIDShapes(t *testing.T) {
	at := time.Date(2021, 3, 28, 20, 48, 29, 832_000_000, time.UTC)
	tests := []struct {
		path  string
		good  []string
		bad   []string
		exact string // what New(1, at) must give, if fixed
	}{
		{"users", []string{"87d349ed-44d7-43e1-9a83-5f2406dee5bd"}, []string{"87D349ED-44D7-43E1-9A83-5F2406DEE5BD", "x", ""}, ""},
		{"chats", []string{"19:561082c0f3f847a58069deb8eb300807@thread.v2", "19:d74fc2ed-cb0e-4288-a219-b5c71abaf2aa_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces"},
			[]string{"19:abc@thread.tacv2", "561082c0f3f847a58069deb8eb300807@thread.v2"}, ""},
		// https://learn.microsoft.com/en-us/graph/api/chat-list-messages?view=graph-rest-1.0:
		// message 1616964509832 was created at 2021-03-28T20:48:29.832Z.
		{"chats/messages", []string{"1616964509832"}, []string{"161696450983", "abc"}, "1616964509832"},
		{"users/messages", []string{"AAMkAGUAAAwTW09AAA="}, []string{"AAMj", "BBMkAAA"}, ""},
		{"teams/channels", []string{"19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2"}, []string{"19:x@thread.v2"}, ""},
		{"planner/tasks", []string{"01gzSlKkIUSUl6DF_EilrmQAKDhh"}, []string{"01gzSlKkIUSUl6DF_EilrmQAKDh"}, ""},
	}
	for _, tt := range tests {
		s := collection(t, tt.path).IDShape()
		for _, id := range tt.good {
			if !s.Match(id) {
				t.Errorf("%s: %q does not match %q", tt.path, id, s.Pattern)
			}
		}
		for _, id := range tt.bad {
			if s.Match(id) {
				t.Errorf("%s: %q matches %q", tt.path, id, s.Pattern)
			}
		}
		seen := map[string]bool{}
		for n := range uint64(100) {
			id := s.New(n, at)
			if !s.Match(id) {
				t.Fatalf("%s: New(%d) = %q does not match %q", tt.path, n, id, s.Pattern)
			}
			if s.Kind != graphrules.EpochMillis && seen[id] {
				t.Fatalf("%s: New(%d) = %q was given before", tt.path, n, id)
			}
			seen[id] = true
		}
		if tt.exact != "" && s.New(1, at) != tt.exact {
			t.Errorf("%s: New(1, %v) = %q, want %q", tt.path, at, s.New(1, at), tt.exact)
		}
		first := s.New(7, at)
		if again := s.New(7, at); again != first {
			t.Errorf("%s: New(7) = %q, then %q", tt.path, first, again)
		}
	}
}

// cites returns every Cite in v, with where it is.
func cites(v reflect.Value, at string, out map[string]graphrules.Cite) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			cites(v.Elem(), at, out)
		}
	case reflect.Slice:
		for i := range v.Len() {
			cites(v.Index(i), fmt.Sprintf("%s[%d]", at, i), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			switch {
			case !f.IsExported():
			case f.Anonymous && f.Type == reflect.TypeFor[graphrules.Cite]():
				out[at] = v.Field(i).Interface().(graphrules.Cite)
			default:
				cites(v.Field(i), at+"."+f.Name, out)
			}
		}
	}
}

func allCites() map[string]graphrules.Cite {
	out := map[string]graphrules.Cite{}
	for _, c := range graphrules.Default().Collections() {
		cites(reflect.ValueOf(c), c.Path, out)
		cites(reflect.ValueOf(c.Of()), c.Path+" ("+c.Of().Name+")", out)
	}
	return out
}

func TestEveryRuleHasASource(t *testing.T) {
	cs := allCites()
	if len(cs) < 60 {
		t.Fatalf("found only %d rules; the walk is broken", len(cs))
	}
	for at, c := range cs {
		if !strings.HasPrefix(c.Source, "https://learn.microsoft.com/en-us/graph/") {
			t.Errorf("%s: source %q is not a Graph documentation page", at, c.Source)
		}
		if c.Guess && c.Note == "" {
			t.Errorf("%s: a guess without a note saying why", at)
		}
	}
}

// TestGuesses keeps the list of rules nobody checked in
// testdata/guesses.golden, so that adding one is seen in review.
func TestGuesses(t *testing.T) {
	var lines []string
	for at, c := range allCites() {
		if c.Guess && !strings.Contains(at, "(") {
			lines = append(lines, at+": "+c.Note)
		}
	}
	for _, w := range []string{"directory", "outlook", "teams", "planner", "todo"} {
		wl, _ := graphrules.Default().Workload(w)
		m := map[string]graphrules.Cite{}
		cites(reflect.ValueOf(wl), w, m)
		for at, c := range m {
			if c.Guess {
				lines = append(lines, "workload "+at+": "+c.Note)
			}
		}
	}
	slices.Sort(lines)
	got := strings.Join(lines, "\n") + "\n"
	golden := filepath.Join("testdata", "guesses.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("guesses changed; run go test -update and review testdata/guesses.golden\ngot:\n%s", got)
	}
}

// TestRulesMatchMetadata checks every collection path, type and property
// the rules name against Graph's v1.0 metadata.
func TestRulesMatchMetadata(t *testing.T) {
	m, err := csdl.Embedded("v1.0")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range graphrules.Default().Collections() {
		segs := strings.Split(c.Path, "/")
		var typ *csdl.StructuredType
		if es := m.Container.EntitySet(segs[0]); es != nil {
			typ = m.Type(es.EntityType)
		} else if s := m.Container.Singleton(segs[0]); s != nil {
			typ = m.Type(s.Type)
		} else {
			t.Errorf("%s: no entity set or singleton %q in v1.0", c.Path, segs[0])
			continue
		}
		for _, seg := range segs[1:] {
			nav := typ.NavigationProperty(seg)
			if nav == nil {
				t.Errorf("%s: %s has no navigation property %q", c.Path, typ.Name, seg)
				typ = nil
				break
			}
			typ = m.Type(nav.Type.Name)
		}
		if typ == nil {
			continue
		}
		if typ.Name != c.Type {
			t.Errorf("%s: type is %s in the metadata, %s in the rules", c.Path, typ.Name, c.Type)
		}
		var props []string
		for _, p := range []*graphrules.Properties{c.Required, c.DefaultSelect, c.WriteOnly, c.Computed} {
			if p != nil {
				props = append(props, p.Properties...)
			}
		}
		props = append(props, c.UniqueProperties()...)
		for _, p := range props {
			if typ.Property(p) == nil {
				t.Errorf("%s: %s has no property %q", c.Path, typ.Name, p)
			}
		}
	}
}

func TestParseValid(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := graphrules.Parse("valid.yaml", data)
	if err != nil {
		t.Fatalf("Parse(valid.yaml) error = %v", err)
	}
	c, ok := r.Collection("things")
	if !ok || c.UpdateStatus() != 200 || c.DeleteStatus() != 204 || c.NotFoundError("k").Message != "no k" {
		t.Errorf("things: %v %v", c, ok)
	}
}

func TestParseBadFiles(t *testing.T) {
	tests := []struct {
		file string
		want []string // each problem, in order
	}{
		{"unknown-key.yaml", []string{"unknown-key.yaml:11: field staus not found in type graphrules.Status"}},
		{"no-source.yaml", []string{"no-source.yaml:4: workloads[0].delete: " + graphrules.ErrNoSource.Error()}},
		{"bad-status.yaml", []string{
			`bad-status.yaml:4: workloads[0].delete.source: source "http://example.test/delete" is not an https address`,
			"bad-status.yaml:4: workloads[0].delete: status 404 is not a success",
		}},
		{"unknown-workload.yaml", []string{`unknown-workload.yaml:9: collections[0].workload: unknown workload "outlook"`}},
		{"bad-placeholder.yaml", []string{"bad-placeholder.yaml:5: workloads[0].notFound.message: placeholder {key} is not one of [id]"}},
		{"example-mismatch.yaml", []string{`example-mismatch.yaml:6: workloads[0].id.example: example "AAMk" does not match pattern "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"`}},
		{"duplicate-path.yaml", []string{`duplicate-path.yaml:12: collections[1].path: collection "things" is defined twice`}},
		{"syntax.yaml", []string{"syntax.yaml:10: did not find expected ',' or ']'"}},
		{"bad-indent.yaml", []string{"bad-indent.yaml:8: did not find expected '-' indicator"}},
		{"empty.yaml", []string{"empty.yaml: empty file"}},
		{"several.yaml", []string{
			"several.yaml:2: workloads[0]: no delete rule",
			"several.yaml:4: workloads[0].notFound: " + graphrules.ErrNoSource.Error(),
			`several.yaml:5: workloads[0].id.kind: unknown id kind "uuid" (want one of [guid thread epochMillis outlook planner])`,
			"several.yaml:10: collections[0].pageSize: want 1 <= default <= max, got default 100, max 10",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := graphrules.Parse(tt.file, data)
			if err == nil {
				t.Fatalf("Parse(%s) = %v, want an error", tt.file, r)
			}
			var got []string
			for _, e := range unjoin(err) {
				var le *graphrules.Error
				if !errors.As(e, &le) {
					t.Errorf("problem %q is a %T, not a *graphrules.Error", e, e)
				}
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Parse(%s) problems:\n%s\nwant:\n%s", tt.file, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestNoSourceIsTheSentinel(t *testing.T) {
	data, _ := os.ReadFile("testdata/no-source.yaml")
	_, err := graphrules.Parse("no-source.yaml", data)
	if !errors.Is(err, graphrules.ErrNoSource) {
		t.Errorf("error %v is not ErrNoSource", err)
	}
}
