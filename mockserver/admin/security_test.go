package admin_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// withHost is do with a Host header of the caller's choosing.
func (s testServer) withHost(t *testing.T, host, method, path string, header http.Header) response {
	t.Helper()
	if header == nil {
		header = http.Header{}
	}
	header.Set("X-Test-Host", host)
	return s.do(t, method, path, "", header)
}

func TestAdminRefusesStateChangesFromOtherSites(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	plain := newServer(set, admin.Options{})
	withCORS := newServer(set, admin.Options{CORS: &mockserver.CORS{Origins: []string{"http://localhost:3000"}}})
	tests := []struct {
		name   string
		srv    testServer
		header http.Header
		want   int
	}{
		{"a client that is not a browser sends neither header", plain, nil, 200},
		{"a simple cross-site POST from a page", plain, http.Header{"Origin": {"https://evil.example"}, "Content-Type": {"text/plain"}}, 403},
		{"a page from a sandboxed frame sends the null origin", plain, http.Header{"Origin": {"null"}}, 403},
		{"a page on another port of localhost is another origin", plain, http.Header{"Origin": {"http://localhost:3000"}}, 403},
		{"graphmock's own page", plain, http.Header{"Origin": {"http://127.0.0.1:8080"}, "Sec-Fetch-Site": {"same-origin"}}, 200},
		{"Sec-Fetch-Site cross-site alone", plain, http.Header{"Sec-Fetch-Site": {"cross-site"}}, 403},
		{"an allowed CORS origin", withCORS, http.Header{"Origin": {"http://localhost:3000"}, "Sec-Fetch-Site": {"same-site"}}, 200},
		{"an origin CORS does not allow, with CORS on", withCORS, http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.srv.do(t, "POST", chatRefPath, validChatBody, validHeaders())
			before := len(tt.srv.Calls())
			resp := tt.srv.do(t, "POST", "/_graphmock/reset", "", tt.header)
			if resp.status != tt.want {
				t.Fatalf("POST reset = %d %s, want %d", resp.status, resp.body, tt.want)
			}
			after := len(tt.srv.Calls())
			if tt.want == 403 {
				if e := resp.adminError(t); e.Error.Code != "CrossSiteRequest" {
					t.Errorf("code = %s, want CrossSiteRequest", e.Error.Code)
				}
				if after != before {
					t.Errorf("a refused reset changed the journal: %d calls, then %d", before, after)
				}
			} else if after != 0 {
				t.Errorf("the reset left %d calls", after)
			}
		})
	}
}

func TestAdminRefusesCrossSiteReads(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	plain := newServer(set, admin.Options{})
	withCORS := newServer(set, admin.Options{CORS: &mockserver.CORS{Origins: []string{"http://localhost:3000"}}})
	sendTraffic(t, plain)
	tests := []struct {
		name   string
		srv    testServer
		path   string
		header http.Header
		want   int
	}{
		{"a plain client", plain, "/_graphmock/calls", nil, 200},
		{"graphmock's own page", plain, "/_graphmock/calls", http.Header{"Origin": {"http://127.0.0.1:8080"}, "Sec-Fetch-Site": {"same-origin"}}, 200},
		{"graphmock's own page, no Origin on a GET", plain, "/_graphmock/har", http.Header{"Sec-Fetch-Site": {"same-origin"}}, 200},
		{"a fetch from another origin", plain, "/_graphmock/calls", http.Header{"Origin": {"https://evil.example"}}, 403},
		{"another port of localhost", plain, "/_graphmock/har", http.Header{"Origin": {"http://localhost:3000"}, "Sec-Fetch-Site": {"same-site"}}, 403},
		{"a script tag on another site", plain, "/_graphmock/calls/1", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"no-cors"}}, 403},
		{"an event stream from another site", plain, "/_graphmock/events?since=x", http.Header{"Sec-Fetch-Site": {"cross-site"}}, 403},
		{"the sandboxed null origin", plain, "/_graphmock/state", http.Header{"Origin": {"null"}}, 403},
		{"an allowed CORS origin", withCORS, "/_graphmock/calls", http.Header{"Origin": {"http://localhost:3000"}, "Sec-Fetch-Site": {"same-site"}}, 200},
		{"an origin CORS does not allow", withCORS, "/_graphmock/calls", http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}, 403},
		{"a link to the page from another site", plain, "/_graphmock/ui/", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"}}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := tt.srv.do(t, "GET", tt.path, "", tt.header)
			if resp.status != tt.want {
				t.Fatalf("GET %s = %d %s, want %d", tt.path, resp.status, resp.body, tt.want)
			}
			if tt.want == 403 {
				if e := resp.adminError(t).Error; e.Code != "CrossSiteRequest" || !strings.Contains(e.Message, "may not read graphmock's journal") {
					t.Errorf("error = %+v, want CrossSiteRequest saying reads are refused", e)
				}
				if strings.Contains(string(resp.body), "add-chat") {
					t.Error("the refusal gives away the journal")
				}
			}
			if tt.want == 200 && tt.header.Get("Origin") == "https://evil.example" && resp.header.Get("Access-Control-Allow-Origin") != "" {
				t.Error("an answer to another origin carries a CORS grant")
			}
		})
	}
}

