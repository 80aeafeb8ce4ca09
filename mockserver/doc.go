// Package mockserver is a contract-testing mock of Microsoft Graph.
//
// A [ScenarioSet] lists the requests a client is expected to make and the
// canned responses to give. A [Server] answers from it as Graph would:
// Graph's error envelope and headers, 401 without a bearer token, 400 with
// every schema violation of a request body, 404 or 405 naming the closest
// scenario when nothing matches. It records every call in its [Journal], so
// tests can assert on what the client sent.
//
// # Scenarios
//
// Scenarios come from a YAML scenario file ([Load], [LoadFile]) or from Go
// ([Compile]); [Default] is the embedded default set, which covers the
// Graph beta chat $ref endpoint:
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
// is immutable, so any number of servers can share it.
//
// Beyond method and path, a scenario can require header, query, path
// variable and body conditions ([Match], [BodyMatch]); give a Priority;
// answer with Responses in turn; follow a named [StateRule]; render its
// response from a template ([TemplateData]); hold it back ([Delay]); break
// the connection ([Fault]); or answer with Graph's own throttling and
// outage errors ([GraphFault], [Throttled], [Chaos]).
//
// # Serving
//
// [New] returns an http.Handler. In a Go test, serve it with
// net/http/httptest; the graphmock command serves it on an address.
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
// clients that send tokens only there.
//
// # Calls
//
// Each request, matched or not, valid or not, becomes a [Call] in the
// server's [Journal]: method, path, headers, body, path variables, the
// scenario it matched, its [Outcome], the status sent and, for a rejected
// body, every [Violation]. A call is recorded before its response is
// written. The journal keeps the newest calls within a bound, while its
// per-scenario counters cover every call.
//
// # Admin API
//
// The same handler answers a JSON admin API under [AdminPrefix]
// (/_graphmock/), for test suites that run graphmock as a separate
// process: the journal (filtered by scenario or outcome, one call by
// number, cleared), the scenarios with their counters, replacing the
// scenarios with a posted YAML document, flow states (read, set, reset),
// and a verify endpoint that reports exactly what [Server.Problems] finds. Admin requests are never
// recorded; [Options].AdminToken makes them need a bearer token.
//
// # Browsers
//
// With [Options].CORS set, the server answers CORS preflights itself (not
// recorded) and lets pages on the allowed origins read its responses and
// Graph's headers (request-id, client-request-id, ETag, ...).
//
// # Checking responses
//
// A scenario's response can name the JSON Schema its body is meant to
// satisfy; [ScenarioSet.CheckResponses] checks every such body, which is
// what "graphmock validate" runs. [ScenarioSet.Files] lists the files a
// set was built from, for reloading it when they change.
package mockserver
