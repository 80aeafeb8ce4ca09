package odatapath_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odatapath"
)

func resolver(t testing.TB, version string, opts odatapath.Options) *odatapath.Resolver {
	t.Helper()
	m, err := csdl.Embedded(version)
	if err != nil {
		t.Fatal(err)
	}
	return odatapath.New(m, opts)
}

// TestResolveGraphPaths resolves paths from Graph's documentation. want
// reads "kind type" with [] after the type for a collection, then the body
// the method expects: "-" none, "object T", "parameters", "reference",
// "media".
func TestResolveGraphPaths(t *testing.T) {
	tests := []struct {
		version, method, path, want string
	}{
		// Entity sets and singletons.
		{"v1.0", "GET", "/users", "collection microsoft.graph.user[] -"},
		{"v1.0", "POST", "/users", "collection microsoft.graph.user[] object microsoft.graph.user"},
		{"v1.0", "GET", "/me", "entity microsoft.graph.user -"},
		{"v1.0", "PATCH", "/me", "entity microsoft.graph.user object microsoft.graph.user"},
		{"beta", "POST", "/chats", "collection microsoft.graph.chat[] object microsoft.graph.chat"},
		{"v1.0", "GET", "/organization", "collection microsoft.graph.organization[] -"},
		// Keys, as a segment and in parentheses.
		{"v1.0", "GET", "/users/8b081ef6-4792-4def-b2c9-c363a1bf41d5", "entity microsoft.graph.user -"},
		{"v1.0", "PATCH", "/users/adele@contoso.com", "entity microsoft.graph.user object microsoft.graph.user"},
		{"v1.0", "GET", "/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')", "entity microsoft.graph.user -"},
		{"v1.0", "GET", "/users(id='8b081ef6')", "entity microsoft.graph.user -"},
		{"v1.0", "DELETE", "/groups/{id}", "entity microsoft.graph.group -"},
		{"beta", "GET", "/chats/19:abc@thread.v2", "entity microsoft.graph.chat -"},
		{"beta", "GET", "/chats/19%3Aabc%40thread.v2", "entity microsoft.graph.chat -"},
		{"v1.0", "GET", "/users('a,b')", "entity microsoft.graph.user -"},
		// Contained and other navigation.
		{"beta", "POST", "/chats/{id}/members", "collection microsoft.graph.conversationMember[] object microsoft.graph.conversationMember"},
		{"v1.0", "POST", "/chats/{chat-id}/messages", "collection microsoft.graph.chatMessage[] object microsoft.graph.chatMessage"},
		{"v1.0", "GET", "/me/messages/{id}/attachments/{id}", "entity microsoft.graph.attachment -"},
		{"v1.0", "POST", "/me/messages/{id}/attachments", "collection microsoft.graph.attachment[] object microsoft.graph.attachment"},
		{"v1.0", "GET", "/teams/{team-id}/channels('19:x@thread.tacv2')/messages", "collection microsoft.graph.chatMessage[] -"},
		{"v1.0", "GET", "/me/drive/root/children", "collection microsoft.graph.driveItem[] -"},
		{"v1.0", "GET", "/groups/{id}/members", "collection microsoft.graph.directoryObject[] -"},
		{"v1.0", "GET", "/me/manager", "entity microsoft.graph.directoryObject -"},
		{"beta", "GET", "/users/{user-id}/teamwork/installedApps/{id}/chat", "entity microsoft.graph.chat -"},
		// Properties.
		{"v1.0", "GET", "/me/displayName", "property Edm.String -"},
		{"v1.0", "PATCH", "/me/mailboxSettings", "property microsoft.graph.mailboxSettings object microsoft.graph.mailboxSettings"},
		{"v1.0", "GET", "/me/businessPhones", "property Edm.String[] -"},
		{"v1.0", "GET", "/me/displayName/$value", "$value Edm.String -"},
		// Casts.
		{"v1.0", "GET", "/groups/{id}/members/microsoft.graph.user", "collection microsoft.graph.user[] -"},
		{"v1.0", "GET", "/users/{id}/microsoft.graph.user", "entity microsoft.graph.user -"},
		{"v1.0", "GET", "/directoryObjects/{id}/microsoft.graph.group/members", "collection microsoft.graph.directoryObject[] -"},
		{"v1.0", "GET", "/me/messages/{id}/attachments/{id}/microsoft.graph.fileAttachment", "entity microsoft.graph.fileAttachment -"},
		{"v1.0", "GET", "/groups/graph.group", "collection microsoft.graph.group[] -"},
		// $ref.
		{"v1.0", "POST", "/groups/{id}/members/$ref", "$ref microsoft.graph.directoryObject[] reference"},
		{"v1.0", "DELETE", "/groups/{id}/members/{directoryObject-id}/$ref", "$ref microsoft.graph.directoryObject -"},
		{"v1.0", "PUT", "/users/{id}/manager/$ref", "$ref microsoft.graph.directoryObject reference"},
		{"beta", "PUT", "/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref", "$ref microsoft.graph.chat reference"},
		{"beta", "POST", "/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref", "$ref microsoft.graph.chat -"},
		{"v1.0", "POST", "/groups/{id}/owners/$ref", "$ref microsoft.graph.directoryObject[] reference"},
		// Bound actions and functions.
		{"v1.0", "POST", "/me/sendMail", "operation  parameters microsoft.graph.sendMail"},
		{"v1.0", "POST", "/users/{id}/microsoft.graph.sendMail", "operation  parameters microsoft.graph.sendMail"},
		{"v1.0", "POST", "/me/messages/{id}/reply", "operation  parameters microsoft.graph.reply"},
		{"v1.0", "GET", "/users/delta()", "operation microsoft.graph.user[] -"},
		{"v1.0", "GET", "/users/delta", "operation microsoft.graph.user[] -"},
		{"v1.0", "POST", "/groups/{id}/checkMemberGroups", "operation Edm.String[] parameters microsoft.graph.checkMemberGroups"},
		{"v1.0", "GET", "/me/drive/root/search(q='report')", "operation microsoft.graph.driveItem[] -"},
		{"beta", "POST", "/chats/{id}/sendActivityNotification", "operation  parameters microsoft.graph.sendActivityNotification"},
		// $value and $count.
		{"v1.0", "GET", "/me/photo/$value", "$value microsoft.graph.profilePhoto -"},
		{"v1.0", "GET", "/me/messages/{id}/$value", "$value microsoft.graph.message -"},
		{"v1.0", "PUT", "/me/photo/$value", "$value microsoft.graph.profilePhoto media"},
		{"v1.0", "GET", "/users/$count", "$count Edm.Int32 -"},
		{"v1.0", "GET", "/groups/{id}/members/$count", "$count Edm.Int32 -"},
		// Batching and query strings.
		{"v1.0", "POST", "/$batch", "$batch  -"},
		{"v1.0", "GET", "/users?$select=displayName&$top=5", "collection microsoft.graph.user[] -"},
	}
	resolvers := map[string]*odatapath.Resolver{
		"v1.0": resolver(t, "v1.0", odatapath.Options{}),
		"beta": resolver(t, "beta", odatapath.Options{}),
	}
	for _, tt := range tests {
		t.Run(tt.version+" "+tt.method+" "+tt.path, func(t *testing.T) {
			target, err := resolvers[tt.version].Resolve(tt.path)
			if err != nil {
				t.Fatalf("Resolve(%q) error = %v", tt.path, err)
			}
			if got := describe(target, tt.method); got != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

func describe(t odatapath.Target, method string) string {
	typ := t.Type
	if t.Collection {
		typ += "[]"
	}
	s := t.Kind.String() + " " + typ + " "
	switch b := t.Body(method); b.Kind {
	case odatapath.NoBody:
		s += "-"
	case odatapath.ObjectBody:
		s += "object " + b.Type
	case odatapath.ParametersBody:
		s += "parameters " + b.Operation.Name
	case odatapath.ReferenceBody:
		s += "reference"
	case odatapath.MediaBody:
		s += "media"
	}
	return s
}

func TestResolveReportsTheFirstUnknownSegment(t *testing.T) {
	tests := []struct {
		version, path, segment string
	}{
		{"beta", "/chatz", "chatz"},
		{"beta", "/chats/{id}/memberz", "memberz"},
		{"v1.0", "/users/{id}/chats/{id}/installedApps/{id}/chatz/$ref", "chatz"},
		{"v1.0", "/me/sendMailz", "sendMailz"},
		{"v1.0", "/me/displayName/length", "length"},
		{"v1.0", "/users/{id}/microsoft.graph.group", "microsoft.graph.group"},
		{"v1.0", "/me/$ref", "$ref"},
		{"v1.0", "/me/photo/$value/x", "x"},
		{"v1.0", "/users/{id}/$count", "$count"},
		{"v1.0", "/me/sendMail/x", "x"},
		{"v1.0", "/users//messages", ""},
		{"v1.0", "/me/businessPhones/$value", "$value"},
		{"v1.0", "/", ""},
	}
	resolvers := map[string]*odatapath.Resolver{
		"v1.0": resolver(t, "v1.0", odatapath.Options{}),
		"beta": resolver(t, "beta", odatapath.Options{}),
	}
	for _, tt := range tests {
		t.Run(tt.version+" "+tt.path, func(t *testing.T) {
			target, err := resolvers[tt.version].Resolve(tt.path)
			var unknown *odatapath.UnknownSegmentError
			if !errors.As(err, &unknown) {
				t.Fatalf("Resolve(%q) = %+v, %v, want an *UnknownSegmentError", tt.path, target, err)
			}
			if unknown.Segment != tt.segment {
				t.Errorf("Resolve(%q) error = %v, want segment %q", tt.path, err, tt.segment)
			}
			if want := "Resource not found for the segment '" + tt.segment + "'."; err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
		})
	}
}

// TestResolveBetaOnlyPathsOnV10 checks Graph's example of the rule: what
// exists only in beta is an unknown segment on v1.0.
func TestResolveBetaOnlyPathsOnV10(t *testing.T) {
	beta := resolver(t, "beta", odatapath.Options{})
	v10 := resolver(t, "v1.0", odatapath.Options{})
	tests := []struct{ path, segment string }{
		{"/me/invalidateAllRefreshTokens", "invalidateAllRefreshTokens"},
		{"/groups/{id}/evaluateDynamicMembership", "evaluateDynamicMembership"},
		{"/chats/allMessages()", "allMessages()"},
		{"/riskyUsers", "riskyUsers"},
	}
	for _, tt := range tests {
		if _, err := beta.Resolve(tt.path); err != nil {
			t.Errorf("beta: Resolve(%q) error = %v", tt.path, err)
		}
		var unknown *odatapath.UnknownSegmentError
		if _, err := v10.Resolve(tt.path); !errors.As(err, &unknown) || unknown.Segment != tt.segment {
			t.Errorf("v1.0: Resolve(%q) error = %v, want the unknown segment %q", tt.path, err, tt.segment)
		}
	}
}

func TestResolveTemplates(t *testing.T) {
	r := resolver(t, "beta", odatapath.Options{})
	target, err := r.Resolve("/chats/{chatsId}/installedApps('{teamsAppInstallationId}')/chat/$ref")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(target.Keys, ",") != "chatsId" {
		// A quoted {name} is a literal key, not a variable.
		t.Errorf("Keys = %v, want [chatsId]", target.Keys)
	}
	target, err = r.Resolve("/chats/{chatsId}/installedApps({teamsAppInstallationId})/chat")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(target.Keys, ",") != "chatsId,teamsAppInstallationId" {
		t.Errorf("Keys = %v, want [chatsId teamsAppInstallationId]", target.Keys)
	}
	if _, err := r.Resolve("/me/{id}"); err == nil {
		t.Errorf("Resolve(/me/{id}) resolved: a variable after a single entity is no key")
	}
}

func TestStrictRequiresAStreamForValue(t *testing.T) {
	const path = "/me/messages/{id}/$value"
	strict := resolver(t, "v1.0", odatapath.Options{Strict: true})
	var unknown *odatapath.UnknownSegmentError
	if _, err := strict.Resolve(path); !errors.As(err, &unknown) || unknown.Segment != "$value" {
		t.Errorf("strict: Resolve(%q) error = %v, want the unknown segment $value", path, err)
	}
	if _, err := strict.Resolve("/me/photo/$value"); err != nil {
		t.Errorf("strict: Resolve(/me/photo/$value) error = %v", err)
	}
}

func TestStrictRequiresACastForDerivedMembers(t *testing.T) {
	const path = "/chats/{id}/installedApps/{id}/chat"
	if _, err := resolver(t, "beta", odatapath.Options{}).Resolve(path); err != nil {
		t.Errorf("lenient: Resolve(%q) error = %v", path, err)
	}
	strict := resolver(t, "beta", odatapath.Options{Strict: true})
	var unknown *odatapath.UnknownSegmentError
	if _, err := strict.Resolve(path); !errors.As(err, &unknown) || unknown.Segment != "chat" {
		t.Errorf("strict: Resolve(%q) error = %v, want the unknown segment chat", path, err)
	}
	cast := "/chats/{id}/installedApps/{id}/microsoft.graph.userScopeTeamsAppInstallation/chat"
	if _, err := strict.Resolve(cast); err != nil {
		t.Errorf("strict: Resolve(%q) error = %v", cast, err)
	}
}
