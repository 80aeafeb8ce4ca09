package mockserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func withHeader(h http.Header, key, value string) http.Header {
	h = h.Clone()
	if value == "" {
		h.Del(key)
	} else {
		h.Set(key, value)
	}
	return h
}

func TestServerAnswersTheSeedRequest(t *testing.T) {
	srv := newDefaultServer(t)
	resp := srv.do(t, "POST", chatRefPath, validChatBody, withHeader(validHeaders(), "client-request-id", "7e0c4f5a-0000-4000-8000-000000000001"))
	if resp.status != http.StatusNoContent {
		t.Fatalf("status = %d, want 204; body %s", resp.status, resp.body)
	}
	if len(resp.body) != 0 {
		t.Errorf("204 has a body: %q", resp.body)
	}
	if id := resp.header.Get("request-id"); !uuidRE.MatchString(id) {
		t.Errorf("request-id = %q, want a UUID", id)
	}
	if got := resp.header.Get("client-request-id"); got != "7e0c4f5a-0000-4000-8000-000000000001" {
		t.Errorf("client-request-id = %q, want the client's value echoed", got)
	}
	for k, want := range map[string]string{"Cache-Control": "no-cache", "OData-Version": "4.0"} {
		if got := resp.header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if resp.header.Get("x-ms-ags-diagnostic") == "" {
		t.Error("x-ms-ags-diagnostic is missing")
	}
	if resp.header.Get("Content-Type") != "" {
		t.Errorf("204 carries Content-Type %q", resp.header.Get("Content-Type"))
	}
}

func TestServerGeneratesClientRequestIDWhenTheClientSendsNone(t *testing.T) {
	srv := newDefaultServer(t)
	resp := srv.do(t, "POST", chatRefPath, validChatBody, validHeaders())
	if got, want := resp.header.Get("client-request-id"), resp.header.Get("request-id"); got != want {
		t.Errorf("client-request-id = %q, want it equal to request-id %q", got, want)
	}
	a := srv.do(t, "POST", chatRefPath, validChatBody, validHeaders()).header.Get("request-id")
	if a == resp.header.Get("request-id") {
		t.Error("two requests got the same request-id")
	}
}

func TestServerRejectsWithGraphErrors(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		header     http.Header
		wantStatus int
		wantCode   string
		wantMsg    string // substring of error.message
		wantTarget string // a details target, when set
	}{
		{"no Authorization header", "POST", chatRefPath, validChatBody, withHeader(validHeaders(), "Authorization", ""),
			401, "InvalidAuthenticationToken", "Access token is empty.", ""},
		{"empty bearer token", "POST", chatRefPath, validChatBody, withHeader(validHeaders(), "Authorization", "Bearer "),
			401, "InvalidAuthenticationToken", "Access token is empty.", ""},
		{"blank bearer token", "POST", chatRefPath, validChatBody, withHeader(validHeaders(), "Authorization", "Bearer    "),
			401, "InvalidAuthenticationToken", "Access token is empty.", ""},
		{"another scheme", "POST", chatRefPath, validChatBody, withHeader(validHeaders(), "Authorization", "Basic dXNlcjpwYXNz"),
			401, "InvalidAuthenticationToken", "Access token validation failure.", ""},
		{"no Content-Type", "POST", chatRefPath, validChatBody, withHeader(validHeaders(), "Content-Type", ""),
			400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.", ""},
		{"text/plain", "POST", chatRefPath, validChatBody, withHeader(validHeaders(), "Content-Type", "text/plain"),
			415, "UnsupportedMediaType", `Content-Type "text/plain" is not supported`, ""},
		{"JSON in another charset", "POST", chatRefPath, validChatBody, withHeader(validHeaders(), "Content-Type", "application/json; charset=iso-8859-1"),
			415, "UnsupportedMediaType", "is not supported", ""},
		{"empty body", "POST", chatRefPath, "", validHeaders(),
			400, "BadRequest", "Empty Payload. JSON content expected.", ""},
		{"truncated JSON", "POST", chatRefPath, `{"chatType":"gro`, validHeaders(),
			400, "BadRequest", "Unable to read JSON request payload: invalid JSON at byte 12: unterminated string", ""},
		{"chatType not a member", "POST", chatRefPath, `{"chatType":"direct"}`, validHeaders(),
			400, "BadRequest", "/chatType", "/chatType"},
		{"unknown path", "POST", strings.Replace(chatRefPath, "/chat/", "/chats/", 1), validChatBody, validHeaders(),
			400, "BadRequest", "Resource not found for the segment 'chats'.", ""},
		{"path too short", "POST", "/beta/chats/x/installedApps/y", validChatBody, validHeaders(),
			404, "ResourceNotFound", `the path stops where the template goes on with "/chat/$ref"`, ""},
		{"other API version", "POST", strings.Replace(chatRefPath, "/beta/", "/v1.0/", 1), validChatBody, validHeaders(),
			404, "ResourceNotFound", `path segment 1 is "v1.0" where the template has "beta"`, ""},
		{"known path, other method", "PATCH", chatRefPath, validChatBody, validHeaders(),
			405, "MethodNotAllowed", `No scenario answers PATCH on this path. Closest: scenario "add-chat"`, ""},
	}
	srv := newDefaultServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := srv.do(t, tt.method, tt.path, tt.body, tt.header)
			if resp.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", resp.status, tt.wantStatus, resp.body)
			}
			if ct := resp.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			ge := resp.graphError(t)
			if ge.Error.Code != tt.wantCode {
				t.Errorf("code = %q, want %q", ge.Error.Code, tt.wantCode)
			}
			if !strings.Contains(ge.Error.Message, tt.wantMsg) {
				t.Errorf("message = %q, want it to contain %q", ge.Error.Message, tt.wantMsg)
			}
			if tt.wantTarget != "" {
				if !contains(targets(ge), tt.wantTarget) {
					t.Errorf("details %+v do not name %s", ge.Error.Details, tt.wantTarget)
				}
			}
			inner := ge.Error.InnerError
			if inner.RequestID != resp.header.Get("request-id") || inner.ClientRequestID != resp.header.Get("client-request-id") {
				t.Errorf("innerError ids %q/%q differ from the headers", inner.RequestID, inner.ClientRequestID)
			}
			if _, err := time.Parse("2006-01-02T15:04:05", inner.Date); err != nil {
				t.Errorf("innerError.date = %q, want Graph's offset-less format: %v", inner.Date, err)
			}
			if tt.wantStatus == 401 && !strings.HasPrefix(resp.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without a Bearer WWW-Authenticate challenge: %q", resp.header.Get("WWW-Authenticate"))
			}
			if tt.wantStatus == 405 && resp.header.Get("Allow") != "DELETE, POST, PUT" {
				t.Errorf("Allow = %q, want DELETE, POST, PUT", resp.header.Get("Allow"))
			}
			// The server keeps serving after each rejection.
			if ok := srv.do(t, "POST", chatRefPath, validChatBody, validHeaders()); ok.status != 204 {
				t.Errorf("valid request after the rejection got %d", ok.status)
			}
		})
	}
}

