package mockserver_test

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing/fstest"

	"github.com/graphmock/graphmock/mockserver"
)

// Serve the default scenarios, make the seed's chat $ref call and look at
// the journal.
func Example() {
	set, err := mockserver.Default()
	if err != nil {
		panic(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	ts := httptest.NewServer(srv)
	defer ts.Close()

	req, _ := http.NewRequest("POST", ts.URL+"/beta/chats/19%3Aabc%40thread.v2/installedApps/MTI1MjM0/chat/$ref",
		strings.NewReader(`{"chatType": "group", "topic": "Weekly sync"}`))
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.Client().Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)

	call := srv.Calls()[0]
	fmt.Println(call.Scenario, call.Outcome, call.PathVars["chatsId"])
	// Output:
	// 204 No Content
	// add-chat served 19:abc@thread.v2
}

// A body that breaks the chat schema gets a Graph 400 whose details name
// every violation; the call is in the journal with them.
func Example_rejectedBody() {
	set, _ := mockserver.Default()
	srv := mockserver.New(set, mockserver.Options{})

	req := httptest.NewRequest("POST", "/beta/chats/c1/installedApps/a1/chat/$ref",
		strings.NewReader(`{"chatType": "direct", "topic": 7}`))
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	fmt.Println(rec.Code)

	for _, v := range srv.Calls()[0].Violations {
		fmt.Println(v)
	}
	// Output:
	// 400
	// /chatType: "direct" is not a member of the enum: oneOnOne, group, meeting, unknownFutureValue
	// /topic: want string or null, got integer
}

// Scenarios can be declared in Go; files they name are read from the
// given file system (nil here, as they name none).
func ExampleCompile() {
	set, err := mockserver.Compile(nil, mockserver.Scenario{
		Name: "get-me",
		Request: mockserver.Request{
			Method: "GET",
			Path:   "/v1.0/me",
		},
		Response: mockserver.Response{
			Status: 200,
			Body:   map[string]any{"displayName": "Adele Vance"},
		},
	})
	if err != nil {
		panic(err)
	}
	srv := mockserver.New(set, mockserver.Options{})

	req := httptest.NewRequest("GET", "/v1.0/me", nil)
	req.Header.Set("Authorization", "Bearer test-token")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 200 {"displayName":"Adele Vance"}
}

// A scenario file with mistakes fails to load with one message per
// problem, each naming the file, line and column.
func ExampleParse() {
	_, err := mockserver.Parse(nil, "scenarios.yaml", []byte(`version: 1
scenarios:
  - name: add-chat
    request:
      method: post
      path: /beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref
    response:
      status: 204
      body: {id: "19:abc"}
`))
	fmt.Println(err)
	// Output:
	// scenarios.yaml:5:15: scenario "add-chat": request.method: "post": methods are case-sensitive; write "POST"
	// scenarios.yaml:8:15: scenario "add-chat": response.status: a 204 response cannot have a body (HTTP forbids it, RFC 9110): remove the body, or answer 200 with it
}

// With CORS, a page served by a front end's development server can call
// the mock: the server answers the browser's preflight itself and lets
// the page read Graph's headers.
func ExampleCORS() {
	set, _ := mockserver.Default()
	srv := mockserver.New(set, mockserver.Options{CORS: &mockserver.CORS{}}) // the default: local origins, any port

	req := httptest.NewRequest("OPTIONS", "/beta/chats/c1/installedApps/a1/chat/$ref", nil)
	req.Header.Set("Origin", "http://localhost:5173")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))

	req = httptest.NewRequest("GET", "/beta/chats/c1/installedApps/a1/chat", nil)
	req.Header.Set("Origin", "http://localhost:5173")
	req.Header.Set("Authorization", "Bearer test-token")
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Access-Control-Expose-Headers"))
	fmt.Println(len(srv.Calls()), "call recorded")
	// Output:
	// 204 http://localhost:5173
	// 200 request-id, client-request-id, Location, Retry-After, ETag, x-ms-ags-diagnostic, Odata-Version, Strict-Transport-Security
	// 1 call recorded
}

