package mockserver_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

func TestEchoTemplateExample(t *testing.T) {
	set, err := mockserver.LoadFile("../examples/echo-created-chat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{})}
	resp := srv.do(t, "POST", "/beta/chats", `{"chatType":"group","topic":"Say \"hi\" <now>","tenantId":"t1"}`, validHeaders())
	if resp.status != 201 {
		t.Fatalf("status %d: %s", resp.status, resp.body)
	}
	var chat map[string]any
	if err := json.Unmarshal(resp.body, &chat); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, resp.body)
	}
	id := resp.header.Get("request-id")
	if chat["id"] != id || resp.header.Get("Location") != "https://graph.microsoft.com/beta/chats/"+id {
		t.Errorf("id %v, Location %q, want both from request-id %s", chat["id"], resp.header.Get("Location"), id)
	}
	if chat["topic"] != `Say "hi" <now>` || chat["chatType"] != "group" || chat["tenantId"] != "t1" {
		t.Errorf("echoed fields = %v", chat)
	}
	created, err := time.Parse(time.RFC3339, chat["createdDateTime"].(string))
	if err != nil || time.Since(created) > time.Minute {
		t.Errorf("createdDateTime = %v (%v), want now", chat["createdDateTime"], err)
	}
	if resp.header.Get("Content-Length") != itoa(len(resp.body)) {
		t.Errorf("Content-Length %s for %d bytes", resp.header.Get("Content-Length"), len(resp.body))
	}
}

func TestTemplateFunctionsAndData(t *testing.T) {
	yaml := `version: 1
scenarios:
  - name: t
    request: {method: POST, path: '/beta/chats/{id}/messages'}
    response:
      status: 200
      template: true
      headers:
        X-Echo: '{{.Headers.Get "X-In"}}-{{.Query.Get "v"}}'
      body:
        id: "{{guid}}"
        chat: "{{.PathVars.id}}"
        method: "{{.Method}}"
        path: "{{.Path}}"
        text: '{{jsonEscape .Body.text}}'
        missing: "{{json .Body.nope}}"
        plain: no template here
        nested: ["{{.Scenario}}", 5]
`
	srv := yamlServer(t, yaml)
	h := auth()
	h.Set("X-In", "a")
	resp := srv.do(t, "POST", "/beta/chats/c%2F1/messages?v=2", `{"text":"line\nnext \"q\""}`, h)
	if resp.status != 200 {
		t.Fatalf("status %d: %s", resp.status, resp.body)
	}
	var got map[string]any
	if err := json.Unmarshal(resp.body, &got); err != nil {
		t.Fatalf("%v: %s", err, resp.body)
	}
	if !regexp.MustCompile(`^[0-9a-f-]{36}$`).MatchString(got["id"].(string)) {
		t.Errorf("guid = %v", got["id"])
	}
	want := map[string]any{"chat": "c/1", "method": "POST", "path": "/beta/chats/c%2F1/messages", "text": `line\nnext \"q\"`, "missing": "null", "plain": "no template here"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	if n := got["nested"].([]any); n[0] != "t" || n[1] != float64(5) {
		t.Errorf("nested = %v", n)
	}
	if resp.header.Get("X-Echo") != "a-2" {
		t.Errorf("X-Echo = %q", resp.header.Get("X-Echo"))
	}
}

func TestTemplateErrors(t *testing.T) {
	yaml := `version: 1
scenarios:
  - name: bad-exec
    request: {method: GET, path: /beta/exec}
    response: {status: 200, template: true, body: '{"a": {{index .Body.list 5}}}'}
  - name: not-json
    request: {method: GET, path: /beta/notjson}
    response: {status: 200, template: true, body: '{"a": {{.Query.Get "v"}}}'}
`
	srv := yamlServer(t, yaml)
	for path, want := range map[string]string{
		"/beta/exec":        `Scenario "bad-exec": body template: template: body:1:8: executing "body" at <index .Body.list 5>`,
		"/beta/notjson?v=x": `Scenario "not-json": body template: the output is not valid JSON`,
	} {
		resp := srv.do(t, "GET", path, "", auth())
		if resp.status != 500 {
			t.Errorf("%s: status %d, want 500", path, resp.status)
			continue
		}
		ge := resp.graphError(t)
		if ge.Error.Code != "generalException" || !strings.Contains(ge.Error.Message, want) {
			t.Errorf("%s: error %s: %q\nwant generalException containing %q", path, ge.Error.Code, ge.Error.Message, want)
		}
	}
	if resp := srv.do(t, "GET", "/beta/notjson?v=1", "", auth()); resp.status != 200 || string(resp.body) != `{"a": 1}` {
		t.Errorf("valid output: %d %s", resp.status, resp.body)
	}
}

// TestRequestDataIsNeverATemplate sends template actions in every part of
// a request to a templated scenario: they come back as text, never run.
func TestRequestDataIsNeverATemplate(t *testing.T) {
	yaml := `version: 1
scenarios:
  - name: echo
    request: {method: POST, path: '/beta/echo/{id}'}
    response:
      status: 200
      template: true
      headers: {X-Echo: '{{.Headers.Get "X-In"}}'}
      body: {id: "{{.PathVars.id}}", topic: "{{.Body.topic}}", q: '{{.Query.Get "q"}}'}
`
	srv := yamlServer(t, yaml)
	h := jsonAuth()
	h.Set("X-In", "{{guid}}")
	resp := srv.do(t, "POST", "/beta/echo/%7B%7Bnow%7D%7D?q=%7B%7B.RequestID%7D%7D", `{"topic":"{{json .Headers}}"}`, h)
	var got map[string]string
	if err := json.Unmarshal(resp.body, &got); err != nil {
		t.Fatalf("%v: %s", err, resp.body)
	}
	want := map[string]string{"id": "{{now}}", "topic": "{{json .Headers}}", "q": "{{.RequestID}}"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want the request's text %q unchanged", k, got[k], v)
		}
	}
	if resp.header.Get("X-Echo") != "{{guid}}" {
		t.Errorf("X-Echo = %q", resp.header.Get("X-Echo"))
	}
}