func TestServerListsEveryViolation(t *testing.T) {
	srv := newDefaultServer(t)
	body := `{"chatType":"direct","topic":7,"bogus":true,"viewpoint":{"isHidden":"yes"},"createdDateTime":"2020-12-04"}`
	resp := srv.do(t, "POST", chatRefPath, body, validHeaders())
	ge := resp.graphError(t)
	var got []string
	for _, d := range ge.Error.Details {
		got = append(got, d.Field+" "+d.Code)
	}
	want := []string{
		"/bogus unknownProperty",
		"/chatType enum",
		"/createdDateTime invalidDateTimeOffset",
		"/topic invalidType",
		"/viewpoint/isHidden invalidType",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("details =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(ge.Error.Message, "(and 4 more; see details)") {
		t.Errorf("message = %q, want it to count the other violations", ge.Error.Message)
	}
}

func TestServerRoutesEncodedPaths(t *testing.T) {
	srv := newDefaultServer(t)
	for _, path := range []string{
		"/beta/chats/19%3Aabc%40thread.v2/installedApps/MTI%2FNA%3D%3D/chat/$ref",
		"/beta/chats/19%3Aabc%40thread.v2/installedApps/MTI%2FNA%3D%3D/chat/%24ref",
		"/beta/chats/19:abc@thread.v2/installedApps/MTI%2fNA==/chat/%24ref",
	} {
		resp := srv.do(t, "POST", path, validChatBody, validHeaders())
		if resp.status != 204 {
			t.Errorf("POST %s = %d, want 204; %s", path, resp.status, resp.body)
		}
	}
	calls := srv.Calls()
	for _, c := range calls {
		if c.PathVars["chatsId"] != "19:abc@thread.v2" || c.PathVars["teamsAppInstallationId"] != "MTI/NA==" {
			t.Errorf("path variables = %v, want decoded ids with the encoded slash inside the variable", c.PathVars)
		}
	}
	if calls[1].Path != "/beta/chats/19%3Aabc%40thread.v2/installedApps/MTI%2FNA%3D%3D/chat/%24ref" {
		t.Errorf("journal path = %q, want the path as sent", calls[1].Path)
	}
}

// An encoded slash stays inside its segment even when the path also holds
// a byte net/url would have escaped (a raw '"', '{' or '|'), which makes
// url.URL.EscapedPath give up the path as sent.
func TestAnEncodedSlashStaysInItsSegmentBesideRawSpecialBytes(t *testing.T) {
	srv := newDefaultServer(t)
	for _, tt := range []struct{ path, chat, app string }{
		{`/beta/chats/a%2Fb"c/installedApps/x/chat/$ref`, `a/b"c`, "x"},
		{`/beta/chats/{a%2Fb}/installedApps/x/chat/$ref`, `{a/b}`, "x"},
		{`/beta/chats/c1/installedApps/p|q%2Fr/chat/$ref`, "c1", "p|q/r"},
	} {
		resp := srv.do(t, "POST", tt.path, validChatBody, validHeaders())
		c, _ := lastCall(srv.Server)
		if resp.status != 204 || c.PathVars["chatsId"] != tt.chat || c.PathVars["teamsAppInstallationId"] != tt.app {
			t.Errorf("POST %s = %d with variables %v, want 204 with chatsId %q and teamsAppInstallationId %q", tt.path, resp.status, c.PathVars, tt.chat, tt.app)
		}
	}
}

func TestServerServesFixturesWithGraphContentType(t *testing.T) {
	srv := newDefaultServer(t)
	resp := srv.do(t, "GET", strings.TrimSuffix(chatRefPath, "/$ref"), "", validHeaders())
	if resp.status != 200 {
		t.Fatalf("status = %d: %s", resp.status, resp.body)
	}
	if ct := resp.header.Get("Content-Type"); ct != graphJSONContentType {
		t.Errorf("Content-Type = %q", ct)
	}
	var chat map[string]any
	if err := json.Unmarshal(resp.body, &chat); err != nil || chat["chatType"] != "group" {
		t.Errorf("body = %s (%v), want the chat fixture", resp.body, err)
	}
	if resp.header.Get("Content-Length") != "" && resp.header.Get("Content-Length") != itoa(len(resp.body)) {
		t.Errorf("Content-Length = %s, body has %d bytes", resp.header.Get("Content-Length"), len(resp.body))
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestServerRejectsOversizedBodiesWithoutReadingThem(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{MaxBodyBytes: 1024})
	big := `{"chatType":"group","topic":"` + strings.Repeat("x", 4096) + `"}`
	for _, chunked := range []bool{false, true} {
		body := &countingReader{r: strings.NewReader(big + strings.Repeat(" ", 1<<20))}
		req := httptest.NewRequest("POST", chatRefPath, body)
		req.Header = validHeaders()
		if chunked {
			req.ContentLength = -1
		} else {
			req.ContentLength = int64(len(big) + 1<<20)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("chunked=%v: status = %d, want 413; %s", chunked, rec.Code, rec.Body)
		}
		if body.n > 1025 {
			t.Errorf("chunked=%v: read %d bytes of an oversized body, want at most the limit + 1", chunked, body.n)
		}
		if rec.Header().Get("Connection") != "close" {
			t.Errorf("chunked=%v: 413 without Connection: close", chunked)
		}
	}
	st := srv.Stats()
	if st.Recorded != 2 || st.Rejected != 2 {
		t.Errorf("journal stats = %+v, want both oversized calls recorded as rejected", st)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestServerHeaderConditions(t *testing.T) {
	set, err := mockserver.Compile(nil, mockserver.Scenario{
		Name: "list-with-count",
		Request: mockserver.Request{
			Method: "GET",
			Path:   "/beta/chats",
			Auth:   "none",
			Headers: map[string]mockserver.Match{
				"ConsistencyLevel": mockserver.Equals("eventual"),
				"X-Trace":          mockserver.Absent(),
			},
		},
		Response: mockserver.Response{Status: 200, Body: map[string]any{"value": []any{}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{})}
	if got := srv.do(t, "GET", "/beta/chats", "", http.Header{"Consistencylevel": {"eventual"}}); got.status != 200 {
		t.Errorf("matching headers: status = %d, want 200; %s", got.status, got.body)
	}
	miss := srv.do(t, "GET", "/beta/chats", "", nil)
	if miss.status != 404 {
		t.Fatalf("missing header: status = %d, want 404", miss.status)
	}
	if msg := miss.graphError(t).Error.Message; !strings.Contains(msg, `header Consistencylevel is missing (want equals "eventual")`) {
		t.Errorf("message = %q, want it to name the missing header", msg)
	}
	extra := srv.do(t, "GET", "/beta/chats", "", http.Header{"Consistencylevel": {"eventual"}, "X-Trace": {"1"}})
	if msg := extra.graphError(t).Error.Message; !strings.Contains(msg, `header X-Trace must be absent and was "1"`) {
		t.Errorf("message = %q, want it to name the header that must be absent", msg)
	}
}

func TestServerOverHTTPSetsDate(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(mockserver.New(set, mockserver.Options{}))
	defer ts.Close()
	req, _ := http.NewRequest("POST", ts.URL+chatRefPath, bytes.NewBufferString(validChatBody))
	req.Header = validHeaders()
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	if _, err := http.ParseTime(resp.Header.Get("Date")); err != nil {
		t.Errorf("Date = %q: %v", resp.Header.Get("Date"), err)
	}
}
