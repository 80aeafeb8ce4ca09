package mockserver_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/graphmock/graphmock/mockserver"
)

// Two sessions of one server answer the same Graph path each from its own
// scenarios, and each keeps its own journal; the server sees none of it.
func ExampleServer_NewSession() {
	set, err := mockserver.Default()
	if err != nil {
		panic(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	ts := httptest.NewServer(srv)
	defer ts.Close()

	me := func(status int) *mockserver.ScenarioSet {
		s, err := mockserver.Compile(nil, mockserver.Scenario{Name: "get-me",
			Request:  mockserver.Request{Method: "GET", Path: "/v1.0/me", Auth: "none"},
			Response: mockserver.Response{Status: status}})
		if err != nil {
			panic(err)
		}
		return s
	}
	idA, a, err := srv.NewSession(me(200), 0)
	if err != nil {
		panic(err)
	}
	idB, b, err := srv.NewSession(me(203), 0)
	if err != nil {
		panic(err)
	}

	// Session a by its base URL, session b by its header.
	resp, _ := http.Get(ts.URL + "/_s/" + idA + "/v1.0/me")
	resp.Body.Close()
	fmt.Println("a:", resp.StatusCode)
	req, _ := http.NewRequest("GET", ts.URL+"/v1.0/me", nil)
	req.Header.Set("X-Graphmock-Session", idB)
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	fmt.Println("b:", resp.StatusCode)

	fmt.Println(a.Calls()[0].Path, len(b.Calls()), len(srv.Calls()))
	if err := srv.EndSession(idA); err != nil {
		panic(err)
	}
	_, err = srv.Session(idA)
	fmt.Println(err != nil)
	// Output:
	// a: 200
	// b: 203
	// /v1.0/me 1 0
	// true
}
