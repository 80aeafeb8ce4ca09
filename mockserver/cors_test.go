package mockserver_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

func newCORSServer(t testing.TB, cors mockserver.CORS) testServer {
	t.Helper()
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	return testServer{mockserver.New(set, mockserver.Options{CORS: &cors})}
}

func preflightHeaders(origin, method, headers string) http.Header {
	h := http.Header{"Origin": {origin}, "Access-Control-Request-Method": {method}}
	if headers != "" {
		h.Set("Access-Control-Request-Headers", headers)
	}
	return h
}

func TestCORSAnswersPreflightsFromLocalOriginsByDefault(t *testing.T) {
	srv := newCORSServer(t, mockserver.CORS{})
	tests := []struct {
		origin string
		allow  bool
	}{
		{"http://localhost:5173", true},
		{"http://localhost", true},
		{"https://localhost:3000", true},
		{"http://127.0.0.1:8081", true},
		{"http://[::1]:4200", true},
		{"HTTP://LOCALHOST:3000", true},
		{"http://localhost.evil.example:3000", false},
		{"https://contoso.example", false},
		{"null", false},
		{"file://", false},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			resp := srv.do(t, "OPTIONS", chatRefPath, "", preflightHeaders(tt.origin, "POST", "authorization,content-type,client-request-id,sdkversion"))
			if !tt.allow {
				if resp.status != 403 || resp.header.Get("Access-Control-Allow-Origin") != "" {
					t.Errorf("preflight = %d with Allow-Origin %q, want 403 without it", resp.status, resp.header.Get("Access-Control-Allow-Origin"))
				}
				if e := resp.adminError(t); e.Error.Code != "OriginNotAllowed" {
					t.Errorf("code = %s, want OriginNotAllowed", e.Error.Code)
				}
				return
			}
			if resp.status != 204 {
				t.Fatalf("preflight = %d, want 204: %s", resp.status, resp.body)
			}
			want := map[string]string{
				"Access-Control-Allow-Origin":      tt.origin,
				"Access-Control-Allow-Credentials": "true",
				"Access-Control-Max-Age":           "600",
			}
			for k, v := range want {
				if got := resp.header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if m := resp.header.Get("Access-Control-Allow-Methods"); !strings.Contains(m, "POST") || !strings.Contains(m, "PATCH") {
				t.Errorf("Access-Control-Allow-Methods = %q", m)
			}
			allowed := strings.ToLower(resp.header.Get("Access-Control-Allow-Headers"))
			for _, h := range []string{"authorization", "content-type", "client-request-id", "sdkversion", "prefer", "consistencylevel", "if-match", "retry-attempt", "return-client-request-id"} {
				if !strings.Contains(allowed, h) {
					t.Errorf("Access-Control-Allow-Headers = %q lacks %s", allowed, h)
				}
			}
		})
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("the journal holds %d calls after preflights, want none", n)
	}
}

func TestCORSAllowsWhatTheBrowserAsksFor(t *testing.T) {
	srv := newCORSServer(t, mockserver.CORS{MaxAge: time.Hour})
	resp := srv.do(t, "OPTIONS", "/anything/at/all", "", preflightHeaders("http://localhost:3000", "MERGE", "X-Custom-Thing, Authorization"))
	if resp.status != 204 {
		t.Fatalf("preflight = %d: %s", resp.status, resp.body)
	}
	if m := resp.header.Get("Access-Control-Allow-Methods"); !strings.HasSuffix(m, ", MERGE") {
		t.Errorf("Access-Control-Allow-Methods = %q, want the requested MERGE added", m)
	}
	if h := resp.header.Get("Access-Control-Allow-Headers"); !strings.HasSuffix(h, ", X-Custom-Thing") || strings.Count(strings.ToLower(h), "authorization") != 1 {
		t.Errorf("Access-Control-Allow-Headers = %q, want the requested header added once", h)
	}
	if got := resp.header.Get("Access-Control-Max-Age"); got != "3600" {
		t.Errorf("Access-Control-Max-Age = %q, want 3600", got)
	}
}

