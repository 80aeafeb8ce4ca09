package admin_test

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// Pieces of the requests the property test makes: every kind of byte a
// path or query carries, as sent.
var (
	pathPieces  = []string{"a", "B9", "%2F", "%2f", "%FF", "%E0%A4", "{x}", "%7Bx%7D", `"`, "|", "", "%C3%A9", "é", "%25", "$ref", "%24ref", "19:abc@thread.v2", "a%20b", "~", "..", "%00"}
	queryPieces = []string{"<<", "~", "a", "$top", "x%20y", "%FF", "", "null", "true", "&", "%26", "=", "%3D", "é", "%E0%A4", "*", "!!binary", "- x"}
)

// randomTarget returns a request target made of pieces.
func randomTarget(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString("/v1.0")
	for range 1 + r.IntN(5) {
		b.WriteString("/" + pathPieces[r.IntN(len(pathPieces))])
		if r.IntN(3) == 0 {
			b.WriteString(pathPieces[r.IntN(len(pathPieces))])
		}
	}
	if r.IntN(4) == 0 {
		b.WriteString("/")
	}
	if n := r.IntN(3); n > 0 {
		b.WriteString("?")
		for i := range n {
			if i > 0 {
				b.WriteString("&")
			}
			b.WriteString(queryPieces[r.IntN(len(queryPieces))] + "=" + queryPieces[r.IntN(len(queryPieces))])
		}
	}
	return b.String()
}

// copyAnswers sends target to a mock that matches nothing, copies the call
// as a scenario over the admin API, loads the copy and sends the target
// again: the copy must load, and answer the call.
func copyAnswers(t testing.TB, method, target string) {
	t.Helper()
	raw := method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\n\r\n"
	read := func() *http.Request {
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return nil
		}
		return req
	}
	req := read()
	if req == nil {
		return // the server refuses such a request line itself
	}
	empty, err := mockserver.Parse(nil, "none.yaml", []byte("version: 1\nscenarios:\n  - name: other\n    request: {method: GET, path: /none}\n    response: {status: 200}\n"))
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(empty, mockserver.Options{})
	h := admin.Handler(srv, admin.Options{})
	h.ServeHTTP(httptest.NewRecorder(), req)
	calls := srv.Calls()
	if len(calls) != 1 {
		return // not a Graph call (an admin path, say)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", fmt.Sprintf("http://127.0.0.1/_graphmock/calls/%d/scenario", calls[0].Seq), nil))
	if rec.Code != 200 {
		t.Fatalf("%s %q: copying the call = %d %s", method, target, rec.Code, rec.Body)
	}
	doc := rec.Body.String()
	set, err := mockserver.Parse(nil, "copy.yaml", []byte(doc))
	if err != nil {
		t.Fatalf("%s %q: the copy does not load: %v\n%s", method, target, err, doc)
	}
	again := mockserver.New(set, mockserver.Options{})
	resp := httptest.NewRecorder()
	again.ServeHTTP(resp, read())
	got := again.Calls()
	if len(got) != 1 || got[0].Outcome != mockserver.Served {
		problem := ""
		if len(got) == 1 {
			problem = got[0].Problem
		}
		t.Fatalf("%s %q: the copy loads but does not answer the call (%d: %s)\n%s", method, target, resp.Code, problem, doc)
	}
	io.Copy(io.Discard, resp.Body)
}

// Every copied scenario loads and answers the call it was copied from,
// whatever bytes the path and query hold.
func TestEveryCopiedScenarioAnswersItsCall(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 600 {
		copyAnswers(t, []string{"GET", "POST", "DELETE", "PATCH"}[r.IntN(4)], randomTarget(r))
	}
	for _, target := range []string{"/v1.0/me?%3C%3C=1", "/v1.0/me?<<=x", "/v1.0/me/", "/v1.0/me//x", "/v1.0/me?q=%FF", "/v1.0/%FF/x"} {
		copyAnswers(t, "GET", target)
	}
}

func FuzzCopyScenario(f *testing.F) {
	for _, target := range []string{"/v1.0/me?<<=x", "/v1.0/me/", "/v1.0/a//b", "/v1.0/me?q=%FF", "/v1.0/%FF", "/v1.0/a%2Fb\"c"} {
		f.Add("GET", target)
	}
	f.Fuzz(func(t *testing.T, method, target string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n") || len(target) > 2000 ||
			(method != "GET" && method != "POST" && method != "PUT" && method != "PATCH" && method != "DELETE") {
			return
		}
		copyAnswers(t, method, target)
	})
}
