package graphmeta_test

import (
	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/graphmeta"
)

// mail returns a catalog whose v1.0 metadata is testdata/mail.csdl, a
// small slice of Graph's.
func mail(t *testing.T) *graphmeta.Catalog {
	t.Helper()
	data, err := os.ReadFile("testdata/mail.csdl")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := graphmeta.Embedded().With("v1.0", data)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestBodyTypes asks what body METHOD PATH takes, in requests and in
// responses. want is the name of the body's schema, with [] for a
// collection, or the start of the error. The rules: POST to a collection
// creates an entity of its type, PATCH updates an entity, POST to an
// action takes its parameters, POST to a collection's $ref takes an entity
// reference (https://learn.microsoft.com/en-us/graph/api/group-post-members),
// PUT to $value takes the raw bytes (https://learn.microsoft.com/en-us/graph/api/profilephoto-update).
func TestBodyTypes(t *testing.T) {
	cat := mail(t)
	tests := []struct {
		name             string
		method, path     string
		typeName         string
		strict, response bool
		want             string
	}{
		{"a POST to an entity set takes its entity type", "POST", "/v1.0/users", "auto", false, false, "microsoft.graph.user"},
		{"a PATCH of a singleton takes its type", "PATCH", "/v1.0/me", "auto", false, false, "microsoft.graph.user"},
		{"a PATCH of a complex property takes the complex type", "PATCH", "/v1.0/me/mailboxSettings", "auto", false, false, "microsoft.graph.mailboxSettings"},
		{"a POST to a contained collection takes its type", "POST", "/v1.0/users/{id}/messages", "auto", false, false, "microsoft.graph.message"},
		{"a POST to an action takes its parameters", "POST", "/v1.0/me/sendMail", "auto", false, false, "parameters of microsoft.graph.sendMail"},
		{"a POST to a collection's $ref takes a reference", "POST", "/v1.0/users/{id}/messages/$ref", "auto", false, false, "entity reference"},
		{"a PUT to a single $ref takes a reference", "PUT", "/v1.0/users/{id}/manager/$ref", "auto", false, false, "entity reference"},
		{"a named type needs no path Graph has", "POST", "/v1.0/anything/at/all", "microsoft.graph.message", false, false, "microsoft.graph.message"},
		{"a named type may use the alias", "POST", "/v1.0/users", "graph.user", false, false, "microsoft.graph.user"},
		{"a GET of a collection returns a collection", "GET", "/v1.0/users", "auto", false, true, "microsoft.graph.user[]"},
		{"a POST to a collection returns the entity created", "POST", "/v1.0/users", "auto", false, true, "microsoft.graph.user"},
		{"a GET of a keyed entity returns one", "GET", "/v1.0/users('a')", "auto", false, true, "microsoft.graph.user"},
		{"a GET of a navigation returns its type", "GET", "/v1.0/me/manager", "auto", false, true, "microsoft.graph.directoryObject"},
		{"a composable function returns its type", "GET", "/v1.0/users/delta()", "auto", false, true, "microsoft.graph.user[]"},
		{"a query string is no part of the path", "GET", "/v1.0/users?$top=1", "auto", false, true, "microsoft.graph.user[]"},

		{"a GET takes no body", "GET", "/v1.0/users", "auto", false, false, "auto: Graph takes no body with GET /v1.0/users; leave bodyType out, or check the method"},
		{"a DELETE takes no body", "DELETE", "/v1.0/users/{id}", "auto", false, false, "auto: Graph takes no body with DELETE"},
		{"a PATCH of a collection takes no body", "PATCH", "/v1.0/users", "auto", false, false, "auto: Graph takes no body with PATCH"},
		{"a POST to a single $ref takes no body", "POST", "/v1.0/users/{id}/manager/$ref", "auto", false, false, "auto: Graph takes no body with POST"},
		{"a stream is not JSON", "PUT", "/v1.0/me/photo/$value", "auto", false, false, "auto: PUT /v1.0/me/photo/$value takes the raw bytes of a stream, not JSON; leave bodyType out"},
		{"Graph reads $value of any entity", "PUT", "/v1.0/me/messages/{id}/$value", "auto", false, false, "auto: PUT /v1.0/me/messages/{id}/$value takes the raw bytes"},
		{"strict OData reads $value only of a stream", "PUT", "/v1.0/me/messages/{id}/$value", "auto", true, false, "auto cannot derive a type: /v1.0/me/messages/{id}/$value is not a path of Graph's v1.0 metadata (Resource not found for the segment '$value')"},
		{"a path Graph does not have", "POST", "/v1.0/userz", "auto", false, false, "auto cannot derive a type: /v1.0/userz is not a path of Graph's v1.0 metadata (Resource not found for the segment 'userz'); name the type, or check the path"},
		{"a response of a path Graph does not have", "GET", "/v1.0/users/{id}/mesages", "auto", false, true, "auto cannot derive a type: /v1.0/users/{id}/mesages is not a path"},
		{"a primitive response is no type", "GET", "/v1.0/me/displayName", "auto", false, true, `auto: a GET of /v1.0/me/displayName returns "Edm.String", not an entity or complex type`},
		{"an action without a result returns no type", "POST", "/v1.0/me/sendMail", "auto", false, true, `auto: a GET of /v1.0/me/sendMail returns "", not an entity`},
		{"a version without metadata", "POST", "/v2/users", "auto", false, false, "the path starts with /v2, an API version graphmock has no metadata of: bodyType needs a path that starts with /v1.0 or /beta"},
		{"no version at all", "POST", "/", "auto", false, true, "the path starts with /, an API version"},
		{"a type of another case", "POST", "/v1.0/users", "microsoft.graph.User", false, false, `microsoft.graph.User is not an entity or complex type of Graph's v1.0 metadata (did you mean "microsoft.graph.user"?)`},
		{"a misspelt type", "POST", "/v1.0/users", "microsoft.graph.usr", false, true, `microsoft.graph.usr is not an entity or complex type of Graph's v1.0 metadata (did you mean "microsoft.graph.user"?)`},
		{"a type nothing is close to", "POST", "/v1.0/users", "contoso.widget", false, false, "contoso.widget is not an entity or complex type of Graph's v1.0 metadata"},
		{"an enum or primitive is no body type", "POST", "/v1.0/users", "Edm.String", false, false, "Edm.String is not an entity or complex type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ask := cat.RequestBody
			if tt.response {
				ask = cat.ResponseBody
			}
			got, err := ask(tt.method, tt.path, tt.typeName, tt.strict)
			if err != nil {
				if !strings.HasPrefix(err.Error(), tt.want) || tt.want == "" || !strings.Contains(tt.want, " ") {
					t.Fatalf("%s %s %s: error %v, want %q", tt.method, tt.path, tt.typeName, err, tt.want)
				}
				return
			}
			name := got.Body.Name()
			if got.Collection {
				name += "[]"
			}
			if name != tt.want {
				t.Errorf("%s %s %s = %s, want %s", tt.method, tt.path, tt.typeName, name, tt.want)
			}
		})
	}
}

