package main

import (
	"strings"
	"testing"
)

func TestBinaryCapsLiveSessions(t *testing.T) {
	p := startBinary(t, "-max-sessions", "1", "-session-max-ttl", "1h")
	if r := call(t, "POST", p.url+"/_graphmock/sessions?ttl=2h", ""); r.status != 400 || !strings.Contains(string(r.body), "at most 1h0m0s") {
		t.Errorf("a session asking for 2h = %d %s, want 400 naming the limit", r.status, r.body)
	}
	var s struct {
		ID       string `json:"id"`
		BaseURL  string `json:"baseUrl"`
		AdminURL string `json:"adminUrl"`
	}
	r := call(t, "POST", p.url+"/_graphmock/sessions", "")
	r.decode(t, &s)
	if r.status != 201 || s.BaseURL != p.url+"/_s/"+s.ID || s.AdminURL != p.url+"/_graphmock/sessions/"+s.ID {
		t.Fatalf("POST /_graphmock/sessions = %d %s", r.status, r.body)
	}
	if r := call(t, "POST", p.url+"/_graphmock/sessions", ""); r.status != 429 || !strings.Contains(string(r.body), "TooManySessions") {
		t.Errorf("a second session with -max-sessions 1 = %d %s, want 429 TooManySessions", r.status, r.body)
	}
	if r := call(t, "POST", s.BaseURL+chatRefPath, validChatBody, chatHeaders...); r.status != 204 {
		t.Errorf("POST through the session's base URL = %d %s", r.status, r.body)
	}
	if r := call(t, "GET", s.AdminURL+"/verify", ""); r.status != 200 {
		t.Errorf("the session's verify = %d %s", r.status, r.body)
	}
	if r := call(t, "DELETE", s.AdminURL, ""); r.status != 200 {
		t.Errorf("DELETE the session = %d %s", r.status, r.body)
	}
	if r := call(t, "POST", p.url+"/_graphmock/sessions", ""); r.status != 201 {
		t.Errorf("a session once the first ended = %d %s, want 201", r.status, r.body)
	}
}
