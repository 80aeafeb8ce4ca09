package mockserver_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

func TestACallIsWrittenAsReadableJSON(t *testing.T) {
	call := mockserver.Call{
		Seq:        3,
		Time:       time.Date(2026, 11, 27, 10, 4, 5, 0, time.UTC),
		Duration:   1200 * time.Microsecond,
		RequestID:  "5d8cbb1e-8d0e-4f6b-a9e1-3c1f0f3f2a10",
		Method:     "POST",
		Path:       "/beta/chats/c1/installedApps/a1/chat/$ref",
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       []byte(`{"chatType": "direct"}`),
		PathVars:   map[string]string{"chatsId": "c1"},
		Scenario:   "add-chat",
		Outcome:    mockserver.Rejected,
		Status:     400,
		ErrorCode:  "BadRequest",
		Problem:    "The request body does not match schemas/chat.json.",
		Violations: []mockserver.Violation{{Field: "/chatType", Code: "enum", Message: "chatType must be one of ..."}},
	}
	got, err := json.Marshal(call)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"seq":3,"time":"2026-11-27T10:04:05Z","requestId":"5d8cbb1e-8d0e-4f6b-a9e1-3c1f0f3f2a10",` +
		`"method":"POST","path":"/beta/chats/c1/installedApps/a1/chat/$ref","headers":{"Content-Type":["application/json"]},` +
		`"pathVars":{"chatsId":"c1"},"scenario":"add-chat","outcome":"rejected","status":400,"errorCode":"BadRequest",` +
		`"problem":"The request body does not match schemas/chat.json.",` +
		`"violations":[{"target":"/chatType","code":"enum","message":"chatType must be one of ..."}],` +
		`"duration":"1.2ms","body":{"chatType":"direct"},"bodyEncoding":"json"}`
	if string(got) != want {
		t.Errorf("json.Marshal(call) =\n%s\nwant\n%s", got, want)
	}
}

func TestACallSurvivesAJSONRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		body     []byte
		encoding string
	}{
		{"a JSON body is written as JSON", []byte(`{"topic":"Weekly sync","n":[1,2]}`), `"bodyEncoding":"json"`},
		{"a JSON string body stays a JSON string", []byte(`"just a string"`), `"bodyEncoding":"json"`},
		{"a text body is written as a string", []byte("chatType=group&topic=x"), `"body":"chatType=group\u0026topic=x","bodyEncoding":"text"`},
		{"a binary body is written in base64", []byte{0xff, 0x00, 0xfe}, `"body":"/wD+","bodyEncoding":"base64"`},
		{"an empty body is left out", nil, `"duration":"0s"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mockserver.Call{Seq: 1, Method: "POST", Path: "/beta/x", Body: tt.body, Outcome: mockserver.Served, Status: 204, Duration: 0}
			data, err := json.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tt.encoding) {
				t.Errorf("json.Marshal() = %s, want it to contain %s", data, tt.encoding)
			}
			var out mockserver.Call
			if err := json.Unmarshal(data, &out); err != nil {
				t.Fatalf("json.Unmarshal(%s) error = %v", data, err)
			}
			if !reflect.DeepEqual(out, in) {
				t.Errorf("round trip = %+v\nwant        %+v", out, in)
			}
		})
	}
}