// TestBodyTypesCheckBodies checks that the answer's schema is the one that
// judges bodies: sendMail's Message is required and an object.
func TestBodyTypesCheckBodies(t *testing.T) {
	got, err := mail(t).RequestBody("POST", "/v1.0/me/sendMail", graphmeta.Auto, false)
	if err != nil {
		t.Fatal(err)
	}
	if vs := got.Body.Validate(map[string]any{"Message": map[string]any{"subject": "lunch"}}); len(vs) != 0 {
		t.Errorf("a good sendMail body: violations %v, want none", vs)
	}
	if vs := got.Body.Validate(map[string]any{}); len(vs) != 1 || vs[0].Field != "/Message" {
		t.Errorf("a sendMail body without Message: violations %v, want /Message required", vs)
	}
	if vs := got.Body.Validate(map[string]any{"Message": "lunch"}); len(vs) != 1 || vs[0].Field != "/Message" {
		t.Errorf("a sendMail body whose Message is a string: violations %v, want /Message not an object", vs)
	}
}

// TestBodyTypesOfTheEmbeddedMetadata asks the same questions of Graph's
// own metadata (https://learn.microsoft.com/en-us/graph/api/chat-post,
// https://learn.microsoft.com/en-us/graph/api/user-sendmail).
func TestBodyTypesOfTheEmbeddedMetadata(t *testing.T) {
	cat := graphmeta.Embedded()
	for _, tt := range []struct{ method, path, want string }{
		{"POST", "/v1.0/chats", "microsoft.graph.chat"},
		{"POST", "/beta/chats/{id}/members", "microsoft.graph.conversationMember"},
		{"POST", "/v1.0/me/sendMail", "parameters of microsoft.graph.sendMail"},
		{"POST", "/v1.0/groups/{id}/members/$ref", "entity reference"},
		// Names in another case are Graph's own
		// (https://learn.microsoft.com/en-us/graph/api/notebook-getnotebookfromweburl,
		// https://learn.microsoft.com/en-us/graph/outlook-get-free-busy-schedule).
		{"POST", "/v1.0/me/onenote/notebooks/GetNotebookFromWebUrl", "parameters of microsoft.graph.getNotebookFromWebUrl"},
		{"POST", "/v1.0/me/calendar/getschedule", "parameters of microsoft.graph.getSchedule"},
		{"PATCH", "/v1.0/me/mailfolders/inbox", "microsoft.graph.mailFolder"},
		// https://learn.microsoft.com/en-us/graph/api/driveitem-createuploadsession
		{"POST", "/v1.0/me/drive/root:/FolderA/FileB.txt:/createUploadSession", "parameters of microsoft.graph.createUploadSession"},
		{"PATCH", "/v1.0/me/drive/root:/FolderA", "microsoft.graph.driveItem"},
	} {
		got, err := cat.RequestBody(tt.method, tt.path, graphmeta.Auto, false)
		if err != nil || got.Body.Name() != tt.want {
			t.Errorf("RequestBody(%s %s) = %v, %v; want %s", tt.method, tt.path, got.Body, err, tt.want)
		}
	}
	got, err := cat.ResponseBody("GET", "/beta/chats", graphmeta.Auto, false)
	if err != nil || got.Body.Name() != "microsoft.graph.chat" || !got.Collection {
		t.Errorf("ResponseBody(GET /beta/chats) = %+v, %v; want a collection of microsoft.graph.chat", got, err)
	}
}

