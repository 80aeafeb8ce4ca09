package queryrules

import (
	"strings"
	"testing"
)

// The rows below are copied from Microsoft's tables
// (https://learn.microsoft.com/en-us/graph/aad-advanced-queries, the
// include filter-directory-objects.md) and the page's rules, to check the
// data and the derivations read them as the page does.
func TestFilterReadsTheTablesAsThePageDoes(t *testing.T) {
	users, ok := Default().For("users")
	if !ok || users.Name != "User" {
		t.Fatalf("For(users) = %v, %v", users, ok)
	}
	groups, _ := Default().For("groups")
	for _, c := range []struct {
		res      *Resource
		prop, op string
		want     Support
		opErr    bool
	}{
		{users, "accountEnabled", "eq", ByDefault, false},
		{users, "accountEnabled", "in", ByDefault, false},       // in follows eq
		{users, "accountEnabled", "ne", Advanced, true},         // ne and not are advanced
		{users, "accountEnabled", "not", Advanced, true},        //
		{users, "accountEnabled", "startsWith", Refused, false}, // blank cell
		{users, "accountEnabled", "null", Refused, false},       // N
		{users, "companyName", "eq", Advanced, false},           // A
		{users, "companyName", "in", Advanced, false},           //
		{users, "companyName", "ne", Advanced, true},            //
		{users, "createdDateTime", "ge", Advanced, false},       //
		{users, "createdDateTime", "gt", Advanced, false},       // gt follows ge
		{users, "externalUserStateChangeDateTime", "lt", ByDefault, false},
		{users, "displayName", "startsWith", ByDefault, false},
		{users, "displayName", "null", Advanced, false},
		{users, "displayName", "endsWith", Refused, true},         // endsWith only on four properties
		{users, "mail", "endsWith", Advanced, true},               //
		{users, "userPrincipalName", "endsWith", Advanced, true},  //
		{users, "proxyAddresses", "endsWith", Advanced, true},     //
		{users, "assignedLicenses/skuId", "eq", ByDefault, false}, // assignedLicenses/any(a:a/skuId)
		{users, "assignedLicenses", "any", ByDefault, false},      //
		{users, "assignedLicenses", "all", Refused, false},        // all is refused
		{users, "assignedLicenses", "count", Advanced, true},      // /$count needs advanced
		{users, "onPremisesSecurityIdentifier", "eq", Refused, false},
		{users, "onPremisesSecurityIdentifier", "ne", Refused, false},
		{users, "passwordPolicies", "null", Advanced, false},
		{users, "favoriteColor", "eq", Refused, false},   // not listed: no $filter at all
		{users, "favoriteColor", "count", Refused, true}, //
		{users, "displayName", "contains", Refused, false},
		{groups, "displayName", "eq", ByDefault, false},
		{groups, "description", "startsWith", Advanced, false},
		{groups, "hasMembersWithLicenseErrors", "null", ByDefault, false},
		{groups, "createdDateTime", "ge", Refused, false}, // the page's example of an unsupported clause
		{groups, "groupTypes", "any", ByDefault, false},
	} {
		got, opErr := c.res.Filter(c.prop, c.op)
		if got != c.want || opErr != c.opErr {
			t.Errorf("%s.Filter(%s, %s) = %v, %v, want %v, %v", c.res.Name, c.prop, c.op, got, opErr, c.want, c.opErr)
		}
	}
	for _, c := range []struct {
		res  *Resource
		prop string
		want Support
	}{
		{users, "displayName", ByDefault}, {users, "userPrincipalName", ByDefault}, {users, "createdDateTime", Advanced},
		{users, "mail", Refused}, {groups, "displayName", ByDefault}, {groups, "deletedDateTime", Advanced}, {groups, "mail", Refused},
	} {
		if got := c.res.Sort(c.prop); got != c.want {
			t.Errorf("%s.Sort(%s) = %v, want %v", c.res.Name, c.prop, got, c.want)
		}
	}
	if _, ok := Default().For("messages"); ok {
		t.Error("For(messages) found directory rules")
	}
}

func TestErrorsRender(t *testing.T) {
	got := Default().Error("unsupportedProperty", "property", "createdDateTime", "resource", "Group")
	if got.Status != 400 || got.Code != "Request_UnsupportedQuery" || got.Message != "Unsupported or invalid query filter clause specified for property 'createdDateTime' of resource 'Group'." {
		t.Errorf("unsupportedProperty = %v", got)
	}
	got = Default().Error("advancedOperator", "operator", "endsWith")
	if !strings.HasPrefix(got.Message, "Operator 'endsWith' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header.") {
		t.Errorf("advancedOperator = %v", got)
	}
	if got := Default().Error("skip"); got.Message != "'$skip' is not supported by the service." {
		t.Errorf("skip = %v", got)
	}
}

func TestParseRefusesBrokenData(t *testing.T) {
	good := string(embedded)
	for _, c := range []struct{ name, data, want string }{
		{"unknown field", good + "\nextra: 1\n", "extra"},
		{"short row", strings.Replace(good, "accountEnabled: D - - - N", "accountEnabled: D - -", 1), "3 cells for 5 columns"},
		{"bad cell", strings.Replace(good, "accountEnabled: D - - - N", "accountEnabled: D - - - X", 1), `cell "X"`},
		{"bad orderby", strings.Replace(good, "userPrincipalName: D\n", "userPrincipalName: maybe\n", 1), `"maybe" is not D or A`},
		{"error without source", strings.Replace(good, "    source: https://learn.microsoft.com/en-us/graph/paging\n    guess: true\n    note: \"The paging page says some", "    guess: true\n    note: \"The paging page says some", 1), "errors.skip"},
		{"bad only", strings.Replace(good, "support: none", "support: sometimes", 1), "support must be"},
		{"bad derived", strings.Replace(good, "    atLeast: advanced\n", "    atLeast: always\n", 1), "atLeast"},
	} {
		if _, err := Parse("q.yaml", []byte(c.data)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Parse error = %v, want %q", c.name, err, c.want)
		}
	}
}
