// Package mockserver is a contract-testing mock of Microsoft Graph.
//
// A [ScenarioSet] lists the requests a client is expected to make and the
// canned responses to give. A [Server] answers from it as Graph would:
// Graph's error envelope and headers, 401 without a bearer token, 400 with
// every schema violation of a request body, 404 or 405 naming the closest
// scenario when nothing matches. It records every call, so tests can
// assert on what the client sent.
//
// # A first test
//
// [NewTestServer] starts a server over the embedded default scenarios for
// one test, and checks at the end of the test that every expectation was
// met and no request went unmatched or was rejected:
//
//	func TestAddChat(t *testing.T) {
//		ts := mockserver.NewTestServer(t)
//		client := myapp.NewClient(ts.URL(), ts.Client())
//		if err := client.AddChat(ctx, "19:abc@thread.v2", "app1"); err != nil {
//			t.Fatal(err)
//		}
//		ts.AssertCalledTimes(t, "add-chat", 1)
//	}
//
// [AddScenarios] adds scenarios declared in Go to the set; [WithSet],
// [WithFile] and [WithFS] serve another set instead of the defaults. To
// serve only your own scenarios, compile them with [Compile] and pass the
// set to WithSet.
//
// # Scenarios
//
// Scenarios come from a YAML scenario file ([Load], [LoadFile], [Parse])
// or from Go ([Compile]); [Default] is the embedded default set, which
// covers the Graph beta chat $ref endpoint:
//
//	version: 1
//	scenarios:
//	  - name: add-chat
//	    request:
//	      method: POST
//	      path: /beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref
//	      bodySchema: schemas/chat.json
//	    response:
//	      status: 204
//
// Files named in a scenario file (schemas, fixtures) are relative to its
// folder and cannot be read from outside it. Everything slow happens when a
// set is compiled: schemas are compiled and fixtures read once, and a set
// is immutable, so any number of servers can share it. A file that fails
// to load reports every problem at once, each a [LoadError] naming the
// file, line and column.
//
// Beyond method and path, a scenario can require header, query, path
// variable and body conditions ([Match], [BodyMatch]); give a Priority;
// answer with Responses in turn; follow a named [StateRule]; render its
// response from a template; hold it back ([Delay]); break the connection
// ([Fault]); or answer with Graph's own throttling and outage errors
// ([GraphFault], [Chaos]).
//
// Response templates are Go text/templates over the request:
// {{.Method}}, {{.Path}}, {{.PathVars.name}}, {{.Query.Get "top"}},
// {{.Headers.Get "Prefer"}}, {{.Body.topic}}, {{.RequestID}} and
// {{.Scenario}}, with the functions guid, now (Graph's time format), json
// (a value as JSON) and jsonEscape. Request data is never run as a
// template.
//
// # Serving
//
// [New] returns an http.Handler. In a Go test, serve it with
// net/http/httptest (NewTestServer does); the graphmock command serves it
// on an address, with the admin API of package mockserver/admin in front.
//
//	set, err := mockserver.Default()
//	...
//	srv := mockserver.New(set, mockserver.Options{})
//	ts := httptest.NewServer(srv)
//	defer ts.Close()
//
// # What Graph's clients send
//
// Request bodies may be gzip-compressed (Content-Encoding: gzip), as
// Graph's Go SDK sends them; they are decompressed within the body limit
// before anything else looks at them. POST /{version}/$batch is answered
// as Graph answers JSON batches: each request in it is run through the
// server like a direct call and recorded with a link to its batch (see
// [BatchScenario]). A panic while answering becomes Graph's 500
// generalException. [WithTLS] serves a [TestServer] over HTTPS, for
// clients that send tokens only there. With [Options].CORS set, the
// server answers CORS preflights itself (not recorded) and lets pages on
// the allowed origins read its responses and Graph's headers.
//
// # Calls
//
// Each request, matched or not, valid or not, becomes a [Call]: method,
// path, headers, body, path variables, the scenario it matched, its
// [Outcome], the status sent and, for a rejected body, every [Violation].
// A call is recorded before its response is written. [Server.Calls]
// returns the newest calls within a bound, while [Server.Stats] counts
// every call. [Server.Verify] and [Server.Problems] report unmet
// expectations, unmatched and rejected calls.
//
// # Sessions
//
// One running server can hold many isolated mocks at once, for test
// suites that run in parallel against a shared graphmock (in any
// language, over the admin API of package mockserver/admin) or for a Go
// program serving isolated tenants. [Server.NewSession] starts one: its
// own scenario set (the server's by default), response sequences, flow
// states, chaos dice, journal, counters and verification. It returns the
// session, a [Session], whose [Mock] methods act on the session alone:
//
//	sess, err := srv.NewSession(mockserver.SessionOptions{}) // the server's scenarios, the default time-to-live
//	...
//	client := myapp.NewClient(ts.URL+mockserver.SessionPrefix+sess.ID()+"/v1.0", ts.Client())
//	...
//	if err := sess.Verify(); err != nil { ... }
//	srv.EndSession(sess.ID())
//
// A Graph client reaches a session through the server by URL, putting
// /_s/{id} before the Graph path (a base URL any of Microsoft's SDKs
// accepts), or by sending the header X-Graphmock-Session: {id}. The
// session records the path as Graph would see it, without the prefix;
// the requests of a JSON batch run in the session of their batch. A
// request to a session that ended, expired or never existed gets 404
// SessionNotFound naming it, and is recorded by the server as unmatched.
// Sessions are bounded: each expires after its idle time-to-live, at most
// [Options].MaxSessions are live at once, and each journal keeps less
// than the server's. [Server.Session] finds a live session by its id.
//
// # Checking responses
//
// A scenario's response can name the JSON Schema its body is meant to
// satisfy; [ScenarioSet.CheckResponses] checks every such body, which is
// what "graphmock validate" runs. [ScenarioSet.Files] lists the files a
// set was built from, for reloading it when they change.
package mockserver
