package mockserver_test

import (
	"net/http"
	"strings"
	"testing"
)

// The OData forms of the chat $ref change, next to the seed's POST.

func TestSetChatRefTakesAnEntityReference(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		wantField string // "" for a 204
	}{
		{"a chat URL", `{"@odata.id": "https://graph.microsoft.com/beta/chats/19:b8577894a63548969c5c92bb9c80c5e1@thread.v2"}`, ""},
		{"a percent-encoded chat id", `{"@odata.id": "https://graph.microsoft.com/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2"}`, ""},
		{"a key in parentheses", `{"@odata.id": "https://graph.microsoft.com/beta/chats('19:abc@unq.gbl.spaces')"}`, ""},
		{"another API version", `{"@odata.id": "https://graph.microsoft.com/v1.0/chats/19:abc@thread.v2"}`, "/@odata.id"},
		{"a relative URL", `{"@odata.id": "chats/19:abc@thread.v2"}`, "/@odata.id"},
		{"another entity set", `{"@odata.id": "https://graph.microsoft.com/beta/users/19:abc@thread.v2"}`, "/@odata.id"},
		{"a chat's navigation", `{"@odata.id": "https://graph.microsoft.com/beta/chats/19:abc@thread.v2/members"}`, "/@odata.id"},
		{"another host", `{"@odata.id": "https://graph.example.com/beta/chats/19:abc@thread.v2"}`, "/@odata.id"},
		{"no id", `{"@odata.id": "https://graph.microsoft.com/beta/chats/"}`, "/@odata.id"},
		{"no reference", `{}`, "/@odata.id"},
		{"the seed's chat body", `{"chatType": "group", "topic": "Weekly sync"}`, "/chatType"},
		{"an id that is not a string", `{"@odata.id": 19}`, "/@odata.id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newDefaultServer(t)
			resp := srv.do(t, "PUT", chatRefPath, tt.body, validHeaders())
			if tt.wantField == "" {
				if resp.status != http.StatusNoContent || len(resp.body) != 0 {
					t.Fatalf("status = %d, body %q; want 204 with no body", resp.status, resp.body)
				}
				if c := srv.Calls()[0]; c.Scenario != "set-chat-ref" {
					t.Errorf("scenario = %q, want set-chat-ref", c.Scenario)
				}
				return
			}
			if resp.status != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400; %s", resp.status, resp.body)
			}
			ge := resp.graphError(t)
			fields := targets(ge)
			if !strings.Contains(strings.Join(fields, " "), tt.wantField) {
				t.Errorf("details name %v, want %s; %s", fields, tt.wantField, resp.body)
			}
		})
	}
}

func TestRemoveChatRefAnswers204(t *testing.T) {
	srv := newDefaultServer(t)
	resp := srv.do(t, "DELETE", chatRefPath, "", http.Header{"Authorization": {"Bearer t"}})
	if resp.status != http.StatusNoContent || len(resp.body) != 0 {
		t.Fatalf("status = %d, body %q; want 204 with no body", resp.status, resp.body)
	}
	if c := srv.Calls()[0]; c.Scenario != "remove-chat-ref" {
		t.Errorf("scenario = %q, want remove-chat-ref", c.Scenario)
	}
	if resp := srv.do(t, "DELETE", chatRefPath, "", nil); resp.status != http.StatusUnauthorized {
		t.Errorf("without a token: status = %d, want 401", resp.status)
	}
}

func TestTheSeedFormIsKept(t *testing.T) {
	srv := newDefaultServer(t)
	if resp := srv.do(t, "POST", chatRefPath, validChatBody, validHeaders()); resp.status != http.StatusNoContent {
		t.Fatalf("POST: status = %d, want 204; %s", resp.status, resp.body)
	}
	if c := srv.Calls()[0]; c.Scenario != "add-chat" {
		t.Errorf("scenario = %q, want add-chat", c.Scenario)
	}
	resp := srv.do(t, "PATCH", chatRefPath, validChatBody, validHeaders())
	if resp.status != http.StatusMethodNotAllowed || resp.header.Get("Allow") != "DELETE, POST, PUT" {
		t.Errorf("PATCH: status %d, Allow %q; want 405 allowing DELETE, POST, PUT", resp.status, resp.header.Get("Allow"))
	}
}

// The chat GET answers is itself a valid chat: add-chat, which validates
// against schemas/chat.json, accepts it.
func TestTheChatFixtureIsAValidChat(t *testing.T) {
	srv := newDefaultServer(t)
	got := srv.do(t, "GET", strings.TrimSuffix(chatRefPath, "/$ref"), "", validHeaders())
	if got.status != http.StatusOK {
		t.Fatalf("GET: status = %d; %s", got.status, got.body)
	}
	if resp := srv.do(t, "POST", chatRefPath, string(got.body), validHeaders()); resp.status != http.StatusNoContent {
		t.Errorf("fixtures/chat.json does not satisfy schemas/chat.json: %s", resp.body)
	}
}
