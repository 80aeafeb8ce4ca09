package main

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"
)

func TestTextHandlerNamesTheSessionOfARequest(t *testing.T) {
	var out bytes.Buffer
	log := slog.New(newTextHandler(&out, slog.LevelInfo)).With(slog.String("session", "h6yHbZRb2Xz1-9_2EWywOg"))
	log.LogAttrs(context.Background(), slog.LevelInfo, "GET /v1.0/me 200",
		slog.String("method", "GET"), slog.String("path", "/v1.0/me"), slog.String("scenario", "get-me"),
		slog.Int("status", 200), slog.Duration("duration", 90*time.Microsecond))
	want := "[session h6yHbZRb2Xz1-9_2EWywOg] GET /v1.0/me → 200 get-me 90µs\n"
	if got := out.String(); len(got) < len(want) || got[len(got)-len(want):] != want {
		t.Errorf("line = %q, want it to end %q", got, want)
	}
}
