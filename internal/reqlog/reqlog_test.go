package reqlog

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAsideLogsAtDebugAndProblemsAtWarn(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := httptest.NewRequest("GET", "/_graphmock/calls?limit=1", nil)
	Aside(logger, r, "admin", 200, 3*time.Millisecond, "")
	Aside(logger, httptest.NewRequest("OPTIONS", "/v1.0/me", nil), "preflight", 403, time.Millisecond, "CORS is not enabled")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("logged %d lines:\n%s", len(lines), buf.String())
	}
	for _, want := range []string{"level=DEBUG", `msg="GET /_graphmock/calls 200"`, "outcome=admin", "status=200", "duration=3ms"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("line %q lacks %q", lines[0], want)
		}
	}
	if strings.Contains(lines[0], "problem=") {
		t.Errorf("line without a problem names one: %q", lines[0])
	}
	for _, want := range []string{"level=WARN", "outcome=preflight", "status=403", `problem="CORS is not enabled"`} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("line %q lacks %q", lines[1], want)
		}
	}
}

func TestAsideRespectsTheLevelAndANilLogger(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	r := httptest.NewRequest("GET", "/_graphmock/stats", nil)
	Aside(logger, r, "admin", 200, time.Millisecond, "")
	if buf.Len() != 0 {
		t.Errorf("a debug line was written at info level: %s", buf.String())
	}
	Aside(logger, r, "admin", 401, time.Millisecond, "missing admin token")
	if !strings.Contains(buf.String(), "missing admin token") {
		t.Errorf("a problem was not logged at info level: %q", buf.String())
	}
	Aside(nil, r, "admin", 200, time.Millisecond, "ignored") // must not panic
}