// TestPath asks whether Graph has a path. Graph answers a segment it does
// not know with 400 "Resource not found for the segment 'x'."
// (/work/shared/graph/FACTS.md; https://learn.microsoft.com/en-us/graph/errors).
func TestPath(t *testing.T) {
	cat := mail(t)
	tests := []struct {
		name, path string
		want       graphmeta.PathAnswer // Target left out
		what       string
	}{
		{"an entity set", "/v1.0/users", graphmeta.PathAnswer{Metadata: true, Has: true}, "a collection of microsoft.graph.user"},
		{"an entity", "/v1.0/users/{id}", graphmeta.PathAnswer{Metadata: true, Has: true}, "microsoft.graph.user"},
		{"a query is ignored", "/v1.0/me/manager?$select=id", graphmeta.PathAnswer{Metadata: true, Has: true}, "microsoft.graph.directoryObject"},
		{"an action without a result", "/v1.0/me/sendMail", graphmeta.PathAnswer{Metadata: true, Has: true}, ""},
		{"$batch", "/v1.0/$batch", graphmeta.PathAnswer{Metadata: true, Has: true}, ""},
		{"a version without metadata", "/v2/users", graphmeta.PathAnswer{}, ""},
		{"the root", "/", graphmeta.PathAnswer{}, ""},
		{"a misspelt entity set", "/v1.0/userz", graphmeta.PathAnswer{Metadata: true, Suggestion: "users"}, ""},
		// Graph reads names in any case (https://learn.microsoft.com/en-us/graph/use-the-api).
		{"a singleton in another case", "/v1.0/ME", graphmeta.PathAnswer{Metadata: true, Has: true}, "microsoft.graph.user"},
		{"a misspelt navigation property", "/v1.0/users/{id}/mesages/{id}", graphmeta.PathAnswer{Metadata: true, Suggestion: "messages"}, ""},
		{"a misspelt action", "/v1.0/me/sendMial", graphmeta.PathAnswer{Metadata: true, Suggestion: "sendMail"}, ""},
		{"a misspelt collection function", "/v1.0/users/delte()", graphmeta.PathAnswer{Metadata: true, Suggestion: "delta"}, ""},
		{"a key that reads like a property is a key", "/v1.0/users/displayName", graphmeta.PathAnswer{Metadata: true, Has: true}, "microsoft.graph.user"},
		{"a property of an entity in another case", "/v1.0/me/DisplayName", graphmeta.PathAnswer{Metadata: true, Has: true}, "Edm.String"},
		{"a misspelt singleton in another case", "/v1.0/MEE", graphmeta.PathAnswer{Metadata: true, Suggestion: "me"}, ""},
		{"a property of a derived type", "/v1.0/directoryObjects/{id}/managr", graphmeta.PathAnswer{Metadata: true, Suggestion: "manager"}, ""},
		{"nothing close", "/v1.0/me/calendar", graphmeta.PathAnswer{Metadata: true}, ""},
		{"after a primitive", "/v1.0/me/displayName/x", graphmeta.PathAnswer{Metadata: true}, ""},
		{"an empty segment", "/v1.0/users//messages", graphmeta.PathAnswer{Metadata: true}, ""},
		{"no segment after the version", "/v1.0", graphmeta.PathAnswer{Metadata: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cat.Path(tt.path)
			if got.Metadata != tt.want.Metadata || got.Has != tt.want.Has || got.Suggestion != tt.want.Suggestion || got.What() != tt.what {
				t.Errorf("Path(%q) = metadata %v, has %v, suggestion %q, what %q; want %v, %v, %q, %q",
					tt.path, got.Metadata, got.Has, got.Suggestion, got.What(), tt.want.Metadata, tt.want.Has, tt.want.Suggestion, tt.what)
			}
			if wantUnknown := got.Metadata && !got.Has; (got.Unknown != nil) != wantUnknown {
				t.Errorf("Path(%q).Unknown = %v, want one: %v", tt.path, got.Unknown, wantUnknown)
			}
		})
	}
}

