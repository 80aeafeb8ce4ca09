package admin_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// chatRefPath is the seed endpoint with realistic, percent-encoded ids.
const chatRefPath = "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat/$ref"

// validChatBody is a chat body the default scenario accepts.
const validChatBody = `{"@odata.type": "#Microsoft.Teams.GraphSvc.chat", "chatType": "group", "topic": "Weekly sync"}`

func validHeaders() http.Header {
	return http.Header{
		"Authorization": {"Bearer test-token"},
		"Content-Type":  {"application/json"},
	}
}

// testServer is a mockserver.Server with the admin API in front of it,
// driven in process.
type testServer struct {
	*mockserver.Server
	h http.Handler
}

func newServer(set *mockserver.ScenarioSet, opts admin.Options) testServer {
	srv := mockserver.New(set, mockserver.Options{})
	return testServer{srv, admin.Handler(srv, opts)}
}

func newDefaultServer(t testing.TB) testServer {
	t.Helper()
	set, err := mockserver.Default()
	if err != nil {
		t.Fatalf("Default() error = %v", err)
	}
	return newServer(set, admin.Options{})
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
	req.Host = "127.0.0.1:8080"
	for k, v := range header {
		req.Header[k] = v
	}
	if h := req.Header.Get("X-Test-Host"); h != "" {
		req.Host = h
		req.Header.Del("X-Test-Host")
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}
