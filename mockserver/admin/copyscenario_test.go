package admin_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// replay sends a recorded call's request again to h.
func replay(h http.Handler, c mockserver.Call) *httptest.ResponseRecorder {
	target := c.Path
	if c.RawQuery != "" {
		target += "?" + c.RawQuery
	}
	req := httptest.NewRequest(c.Method, target, strings.NewReader(string(c.Body)))
	req.Header = c.Header.Clone()
	req.Header.Del("Content-Encoding")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestCopyAsScenarioAnswersTheRecordedRequest(t *testing.T) {
	throttled, err := mockserver.LoadFile("../../examples/throttled-then-success.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		set        *mockserver.ScenarioSet
		send       func(t *testing.T, s testServer)
		wantStatus int // the copy's answer to the same request
	}{
		{"a served call with a body", nil, func(t *testing.T, s testServer) {
			s.do(t, "POST", chatRefPath, validChatBody, validHeaders())
		}, 204},
		{"a served GET gets its fixture back", nil, func(t *testing.T, s testServer) {
			s.do(t, "GET", "/beta/chats/19%3Aabc%40thread.v2/installedApps/A1/chat?$select=topic", "", validHeaders())
		}, 200},
		{"a rejected body", nil, func(t *testing.T, s testServer) {
			s.do(t, "POST", chatRefPath, `{"chatType": "direct"}`, validHeaders())
		}, 204},
		{"an unmatched call with an encoded slash", nil, func(t *testing.T, s testServer) {
			s.do(t, "GET", "/beta/users/a%2Fb/messages", "", validHeaders())
		}, 200},
		{"a call without a token", nil, func(t *testing.T, s testServer) {
			s.do(t, "DELETE", "/beta/chats/c1", "", nil)
		}, 204},
		{"a throttled call", throttled, func(t *testing.T, s testServer) {
			s.do(t, "POST", chatRefPath, validChatBody, validHeaders())
		}, 429},
		{"a request inside a batch", nil, func(t *testing.T, s testServer) {
			s.do(t, "POST", "/beta/$batch", `{"requests": [{"id": "1", "method": "GET", "url": "/chats/c1/installedApps/a1/chat"}]}`, validHeaders())
		}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := tt.set
			if set == nil {
				var err error
				if set, err = mockserver.Default(); err != nil {
					t.Fatal(err)
				}
			}
			srv := newServer(set, admin.Options{})
			tt.send(t, srv)
			call := srv.Calls()[0]
			resp := srv.do(t, "GET", "/_graphmock/calls/"+itoa(call.Seq)+"/scenario", "", nil)
			if resp.status != 200 || !strings.HasPrefix(resp.header.Get("Content-Type"), "application/yaml") {
				t.Fatalf("GET scenario = %d %s %s", resp.status, resp.header.Get("Content-Type"), resp.body)
			}
			copied, err := set.Reparse("copy.yaml", resp.body)
			if err != nil {
				t.Fatalf("the copy does not load: %v\n%s", err, resp.body)
			}
			again := mockserver.New(copied, mockserver.Options{})
			rec := replay(again, call)
			got := again.Calls()
			if len(got) != 1 || got[0].Outcome != mockserver.Served || rec.Code != tt.wantStatus {
				t.Fatalf("the copy answered %d %+v, want %d served\n%s", rec.Code, got, tt.wantStatus, resp.body)
			}
		})
	}
}

func TestCopyAsScenarioRefusesABatch(t *testing.T) {
	srv := newDefaultServer(t)
	srv.do(t, "POST", "/beta/$batch", `{"requests": [{"id": "1", "method": "GET", "url": "/chats/c1/installedApps/a1/chat"}]}`, validHeaders())
	batch := srv.Calls()[1]
	resp := srv.do(t, "GET", "/_graphmock/calls/"+itoa(batch.Seq)+"/scenario", "", nil)
	if resp.status != 400 || !strings.Contains(resp.adminError(t).Error.Message, "copy the calls inside it") {
		t.Errorf("GET scenario of a batch = %d %s, want 400 pointing at its calls", resp.status, resp.body)
	}
	if resp := srv.do(t, "GET", "/_graphmock/calls/99/scenario", "", nil); resp.status != 404 {
		t.Errorf("GET scenario of an unknown call = %d, want 404", resp.status)
	}
}

// TestCopyAsScenarioMatchesTheExample keeps the docs' example of a
// copied scenario true.
func TestCopyAsScenarioMatchesTheExample(t *testing.T) {
	srv := newDefaultServer(t)
	srv.do(t, "POST", chatRefPath, `{"chatType": "direct"}`, validHeaders())
	resp := srv.do(t, "GET", "/_graphmock/calls/1/scenario", "", nil)
	readme, err := os.ReadFile("../../docs/browser.md")
	if err != nil {
		t.Fatal(err)
	}
	indented := "  " + strings.ReplaceAll(strings.TrimSuffix(string(resp.body), "\n"), "\n", "\n  ") // as in a list item
	if !strings.Contains(string(readme), indented) {
		t.Errorf("docs/browser.md does not show the copy of a rejected seed request as it is:\n%s", resp.body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
