package admin_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

func TestThePageIsServedWithoutATokenAndItsDataWithOne(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(set, admin.Options{Token: "s3cret"})
	tests := []struct {
		path, ctype string
	}{
		{"/_graphmock/ui/", "text/html; charset=utf-8"},
		{"/_graphmock/ui/index.html", "text/html; charset=utf-8"},
		{"/_graphmock/ui/app.js", "text/javascript; charset=utf-8"},
		{"/_graphmock/ui/app.css", "text/css; charset=utf-8"},
	}
	for _, tt := range tests {
		resp := srv.do(t, "GET", tt.path, "", nil)
		if resp.status != 200 || resp.header.Get("Content-Type") != tt.ctype || len(resp.body) == 0 {
			t.Errorf("GET %s = %d %q (%d bytes), want 200 %s", tt.path, resp.status, resp.header.Get("Content-Type"), len(resp.body), tt.ctype)
		}
		if csp := resp.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q, want the page kept to its own origin", tt.path, csp)
		}
	}
	for _, path := range []string{"/_graphmock/ui/nothing.js", "/_graphmock/ui/../admin.go", "/_graphmock/ui/%2e%2e/admin.go"} {
		if resp := srv.do(t, "GET", path, "", nil); resp.status != 404 && resp.status != 301 && resp.status != 307 {
			t.Errorf("GET %s = %d, want 404", path, resp.status)
		}
	}
	if resp := srv.do(t, "GET", "/_graphmock/calls", "", nil); resp.status != 401 {
		t.Errorf("GET calls without the token = %d, want 401: only the page's files are open", resp.status)
	}
	if resp := srv.withHost(t, "evil.example", "GET", "/_graphmock/ui/", nil); resp.status != 400 {
		t.Errorf("GET the page for another host = %d, want 400 Invalid Hostname", resp.status)
	}
	if resp := srv.do(t, "POST", "/_graphmock/ui/", "", nil); resp.status != 401 {
		t.Errorf("POST to the page = %d, want 401: the token rule spares only reading the page", resp.status)
	}
}

func TestNearMissShowsThePartsThatDiffer(t *testing.T) {
	srv := newDefaultServer(t)
	srv.do(t, "POST", "/beta/chats/c1/installedApps/a1/chats/$ref", validChatBody, validHeaders())
	srv.do(t, "POST", chatRefPath, validChatBody, validHeaders())
	resp := srv.do(t, "GET", "/_graphmock/calls/1/miss", "", nil)
	var got struct {
		Seq      int64  `json:"seq"`
		Closest  string `json:"closest"`
		Template string `json:"template"`
		Parts    []struct {
			Part, Kind, Rule, Sent, Want string
			Segment                      int
		} `json:"parts"`
	}
	decodeJSON(t, resp, &got)
	if got.Seq != 1 || got.Closest != "add-chat" || got.Template != "POST /beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref" {
		t.Fatalf("miss = %+v, want call 1 beside add-chat and its template", got)
	}
	if len(got.Parts) != 1 || got.Parts[0] != (struct {
		Part, Kind, Rule, Sent, Want string
		Segment                      int
	}{"path segment 6", "path", "differs", "chats", "chat", 6}) {
		t.Errorf("parts = %+v, want path segment 6 alone: chats where the template has chat", got.Parts)
	}
	if resp := srv.do(t, "GET", "/_graphmock/calls/2/miss", "", nil); resp.status != 404 {
		t.Errorf("GET miss of a served call = %d, want 404", resp.status)
	}
}

