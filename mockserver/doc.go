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
// # Calls
//
// Each request, matched or not, valid or not, becomes a [Call] in the
// server's [Journal]: method, path, headers, body, path variables, the
// scenario it matched, its [Outcome], the status sent and, for a rejected
// body, every [Violation]. A call is recorded before its response is
// written. The journal keeps the newest calls within a bound, while its
// per-scenario counters cover every call.
package mockserver
