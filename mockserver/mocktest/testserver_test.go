package mocktest_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
)

// chatRefPath is the seed endpoint with realistic, percent-encoded ids.
const chatRefPath = "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat/$ref"

// validChatBody is the seed's example request: a group chat, as Graph
// documents it (https://learn.microsoft.com/en-us/graph/api/resources/chat).
const validChatBody = `{
  "@odata.type": "#Microsoft.Teams.GraphSvc.chat",
  "tenantId": "b33cbe9f-8ebe-4f2a-912b-7e2a427f477f",
  "topic": "Weekly sync",
  "lastUpdatedDateTime": "2026-11-27T10:05:00.123Z",
  "chatType": "group",
  "webUrl": "https://teams.microsoft.com/l/chat/19%3Aabc%40thread.v2/0",
  "viewpoint": {"@odata.type": "microsoft.graph.chatViewpoint"},
  "onlineMeetingInfo": {"@odata.type": "microsoft.graph.teamworkOnlineMeetingInfo"}
}`

// goodScenario is the seed's add-chat scenario, checked against the
// schema the repository ships.
const goodScenario = `  - name: add-chat
    request:
      method: POST
      path: /beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref
      bodySchema: schemas/chat.json
    response:
      status: 204
`

// chatSchemaFiles are the schemas the repository ships and a fixture.
func chatSchemaFiles(t testing.TB) fstest.MapFS {
	t.Helper()
	files := fstest.MapFS{}
	entries, err := os.ReadDir("../../schemas")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("../../schemas", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files["schemas/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	files["fixtures/chat.json"] = &fstest.MapFile{Data: []byte(`{"id": "19:abc@thread.v2", "chatType": "group"}`)}
	return files
}

// validHeaders are what a Graph client sends with a JSON body.
func validHeaders() http.Header {
	return http.Header{
		"Authorization": {"Bearer test-token"},
		"Content-Type":  {"application/json"},
	}
}

// fakeTB records what the helpers report, so tests can check that they
// fail a test when they should. Fatalf stops the calling goroutine, as
// testing.T's does.
type fakeTB struct {
	mu       sync.Mutex
	errors   []string
	fatals   []string
	cleanups []func()
}

// Both the fake and *testing.T are what the helpers take.
var (
	_ mocktest.TB = (*fakeTB)(nil)
	_ mocktest.TB = (*testing.T)(nil)
)

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }

// finish runs the cleanups, last registered first, as testing does.
func (f *fakeTB) finish() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

func (f *fakeTB) report() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(append(append([]string{}, f.fatals...), f.errors...), "\n")
}

// runFake runs fn with a fakeTB on its own goroutine (so Fatalf can stop
// it), then runs the cleanups.
func runFake(fn func(tb *fakeTB)) *fakeTB {
	tb := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(tb)
	}()
	<-done
	tb.finish()
	return tb
}

