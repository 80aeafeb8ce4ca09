package odatapath_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odatapath"
)

// chain renders a target's segments as "kind name type[] contained
// key[prop=value {var}]", one per segment, joined by " | ".
func chain(t odatapath.Target) string {
	var parts []string
	for _, s := range t.Segments {
		p := s.Kind.String()
		if s.Name != "" {
			p += " " + s.Name
		}
		typ := s.Type
		if s.Collection {
			typ += "[]"
		}
		if typ != "" {
			p += " " + typ
		}
		if s.Contained {
			p += " contained"
		}
		for _, k := range s.Key {
			p += fmt.Sprintf(" [%s=%s", k.Property, k.Value)
			if k.Variable != "" {
				p += " {" + k.Variable + "}"
			}
			p += "]"
		}
		if s.Args != "" {
			p += " (" + s.Args + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " | ")
}

// TestResolveSegments resolves paths of Graph's documentation into their
// chain of segments: containment as v1.0's metadata declares it
// (ContainsTarget on user.messages, chat.messages, user.photo), keys as
// given, in any of OData's forms
// (https://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part2-url-conventions.html#sec_CanonicalURL,
// and Graph's key-as-segment, https://learn.microsoft.com/en-us/graph/api/user-get).
func TestResolveSegments(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{})
	tests := []struct{ path, want string }{
		{"/users", "entity set users microsoft.graph.user[]"},
		{"/users/AdeleV@Contoso.com", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id=AdeleV@Contoso.com]"},
		{"/users('AdeleV@Contoso.com')", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id=AdeleV@Contoso.com]"},
		{"/users(id='8b081ef6')", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id=8b081ef6]"},
		{"/users(id = 'a')", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id=a]"},
		{"/users('O''Brien')", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id=O'Brien]"},
		{"/users('a,b')", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id=a,b]"},
		{"/users(id='a',x=5)", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id=a] [x=5]"},
		{"/users/a%2Fb", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id=a/b]"},
		{"/users/{user-id}", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id={user-id} {user-id}]"},
		{"/users('{id}')", "entity set users microsoft.graph.user[] | key microsoft.graph.user [id={id}]"},
		{"/chats/19%3Aabc%40thread.v2/messages/{id}", "entity set chats microsoft.graph.chat[] | key microsoft.graph.chat [id=19:abc@thread.v2] | navigation messages microsoft.graph.chatMessage[] contained | key microsoft.graph.chatMessage contained [id={id} {id}]"},
		{"/me/messages/{id}/attachments/{id}/microsoft.graph.fileAttachment", "singleton me microsoft.graph.user | navigation messages microsoft.graph.message[] contained | key microsoft.graph.message contained [id={id} {id}] | navigation attachments microsoft.graph.attachment[] contained | key microsoft.graph.attachment contained [id={id} {id}] | cast microsoft.graph.fileAttachment microsoft.graph.fileAttachment contained"},
		{"/groups/{id}/members/$ref", "entity set groups microsoft.graph.group[] | key microsoft.graph.group [id={id} {id}] | navigation members microsoft.graph.directoryObject[] | $ref $ref microsoft.graph.directoryObject[]"},
		{"/groups/{id}/members/microsoft.graph.user/$count", "entity set groups microsoft.graph.group[] | key microsoft.graph.group [id={id} {id}] | navigation members microsoft.graph.directoryObject[] | cast microsoft.graph.user microsoft.graph.user[] | $count $count Edm.Int32"},
		{"/groups/graph.group", "entity set groups microsoft.graph.group[] | cast microsoft.graph.group microsoft.graph.group[]"},
		{"/me/photo/$value", "singleton me microsoft.graph.user | navigation photo microsoft.graph.profilePhoto contained | $value $value microsoft.graph.profilePhoto contained"},
		{"/me/displayName/$value", "singleton me microsoft.graph.user | property displayName Edm.String | $value $value Edm.String"},
		{"/me/businessPhones", "singleton me microsoft.graph.user | property businessPhones Edm.String[]"},
		{"/me/manager", "singleton me microsoft.graph.user | navigation manager microsoft.graph.directoryObject"},
		{"/me/sendMail", "singleton me microsoft.graph.user | action microsoft.graph.sendMail"},
		{"/users/delta()", "entity set users microsoft.graph.user[] | function microsoft.graph.delta microsoft.graph.user[]"},
		{"/me/drive/root/search(q='report')", "singleton me microsoft.graph.user | navigation drive microsoft.graph.drive contained | navigation root microsoft.graph.driveItem contained | function microsoft.graph.search microsoft.graph.driveItem[] (q='report')"},
		{"/me/drive/items/{id}/workbook/worksheets/{id}/range(address='A1')/format", "singleton me microsoft.graph.user | navigation drive microsoft.graph.drive contained | navigation items microsoft.graph.driveItem[] contained | key microsoft.graph.driveItem contained [id={id} {id}] | navigation workbook microsoft.graph.workbook contained | navigation worksheets microsoft.graph.workbookWorksheet[] contained | key microsoft.graph.workbookWorksheet contained [id={id} {id}] | function microsoft.graph.range microsoft.graph.workbookRange (address='A1') | navigation format microsoft.graph.workbookRangeFormat contained"},
		{"/$batch", "$batch $batch"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			target, err := r.Resolve(tt.path)
			if err != nil {
				t.Fatalf("Resolve(%q) error = %v", tt.path, err)
			}
			if got := chain(target); got != tt.want {
				t.Errorf("Resolve(%q) segments\n got %s\nwant %s", tt.path, got, tt.want)
			}
		})
	}
}

