package odataquery

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// user is a directory user as Graph returns one, numbers as json.Number
// the way the simulation stores them.
var user = map[string]any{
	"id":               "6e7b768e-07e2-4810-8459-485f84f8f204",
	"displayName":      "Adele Vance",
	"mail":             "AdeleV@contoso.com",
	"accountEnabled":   true,
	"companyName":      nil,
	"createdDateTime":  "2024-03-01T10:00:00Z",
	"jobTitle":         "O'Brien's Assistant",
	"proxyAddresses":   []any{"SMTP:AdeleV@contoso.com", "smtp:adele@contoso.onmicrosoft.com"},
	"assignedLicenses": []any{map[string]any{"skuId": "c7df2760-2c81-4ef7-b578-5b5392b571df"}},
	"businessPhones":   []any{},
	"employeeOrgData":  map[string]any{"costCenter": "42"},
	"age":              json.Number("37"),
	"from":             map[string]any{"emailAddress": map[string]any{"address": "x@contoso.com"}},
	"importance":       "high",
}

func TestFilterEvaluatesAsGraphDocuments(t *testing.T) {
	for _, c := range []struct {
		filter string
		want   bool
	}{
		// Examples from https://learn.microsoft.com/en-us/graph/filter-query-parameter
		{"displayName eq 'Adele Vance'", true},
		{"displayName eq 'adele vance'", true}, // the directory ignores case
		{"displayName ne 'Adele Vance'", false},
		{"not(displayName eq 'Adele Vance')", false},
		{"NOT startsWith(displayName, 'Conf')", true},
		{"startswith(displayName,'a')", true},
		{"endswith(mail,'@contoso.com')", true},
		{"contains(mail,'elev')", true},
		{"accountEnabled eq true", true},
		{"accountEnabled", true},
		{"companyName eq null", true},
		{"companyName ne null and NOT(companyName eq 'Microsoft')", false},
		{"mail ne null", true},
		{"missing eq null", true},
		{"displayName in ('Bob', 'Adele Vance')", true},
		{"displayName in ('Bob')", false},
		{"jobTitle eq 'O''Brien''s Assistant'", true},
		{"id eq 6e7b768e-07e2-4810-8459-485f84f8f204", true},
		{"id eq 6E7B768E-07E2-4810-8459-485F84F8F204", true},
		{"createdDateTime ge 2024-01-01T00:00:00Z", true},
		{"createdDateTime lt 2024-03-01T10:00:00Z", false},
		{"createdDateTime le 2024-03-01", false},
		{"createdDateTime gt 2024-03-01", true},
		{"age gt 36 and age lt 38", true},
		{"age ge 37.5", false},
		{"age eq 3.7e1", true},
		{"proxyAddresses/any(p:endsWith(p,'OnMicrosoft.com'))", true},
		{"proxyAddresses/any(p:startswith(p,'x500'))", false},
		{"proxyAddresses/any()", true},
		{"businessPhones/any()", false},
		{"assignedLicenses/any(x:x/skuId eq c7df2760-2c81-4ef7-b578-5b5392b571df)", true},
		{"assignedLicenses/$count eq 1", true},
		{"businessPhones/$count eq 0", true},
		{"nothing/$count eq 0", true},
		{"proxyAddresses/all(p:contains(p,'adele'))", true},
		{"proxyAddresses/all(p:startswith(p,'SMTP:AdeleV'))", false},
		{"employeeOrgData/costCenter eq '42'", true},
		{"from/emailAddress/address eq 'x@contoso.com'", true},
		{"importance eq microsoft.graph.importance'high'", true},
		{"importance eq 'low' or (age eq 37 and (mail eq 'nobody' or accountEnabled eq true))", true},
		{"displayName eq 'Adele Vance' and age eq 1", false},
		{"age eq 'thirty'", false},
		{"age ne 'thirty'", true},
		{"displayName gt null", false},
		{"true", true},
		{"false or true", true},
	} {
		f, err := ParseFilter(c.filter, Limits{})
		if err != nil {
			t.Errorf("ParseFilter(%q) error = %v", c.filter, err)
			continue
		}
		got, err := f.Eval(user, NewBudget(1000))
		if err != nil || got != c.want {
			t.Errorf("Eval(%q) = %v, %v, want %v", c.filter, got, err, c.want)
		}
	}
}