func TestAdminAnswersLoopbackHostsOnly(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := newDefaultServer(t)
	named := newServer(set, admin.Options{Hosts: []string{"graphmock"}})
	tests := []struct {
		name, host string
		srv        testServer
		want       int
	}{
		{"127.0.0.1", "127.0.0.1:8080", srv, 200},
		{"another loopback address", "127.1.2.3:8080", srv, 200},
		{"localhost", "localhost:8080", srv, 200},
		{"a name under localhost", "app.localhost", srv, 200},
		{"IPv6 loopback", "[::1]:8080", srv, 200},
		{"a name a rebinding page controls", "evil.example:8080", srv, 400},
		{"a name that ends like localhost", "notlocalhost:8080", srv, 400},
		{"a private address", "192.168.1.10:8080", srv, 400},
		{"an allowed name", "graphmock:8080", named, 200},
		{"an allowed name in capitals", "GRAPHMOCK", named, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := tt.srv.withHost(t, tt.host, "GET", "/_graphmock/calls", nil)
			if resp.status != tt.want {
				t.Fatalf("GET calls with Host %s = %d %s, want %d", tt.host, resp.status, resp.body, tt.want)
			}
			if tt.want == 400 {
				e := resp.adminError(t)
				if e.Error.Code != "InvalidHostname" || !strings.Contains(e.Error.Message, "Invalid Hostname") || !strings.Contains(e.Error.Message, "-allow-host") {
					t.Errorf("error = %+v, want InvalidHostname saying how to allow the name", e.Error)
				}
			}
		})
	}
	if resp := srv.withHost(t, "evil.example", "POST", chatRefPath, validHeaders()); resp.status == 400 && strings.Contains(string(resp.body), "Invalid Hostname") {
		t.Error("a Graph route refused a Host: only the admin API checks it")
	}
}

func TestReplacingScenariosWithAMergeKeyBombGets400(t *testing.T) {
	srv := newDefaultServer(t)
	before := srv.Scenarios()
	var doc strings.Builder
	doc.WriteString("version: 1\nanchors:\n  a0: &a0 {k: v}\n")
	for i := 1; i <= 40; i++ {
		doc.WriteString(fmt.Sprintf("  a%d: &a%d {<<: [*a%d, *a%d]}\n", i, i, i-1, i-1))
	}
	doc.WriteString("scenarios:\n  - name: s\n    request: {method: GET, path: /v1.0/me, headers: *a40}\n    response: {status: 200}\n")
	resp := srv.do(t, "PUT", "/_graphmock/scenarios", doc.String(), nil)
	if resp.status != 400 || !strings.Contains(string(resp.body), "merge keys") {
		t.Fatalf("PUT merge bomb = %d %s, want 400 naming the expansion", resp.status, resp.body)
	}
	if srv.Scenarios() != before {
		t.Error("a refused document replaced the scenarios")
	}
}
