package mockserver_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// The hostile-input classes: each answer is a clear Graph error, the
// server keeps serving and every call is recorded.

// unknownProperties is a chat body with n unknown properties.
func unknownProperties(n int) string {
	var b strings.Builder
	b.WriteString(`{"chatType":"group"`)
	for i := range n {
		fmt.Fprintf(&b, `,"p%d":%d`, i, i)
	}
	b.WriteString("}")
	return b.String()
}

func TestManyViolationsGetABoundedAnswer(t *testing.T) {
	srv := newDefaultServer(t)
	resp := srv.do(t, "POST", chatRefPath, unknownProperties(8000), validHeaders())
	if resp.status != 400 {
		t.Fatalf("status = %d, want 400", resp.status)
	}
	ge := resp.graphError(t)
	if len(ge.Error.Details) != 20 {
		t.Errorf("%d details, want the first 20", len(ge.Error.Details))
	}
	if !strings.Contains(ge.Error.Message, "(and 7999 more; details list the first 20)") {
		t.Errorf("message = %q, want it to say how many more", ge.Error.Message)
	}
	if len(resp.body) > 8<<10 {
		t.Errorf("the answer is %d bytes, want it small whatever the body", len(resp.body))
	}
	last, _ := lastCall(srv.Server)
	if last.Outcome != mockserver.Rejected || len(last.Violations) != 20 || !strings.Contains(last.Problem, "7999 more") {
		t.Errorf("recorded %s with %d violations, problem %q", last.Outcome, len(last.Violations), last.Problem)
	}
	if r := srv.do(t, "POST", chatRefPath, validChatBody, validHeaders()); r.status != 204 {
		t.Errorf("the next valid call got %d", r.status)
	}
}

func TestHugeNumbersAreRefusedBeforeValidation(t *testing.T) {
	srv := newDefaultServer(t)
	for name, number := range map[string]string{
		"1,500,000 digits":   strings.Repeat("7", 1_500_000),
		"41 digits":          "1" + strings.Repeat("0", 40),
		"beyond Edm.Double":  "1e400",
		"a long fraction":    "0." + strings.Repeat("3", 100_000),
		"a long zero prefix": "0.000" + strings.Repeat("1", 45),
	} {
		t.Run(name, func(t *testing.T) {
			resp := srv.do(t, "POST", chatRefPath, `{"chatType":"group","isHiddenForAllMembers":`+number+`}`, validHeaders())
			if resp.status != 400 {
				t.Fatalf("status = %d, want 400", resp.status)
			}
			ge := resp.graphError(t)
			if len(ge.Error.Details) != 1 || ge.Error.Details[0].Field != "/isHiddenForAllMembers" || ge.Error.Details[0].Code != "invalidNumber" {
				t.Errorf("details = %+v, want invalidNumber at /isHiddenForAllMembers", ge.Error.Details)
			}
		})
	}
	if r := srv.do(t, "POST", chatRefPath, `{"chatType":"group","isHiddenForAllMembers":12345678901234567890}`, validHeaders()); r.status != 400 || r.graphError(t).Error.Details[0].Code != "invalidType" {
		t.Errorf("a 20-digit number is an ordinary type error, got %d %s", r.status, r.body)
	}
}

func TestBatchItemHeadersCannotSmuggleHeaders(t *testing.T) {
	srv := newDefaultServer(t)
	for _, value := range []string{`a\u0000Injected\u0000yes`, `a\r\nInjected: yes`, `a\nb`} {
		resp, _ := srv.batch(t, `{"requests": [{"id": "1", "method": "GET", "url": "/me", "headers": {"X-Probe": "`+value+`"}}]}`)
		if resp.status != 400 {
			t.Fatalf("%s: status %d, want 400", value, resp.status)
		}
		ge := resp.graphError(t)
		if len(ge.Error.Details) != 1 || ge.Error.Details[0].Field != "/requests/0/headers/X-Probe" || !strings.Contains(ge.Error.Message, `request "1": header X-Probe holds a control character`) {
			t.Errorf("%s: error = %+v", value, ge.Error)
		}
	}
	for _, c := range srv.Calls() {
		if _, injected := c.Header["Injected"]; injected {
			t.Errorf("a call was recorded with an Injected header: %v", c.Header)
		}
	}
}

func TestBatchItemHeaderGivenTwiceIsAmbiguous(t *testing.T) {
	srv := newDefaultServer(t)
	body := `{"requests": [{"id": "1", "method": "POST", "url": "` + chatRefURL + `",
		"headers": {"Content-Type": "application/json", "content-type": "text/plain"}, "body": {"chatType": "group"}}]}`
	for range 40 {
		resp, _ := srv.batch(t, body)
		if resp.status != 400 {
			t.Fatalf("status %d, want 400 every time", resp.status)
		}
		if ge := resp.graphError(t); ge.Error.Details[0].Code != "duplicateHeader" || !strings.Contains(ge.Error.Message, "is given twice") {
			t.Fatalf("error = %+v", ge.Error)
		}
	}
}