func TestFilterRefusesWhatItCannotRead(t *testing.T) {
	for _, c := range []struct{ filter, want string }{
		{"", "the filter is empty"},
		{"   ", "the filter is empty"},
		{"displayName eq", "ends too soon"},
		{"displayName eq 'x", "is not closed"},
		{"displayName eq 'x' and", "ends too soon"},
		{"(displayName eq 'x'", "ends too soon"},
		{"displayName eq 'x')", "')' is not expected"},
		{"displayName equals 'x'", "'equals' is not expected"},
		{"displayName eq 'x' 'y'", "''y'' is not expected"},
		{"startswith(displayName)", "takes 2 arguments"},
		{"startswith('x', displayName)", "first argument"},
		{"startswith(displayName, 3)", "second argument"},
		{"substringof('x', displayName)", "not a function"},
		{"displayName", ""}, // a bare property is a boolean test: valid
		{"'x'", "does not evaluate to true or false"},
		{"3 and true", "operands of 'and'"},
		{"not 3", "operand of 'not'"},
		{"displayName in (mail)", "must hold literals"},
		{"displayName in ('a' 'b')", "is not expected"},
		{"proxyAddresses/all()", "'all' needs a lambda"},
		{"proxyAddresses/any(p:p)", ""},
		{"proxyAddresses/any(p p)", "is not expected"},
		{"proxyAddresses/any(p:'x')", "must be true or false"},
		{"a eq 1 eq 2", "'eq' is not expected"},
		{"displayName eq (mail eq 'x')", "true or false"},
		{"x eq 1.2.3", "is not a number"},
		{"x eq ~", "character '~' is not valid"},
		{"x/ eq 1", "is not expected"},
	} {
		_, err := ParseFilter(c.filter, Limits{})
		if c.want == "" {
			if err != nil {
				t.Errorf("ParseFilter(%q) error = %v, want none", c.filter, err)
			}
			continue
		}
		var qe *Error
		if !errors.As(err, &qe) || qe.Status() != 400 || qe.Code != CodeBadRequest || qe.Option != "$filter" {
			t.Errorf("ParseFilter(%q) error = %#v, want a 400 *Error of $filter", c.filter, err)
			continue
		}
		if !strings.Contains(qe.Message, c.want) {
			t.Errorf("ParseFilter(%q) error = %q, want it to say %q", c.filter, qe.Message, c.want)
		}
	}
}

func TestFilterLimits(t *testing.T) {
	long := "displayName eq '" + strings.Repeat("a", 5000) + "'"
	deep := strings.Repeat("(", 40) + "a eq 1" + strings.Repeat(")", 40)
	wide := strings.TrimSuffix(strings.Repeat("a eq 1 or ", 300), " or ")
	nots := strings.Repeat("not ", 40) + "a"
	for _, c := range []struct{ name, filter, want string }{
		{"too long", long, "longer than 4096"},
		{"too deep", deep, "deeper than 32"},
		{"too many nodes", wide, "more than 512 nodes"},
		{"too many nots", nots, "deeper than 32"},
	} {
		_, err := ParseFilter(c.filter, Limits{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error = %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := ParseFilter(strings.Repeat("(", 10)+"a eq 1"+strings.Repeat(")", 10), Limits{MaxDepth: 5}); err == nil {
		t.Error("a filter nesting 10 deep passed MaxDepth 5")
	}
	if _, err := ParseFilter(strings.Repeat("(", 5)+"a eq 1"+strings.Repeat(")", 5), Limits{MaxDepth: 5}); err != nil {
		t.Errorf("a filter nesting 5 deep failed MaxDepth 5: %v", err)
	}
}

func TestEvalStopsWhenTheBudgetRunsOut(t *testing.T) {
	big := make([]any, 1000)
	for i := range big {
		big[i] = "x"
	}
	f, err := ParseFilter("tags/any(t:t eq 'y')", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Eval(map[string]any{"tags": big}, NewBudget(500)); err == nil || !strings.Contains(err.Error(), "evaluation budget") {
		t.Errorf("Eval over 1000 members with a budget of 500: error = %v, want the budget's", err)
	}
	b := NewBudget(5000)
	if ok, err := f.Eval(map[string]any{"tags": big}, b); err != nil || ok {
		t.Errorf("Eval with a budget of 5000 = %v, %v, want false, nil", ok, err)
	}
	if b.Left() >= 5000-1000 {
		t.Errorf("budget left = %d, want at least 1000 spent", b.Left())
	}
	if _, err := f.Eval(user, &Budget{}); err == nil {
		t.Error("the zero Budget let an evaluation through")
	}
}

func TestUsesReportEachPropertyAndOperator(t *testing.T) {
	f, err := ParseFilter("NOT startsWith(displayName,'C') and mail ne null and proxyAddresses/any(p:endswith(p,'x')) and assignedLicenses/$count eq 0 and city in ('a') and not (country eq 'x') and accountEnabled", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Use{
		{"displayName", "not"}, {"displayName", "startsWith"},
		{"mail", "null"}, {"mail", "ne"},
		{"proxyAddresses", "any"}, {"proxyAddresses", "endsWith"},
		{"assignedLicenses", "count"},
		{"city", "in"},
		{"country", "not"},
		{"accountEnabled", "eq"},
	}
	got := f.Uses()
	if len(got) != len(want) {
		t.Fatalf("Uses() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Uses()[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}