func postChatTo(t testing.TB, ts *mocktest.TestServer, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", ts.URL()+chatRefPath, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = validHeaders()
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestNewTestServerInThreeLines(t *testing.T) {
	ts := mocktest.NewTestServer(t)
	postChatTo(t, ts, validChatBody)
	ts.AssertCalledTimes(t, "add-chat", 1)

	var chat struct{ ChatType, Topic string }
	if ts.DecodeLastBody(t, "add-chat", &chat) && (chat.ChatType != "group" || chat.Topic != "Weekly sync") {
		t.Errorf("decoded body = %+v", chat)
	}
	last, _ := ts.LastCall("add-chat")
	if last.PathVars["chatsId"] != "19:b8577894a63548969c5c92bb9c80c5e1@thread.v2" {
		t.Errorf("chatsId = %q", last.PathVars["chatsId"])
	}
}

func TestAssertionsFailTheTestWhenTheyShould(t *testing.T) {
	tests := []struct {
		name   string
		use    func(tb *fakeTB, ts *mocktest.TestServer)
		report []string // substrings of what the fake TB got; empty: no failure
	}{
		{"called once, asserted once", func(tb *fakeTB, ts *mocktest.TestServer) {
			postChatTo(t, ts, validChatBody)
			ts.AssertCalled(tb, "add-chat")
			ts.AssertCalledTimes(tb, "add-chat", 1)
			ts.AssertNotCalled(tb, "get-chat")
		}, nil},
		{"AssertCalled on a scenario nobody called", func(tb *fakeTB, ts *mocktest.TestServer) {
			ts.AssertCalled(tb, "add-chat")
		}, []string{`graphmock: scenario "add-chat" was not called`, "no calls were received"}},
		{"AssertNotCalled on a called scenario", func(tb *fakeTB, ts *mocktest.TestServer) {
			postChatTo(t, ts, validChatBody)
			ts.AssertNotCalled(tb, "add-chat")
		}, []string{`scenario "add-chat" was called 1 time, want none`, "calls received (1):", "POST " + chatRefPath + " -> 204 (add-chat, served)"}},
		{"AssertCalledTimes with the wrong count", func(tb *fakeTB, ts *mocktest.TestServer) {
			postChatTo(t, ts, validChatBody)
			postChatTo(t, ts, validChatBody)
			ts.AssertCalledTimes(tb, "add-chat", 1)
		}, []string{`scenario "add-chat" was called 2 times, want 1`}},
		{"a misspelt scenario name", func(tb *fakeTB, ts *mocktest.TestServer) {
			ts.AssertNotCalled(tb, "add-chats")
		}, []string{`no scenario is named "add-chats" (did you mean "add-chat"?); the scenarios are add-chat, get-chat`}},
		{"the batch pseudo-scenario is a known name", func(tb *fakeTB, ts *mocktest.TestServer) {
			ts.AssertNotCalled(tb, mockserver.BatchScenario)
		}, nil},
		{"a batch nobody sent", func(tb *fakeTB, ts *mocktest.TestServer) {
			ts.AssertCalled(tb, mockserver.BatchScenario)
		}, []string{`scenario "$batch" was not called`, "no calls were received"}},
		{"DecodeLastBody of a body that is not JSON shows the request", func(tb *fakeTB, ts *mocktest.TestServer) {
			req, _ := http.NewRequest("POST", ts.URL()+chatRefPath, strings.NewReader("not json"))
			req.Header = validHeaders()
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			var v map[string]any
			ts.DecodeLastBody(tb, "add-chat", &v)
		}, []string{`decoding the body of the last call to "add-chat"`, "\n    POST " + chatRefPath + "\n    Authorization: Bearer test…\n", "Content-Type: application/json\n    not json"}},
		{"DecodeLastBody without a call", func(tb *fakeTB, ts *mocktest.TestServer) {
			var v map[string]any
			ts.DecodeLastBody(tb, "add-chat", &v)
		}, []string{`scenario "add-chat" was not called, so it has no body to decode`}},
		{"DecodeLastBody into the wrong type", func(tb *fakeTB, ts *mocktest.TestServer) {
			postChatTo(t, ts, validChatBody)
			var v []string
			ts.DecodeLastBody(tb, "add-chat", &v)
		}, []string{`decoding the body of the last call to "add-chat": json: cannot unmarshal object`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := runFake(func(tb *fakeTB) {
				ts := mocktest.NewTestServer(tb, mocktest.Lenient())
				tt.use(tb, ts)
			})
			got := tb.report()
			if len(tt.report) == 0 && got != "" {
				t.Fatalf("helpers reported a failure:\n%s", got)
			}
			for _, want := range tt.report {
				if !strings.Contains(got, want) {
					t.Errorf("report lacks %q:\n%s", want, got)
				}
			}
		})
	}
}

func TestCleanupVerifiesUnlessLenient(t *testing.T) {
	expectOnce := mockserver.Scenario{
		Name:     "add-chat",
		Times:    mockserver.Exactly(1),
		Request:  mockserver.Request{Method: "POST", Path: "/beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref", BodySchema: "schemas/chat.json"},
		Response: mockserver.Response{Status: 204},
	}
	tests := []struct {
		name   string
		opts   []mocktest.TestOption
		do     func(ts *mocktest.TestServer)
		report []string
	}{
		{"expectation met", []mocktest.TestOption{mocktest.AddScenarios(expectOnce)}, func(ts *mocktest.TestServer) {
			postChatTo(t, ts, validChatBody)
		}, nil},
		{"a forgotten call", []mocktest.TestOption{mocktest.AddScenarios(expectOnce)}, func(ts *mocktest.TestServer) {
		}, []string{"graphmock: 1 problem:", `1. scenario "add-chat" expected exactly 1 call, got 0`}},
		{"an invalid body", nil, func(ts *mocktest.TestServer) {
			postChatTo(t, ts, `{"chatType": "direct", "topic": 5}`)
		}, []string{
			`to scenario "add-chat" was rejected (400 BadRequest): The request body does not match schemas/chat.json: /chatType`,
			"    POST " + chatRefPath,
			"    Authorization: Bearer test…",
			"    Content-Type: application/json",
			"    {\n      \"chatType\": \"direct\",\n      \"topic\": 5\n    }",
		}},
		{"an unknown path", nil, func(ts *mocktest.TestServer) {
			req, _ := http.NewRequest("GET", ts.URL()+"/beta/me", nil)
			resp, err := ts.Client().Do(req)
			if err == nil {
				resp.Body.Close()
			}
		}, []string{`GET /beta/me matched no scenario (404 ResourceNotFound): No scenario matches GET /beta/me. Closest: scenario "get-chat"`}},
		{"lenient", []mocktest.TestOption{mocktest.Lenient()}, func(ts *mocktest.TestServer) {
			postChatTo(t, ts, `{}`)
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := runFake(func(tb *fakeTB) {
				tt.do(mocktest.NewTestServer(tb, tt.opts...))
			})
			got := tb.report()
			if len(tt.report) == 0 && got != "" {
				t.Fatalf("cleanup reported a failure:\n%s", got)
			}
			if len(tt.report) > 0 && got == "" {
				t.Fatal("cleanup reported nothing")
			}
			for _, want := range tt.report {
				if !strings.Contains(got, want) {
					t.Errorf("report lacks %q:\n%s", want, got)
				}
			}
		})
	}
}

func TestNewTestServerFailsFastOnABrokenScenarioFile(t *testing.T) {
	tb := runFake(func(tb *fakeTB) {
		mocktest.NewTestServer(tb, mocktest.WithFile("testdata/does-not-exist.yaml"))
		tb.Errorf("NewTestServer returned after a load failure")
	})
	if len(tb.fatals) != 1 || !strings.Contains(tb.fatals[0], "testdata/does-not-exist.yaml") {
		t.Errorf("fatals = %q, want one naming the file", tb.fatals)
	}
	if len(tb.errors) != 0 {
		t.Errorf("errors = %q", tb.errors)
	}
}

func TestWithScenarioOverridesByNameAndAdds(t *testing.T) {
	ts := mocktest.NewTestServer(t, mocktest.AddScenarios(
		mockserver.Scenario{
			Name:     "add-chat",
			Request:  mockserver.Request{Method: "POST", Path: "/beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref"},
			Response: mockserver.Response{Status: 409, Body: map[string]any{"error": map[string]any{"code": "Conflict", "message": "exists"}}},
		},
		mockserver.Scenario{
			Name:     "get-me",
			Request:  mockserver.Request{Method: "GET", Path: "/v1.0/me"},
			Response: mockserver.Response{Status: 200, Body: `{"id":"u1"}`},
		},
	))
	if resp := postChatTo(t, ts, `not even JSON`); resp.StatusCode != 409 {
		t.Errorf("overridden add-chat answered %d, want 409", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", ts.URL()+"/v1.0/me", nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("added get-me answered %d", resp.StatusCode)
	}
	names := []string{}
	for _, s := range ts.Server().Scenarios().Scenarios() {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "add-chat,get-me,set-chat-ref,remove-chat-ref,get-chat" {
		t.Errorf("scenarios = %v, want the Go ones first, then the rest of the defaults", names)
	}
}

func TestWithFSAndWithScenarios(t *testing.T) {
	yaml := "version: 1\nscenarios:\n" + goodScenario
	files := chatSchemaFiles(t)
	files["scenarios.yaml"] = &fstest.MapFile{Data: []byte(yaml)}
	set, err := mockserver.Load(files, "scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, opt := range map[string]mocktest.TestOption{
		"WithFS":        mocktest.WithFS(files, "scenarios.yaml"),
		"WithScenarios": mocktest.WithSet(set),
	} {
		ts := mocktest.NewTestServer(t, opt)
		if resp := postChatTo(t, ts, validChatBody); resp.StatusCode != 204 {
			t.Errorf("%s: status %d, want 204", name, resp.StatusCode)
		}
		names := ts.Server().Scenarios().Scenarios()
		if len(names) != 1 || names[0].Name != "add-chat" {
			t.Errorf("%s: scenarios = %+v, want only the file's add-chat", name, names)
		}
	}
}

func TestParallelSubtestsShareOneScenarioSet(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		t.Run(fmt.Sprint("client", i), func(t *testing.T) {
			t.Parallel()
			ts := mocktest.NewTestServer(t, mocktest.WithSet(set))
			for range i + 1 {
				postChatTo(t, ts, validChatBody)
			}
			ts.AssertCalledTimes(t, "add-chat", i+1)
			ts.AssertNotCalled(t, "get-chat")
		})
	}
}

func TestStartingAndClosingServersLeaksNothing(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	fdsBefore := openFiles(t)
	for range 200 {
		tb := runFake(func(tb *fakeTB) {
			ts := mocktest.NewTestServer(tb, mocktest.WithSet(set))
			postChatTo(t, ts, validChatBody)
			ts.Client().CloseIdleConnections()
		})
		if r := tb.report(); r != "" {
			t.Fatal(r)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		buf := make([]byte, 1<<16)
		t.Fatalf("goroutines: %d before, %d after 200 servers\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
	if after := openFiles(t); after > fdsBefore+4 {
		t.Errorf("open files (listeners, connections): %d before, %d after 200 servers", fdsBefore, after)
	}
}

// openFiles counts the process's open file descriptors, which include its
// sockets.
func openFiles(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("counting open files: %v", err)
	}
	return len(entries)
}

func TestWithTLSServesHTTPSToItsClient(t *testing.T) {
	ts := mocktest.NewTestServer(t, mocktest.WithTLS())
	if !strings.HasPrefix(ts.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL() = %q, want https on loopback", ts.URL())
	}
	if resp := postChatTo(t, ts, validChatBody); resp.StatusCode != 204 || resp.TLS == nil {
		t.Errorf("status %d (TLS %v), want 204 over TLS", resp.StatusCode, resp.TLS != nil)
	}
	ts.AssertCalledTimes(t, "add-chat", 1)
	if c, _ := ts.LastCall("add-chat"); c.Header.Get("Authorization") != "Bearer test-token" {
		t.Errorf("Authorization = %q", c.Header.Get("Authorization"))
	}
	if _, err := http.Get(ts.URL() + "/beta/me"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a client that does not trust the certificate got err = %v, want a certificate error", err)
	}
}

func TestNewTestServerRefusesTwoSets(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	tb := runFake(func(tb *fakeTB) {
		mocktest.NewTestServer(tb, mocktest.WithSet(set), mocktest.WithFile("../../scenarios.yaml"))
		tb.Errorf("NewTestServer returned with two sets")
	})
	if len(tb.errors) != 0 {
		t.Errorf("errors = %q", tb.errors)
	}
	if len(tb.fatals) != 1 || !strings.Contains(tb.fatals[0], "WithSet and WithFile each name the set to serve: give one of them") {
		t.Errorf("fatals = %q, want one naming both options", tb.fatals)
	}
}

func TestAFailedExpectationNamesTheLineThatMadeTheServer(t *testing.T) {
	tb := &fakeTB{}
	mocktest.NewTestServer(tb, mocktest.AddScenarios(mockserver.Scenario{
		Name: "once", Times: mockserver.Exactly(1),
		Request: mockserver.Request{Method: "GET", Path: "/v1.0/me"}, Response: mockserver.Response{Status: 200},
	}))
	_, _, line, _ := runtime.Caller(0)
	tb.finish()
	want := fmt.Sprintf("(the test server was made at testserver_test.go:%d)", line-4)
	if !strings.Contains(tb.report(), want) {
		t.Errorf("report = %q, want it to contain %q", tb.report(), want)
	}
}

func TestAFailedExpectationNamesWhereItsScenarioWasDeclared(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "scenarios.yaml")
	doc := "version: 1\nscenarios:\n  - name: other\n    request: {method: GET, path: /v1.0/other}\n    response: {status: 200}\n  - name: once\n    request: {method: GET, path: /v1.0/me}\n    response: {status: 200}\n    times: 1\n"
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	tb := &fakeTB{}
	mocktest.NewTestServer(tb, mocktest.WithFile(file))
	tb.finish()
	if want := fmt.Sprintf(`(scenario "once" was declared at %s:6)`, file); !strings.Contains(tb.report(), want) {
		t.Errorf("report = %q, want it to contain %q", tb.report(), want)
	}
	tb = &fakeTB{}
	mocktest.NewTestServer(tb, mocktest.AddScenarios(mockserver.Scenario{
		Name: "twice", Times: mockserver.Exactly(2),
		Request: mockserver.Request{Method: "GET", Path: "/v1.0/me"}, Response: mockserver.Response{Status: 200},
	}))
	_, _, line, _ := runtime.Caller(0)
	tb.finish()
	if want := fmt.Sprintf(`(scenario "twice" was declared at testserver_test.go:%d)`, line-4); !strings.Contains(tb.report(), want) {
		t.Errorf("report = %q, want it to contain %q", tb.report(), want)
	}
}

func TestASchemaNotFoundSaysWhatItIsRelativeTo(t *testing.T) {
	spec := mockserver.Scenario{Name: "s", Request: mockserver.Request{Method: "POST", Path: "/v1.0/x", BodySchema: "schemas/nope.json"}, Response: mockserver.Response{Status: 204}}
	if _, err := mockserver.Compile(nil, spec); err == nil || !strings.Contains(err.Error(), "no folder to read files from (pass an fs.FS)") {
		t.Errorf("Compile(nil) = %v, want it to say Compile was given no folder", err)
	}
	if _, err := mockserver.Compile(os.DirFS(t.TempDir()), spec); err == nil || !strings.Contains(err.Error(), "paths are relative to the folder given to Compile") {
		t.Errorf("Compile(folder) = %v, want it to say names are relative to the folder given to Compile", err)
	}
	set, _ := mockserver.Default()
	if _, err := set.With(spec); err == nil || !strings.Contains(err.Error(), "paths are relative to the folder of scenarios.yaml, the set they were added to") {
		t.Errorf("With() = %v, want it to say names are relative to the set's folder", err)
	}
}
