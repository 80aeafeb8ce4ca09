package mockserver

import (
	"net/http"
	"strconv"
	"testing"
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
