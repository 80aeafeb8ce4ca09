package mockserver_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

func TestTheDefaultResponsesMatchTheirSchemas(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := set.CheckResponses(); err != nil {
		t.Errorf("CheckResponses() = %v, want nil", err)
	}
}

func TestCheckResponsesPointsAtEachBodyThatBreaksItsSchema(t *testing.T) {
	yaml := `version: 1
scenarios:
  - name: get-chat
    request: {method: GET, path: /beta/chat}
    response:
      status: 200
      bodySchema: schemas/chat.json
      body:
        chatType: direct
        topic: 7
  - name: get-chat-file
    request: {method: GET, path: /beta/chat2}
    response:
      status: 200
      bodySchema: schemas/chat.json
      bodyFile: fixtures/bad.json
  - name: get-chat-text
    request: {method: GET, path: /beta/chat3}
    response:
      status: 200
      bodySchema: schemas/chat.json
      body: not json
  - name: unchecked
    request: {method: GET, path: /beta/chat4}
    response: {status: 200, body: {chatType: direct}}
  - name: get-chat-in-turn
    priority: 5
    request: {method: GET, path: /beta/chat5}
    responses:
      - {status: 200, bodySchema: schemas/chat.json, body: {chatType: group}}
      - {status: 200, bodySchema: schemas/chat.json, bodyFile: fixtures/bad.json}
      - {status: 200, bodySchema: schemas/chat.json, template: true, body: '{"chatType": "{{.PathVars.x}}"}'}
`
	set, err := loadYAML(t, yaml, map[string]string{"fixtures/bad.json": `{"chatType": "group", "webUrl": 1}`})
	if err != nil {
		t.Fatalf("Load() error = %v, want a set (responses are only checked on request)", err)
	}
	err = set.CheckResponses()
	want := []string{
		`scenarios.yaml:31:64: scenario "get-chat-in-turn": responses[1].bodyFile: fixtures/bad.json does not match schemas/chat.json: /webUrl: want string or null, got integer`,
		`scenarios.yaml:9:9: scenario "get-chat": response.body: the body does not match schemas/chat.json: /chatType: "direct" is not a member of the enum: oneOnOne, group, meeting, unknownFutureValue`,
		`scenarios.yaml:9:9: scenario "get-chat": response.body: the body does not match schemas/chat.json: /topic: want string or null, got integer`,
		`scenarios.yaml:16:17: scenario "get-chat-file": response.bodyFile: fixtures/bad.json does not match schemas/chat.json: /webUrl: want string or null, got integer`,
		`scenarios.yaml:22:13: scenario "get-chat-text": response.body: the body is not JSON, so it cannot match schemas/chat.json: invalid JSON at byte 0: ...`,
	}
	les := mockserver.LoadErrors(err)
	if len(les) != len(want) {
		t.Fatalf("CheckResponses() = %v\nwant %d errors", err, len(want))
	}
	for i, le := range les {
		if w, prefix := strings.CutSuffix(want[i], "..."); le.Error() != want[i] && !(prefix && strings.HasPrefix(le.Error(), w)) {
			t.Errorf("error %d = %s\nwant       %s", i, le, want[i])
		}
	}
	var first *mockserver.LoadError
	if !errors.As(err, &first) || first.Line != 31 || first.Scenario != "get-chat-in-turn" || first.Field != "responses[1].bodyFile" {
		t.Errorf("first error = %+v, want line 31, scenario get-chat-in-turn, field responses[1].bodyFile", first)
	}
}

func TestAResponseSchemaIsCheckedWhenTheSetLoads(t *testing.T) {
	tests := []struct {
		name     string
		response string
		want     string
	}{
		{"a missing schema file", "{status: 200, body: {}, bodySchema: schemas/nope.json}",
			`scenarios.yaml:5:51: scenario "get": response.bodySchema: schemas/nope.json: file does not exist (paths are relative to the scenario file's folder)`},
		{"a schema for a response without a body", "{status: 204, bodySchema: schemas/chat.json}",
			`scenarios.yaml:5:41: scenario "get": response.bodySchema: the response has no body to check against schemas/chat.json: add a body or bodyFile, or remove bodySchema`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yaml := "version: 1\nscenarios:\n  - name: get\n    request: {method: GET, path: /beta/x}\n    response: " + tt.response + "\n"
			_, err := loadYAML(t, yaml, nil)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Load() error = %v\nwant %s", err, tt.want)
			}
		})
	}
}