// TestPathOfTheEmbeddedMetadata checks the answers mockserver gives for a
// request no scenario answers, over Graph's own metadata.
func TestPathOfTheEmbeddedMetadata(t *testing.T) {
	cat := graphmeta.Embedded()
	if got := cat.Path("/v1.0/groups"); !got.Has || got.What() != "a collection of microsoft.graph.group" {
		t.Errorf("Path(/v1.0/groups) = %+v, what %q; want a collection of microsoft.graph.group", got, got.What())
	}
	got := cat.Path("/beta/chatz/{id}")
	if got.Has || got.Unknown == nil || got.Unknown.Segment != "chatz" || got.Unknown.Index != 0 || got.Suggestion != "chats" {
		t.Errorf("Path(/beta/chatz/{id}) = %+v, %v; want segment chatz unknown, suggesting chats", got, got.Unknown)
	}
	got = cat.Path("/v1.0/me/sendMale")
	if got.Unknown == nil || got.Unknown.Segment != "sendMale" || got.Suggestion != "sendMail" {
		t.Errorf("Path(/v1.0/me/sendMale) = %+v, %v; want segment sendMale unknown, suggesting sendMail", got, got.Unknown)
	}
}

// TestSuggestType names the closest type, the same one on every run.
func TestSuggestType(t *testing.T) {
	ver, err := mail(t).Version("v1.0")
	if err != nil || ver == nil {
		t.Fatalf("Version(v1.0) = %v, %v", ver, err)
	}
	for _, tt := range []struct{ name, want string }{
		{"microsoft.graph.MESSAGE", ` (did you mean "microsoft.graph.message"?)`},
		{"microsoft.graph.mesage", ` (did you mean "microsoft.graph.message"?)`},
		{"graph.message", ""}, // the alias is no misspelling: Type reads it
		{"microsoft.graph.xyz", ""},
		{"", ""},
	} {
		for range 3 {
			if got := ver.SuggestType(tt.name); got != tt.want {
				t.Errorf("SuggestType(%q) = %q, want %q", tt.name, got, tt.want)
			}
		}
	}
}

// TestResponseOfAnActionReturningACollection checks that a POST to an
// action whose return type is a collection answers with the collection,
// {"value": [...]}, as getSchedule's documented response does
// (https://learn.microsoft.com/en-us/graph/api/calendar-getschedule,
// https://learn.microsoft.com/en-us/graph/outlook-get-free-busy-schedule:
// "@odata.context": "…$metadata#Collection(microsoft.graph.scheduleInformation)"),
// while a POST to a collection still answers with the one entity created.
func TestResponseOfAnActionReturningACollection(t *testing.T) {
	cat := graphmeta.Embedded()
	got, err := cat.ResponseBody("POST", "/v1.0/me/calendar/getSchedule", graphmeta.Auto, false)
	if err != nil || got.Body.Name() != "microsoft.graph.scheduleInformation" || !got.Collection {
		t.Fatalf("ResponseBody(POST getSchedule) = %+v, %v; want a collection of microsoft.graph.scheduleInformation", got, err)
	}
	item := map[string]any{"scheduleId": "AlexW@contoso.com", "availabilityView": "111111002222222200000000000000000000"}
	if vs := got.Body.Validate(item); len(vs) != 0 {
		t.Errorf("a documented scheduleInformation: violations %v, want none", vs)
	}
	// The near miss: the collection wrapper is no scheduleInformation.
	if vs := got.Body.Validate(map[string]any{"value": []any{item}}); len(vs) == 0 {
		t.Errorf("the wrapper {\"value\": [...]} read as one scheduleInformation: no violations, want one for value")
	}
	created, err := cat.ResponseBody("POST", "/v1.0/me/events", graphmeta.Auto, false)
	if err != nil || created.Body.Name() != "microsoft.graph.event" || created.Collection {
		t.Errorf("ResponseBody(POST /me/events) = %+v, %v; want the one microsoft.graph.event created", created, err)
	}
	single, err := cat.ResponseBody("POST", "/v1.0/me/onlineMeetings/createOrGet", graphmeta.Auto, false)
	if err != nil || single.Body.Name() != "microsoft.graph.onlineMeeting" || single.Collection {
		t.Errorf("ResponseBody(POST createOrGet) = %+v, %v; want one microsoft.graph.onlineMeeting", single, err)
	}
}

