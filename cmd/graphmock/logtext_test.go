package main

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"
)

func TestTextHandlerWritesOneReadableLineARecord(t *testing.T) {
	at := time.Date(2026, 11, 27, 10, 4, 5, 0, time.Local)
	tests := []struct {
		name  string
		level slog.Level
		msg   string
		attrs []slog.Attr
		want  string
	}{
		{
			name: "a served request",
			msg:  "POST /beta/chats/c1/installedApps/a1/chat/$ref 204",
			attrs: []slog.Attr{
				slog.String("method", "POST"), slog.String("path", "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/a1/chat/$ref"),
				slog.String("scenario", "add-chat"), slog.String("outcome", "served"), slog.Int("status", 204),
				slog.Duration("duration", 1234*time.Microsecond), slog.String("request_id", "r1"),
			},
			want: "10:04:05 POST /beta/chats/19%3Ab8577…/installedApps/a1/chat/$ref → 204 add-chat 1.2ms\n",
		},
		{
			name:  "a rejected request lists its violations",
			level: slog.LevelWarn,
			attrs: []slog.Attr{
				slog.String("method", "POST"), slog.String("path", "/beta/x"), slog.String("scenario", "add-chat"),
				slog.Int("status", 400), slog.Duration("duration", 312*time.Microsecond),
				slog.String("problem", "The request body does not match schemas/chat.json: …"),
				slog.Any("violations", []string{"/chatType: must be one of …", "/topic: want string"}),
			},
			want: "10:04:05 POST /beta/x → 400 add-chat 312µs: /chatType: must be one of …; /topic: want string\n",
		},
		{
			name:  "an unmatched request names its outcome and problem",
			level: slog.LevelWarn,
			attrs: []slog.Attr{
				slog.String("method", "GET"), slog.String("path", "/beta/me"), slog.String("scenario", ""), slog.String("outcome", "unmatched"),
				slog.Int("status", 404), slog.Duration("duration", 2*time.Second+50*time.Millisecond), slog.String("problem", "No scenario matches GET /beta/me."),
			},
			want: "10:04:05 GET /beta/me → 404 (unmatched) 2.05s: No scenario matches GET /beta/me.\n",
		},
		{
			name:  "any other record shows its level and attributes",
			level: slog.LevelError,
			msg:   "reload failed",
			attrs: []slog.Attr{slog.String("file", "my scenarios.yaml"), slog.Int("problems", 2), slog.Group("g", slog.Bool("b", true))},
			want:  "10:04:05 ERROR reload failed file=\"my scenarios.yaml\" problems=2 g.b=true\n",
		},
		{
			name: "info is the level left unsaid",
			msg:  "graphmock serving",
			want: "10:04:05 graphmock serving\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			h := newTextHandler(&b, slog.LevelDebug)
			r := slog.NewRecord(at, tt.level, tt.msg, 0)
			r.AddAttrs(tt.attrs...)
			if err := h.Handle(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("line = %q\nwant   %q", b.String(), tt.want)
			}
		})
	}
}

func TestTextHandlerKeepsAttributesAndGroupsOfDerivedHandlers(t *testing.T) {
	var b bytes.Buffer
	log := slog.New(newTextHandler(&b, slog.LevelInfo)).With("file", "s.yaml").WithGroup("reload")
	log.Debug("hidden")
	log.Info("done", "count", 3)
	got := b.String()
	if want := " done file=s.yaml reload.count=3\n"; len(got) < 9 || got[8:] != want {
		t.Errorf("line = %q, want the time then %q", got, want)
	}
}