// TestSegmentsEndWhereTheTargetIs checks, over every path of
// TestResolveGraphPaths' kind, that the last segment addresses what the
// target does.
func TestSegmentsEndWhereTheTargetIs(t *testing.T) {
	r := resolver(t, "beta", odatapath.Options{})
	for _, path := range []string{
		"/chats", "/chats/{id}/members/{id}", "/users/{id}/teamwork/installedApps/{id}/chat", "/me/sendMail",
		"/groups/{id}/members/$ref", "/users/$count", "/me/photo/$value", "/users/delta()", "/groups/{id}/checkMemberGroups",
	} {
		target, err := r.Resolve(path)
		if err != nil {
			t.Fatalf("Resolve(%q) error = %v", path, err)
		}
		last := target.Segments[len(target.Segments)-1]
		if last.Type != target.Type || last.Collection != target.Collection || last.Structured != target.Structured {
			t.Errorf("Resolve(%q): last segment %+v, target %s collection %v", path, last, target.Type, target.Collection)
		}
	}
}

// TestResolveEntitySets follows the metadata's NavigationPropertyBindings
// to where the entities each segment addresses are kept: v1.0 binds
// groups' members and owners and me's manager to directoryObjects, and
// planner's plans/tasks to planner/tasks (a path); contained entities
// (user.messages) and a function's results are bound to nothing.
func TestResolveEntitySets(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{})
	tests := []struct{ path, want string }{
		{"/users/{id}", "users users"},
		{"/groups/{id}/members", "groups groups directoryObjects"},
		{"/groups/{id}/members/{id}/$ref", "groups groups directoryObjects directoryObjects directoryObjects"},
		{"/groups/{id}/members/microsoft.graph.user/$count", "groups groups directoryObjects directoryObjects directoryObjects"},
		{"/groups('a')/owners", "groups groups directoryObjects"},
		{"/me/manager", "- directoryObjects"},
		{"/me/messages/{id}", "- - -"},
		{"/planner/plans/{id}/tasks", "- - - planner/tasks"},
		{"/users/delta()", "users -"},
		{"/me/displayName", "- -"},
	}
	for _, tt := range tests {
		target, err := r.Resolve(tt.path)
		if err != nil {
			t.Fatalf("Resolve(%q) error = %v", tt.path, err)
		}
		var sets []string
		for _, s := range target.Segments {
			if s.EntitySet == "" {
				s.EntitySet = "-"
			}
			sets = append(sets, s.EntitySet)
		}
		if got := strings.Join(sets, " "); got != tt.want {
			t.Errorf("Resolve(%q) entity sets = %s, want %s", tt.path, got, tt.want)
		}
	}
}

// TestResolveEntitySetsThroughACast follows a binding whose path holds a
// cast, as beta's servicePrincipals bind
// microsoft.graph.agentIdentity/sponsors, written with the cast and, as
// Graph reads a member only one derived type declares, without.
func TestResolveEntitySetsThroughACast(t *testing.T) {
	beta := resolver(t, "beta", odatapath.Options{})
	for _, path := range []string{
		"/servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors",
		"/servicePrincipals/microsoft.graph.agentIdentity/{id}/sponsors",
	} {
		target, err := beta.Resolve(path)
		if err != nil {
			t.Fatalf("Resolve(%q) error = %v", path, err)
		}
		if last := target.Segments[len(target.Segments)-1]; last.EntitySet != "directoryObjects" {
			t.Errorf("Resolve(%q): sponsors kept in %q, want directoryObjects", path, last.EntitySet)
		}
	}
	f, err := os.Open("testdata/bindings.csdl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := csdl.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	small := odatapath.New(m, odatapath.Options{})
	for path, want := range map[string]string{
		"/directoryObjects/{id}/microsoft.graph.user/manager":         "directoryObjects",
		"/directoryObjects/{id}/manager":                              "directoryObjects",
		"/directoryObjects/{id}/manager/microsoft.graph.user/manager": "directoryObjects",
	} {
		target, err := small.Resolve(path)
		if err != nil {
			t.Fatalf("Resolve(%q) error = %v", path, err)
		}
		if last := target.Segments[len(target.Segments)-1]; last.EntitySet != want {
			t.Errorf("Resolve(%q): manager kept in %q, want %s", path, last.EntitySet, want)
		}
	}
}