func TestCORSExposesGraphHeadersOnEveryResponse(t *testing.T) {
	srv := newCORSServer(t, mockserver.CORS{Origins: []string{"https://app.contoso.example", "http://localhost:*"}})
	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		header     http.Header
		wantStatus int
	}{
		{"a served call", "POST", chatRefPath, validChatBody, validHeaders(), 204},
		{"a rejected call", "POST", chatRefPath, `{"chatType": 1}`, validHeaders(), 400},
		{"a call without a token", "POST", chatRefPath, validChatBody, withHeader(validHeaders(), "Authorization", ""), 401},
		{"an unmatched call", "GET", "/beta/me", "", validHeaders(), 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Origin": {"https://app.contoso.example"}}
			for k, v := range tt.header {
				h[k] = v
			}
			resp := srv.do(t, tt.method, tt.path, tt.body, h)
			if resp.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d", resp.status, tt.wantStatus)
			}
			if got := resp.header.Get("Access-Control-Allow-Origin"); got != "https://app.contoso.example" {
				t.Errorf("Access-Control-Allow-Origin = %q", got)
			}
			if got := resp.header.Get("Vary"); got != "Origin" {
				t.Errorf("Vary = %q, want Origin", got)
			}
			exposed := resp.header.Get("Access-Control-Expose-Headers")
			for _, name := range []string{"request-id", "client-request-id", "Location", "Retry-After", "ETag", "x-ms-ags-diagnostic"} {
				if !strings.Contains(exposed, name) {
					t.Errorf("Access-Control-Expose-Headers = %q lacks %s", exposed, name)
				}
			}
			if tt.wantStatus == 401 && !strings.Contains(exposed, "Www-Authenticate") {
				t.Errorf("Access-Control-Expose-Headers = %q lacks the 401's Www-Authenticate", exposed)
			}
		})
	}

	other := srv.do(t, "GET", "/beta/me", "", http.Header{"Origin": {"https://evil.example"}})
	if other.header.Get("Access-Control-Allow-Origin") != "" || other.header.Get("Access-Control-Expose-Headers") != "" {
		t.Errorf("a response to another origin carries CORS headers: %v", other.header)
	}
}

func TestCORSAllowsEveryOriginWithAStar(t *testing.T) {
	srv := newCORSServer(t, mockserver.CORS{Origins: []string{"*"}})
	resp := srv.do(t, "OPTIONS", chatRefPath, "", preflightHeaders("https://anywhere.example", "POST", ""))
	if resp.status != 204 || resp.header.Get("Access-Control-Allow-Origin") != "https://anywhere.example" {
		t.Errorf("preflight = %d, Allow-Origin %q", resp.status, resp.header.Get("Access-Control-Allow-Origin"))
	}
}

// TestWithoutCORSAPreflightSaysHowToTurnItOn: a browser's preflight to a
// graphmock started without CORS gets a 403 saying to start it with -cors,
// logged with the same hint, and is not counted as the client's unmatched
// call.
func TestWithoutCORSAPreflightSaysHowToTurnItOn(t *testing.T) {
	var log bytes.Buffer
	set, _ := mockserver.Default()
	srv := testServer{mockserver.New(set, mockserver.Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})}
	resp := srv.do(t, "OPTIONS", chatRefPath, "", preflightHeaders("http://localhost:3000", "POST", ""))
	if resp.status != 403 || resp.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight without CORS = %d, Allow-Origin %q; want 403 without it", resp.status, resp.header.Get("Access-Control-Allow-Origin"))
	}
	if e := resp.adminError(t); e.Error.Code != "CORSNotEnabled" || !strings.Contains(e.Error.Message, "start graphmock with -cors") {
		t.Errorf("error = %+v, want CORSNotEnabled saying to use -cors", e.Error)
	}
	if !strings.Contains(log.String(), "start graphmock with -cors") || !strings.Contains(log.String(), "level=WARN") {
		t.Errorf("log = %q, want a warning with the hint", log.String())
	}
	if c := srv.Calls(); len(c) != 0 {
		t.Errorf("calls = %+v, want the preflight not recorded", c)
	}
	if err := srv.Verify(); err != nil {
		t.Errorf("Verify() = %v, want the preflight not counted as unmatched", err)
	}
}

func TestNewPanicsOnAMalformedCORSOrigin(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), `mockserver: CORS origin "localhost"`) {
			t.Errorf("New() with a malformed origin: recovered %v, want a mockserver: panic naming it", r)
		}
	}()
	set, _ := mockserver.Default()
	mockserver.New(set, mockserver.Options{CORS: &mockserver.CORS{Origins: []string{"localhost"}}})
}
