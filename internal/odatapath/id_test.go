package odatapath_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/odatapath"
)

// TestParseID reads @odata.id values as Graph's documentation writes them
// in the bodies of POST …/$ref
// (https://learn.microsoft.com/en-us/graph/api/group-post-members:
// "https://graph.microsoft.com/v1.0/directoryObjects/{id}") and as OData
// allows them, relative to the service root
// (https://docs.oasis-open.org/odata/odata-json-format/v4.01/odata-json-format-v4.01.html#sec_EntityReference).
// want reads "version set key type".
func TestParseID(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{})
	tests := []struct {
		name, id, want string
	}{
		{"absolute, key as a segment", "https://graph.microsoft.com/v1.0/directoryObjects/8b081ef6-4792-4def-b2c9-c363a1bf41d5", "v1.0 directoryObjects 8b081ef6-4792-4def-b2c9-c363a1bf41d5 microsoft.graph.directoryObject"},
		{"absolute, key in parentheses", "https://graph.microsoft.com/v1.0/users('82af01c5-f7cc-4a2e-a728-3a5df21afd9d')", "v1.0 users 82af01c5-f7cc-4a2e-a728-3a5df21afd9d microsoft.graph.user"},
		{"absolute beta", "https://graph.microsoft.com/beta/users/AdeleV@contoso.com", "beta users AdeleV@contoso.com microsoft.graph.user"},
		{"the host in capitals", "https://Graph.Microsoft.com/v1.0/users/x", "v1.0 users x microsoft.graph.user"},
		{"a national cloud", "https://graph.microsoft.us/v1.0/users/x", "v1.0 users x microsoft.graph.user"},
		{"relative", "users/AdeleV@Contoso.com", " users AdeleV@Contoso.com microsoft.graph.user"},
		{"relative, directoryObjects", "directoryObjects/abc", " directoryObjects abc microsoft.graph.directoryObject"},
		{"relative, named key", "users(id='O''Brien')", " users O'Brien microsoft.graph.user"},
		{"a cast", "directoryObjects/abc/microsoft.graph.user", " directoryObjects abc microsoft.graph.user"},
		{"encoded characters in the key", "https://graph.microsoft.com/v1.0/users/adele%40contoso.com", "v1.0 users adele@contoso.com microsoft.graph.user"},
		{"an encoded slash in the key", "users/a%2Fb", " users a/b microsoft.graph.user"},
		{"an encoded space", "users/a%20b", " users a b microsoft.graph.user"},
		{"the mock's own host", "http://127.0.0.1:8080/v1.0/users/x", "v1.0 users x microsoft.graph.user"},

		{"empty", "", `@odata.id "" is empty`},
		{"a foreign host", "https://evil.example.com/v1.0/users/x", "names the host https://evil.example.com, not Graph's"},
		{"a host that ends like Graph's", "https://graph.microsoft.com.evil.example/v1.0/users/x", "names the host https://graph.microsoft.com.evil.example, not Graph's"},
		{"Graph over http", "http://graph.microsoft.com/v1.0/users/x", "names the host http://graph.microsoft.com, not Graph's"},
		{"another scheme", "ftp://graph.microsoft.com/v1.0/users/x", `has the scheme "ftp"`},
		{"a user name", "https://me@graph.microsoft.com/v1.0/users/x", "holds a user name"},
		{"scheme-relative", "//graph.microsoft.com/v1.0/users/x", `has the scheme ""`},
		{"a trailing slash", "https://graph.microsoft.com/v1.0/users/x/", "ends with /"},
		{"a relative trailing slash", "users/x/", "ends with /"},
		{"only the set and a slash", "users/", "ends with /"},
		{"a leading slash", "/users/x", "starts with /"},
		{"a version and no more", "https://graph.microsoft.com/v1.0", "names no entity"},
		{"no version", "https://graph.microsoft.com/", "has no API version"},
		{"a missing key", "https://graph.microsoft.com/v1.0/users", "names the entity set users but no key: want users/{id}"},
		{"a missing key, relative", "directoryObjects", "names the entity set directoryObjects but no key"},
		{"an empty quoted key", "users('')", "has an empty key"},
		{"a template variable", "users/{id}", "holds the template variable {id}"},
		{"a composite key", "users(id='a',x='b')", "has a key of 2 values"},
		{"a singleton", "me", "starts with the singleton me, not an entity set"},
		{"$batch", "$batch", "starts with the $batch $batch, not an entity set"},
		{"an unknown entity set", "userz/x", `names "userz", which Graph's metadata does not have there`},
		{"past the key", "users/x/manager", "goes on past the key with the navigation manager"},
		{"a contained entity", "users/x/messages/y", "goes on past the key with the navigation messages"},
		{"a $ref", "users/x/$ref", "goes on past the key with the $ref $ref"},
		{"a query", "https://graph.microsoft.com/v1.0/users/x?$select=id", "has a query or fragment"},
		{"a fragment", "users/x#y", "has a query or fragment"},
		{"a bad escape", "users/a%zz", `holds a bad escape in "a%zz"`},
		{"a bad escape in a URL", "https://graph.microsoft.com/v1.0/users/a%zz", "is not a URL"},
		{"a space", "users/a b", "holds a space or control character"},
		{"a line feed", "users/a\nb", "holds a space or control character"},
		{"an empty segment", "users//x", `names "", which Graph's metadata does not have there`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := r.ParseID(tt.id, "127.0.0.1:8080")
			if err != nil {
				var ie *odatapath.IDError
				if !errors.As(err, &ie) || ie.ID != tt.id {
					t.Fatalf("ParseID(%q) error = %#v, want an *IDError of the id", tt.id, err)
				}
				if !strings.Contains(err.Error(), tt.want) || strings.Contains(tt.want, "microsoft.graph.") {
					t.Errorf("ParseID(%q) error = %v, want %q", tt.id, err, tt.want)
				}
				return
			}
			got := id.Version + " " + id.EntitySet.Name + " " + id.Key.Value + " " + id.Type.Name
			if got != tt.want {
				t.Errorf("ParseID(%q) = %q, want %q", tt.id, got, tt.want)
			}
			if id.Key.Property != "id" || id.Target.Kind != odatapath.Entity {
				t.Errorf("ParseID(%q) key property %q, kind %v; want id, entity", tt.id, id.Key.Property, id.Target.Kind)
			}
		})
	}
}

func TestParseIDUnwrapsTheUnknownSegment(t *testing.T) {
	_, err := resolver(t, "v1.0", odatapath.Options{}).ParseID("users/x/microsoft.graph.group")
	var unknown *odatapath.UnknownSegmentError
	if !errors.As(err, &unknown) || unknown.Segment != "microsoft.graph.group" || unknown.Index != 2 {
		t.Errorf("ParseID(a cast to an unrelated type) error = %v, want it to wrap the unknown segment microsoft.graph.group", err)
	}
}
