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

type response struct {
	status int
	header http.Header
	body   []byte
}

func (s testServer) do(t testing.TB, method, path, body string, header http.Header) response {
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
	s.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

func (r response) graphError(t testing.TB) mockserver.GraphError {
	t.Helper()
	var ge mockserver.GraphError
	if err := json.Unmarshal(r.body, &ge); err != nil {
		t.Fatalf("response body is not a Graph error: %v\n%s", err, r.body)
	}
	if ge.Error.Code == "" || ge.Error.Message == "" {
		t.Fatalf("Graph error lacks code or message: %s", r.body)
	}
	return ge
}

// targets lists the JSON pointers a Graph error's details name.
func targets(ge mockserver.GraphError) []string {
	out := make([]string, 0, len(ge.Error.Details))
	for _, d := range ge.Error.Details {
		out = append(out, d.Field)
	}
	return out
}