// CheckResponses finds canned bodies that drifted from the schema they
// are meant to satisfy, pointing at each in the scenario file.
func ExampleScenarioSet_CheckResponses() {
	folder := fstest.MapFS{
		"schemas/user.json": {Data: []byte(`{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}`)},
	}
	set, err := mockserver.Parse(folder, "scenarios.yaml", []byte(`version: 1
scenarios:
  - name: get-me
    request: {method: GET, path: /v1.0/me}
    response:
      status: 200
      bodySchema: schemas/user.json
      body: {displayName: Adele Vance}
`))
	if err != nil {
		panic(err)
	}
	fmt.Println(set.CheckResponses())
	// Output:
	// scenarios.yaml:8:13: scenario "get-me": response.body: the body does not match schemas/user.json: /id: property "id" is required
}

// A JSON batch runs each of its requests like a direct call; the journal
// has each of them, linked to the batch, and then the batch itself.
func Example_batch() {
	set, _ := mockserver.Default()
	srv := mockserver.New(set, mockserver.Options{})

	req := httptest.NewRequest("POST", "/beta/$batch", strings.NewReader(`{"requests": [
		{"id": "add", "method": "POST", "url": "/chats/c1/installedApps/a1/chat/$ref",
		 "headers": {"Content-Type": "application/json"}, "body": {"chatType": "group"}},
		{"id": "bad", "method": "POST", "url": "/chats/c1/installedApps/a1/chat/$ref",
		 "headers": {"Content-Type": "application/json"}, "body": {"chatType": "direct"}},
		{"id": "then", "method": "DELETE", "url": "/chats/c1/installedApps/a1/chat/$ref", "dependsOn": ["bad"]}]}`))
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	fmt.Println(rec.Code)

	for _, c := range srv.Calls() {
		fmt.Printf("item %q: scenario %q, %d %s\n", c.BatchItem, c.Scenario, c.Status, c.Outcome)
	}
	// Output:
	// 200
	// item "add": scenario "add-chat", 204 served
	// item "bad": scenario "add-chat", 400 rejected
	// item "then": scenario "", 424 skipped
	// item "": scenario "$batch", 200 served
}

// Read back the files a set was built from, through its folder.
func ExampleScenarioSet_Folder() {
	dir := fstest.MapFS{"fixtures/me.json": {Data: []byte(`{"displayName": "Adele Vance"}`)}}
	set, err := mockserver.Compile(dir, mockserver.Scenario{
		Name:     "get-me",
		Request:  mockserver.Request{Method: "GET", Path: "/v1.0/me"},
		Response: mockserver.Response{Status: 200, BodyFile: "fixtures/me.json"},
	})
	if err != nil {
		panic(err)
	}
	for _, name := range set.Files() {
		data, err := fs.ReadFile(set.Folder(), name)
		fmt.Println(name, string(data), err)
	}
	// Output:
	// fixtures/me.json {"displayName": "Adele Vance"} <nil>
}

// Every flow starts in InitialState and goes back to it on ResetState.
func ExampleInitialState() {
	set, err := mockserver.Compile(nil, mockserver.Scenario{
		Name:     "add-chat",
		State:    &mockserver.StateRule{Flow: "chat", When: mockserver.InitialState, Then: "added"},
		Request:  mockserver.Request{Method: "POST", Path: "/v1.0/chats", Auth: "none"},
		Response: mockserver.Response{Status: 201},
	})
	if err != nil {
		panic(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	fmt.Println(srv.States()["chat"])
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/v1.0/chats", nil))
	fmt.Println(srv.States()["chat"])
	srv.ResetState()
	fmt.Println(srv.States()["chat"] == mockserver.InitialState)
	// Output:
	// started
	// added
	// true
}
