package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestThePythonExampleRunsAParallelSuiteInSessions runs the documented
// Python example, a parallel suite with a session per test, against the
// binary. CI machines have python3; a machine without it fails here
// rather than skipping, so the example never rots unnoticed.
func TestThePythonExampleRunsAParallelSuiteInSessions(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatalf("python3 is not on PATH (%v): install it to run examples/python/test_sessions.py, the documented example of sessions from another language", err)
	}
	p := startBinary(t, "-admin-token", "s3cret", "-max-sessions", "50")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join("..", "..", "examples", "python", "test_sessions.py"))
	cmd.Env = append(os.Environ(), "GRAPHMOCK_URL="+p.url, "GRAPHMOCK_ADMIN_TOKEN=s3cret")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3 examples/python/test_sessions.py: %v\n%s\ngraphmock's log:\n%s", err, out, p.stderr)
	}
	if !strings.Contains(string(out), "24 tests in 8 parallel workers, one graphmock session each: 0 failed") {
		t.Errorf("the example's summary is missing:\n%s", out)
	}
	// Every session ended: the server's own journal saw only the requests
	// the suite sent to sessions it had ended, one per test.
	var calls callList
	call(t, "GET", p.url+"/_graphmock/calls", "", "Authorization: Bearer s3cret").decode(t, &calls)
	if len(calls.Calls) != 24 {
		t.Errorf("the server recorded %d calls of its own, want the 24 to ended sessions", len(calls.Calls))
	}
	for _, c := range calls.Calls {
		if c.ErrorCode != "SessionNotFound" {
			t.Errorf("the server recorded %s %s -> %d %s, want only calls to ended sessions", c.Method, c.Path, c.Status, c.ErrorCode)
		}
	}
}

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
