package mockserver

import (
	"reflect"
	"testing"

	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// createUserType is the type of a create-user body (POST /v1.0/users,
// https://learn.microsoft.com/en-us/graph/api/user-post-users), requiring
// displayName as a scenario would.
func createUserType(t *testing.T) *graphType {
	t.Helper()
	g, err := compileBodyType(graphmeta.Embedded(), "POST", "/v1.0/users", "auto", graphmeta.Reading{}, false)
	if err != nil {
		t.Fatal(err)
	}
	g.required = []string{"displayName"}
	return g
}

func TestABodyTypeRemembersVerdictsOnBodiesSeenTwice(t *testing.T) {
	g := createUserType(t)
	for _, tt := range []struct {
		body   string
		parses int
	}{
		// valid: decided from the bytes (odataschema's ValidBytes), never parsed
		{`{"displayName": "Adele Vance", "accountEnabled": true}`, 0},
		// a wrong type, and displayName missing; not JSON: parsed on the
		// first sighting, and on the second, which remembers the verdict
		// (a syntax error too: it is as much the bytes' verdict)
		{`{"accountEnabled": "yes"}`, 2},
		{`{"displayName": `, 2},
	} {
		body := tt.body
		parses := 0
		parse := func() (any, error) { parses++; return strictjson.Parse([]byte(body)) }
		fresh := g.checkFresh([]byte(body), func() (any, error) { return strictjson.Parse([]byte(body)) })
		for i := range 4 {
			v := g.Check([]byte(body), parse)
			if !reflect.DeepEqual(v.Violations, fresh.Violations) || v.Total != fresh.Total || (v.Syntax == nil) != (fresh.Syntax == nil) {
				t.Fatalf("%s, call %d: %+v, checked afresh %+v", body, i+1, v, fresh)
			}
		}
		if parses != tt.parses {
			t.Errorf("%s: parsed %d times in 4 checks, want %d", body, parses, tt.parses)
		}
	}
}

func TestABodyTypeRemembersNoVerdictItCutShort(t *testing.T) {
	g := createUserType(t)
	// More violations than an answer lists: the verdict is not complete,
	// so it is checked afresh every time.
	body := []byte(`{"accountEnabled": 1, "displayName": 2, "mailNickname": 3, "userPrincipalName": 4, "givenName": 5, "surname": 6, "jobTitle": 7, "department": 8, "city": 9, "country": 10, "mobilePhone": 11, "officeLocation": 12, "companyName": 13, "employeeId": 14, "usageLocation": 15, "state": 16, "streetAddress": 17, "postalCode": 18, "preferredLanguage": 19, "mail": 20, "aboutMe": 21}`)
	parses := 0
	parse := func() (any, error) { parses++; return strictjson.Parse(body) }
	for range 3 {
		v := g.Check(body, parse)
		if v.Total <= len(v.Violations) {
			t.Fatalf("the body breaks the type %d times and the verdict lists %d: it was not cut short", v.Total, len(v.Violations))
		}
	}
	if parses != 3 {
		t.Errorf("parsed %d times in 3 checks of a cut-short verdict, want 3", parses)
	}
}
