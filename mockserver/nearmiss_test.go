package mockserver_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// nearMissAnswers sends the requests of testdata/nearmiss/requests.txt to
// a server of testdata/nearmiss/scenarios.yaml and returns, for each, what
// the client got: status, error code, message and the details' messages.
func nearMissAnswers(t *testing.T) (string, *mockserver.Server) {
	t.Helper()
	set, err := mockserver.Load(os.DirFS("testdata/nearmiss"), "scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	f, err := os.Open("testdata/nearmiss/requests.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, body, _ := strings.Cut(line, " | ")
		fields := strings.Fields(head)
		req := httptest.NewRequest(fields[0], fields[1], strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for _, h := range fields[2:] {
			k, v, _ := strings.Cut(h, ":")
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		var ge struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
				Details []struct {
					Message string `json:"message"`
				} `json:"details"`
			} `json:"error"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &ge); err != nil {
			t.Fatalf("%s: answer %s: %v", line, rec.Body, err)
		}
		fmt.Fprintf(&out, "%s\n%d %s\n%s\n", line, rec.Code, ge.Error.Code, ge.Error.Message)
		for _, d := range ge.Error.Details {
			fmt.Fprintf(&out, "  detail: %s\n", d.Message)
		}
		out.WriteString("\n")
	}
	return out.String(), srv
}

// TestNearMissAnswersKeepTheirWords checks the 404, 405 and 400 answers to
// requests no scenario answers, word for word, against the golden file;
// the words are built from each call's NearMiss.
func TestNearMissAnswersKeepTheirWords(t *testing.T) {
	got, srv := nearMissAnswers(t)
	const golden = "testdata/nearmiss/answers.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("answers differ from %s:\n%s", golden, got)
	}
	for _, c := range srv.Calls() {
		if c.Outcome != mockserver.Unmatched {
			t.Errorf("%s %s: outcome %s, want every request unmatched", c.Method, c.Path, c.Outcome)
			continue
		}
		if c.NearMiss == nil || len(c.NearMiss.Parts) == 0 || c.NearMiss.Scenario != c.Closest {
			t.Errorf("%s %s: NearMiss = %+v, want the closest scenario %q with what differed", c.Method, c.Path, c.NearMiss, c.Closest)
		}
	}
}

// TestNearMissRecordsWhatDiffered checks the facts a call's NearMiss holds
// for each way a request can differ.
func TestNearMissRecordsWhatDiffered(t *testing.T) {
	_, srv := nearMissAnswers(t)
	want := map[string]mockserver.MissPart{
		"/v1.0/users/u1?$select=id":           {Kind: "header", Name: "Consistencylevel", Rule: "missing", Expected: `equals "eventual"`},
		"/v1.0/users/u1?$select=id&$filter=x": {Kind: "query", Name: "$filter", Rule: "unwanted", Got: "x"},
		"/v1.0/users/x9?$select=id":           {Kind: "pathVar", Name: "id", Rule: "differs", Expected: `matches "^u[0-9]+$"`, Got: "x9"},
		"/v1.0/items/abc":                     {Kind: "path", Rule: "pattern"},
		"/v1.0/drives":                        {Kind: "state", Name: "setup", Rule: "differs", Expected: "ready", Got: "started"},
		"/v1.0/sitez/s1":                      {Kind: "path", Segment: 2, Rule: "differs", Expected: "users", Got: "sitez"},
		"/v1.0/sites/s1/lists":                {Kind: "path", Rule: "longer", Got: "/lists"},
		"/v1.0/users":                         {Kind: "path", Rule: "shorter", Expected: "/{id}"},
	}
	seen := map[string]bool{}
	for _, c := range srv.Calls() {
		key := c.Path
		if c.RawQuery != "" {
			key += "?" + c.RawQuery
		}
		w, ok := want[key]
		if !ok || seen[key] || c.NearMiss == nil {
			continue
		}
		seen[key] = true
		if got := c.NearMiss.Parts[0]; got != w {
			t.Errorf("%s %s: first part = %+v, want %+v", c.Method, key, got, w)
		}
	}
	for key := range want {
		if !seen[key] {
			t.Errorf("no call to %s with a near miss", key)
		}
	}
	var site mockserver.Call
	for _, c := range srv.Calls() {
		if c.Method == http.MethodGet && c.Path == "/v1.0/sites/s1" {
			site = c
		}
	}
	if nm := site.NearMiss; nm == nil || fmt.Sprint(nm.Allow) != "[DELETE]" || nm.Parts[0] != (mockserver.MissPart{Kind: "method", Rule: "differs", Expected: "DELETE", Got: "GET"}) {
		t.Errorf("GET /v1.0/sites/s1 (a 405): NearMiss = %+v", site.NearMiss)
	}
}

// TestNearMissViewDoesNotDependOnTheWords checks that the admin API's near
// miss (the JSON the page reads) comes from the recorded facts: rewording
// every format changes the answers' messages and nothing of the view.
func TestNearMissViewDoesNotDependOnTheWords(t *testing.T) {
	views := func() (string, string) {
		t.Helper()
		answers, srv := nearMissAnswers(t)
		h := admin.Handler(srv, admin.Options{})
		var b strings.Builder
		for _, c := range srv.Calls() {
			req := httptest.NewRequest("GET", fmt.Sprintf("/_graphmock/calls/%d/miss", c.Seq), nil)
			req.Host = "127.0.0.1"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET miss of %s %s = %d %s", c.Method, c.Path, rec.Code, rec.Body)
			}
			b.Write(rec.Body.Bytes())
			b.WriteString("\n")
		}
		return answers, b.String()
	}
	answers, view := views()
	restore := mockserver.RewordNearMisses()
	defer restore()
	reworded, viewReworded := views()
	if answers == reworded || !strings.Contains(reworded, "«reworded»") {
		t.Fatalf("rewording the formats changed no answer:\n%s", reworded)
	}
	if view != viewReworded {
		t.Errorf("rewording the formats changed the admin view:\nbefore:\n%s\nafter:\n%s", view, viewReworded)
	}
}
