package mockserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// chatRefPath is the seed endpoint with realistic, percent-encoded ids.
const chatRefPath = "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat/$ref"

// validChatBody is the seed's example request with realistic values.
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

func validHeaders() http.Header {
	return http.Header{
		"Authorization": {"Bearer test-token"},
		"Content-Type":  {"application/json"},
	}
}

// testServer is a mockserver.Server behind the handler, driven in process.
type testServer struct {
	*mockserver.Server
}

func newDefaultServer(t testing.TB) testServer {
	t.Helper()
	set, err := mockserver.Default()
	if err != nil {
		t.Fatalf("Default() error = %v", err)
	}
	return testServer{mockserver.New(set, mockserver.Options{})}
}

// graphError is Microsoft Graph's error envelope, as a client reads it.
type graphError struct {
	Error struct {
		Code       string                 `json:"code"`
		Message    string                 `json:"message"`
		Details    []mockserver.Violation `json:"details"`
		InnerError struct {
			Code            string `json:"code"`
			Date            string `json:"date"`
			RequestID       string `json:"request-id"`
			ClientRequestID string `json:"client-request-id"`
		} `json:"innerError"`
	} `json:"error"`
}

// graphJSONContentType is the Content-Type Graph sends with JSON bodies.
const graphJSONContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

// lastCall returns the newest recorded call.
func lastCall(s interface{ Calls() []mockserver.Call }) (mockserver.Call, bool) {
	calls := s.Calls()
	if len(calls) == 0 {
		return mockserver.Call{}, false
	}
	return calls[len(calls)-1], true
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (s testServer) do(t testing.TB, method, path, body string, header http.Header) response {
	t.Helper()
	return do(t, s, method, path, body, header)
}

// do sends a request to h and returns its answer.
func do(t testing.TB, h http.Handler, method, path, body string, header http.Header) response {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

func (r response) graphError(t testing.TB) graphError {
	t.Helper()
	var ge graphError
	if err := json.Unmarshal(r.body, &ge); err != nil {
		t.Fatalf("response body is not a Graph error: %v\n%s", err, r.body)
	}
	if ge.Error.Code == "" || ge.Error.Message == "" {
		t.Fatalf("Graph error lacks code or message: %s", r.body)
	}
	return ge
}

// targets lists the JSON pointers a Graph error's details name.
func targets(ge graphError) []string {
	out := make([]string, 0, len(ge.Error.Details))
	for _, d := range ge.Error.Details {
		out = append(out, d.Field)
	}
	return out
}

// plainError is the body of graphmock's own errors (CORS refusals).
type plainError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (r response) adminError(t testing.TB) plainError {
	t.Helper()
	var e plainError
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not a plain error with code and message (%v): %s", err, r.body)
	}
	return e
}
