package mockserver_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// hostileCase is one broken or hostile request against the default
// scenarios, with the answer it must get.
type hostileCase struct {
	name       string
	method     string // POST when empty
	path       string // chatRefPath when empty
	body       string
	header     http.Header // validHeaders() when nil
	wantStatus int
	wantCode   string // Graph error code; "" for a success
	wantTarget string // a details target, when the answer names a field
}

// withField returns the seed body with one property replaced by raw JSON.
func withField(name, raw string) string {
	return `{"chatType":"group",` + fmt.Sprintf("%q:%s", name, raw) + `}`
}

func withNested(parent, name, raw string) string {
	return fmt.Sprintf(`{"chatType":"group",%q:{%q:%s}}`, parent, name, raw)
}

func hostileCases() []hostileCase {
	many := validHeaders()
	for i := range 2000 {
		many.Set(fmt.Sprintf("X-Pad-%d", i), "x")
	}
	return []hostileCase{
		{name: "empty body", body: "", wantStatus: 400, wantCode: "BadRequest"},
		{name: "white space only", body: " \n\t ", wantStatus: 400, wantCode: "BadRequest"},
		{name: "truncated JSON", body: `{"chatType":"gro`, wantStatus: 400, wantCode: "BadRequest"},
		{name: "trailing garbage", body: `{"chatType":"group"} x`, wantStatus: 400, wantCode: "BadRequest"},
		{name: "two JSON documents", body: `{"chatType":"group"}{"chatType":"group"}`, wantStatus: 400, wantCode: "BadRequest"},
		{name: "an array", body: `[{"chatType":"group"}]`, wantStatus: 400, wantCode: "BadRequest", wantTarget: ""},
		{name: "a string", body: `"chat"`, wantStatus: 400, wantCode: "BadRequest", wantTarget: ""},
		{name: "a number", body: `42`, wantStatus: 400, wantCode: "BadRequest", wantTarget: ""},
		{name: "null", body: `null`, wantStatus: 400, wantCode: "BadRequest", wantTarget: ""},
		{name: "chatType a number", body: `{"chatType":1}`, wantStatus: 400, wantCode: "BadRequest", wantTarget: "/chatType"},
		{name: "chatType null", body: `{"chatType":null}`, wantStatus: 400, wantCode: "BadRequest", wantTarget: "/chatType"},
		{name: "chatType unknown", body: `{"chatType":"direct"}`, wantStatus: 400, wantCode: "BadRequest", wantTarget: "/chatType"},
		{name: "topic a number", body: withField("topic", "5"), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/topic"},
		{name: "tenantId an object", body: withField("tenantId", `{"id":"x"}`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/tenantId"},
		{name: "webUrl an array", body: withField("webUrl", `["x"]`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/webUrl"},
		{name: "id a number", body: withField("id", `7`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/id"},
		{name: "createdDateTime a number", body: withField("createdDateTime", `1700000000`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/createdDateTime"},
		{name: "lastUpdatedDateTime a boolean", body: withField("lastUpdatedDateTime", `true`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/lastUpdatedDateTime"},
		{name: "originalCreatedDateTime without offset", body: withField("originalCreatedDateTime", `"2020-12-04T23:10:28"`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/originalCreatedDateTime"},
		{name: "isHiddenForAllMembers a string", body: withField("isHiddenForAllMembers", `"no"`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/isHiddenForAllMembers"},
		{name: "migrationMode a number", body: withField("migrationMode", `1`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/migrationMode"},
		{name: "createdBy a string", body: withField("createdBy", `"me"`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/createdBy"},
		{name: "viewpoint a string", body: withField("viewpoint", `"hidden"`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/viewpoint"},
		{name: "viewpoint.isHidden a string", body: withNested("viewpoint", "isHidden", `"yes"`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/viewpoint/isHidden"},
		{name: "viewpoint.lastMessageReadDateTime a number", body: withNested("viewpoint", "lastMessageReadDateTime", `0`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/viewpoint/lastMessageReadDateTime"},
		{name: "onlineMeetingInfo an array", body: withField("onlineMeetingInfo", `[]`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/onlineMeetingInfo"},
		{name: "onlineMeetingInfo.joinWebUrl a boolean", body: withNested("onlineMeetingInfo", "joinWebUrl", `false`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/onlineMeetingInfo/joinWebUrl"},
		{name: "onlineMeetingInfo.calendarEventId a number", body: withNested("onlineMeetingInfo", "calendarEventId", `3`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/onlineMeetingInfo/calendarEventId"},
		{name: "organizer a string", body: withNested("onlineMeetingInfo", "organizer", `"adele"`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/onlineMeetingInfo/organizer"},
		{name: "organizer.userIdentityType a number", body: `{"chatType":"meeting","onlineMeetingInfo":{"organizer":{"userIdentityType":0}}}`, wantStatus: 400, wantCode: "BadRequest", wantTarget: "/onlineMeetingInfo/organizer/userIdentityType"},
		{name: "unknown property", body: withField("bogus", `1`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/bogus"},
		{name: "unknown property in a closed type", body: withNested("viewpoint", "pinned", `true`), wantStatus: 400, wantCode: "BadRequest", wantTarget: "/viewpoint/pinned"},
		{name: "10,000 levels of nesting", body: `{"chatType":"group","topic":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, wantStatus: 400, wantCode: "BadRequest"},
		{name: "a 1 MiB string is still a valid topic", body: withField("topic", `"`+strings.Repeat("a", 1<<20)+`"`), wantStatus: 204},
		{name: "invalid UTF-8", body: "{\"chatType\":\"group\",\"topic\":\"\xff\xfe\"}", wantStatus: 400, wantCode: "BadRequest"},
		{name: "a raw NUL byte in a string", body: "{\"chatType\":\"group\",\"topic\":\"a\x00b\"}", wantStatus: 400, wantCode: "BadRequest"},
		{name: "a NUL byte outside the document", body: "{\"chatType\":\"group\"}\x00", wantStatus: 400, wantCode: "BadRequest"},
		{name: "an escaped NUL is fine", body: `{"chatType":"group","topic":"a\u0000b"}`, wantStatus: 204},
		{name: "duplicate keys", body: `{"chatType":"group","chatType":"group"}`, wantStatus: 400, wantCode: "BadRequest"},
		{name: "a body over the size limit", body: `{"chatType":"group","topic":"` + strings.Repeat("x", 4<<20) + `"}`, wantStatus: 413, wantCode: "RequestEntityTooLarge"},
		{name: "no Authorization", body: `{"chatType":"group"}`, header: withHeader(validHeaders(), "Authorization", ""), wantStatus: 401, wantCode: "InvalidAuthenticationToken"},
		{name: "Bearer without a token", body: `{"chatType":"group"}`, header: withHeader(validHeaders(), "Authorization", "Bearer"), wantStatus: 401, wantCode: "InvalidAuthenticationToken"},
		{name: "Basic credentials", body: `{"chatType":"group"}`, header: withHeader(validHeaders(), "Authorization", "Basic dTpw"), wantStatus: 401, wantCode: "InvalidAuthenticationToken"},
		{name: "no Content-Type", body: `{"chatType":"group"}`, header: withHeader(validHeaders(), "Content-Type", ""), wantStatus: 400, wantCode: "BadRequest"},
		{name: "Content-Type text/plain", body: `{"chatType":"group"}`, header: withHeader(validHeaders(), "Content-Type", "text/plain"), wantStatus: 415, wantCode: "UnsupportedMediaType"},
		{name: "Content-Type multipart", body: `{"chatType":"group"}`, header: withHeader(validHeaders(), "Content-Type", "multipart/form-data; boundary=x"), wantStatus: 415, wantCode: "UnsupportedMediaType"},
		{name: "Content-Type with charset=utf-8", body: `{"chatType":"group"}`, header: withHeader(validHeaders(), "Content-Type", "application/json; charset=utf-8"), wantStatus: 204},
		{name: "Content-Type in upper case with OData parameters", body: `{"chatType":"group"}`, header: withHeader(validHeaders(), "Content-Type", "APPLICATION/JSON;odata.metadata=minimal"), wantStatus: 204},
		{name: "2,000 headers", body: `{"chatType":"group"}`, header: many, wantStatus: 204},
		{name: "%24ref for $ref", path: strings.Replace(chatRefPath, "$ref", "%24ref", 1), body: `{"chatType":"group"}`, wantStatus: 204},
		{name: "%2F inside a variable", path: "/beta/chats/a%2Fb/installedApps/MTI%2F/chat/$ref", body: `{"chatType":"group"}`, wantStatus: 204},
		{name: "path traversal inside a variable", path: "/beta/chats/..%2F..%2Fetc%2Fpasswd/installedApps/x/chat/$ref", body: `{"chatType":"group"}`, wantStatus: 204},
		{name: "path traversal in the path", path: "/beta/chats/../../etc/passwd/installedApps/x/chat/$ref", body: `{"chatType":"group"}`, wantStatus: 400, wantCode: "BadRequest"},
		{name: "a very long path", path: "/beta/" + strings.Repeat("a/", 4000), body: `{"chatType":"group"}`, wantStatus: 400, wantCode: "BadRequest"},
		{name: "a malformed query", path: chatRefPath + "?%zz=1&a=%", body: `{"chatType":"group"}`, wantStatus: 204},
		{name: "an unknown method", method: "FROB", body: `{"chatType":"group"}`, wantStatus: 405, wantCode: "MethodNotAllowed"},
		{name: "PROPFIND", method: "PROPFIND", wantStatus: 405, wantCode: "MethodNotAllowed"},
		{name: "HEAD on a POST route", method: "HEAD", wantStatus: 405},
		{name: "PATCH on the $ref route", method: "PATCH", wantStatus: 405, wantCode: "MethodNotAllowed"},
	}
}

// TestHostileRequests sends each broken or hostile request over real HTTP
// to a server with the default scenarios. Each must get its Graph-shaped
// answer; after each, a valid request must still succeed; and the journal
// must hold every call.
func TestHostileRequests(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	client := hs.Client()
	cases := hostileCases()
	if len(cases) < 40 {
		t.Fatalf("%d hostile cases, want at least 40", len(cases))
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method, path, header := tc.method, tc.path, tc.header
			if method == "" {
				method = "POST"
			}
			if path == "" {
				path = chatRefPath
			}
			if header == nil {
				header = validHeaders()
			}
			req, err := http.NewRequest(method, hs.URL+path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header = header
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("request failed: %v", err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status = %d, want %d; body %.300s", resp.StatusCode, tc.wantStatus, body)
			}
			if resp.Header.Get("request-id") == "" {
				t.Error("no request-id header")
			}
			if tc.wantCode != "" {
				ge := response{status: resp.StatusCode, header: resp.Header, body: body}.graphError(t)
				if ge.Error.Code != tc.wantCode {
					t.Errorf("code = %q, want %q (%s)", ge.Error.Code, tc.wantCode, ge.Error.Message)
				}
				if tc.wantTarget != "" {
					if got := targets(ge); !contains(got, tc.wantTarget) {
						t.Errorf("details %v do not name %s", got, tc.wantTarget)
					}
				}
			}
			// The server keeps serving.
			ok, err := http.NewRequest("POST", hs.URL+chatRefPath, strings.NewReader(validChatBody))
			if err != nil {
				t.Fatal(err)
			}
			ok.Header = validHeaders()
			okResp, err := client.Do(ok)
			if err != nil || okResp.StatusCode != 204 {
				t.Fatalf("valid request after %q: %v %v", tc.name, okResp, err)
			}
			okResp.Body.Close()
			// No call is lost.
			if st := srv.Stats(); st.Recorded != int64(2*(i+1)) {
				t.Fatalf("journal recorded %d calls after %d cases, want %d", st.Recorded, i+1, 2*(i+1))
			}
		})
	}
	calls := srv.Calls()
	for _, c := range calls {
		if c.Path == "/beta/chats/..%2F..%2Fetc%2Fpasswd/installedApps/x/chat/$ref" && c.PathVars["chatsId"] != "../../etc/passwd" {
			t.Errorf("traversal variable recorded as %q, want the decoded text kept as data", c.PathVars["chatsId"])
		}
	}
}