// TestCanonicalPath spells Graph's names as declared and keeps keys, for
// scenario matching: Graph reads /me/mailfolders/inbox as
// /me/mailFolders/inbox (https://learn.microsoft.com/en-us/graph/use-the-api).
func TestCanonicalPath(t *testing.T) {
	cat := graphmeta.Embedded()
	for _, tt := range []struct{ path, want string }{
		{"/v1.0/me/mailfolders/Inbox/messages", "/v1.0/me/mailFolders/Inbox/messages"},
		{"/v1.0/me/mailFolders/{id}", "/v1.0/me/mailFolders/{id}"},
		{"/beta/Chats/{chatsId}/Members", "/beta/chats/{chatsId}/members"},
		{"/v1.0/me/mailfolderz/inbox", "/v1.0/me/mailfolderz/inbox"}, // no path of Graph's
		{"/v2/Me", "/v2/Me"},     // no metadata
		{"/V1.0/Me", "/V1.0/Me"}, // versions keep their case
		{"/v1.0/Me?$select=id", "/v1.0/Me?$select=id"},
		{"/", "/"},
		{"/oauth2/v2.0/token", "/oauth2/v2.0/token"},
	} {
		if got := cat.CanonicalPath(tt.path); got != tt.want {
			t.Errorf("CanonicalPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestAPutOfAReferenceThatTakesEmptyToRemoveIt: a PUT to the $ref of a
// user flow's API connector step takes {} to disable the connector, as
// Microsoft documents it ("To disable an API connector, the value can be
// {}", example 3 sends { } and gets 204:
// https://learn.microsoft.com/en-us/graph/api/b2xidentityuserflow-put-apiconnectorconfiguration,
// and its beta twin b2cidentityuserflow-put-apiconnectorconfiguration), or
// an entity reference to enable one. Elsewhere a single-valued $ref takes
// an entity reference only: a manager is assigned with @odata.id
// (https://learn.microsoft.com/en-us/graph/api/user-post-manager) and {}
// is refused there; a POST to a collection's $ref never takes {}.
func TestAPutOfAReferenceThatTakesEmptyToRemoveIt(t *testing.T) {
	cat := graphmeta.Embedded()
	ref := map[string]any{"@odata.id": "https://graph.microsoft.com/v1.0/identity/apiConnectors/be1f769a-9a5b-4f6e-8a2c-7a1c6a6a4d4f"}
	for _, tt := range []struct {
		method, path string
		emptyPasses  bool
	}{
		{"PUT", "/v1.0/identity/b2xUserFlows/B2X_1_testuserflow/apiConnectorConfiguration/postAttributeCollection/$ref", true},
		{"PUT", "/v1.0/identity/b2xUserFlows/B2X_1_testuserflow/apiConnectorConfiguration/postFederationSignup/$ref", true},
		{"PUT", "/beta/identity/b2cUserFlows/B2C_1_testuserflow/apiConnectorConfiguration/postAttributeCollection/$ref", true},
		{"PUT", "/v1.0/users/{id}/manager/$ref", false},
		{"POST", "/v1.0/groups/{id}/members/$ref", false},
	} {
		got, err := cat.RequestBody(tt.method, tt.path, graphmeta.Auto, false)
		if err != nil {
			t.Errorf("RequestBody(%s %s): %v", tt.method, tt.path, err)
			continue
		}
		if vs := got.Body.Validate(ref); len(vs) != 0 {
			t.Errorf("%s %s with an entity reference: violations %v, want none", tt.method, tt.path, vs)
		}
		vs := got.Body.Validate(map[string]any{})
		if tt.emptyPasses && len(vs) != 0 {
			t.Errorf("%s %s with {}: violations %v, want none (Graph takes {} to remove the reference)", tt.method, tt.path, vs)
		}
		if !tt.emptyPasses && (len(vs) != 1 || vs[0].Field != "/@odata.id") {
			t.Errorf("%s %s with {}: violations %v, want /@odata.id required", tt.method, tt.path, vs)
		}
		// Either way a property is no part of a reference.
		if vs := got.Body.Validate(map[string]any{"id": "be1f769a"}); len(vs) == 0 {
			t.Errorf("%s %s with a property instead of @odata.id: no violations, want one", tt.method, tt.path)
		}
	}
}
