package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// TestLenCountsTheScenarios checks that Len is the number of scenarios
// Scenarios returns, as a set grows.
func TestLenCountsTheScenarios(t *testing.T) {
	set, err := mockserver.Compile(nil,
		mockserver.Scenario{Name: "a", Request: mockserver.Request{Method: http.MethodGet, Path: "/v1.0/a"}, Response: mockserver.Response{Status: http.StatusNoContent}},
		mockserver.Scenario{Name: "b", Request: mockserver.Request{Method: http.MethodGet, Path: "/v1.0/b"}, Response: mockserver.Response{Status: http.StatusNoContent}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := set.Len(), len(set.Scenarios()); got != want || got != 2 {
		t.Errorf("Len() = %d, Scenarios() holds %d, want 2", got, want)
	}
	more, err := set.With(mockserver.Scenario{Name: "c", Request: mockserver.Request{Method: http.MethodGet, Path: "/v1.0/c"}, Response: mockserver.Response{Status: http.StatusNoContent}})
	if err != nil {
		t.Fatal(err)
	}
	if more.Len() != 3 || set.Len() != 2 {
		t.Errorf("after With: Len() = %d and %d on the original, want 3 and 2", more.Len(), set.Len())
	}
}
