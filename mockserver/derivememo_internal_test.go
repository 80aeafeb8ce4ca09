package mockserver

import (
	"net/http/httptest"
	"testing"
)

// TestDerivedMemoStopsAtItsBudget checks that the responses compiled
// together stop remembering what they derive once their shared budget is
// spent, and still answer each path right.
func TestDerivedMemoStopsAtItsBudget(t *testing.T) {
	set, err := Compile(nil, Scenario{Name: "add", Request: Request{Method: "POST", Path: "/v1.0/groups/{id}/members", Auth: "none"},
		Response: Response{Status: 201, ODataContext: "auto", Body: map[string]any{"id": "m1"}}})
	if err != nil {
		t.Fatal(err)
	}
	resp := set.scenarios[0].responses[0]
	srv := New(set, Options{})
	call := func(path string) string {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("POST", path, nil))
		if rec.Code != 201 {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	remembered := func(path string) bool {
		m := resp.derivedMemo.Load()
		if m == nil {
			return false
		}
		_, ok := m.byPath.Get(path)
		return ok
	}
	call("/v1.0/groups/g1/members")
	if !remembered("/v1.0/groups/g1/members") {
		t.Fatal("the first path was not remembered")
	}
	if spent := resp.derivedBudget.Load(); spent <= 0 || spent > 1024 {
		t.Errorf("one small answer spent %d bytes of the budget", spent)
	}
	resp.derivedBudget.Store(derivedMemoBudget) // the memos of the set hold all they may
	body := call("/v1.0/groups/g2/members")
	if remembered("/v1.0/groups/g2/members") {
		t.Error("a path was remembered past the budget")
	}
	if want := `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#groups('g2')/members/$entity","id":"m1"}`; body != want || call("/v1.0/groups/g2/members") != want {
		t.Errorf("past the budget: %s, want %s", body, want)
	}
	if call("/v1.0/groups/g1/members") == body {
		t.Error("the remembered path answered with another path's context")
	}
}