func TestBatchItemIsNeverAPreflight(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{CORS: &mockserver.CORS{}})}
	resp, br := srv.batch(t, `{"requests": [{"id": "1", "method": "OPTIONS", "url": "`+chatRefURL+`",
		"headers": {"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"}}]}`)
	if resp.status != 200 || len(br.Responses) != 1 {
		t.Fatalf("batch = %d %s", resp.status, resp.body)
	}
	if st := br.Responses[0].Status; st != 405 {
		t.Errorf("the OPTIONS item got %d, want the 405 a direct OPTIONS call gets", st)
	}
	calls := srv.Calls()
	if len(calls) != 2 || calls[0].Method != "OPTIONS" || calls[0].BatchItem != "1" || calls[0].Outcome != mockserver.Unmatched {
		t.Errorf("journal = %+v, want the OPTIONS item recorded like any other", calls)
	}
}

func TestBatchIdsIgnoreCase(t *testing.T) {
	srv := newDefaultServer(t)
	resp, _ := srv.batch(t, `{"requests": [{"id": "a", "method": "GET", "url": "/me"}, {"id": "A", "method": "GET", "url": "/me"}]}`)
	if resp.status != 400 || resp.graphError(t).Error.Details[0].Code != "duplicateId" {
		t.Errorf("ids a and A = %d %s, want 400 duplicateId", resp.status, resp.body)
	}
	resp, br := srv.batch(t, `{"requests": [
		{"id": "b", "method": "DELETE", "url": "`+chatRefURL+`", "dependsOn": ["A"]},
		{"id": "a", "method": "DELETE", "url": "`+chatRefURL+`"}]}`)
	if resp.status != 200 || len(br.Responses) != 2 {
		t.Fatalf("dependsOn A = %d %s", resp.status, resp.body)
	}
	calls := srv.Calls()
	if calls[len(calls)-3].BatchItem != "a" || calls[len(calls)-2].BatchItem != "b" {
		t.Errorf("item b ran before a, which it depends on as A")
	}
}

func TestTheBodysODataTypeMustNameAChat(t *testing.T) {
	srv := newDefaultServer(t)
	tests := []struct {
		odataType string
		ok        bool
	}{
		{`"#Microsoft.Teams.GraphSvc.chat"`, true},
		{`"#microsoft.graph.chat"`, true},
		{`"#MICROSOFT.GRAPH.chat"`, true},
		{`"#microsoft.graph.user"`, false},
		{`"#microsoft.graph.chatMessage"`, false},
		{`5`, false},
		{`null`, false},
	}
	for _, tt := range tests {
		resp := srv.do(t, "POST", chatRefPath, `{"@odata.type":`+tt.odataType+`,"chatType":"group"}`, validHeaders())
		if tt.ok {
			if resp.status != 204 {
				t.Errorf("@odata.type %s: %d %s, want 204", tt.odataType, resp.status, resp.body)
			}
			continue
		}
		if resp.status != 400 || targets(resp.graphError(t))[0] != "/@odata.type" {
			t.Errorf("@odata.type %s: %d %s, want 400 naming /@odata.type", tt.odataType, resp.status, resp.body)
		}
	}
}

func TestDateTimeOffsetsAreRealInstants(t *testing.T) {
	srv := newDefaultServer(t)
	tests := []struct {
		value string
		ok    bool
	}{
		{"2026-11-27T10:05:00.123Z", true},
		{"2024-02-29T00:00:00+14:00", true},
		{"2026-11-27T23:59:59-12:30", true},
		{"2026-02-30T10:00:00Z", false},
		{"2025-02-29T10:00:00Z", false},
		{"2026-04-31T10:00:00Z", false},
		{"2026-11-27T24:00:00Z", false},
		{"2026-11-27T10:00:00+15:00", false},
		{"2026-11-27T10:00:00+14:01", false},
		{"2026-11-27T10:00:00+05:60", false},
		{"2026-11-27T10:00:00", false},
	}
	for _, tt := range tests {
		resp := srv.do(t, "POST", chatRefPath, `{"chatType":"group","lastUpdatedDateTime":"`+tt.value+`"}`, validHeaders())
		switch {
		case tt.ok && resp.status != 204:
			t.Errorf("%s: %d %s, want 204", tt.value, resp.status, resp.body)
		case !tt.ok && (resp.status != 400 || resp.graphError(t).Error.Details[0].Code != "invalidDateTimeOffset"):
			t.Errorf("%s: %d %s, want 400 invalidDateTimeOffset", tt.value, resp.status, resp.body)
		}
	}
}

