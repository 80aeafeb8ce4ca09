package mockserver_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

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
	a, err := srv.NewSession(mockserver.SessionOptions{Set: me(200)})
	if err != nil {
		panic(err)
	}
	b, err := srv.NewSession(mockserver.SessionOptions{Set: me(203), TTL: time.Hour})
	if err != nil {
		panic(err)
	}

	// Session a by its base URL, session b by its header.
	resp, _ := http.Get(ts.URL + mockserver.SessionPrefix + a.ID() + "/v1.0/me")
	resp.Body.Close()
	fmt.Println("a:", resp.StatusCode)
	req, _ := http.NewRequest("GET", ts.URL+"/v1.0/me", nil)
	req.Header.Set(mockserver.SessionHeader, b.ID())
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	fmt.Println("b:", resp.StatusCode)

	fmt.Println(a.Calls()[0].Path, len(b.Calls()), len(srv.Calls()), len(srv.Sessions()))
	if err := srv.EndSession(a.ID()); err != nil {
		panic(err)
	}
	_, err = srv.Session(a.ID())
	fmt.Println(errors.Is(err, mockserver.ErrSessionEnded), errors.Is(err, mockserver.ErrSessionNotFound))
	// Output:
	// a: 200
	// b: 203
	// /v1.0/me 1 0 2
	// true true
}
