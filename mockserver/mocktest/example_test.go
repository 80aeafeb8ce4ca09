package mocktest_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
)

// printTB stands in for *testing.T in these examples: it prints what a
// test would report.
type printTB struct{ cleanups []func() }

func (p *printTB) Helper()                           {}
func (p *printTB) Errorf(format string, args ...any) { fmt.Printf("FAIL: "+format+"\n", args...) }
func (p *printTB) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (p *printTB) Cleanup(f func())                  { p.cleanups = append(p.cleanups, f) }

// endTest runs the cleanups as the testing package does at the end of a test.
func (p *printTB) endTest() {
	for i := len(p.cleanups) - 1; i >= 0; i-- {
		p.cleanups[i]()
	}
}

// In a Go test: start a server over the default scenarios, point the
// client at ts.URL(), make the call, assert. (t is the test's *testing.T.)
func ExampleNewTestServer() {
	t := &printTB{}

	ts := mocktest.NewTestServer(t)
	req, _ := http.NewRequest("POST", ts.URL()+"/beta/chats/c1/installedApps/a1/chat/$ref", strings.NewReader(`{"chatType": "group"}`))
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	resp, _ := ts.Client().Do(req)
	resp.Body.Close()

	ts.AssertCalledTimes(t, "add-chat", 1)
	var chat struct{ ChatType string }
	ts.DecodeLastBody(t, "add-chat", &chat)
	fmt.Println(resp.StatusCode, chat.ChatType)

	t.endTest() // at cleanup: nothing unmatched, nothing rejected, so no failure
	// Output:
	// 204 group
}

// A scenario expected once but never called fails the test at cleanup,
// with a message that says so.
func ExampleNewTestServer_failingExpectation() {
	t := &printTB{}

	mocktest.NewTestServer(t, mocktest.AddScenarios(mockserver.Scenario{
		Name:     "add-chat",
		Times:    mockserver.Exactly(1),
		Request:  mockserver.Request{Method: "POST", Path: "/beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref", BodySchema: "schemas/chat.json"},
		Response: mockserver.Response{Status: 204},
	}))
	// ... the code under test forgets to call Graph ...

	t.endTest()
	// Output:
	// FAIL: graphmock: 1 problem:
	// 1. scenario "add-chat" expected exactly 1 call, got 0
	// (scenario "add-chat" was declared at example_test.go:55)
	// (the test server was made at example_test.go:55)
}

// Only your own scenarios, without the defaults: compile them and serve
// the set.
func ExampleWithSet() {
	t := &printTB{}
	set, err := mockserver.Compile(nil, mockserver.Scenario{
		Name:     "get-me",
		Request:  mockserver.Request{Method: "GET", Path: "/v1.0/me"},
		Response: mockserver.Response{Status: 200, Body: map[string]any{"displayName": "Adele Vance"}},
	})
	if err != nil {
		panic(err)
	}
	ts := mocktest.NewTestServer(t, mocktest.WithSet(set))

	req, _ := http.NewRequest("GET", ts.URL()+"/v1.0/me", nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, _ := ts.Client().Do(req)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, len(ts.Server().Scenarios().Scenarios()))
	t.endTest()
	// Output:
	// 200 1
}

// Scenarios declared in Go join the default set; one with the name of a
// default scenario replaces it.
func ExampleAddScenarios() {
	t := &printTB{}
	ts := mocktest.NewTestServer(t, mocktest.AddScenarios(mockserver.Scenario{
		Name:     "get-me",
		Times:    mockserver.AtLeast(1),
		Request:  mockserver.Request{Method: "GET", Path: "/v1.0/me"},
		Response: mockserver.Response{Status: 200, Body: map[string]any{"displayName": "Adele Vance"}},
	}))

	req, _ := http.NewRequest("GET", ts.URL()+"/v1.0/me", nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, _ := ts.Client().Do(req)
	resp.Body.Close()
	last, _ := ts.LastCall("get-me")
	fmt.Println(resp.StatusCode, last.Method, last.Path)
	t.endTest()
	// Output:
	// 200 GET /v1.0/me
}

// A test that sends a bad request on purpose says so with Lenient, and
// looks at what the server recorded.
func ExampleLenient() {
	t := &printTB{}
	ts := mocktest.NewTestServer(t, mocktest.Lenient())

	resp, _ := ts.Client().Get(ts.URL() + "/v1.0/nowhere")
	resp.Body.Close()
	problems := ts.Server().Problems()
	fmt.Println(resp.StatusCode, len(problems), problems[0].Kind)
	t.endTest() // no failure: the server is lenient
	// Output:
	// 400 1 unmatched
}

// WithTLS serves HTTPS, with a client that trusts the certificate.
func ExampleWithTLS() {
	t := &printTB{}
	ts := mocktest.NewTestServer(t, mocktest.WithTLS(), mocktest.Lenient())

	resp, err := ts.Client().Get(ts.URL() + "/v1.0/me")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(strings.HasPrefix(ts.URL(), "https://"), resp.StatusCode)
	t.endTest()
	// Output:
	// true 404
}

// With a simulated tenant, what the client creates it can read back, and
// the test reads the store without going through HTTP.
func ExampleWithSimulation() {
	t := &printTB{}

	ts := mocktest.NewTestServer(t, mocktest.WithSimulation(mockserver.Simulation{Sets: []string{"users"}}))
	req, _ := http.NewRequest("POST", ts.URL()+"/v1.0/users", strings.NewReader(`{"accountEnabled": true, "displayName": "Adele Vance",
		"mailNickname": "adele", "userPrincipalName": "adele@contoso.example", "passwordProfile": {"password": "x1!Yz9#q"}}`))
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	resp, _ := ts.Client().Do(req)
	resp.Body.Close()

	users, _ := ts.Server().Entities("users")
	fmt.Println(resp.StatusCode, users[0]["userPrincipalName"])

	t.endTest() // a simulated call is neither unmatched nor rejected: no failure
	// Output:
	// 201 adele@contoso.example
}
