package mockserver_test

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// What a response derives per path (@odata.context, Location,
// Content-Length) is remembered per path, and the memory never answers
// a request with what was derived for another path or another host: the
// same calls, repeated in turn, get the same answers as the first time.
func TestDerivedAnswersFollowThePathAndTheHostWhenRepeated(t *testing.T) {
	set := compileSet(t, mockserver.Scenario{Name: "add", Request: mockserver.Request{Method: "POST", Path: "/v1.0/groups/{id}/members", Auth: "none"},
		Response: mockserver.Response{Status: 201, ODataContext: "auto", Body: map[string]any{"id": "m1"}}})
	srv := mockserver.New(set, mockserver.Options{})
	type answer struct{ location, length, body string }
	call := func(host, path string, tls bool) answer {
		req := httptest.NewRequest("POST", path, nil)
		req.Host = host
		if !tls {
			req.TLS = nil
		} else if req.TLS == nil {
			req = httptest.NewRequest("POST", "https://"+host+path, nil)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != 201 {
			t.Fatalf("%s %s: %d %s", host, path, rec.Code, rec.Body)
		}
		return answer{rec.Header().Get("Location"), rec.Header().Get("Content-Length"), rec.Body.String()}
	}
	want := map[string]answer{}
	for round := range 3 {
		for _, host := range []string{"a.example", "b.example:8080"} {
			for _, tls := range []bool{false, true} {
				for _, path := range []string{"/v1.0/groups/g1/members", "/v1.0/groups/g2/members", "/v1.0/groups/g3/members"} {
					got := call(host, path, tls)
					scheme := "http://"
					if tls {
						scheme = "https://"
					}
					wantLocation := scheme + host + strings.TrimSuffix(path, "/") + "/m1"
					gid := path[len("/v1.0/groups/") : len("/v1.0/groups/")+2]
					wantBody := `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#groups('` + gid + `')/members/$entity","id":"m1"}`
					if got.location != wantLocation || got.body != wantBody || got.length != strconv.Itoa(len(wantBody)) {
						t.Fatalf("round %d, %s%s%s: got %+v, want Location %s, body %s (%d bytes)", round, scheme, host, path, got, wantLocation, wantBody, len(wantBody))
					}
					key := scheme + host + path
					if first, ok := want[key]; ok && first != got {
						t.Fatalf("round %d, %s: %+v, the first time %+v", round, key, got, first)
					}
					want[key] = got
				}
			}
		}
	}
}
