// Package mocktest runs a graphmock server inside a Go test, as
// net/http/httptest does for an http.Handler: package mockserver is the
// mock, mocktest is what a test suite uses to start it and assert on it.
//
// [NewTestServer] starts a server over the embedded default scenarios for
// one test, and checks at the end of the test that every expectation was
// met and no request went unmatched or was rejected:
//
//	func TestAddChat(t *testing.T) {
//		ts := mocktest.NewTestServer(t)
//		client := myapp.NewClient(ts.URL(), ts.Client())
//		if err := client.AddChat(ctx, "19:abc@thread.v2", "app1"); err != nil {
//			t.Fatal(err)
//		}
//		ts.AssertCalledTimes(t, "add-chat", 1)
//	}
//
// [AddScenarios] adds scenarios declared in Go to the set; [WithSet],
// [WithFile] and [WithFS] serve another set instead of the defaults. To
// serve only your own scenarios, compile them with mockserver.Compile and
// pass the set to WithSet. [WithTLS] serves HTTPS, for clients that send
// tokens only there; [Lenient] is for tests that send bad requests on
// purpose. [TestServer.Server] is the mockserver.Server behind it, for
// anything beyond the assertions.
package mocktest
