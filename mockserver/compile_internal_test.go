package mockserver

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/graphwire"
)

// TestCompileSharesHeaderFields checks that responses sending the same
// static headers share one list, and that responses sending others keep
// their own.
func TestCompileSharesHeaderFields(t *testing.T) {
	var specs []Scenario
	for i := range 4 {
		specs = append(specs, Scenario{
			Name:     "s" + strconv.Itoa(i),
			Request:  Request{Method: http.MethodGet, Path: "/v1.0/items/" + strconv.Itoa(i)},
			Response: Response{Status: http.StatusOK, Body: map[string]any{"id": "x" + strconv.Itoa(i%2*10)}},
		})
	}
	specs[3].Response.Headers = map[string]string{"X-Extra": "1"}
	set, err := Compile(nil, specs...)
	if err != nil {
		t.Fatal(err)
	}
	fields := func(name string) []headerField { return set.byName[name].responses[0].fields }
	same := func(a, b []headerField) bool { return &a[0] == &b[0] }
	if !same(fields("s0"), fields("s2")) {
		t.Errorf("s0 and s2 send the same headers but hold two lists: %v, %v", fields("s0"), fields("s2"))
	}
	if same(fields("s0"), fields("s1")) {
		t.Errorf("s0 and s1 differ in Content-Length but share a list: %v", fields("s0"))
	}
	if same(fields("s1"), fields("s3")) || len(fields("s3")) != len(fields("s1"))+1 {
		t.Errorf("s3 sends X-Extra besides s1's headers: %v, %v", fields("s3"), fields("s1"))
	}
	if l := fields("s0"); cap(l) != len(l) {
		t.Errorf("a shared list has room to append into (len %d, cap %d)", len(l), cap(l))
	}
}

// TestCompiledResponseHeaders checks the static headers a response is
// compiled to, in order: its own, and those that follow from its body and
// status unless it sets them.
func TestCompiledResponseHeaders(t *testing.T) {
	body := map[string]any{"id": "x"}
	for _, tt := range []struct {
		name string
		r    Response
		want string
	}{
		{"plain", Response{Status: 200, Body: body},
			"Content-Length: 10; Content-Type: " + graphwire.GraphJSONContentType + "; Odata-Version: 4.0"},
		{"own headers", Response{Status: 200, Body: body, Headers: map[string]string{"x-b": "2", "content-type": "text/json", "A": "1", "odata-version": "4.01"}},
			"A: 1; Content-Length: 10; Content-Type: text/json; Odata-Version: 4.01; X-B: 2"},
		{"no content", Response{Status: 204},
			"Odata-Version: 4.0"},
		{"unauthorized", Response{Status: 401, Body: "no", Headers: map[string]string{"Z": "z"}},
			"Content-Length: 2; Content-Type: text/plain; charset=utf-8; Www-Authenticate: " + strings.Join(graphwire.HeaderBearerChallenge, ", ") + "; Z: z"},
		{"own challenge", Response{Status: 401, Headers: map[string]string{"WWW-Authenticate": "Basic"}},
			"Content-Length: 0; Www-Authenticate: Basic"},
		{"templated", Response{Status: 500, Template: true, Body: map[string]any{"a": "{{.Request.Path}}"}},
			"Content-Type: " + graphwire.GraphJSONContentType},
	} {
		c, problems := compileResponse(nil, "", tt.r)
		if len(problems) > 0 {
			t.Fatalf("%s: %v", tt.name, problems)
		}
		var got []string
		for _, f := range c.fields {
			got = append(got, f.name+": "+strings.Join(f.values, ", "))
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("%s: headers\n%s\nwant\n%s", tt.name, g, tt.want)
		}
	}
}