func TestODataIdURLsAsHTTPReadsThem(t *testing.T) {
	srv := newDefaultServer(t)
	tests := []struct {
		url string
		ok  bool
	}{
		{"HTTPS://GRAPH.MICROSOFT.COM/beta/chats/19:abc@thread.v2", true},
		{"https://graph.microsoft.com:443/beta/chats/19:abc@thread.v2", true},
		{"https://Graph.Microsoft.com/beta/chats('19:abc@thread.v2')", true},
		{"https://graph.microsoft.com:8443/beta/chats/19:abc@thread.v2", false},
		{"https://graph.microsoft.com/beta/chats/19:abc @thread.v2", false},
		{"https://graph.microsoft.com/beta/chats/19:abc\\t@thread.v2", false},
		{"https://graph.microsoft.com/beta/chats/19:abc\\u0000", false},
		{"https://graph.microsoft.com/beta/chats('19:abc\\n')", false},
	}
	for _, tt := range tests {
		resp := srv.do(t, "PUT", chatRefPath, `{"@odata.id":"`+tt.url+`"}`, validHeaders())
		switch {
		case tt.ok && resp.status != 204:
			t.Errorf("%s: %d %s, want 204", tt.url, resp.status, resp.body)
		case !tt.ok && (resp.status != 400 || targets(resp.graphError(t))[0] != "/@odata.id"):
			t.Errorf("%s: %d %s, want 400 naming /@odata.id", tt.url, resp.status, resp.body)
		}
	}
}

func TestAuthenticationComesFirst(t *testing.T) {
	srv := newDefaultServer(t)
	corrupt := http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}}
	if r := srv.do(t, "POST", chatRefPath, "not gzip at all", corrupt); r.status != 401 {
		t.Errorf("a corrupt gzip body without a token = %d, want 401", r.status)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(validChatBody))
	w.Close()
	if r := srv.do(t, "POST", "/beta/$batch", gz.String()[:10], corrupt); r.status != 401 {
		t.Errorf("a corrupt batch without a token = %d, want 401", r.status)
	}
	two := validHeaders()
	two["Authorization"] = []string{"Bearer one", "Bearer two"}
	r := srv.do(t, "POST", chatRefPath, validChatBody, two)
	if r.status != 401 || !strings.Contains(r.graphError(t).Error.Message, "Send one Authorization header") {
		t.Errorf("two Authorization headers = %d %s, want 401", r.status, r.body)
	}
	st := srv.Stats()
	if st.Recorded != 3 || st.Rejected != 3 {
		t.Errorf("stats = %+v, want every refused call recorded", st)
	}
}

func TestHeadIsAnsweredByTheGetScenario(t *testing.T) {
	srv := newDefaultServer(t)
	path := strings.TrimSuffix(chatRefPath, "/$ref")
	get := srv.do(t, "GET", path, "", validHeaders())
	head := srv.do(t, "HEAD", path, "", validHeaders())
	if get.status != 200 || head.status != 200 {
		t.Fatalf("GET = %d, HEAD = %d, want 200 both", get.status, head.status)
	}
	if len(head.body) != 0 {
		t.Errorf("HEAD answered a body of %d bytes", len(head.body))
	}
	for _, h := range []string{"Content-Type", "Content-Length", "Odata-Version"} {
		if head.header.Get(h) != get.header.Get(h) {
			t.Errorf("%s: HEAD %q, GET %q", h, head.header.Get(h), get.header.Get(h))
		}
	}
	last, _ := lastCall(srv.Server)
	if last.Method != "HEAD" || last.Scenario != "get-chat" || last.Outcome != mockserver.Served {
		t.Errorf("recorded %s %s %s, want HEAD get-chat served", last.Method, last.Scenario, last.Outcome)
	}
}

func TestReplacingScenariosWithAMergeKeyBombIsQuick(t *testing.T) {
	var doc strings.Builder
	doc.WriteString("version: 1\nx0: &a0 {k: v}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&doc, "x%d: &a%d {<<: [*a%d, *a%d]}\n", i, i, i-1, i-1)
	}
	doc.WriteString("scenarios:\n  - name: s\n    request: {method: GET, path: /v1.0/me, headers: *a40}\n    response: {status: 200}\n")
	_, err := mockserver.Parse(nil, "bomb.yaml", []byte(doc.String()))
	if err == nil || !strings.Contains(err.Error(), "merge keys") {
		t.Fatalf("Parse(merge bomb) = %v, want a load error about aliases or merge keys", err)
	}
}