func TestHARExportHasEveryCall(t *testing.T) {
	srv := newDefaultServer(t)
	sendTraffic(t, srv)
	srv.do(t, "GET", "/beta/chats/c1/installedApps/a1/chat?$select=topic", "", validHeaders())
	resp := srv.do(t, "GET", "/_graphmock/har", "", nil)
	var har struct {
		Log struct {
			Version string `json:"version"`
			Creator struct{ Name string }
			Entries []struct {
				StartedDateTime string
				Time            float64
				Request         struct {
					Method, URL string
					Headers     []struct{ Name, Value string }
					QueryString []struct{ Name, Value string }
					PostData    *struct{ MimeType, Text string }
				}
				Response struct {
					Status  int
					Content struct {
						Size     *int
						MimeType *string
					}
				}
				Timings struct{ Send, Wait, Receive *float64 }
				Call    struct {
					Seq     int64
					Outcome string
				} `json:"_graphmock"`
			}
		} `json:"log"`
	}
	if resp.status != 200 || !strings.Contains(resp.header.Get("Content-Disposition"), "graphmock.har") {
		t.Fatalf("GET har = %d %v", resp.status, resp.header)
	}
	if err := json.Unmarshal(resp.body, &har); err != nil {
		t.Fatal(err)
	}
	l := har.Log
	if l.Version != "1.2" || l.Creator.Name != "graphmock" || len(l.Entries) != 4 {
		t.Fatalf("log = version %q creator %q with %d entries, want 1.2, graphmock, 4", l.Version, l.Creator.Name, len(l.Entries))
	}
	rejected := l.Entries[1]
	if rejected.Request.Method != "POST" || rejected.Request.URL != "http://127.0.0.1:8080"+chatRefPath ||
		rejected.Request.PostData == nil || rejected.Request.PostData.Text != `{"chatType": "direct"}` ||
		rejected.Response.Status != 400 || rejected.Call.Outcome != "rejected" {
		t.Errorf("entry 2 = %+v, want the rejected POST with its body", rejected)
	}
	get := l.Entries[3]
	if len(get.Request.QueryString) != 1 || get.Request.QueryString[0].Name != "$select" || !strings.HasSuffix(get.Request.URL, "?$select=topic") {
		t.Errorf("entry 4 = %+v, want its query", get.Request)
	}
	for i, e := range l.Entries {
		if e.StartedDateTime == "" || e.Response.Content.Size == nil || e.Response.Content.MimeType == nil || e.Timings.Send == nil || e.Timings.Wait == nil || e.Timings.Receive == nil {
			t.Errorf("entry %d lacks a field HAR 1.2 requires: %+v", i+1, e)
		}
	}
	if r := srv.do(t, "GET", "/_graphmock/har?x=1", "", nil); r.status != 400 {
		t.Errorf("GET har?x=1 = %d, want 400", r.status)
	}
	if r := srv.do(t, "GET", "/_graphmock/calls", "", http.Header{"Origin": {"https://evil.example"}}); r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("the journal became readable cross-origin")
	}
}

func TestSessionHARKeepsTheSessionsURL(t *testing.T) {
	srv := newDefaultServer(t)
	var info struct{ ID string }
	if r := srv.do(t, "POST", "/_graphmock/sessions", "", nil); r.status != http.StatusCreated || json.Unmarshal(r.body, &info) != nil {
		t.Fatalf("POST sessions = %d %s", r.status, r.body)
	}
	srv.do(t, "GET", "/_s/"+info.ID+"/beta/me?$select=id", "", validHeaders())
	byHeader := validHeaders()
	byHeader.Set("X-Graphmock-Session", info.ID)
	srv.do(t, "GET", "/beta/me", "", byHeader)
	var har struct {
		Log struct {
			Entries []struct {
				Request struct{ URL string }
			}
		}
	}
	r := srv.do(t, "GET", "/_graphmock/sessions/"+info.ID+"/har", "", nil)
	if err := json.Unmarshal(r.body, &har); err != nil || r.status != 200 || len(har.Log.Entries) != 2 {
		t.Fatalf("GET the session's har = %d %s", r.status, r.body)
	}
	want := []string{"http://127.0.0.1:8080/_s/" + info.ID + "/beta/me?$select=id", "http://127.0.0.1:8080/beta/me"}
	for i, e := range har.Log.Entries {
		if e.Request.URL != want[i] {
			t.Errorf("entry %d URL = %s, want %s (the URL the request had)", i+1, e.Request.URL, want[i])
		}
	}
}
