package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// discard is a ResponseWriter that keeps nothing.
type discard struct{ h http.Header }

func (w *discard) Header() http.Header         { return w.h }
func (w *discard) Write(b []byte) (int, error) { return len(b), nil }
func (w *discard) WriteHeader(int)             {}

// BenchmarkRequestLog answers the chat $ref request with no log, with the
// text log (make run's default) and with the JSON log, each writing to
// io.Discard: what formatting a line costs beside the request itself.
func BenchmarkRequestLog(b *testing.B) {
	set, err := mockserver.Default()
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"chatType":"group","topic":"Weekly sync"}`)
	path := "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat/$ref"
	for _, tt := range []struct {
		name   string
		logger *slog.Logger
	}{
		{"off", nil},
		{"text", slog.New(newTextHandler(io.Discard, slog.LevelInfo))},
		{"json", slog.New(slog.NewJSONHandler(io.Discard, nil))},
	} {
		srv := mockserver.New(set, mockserver.Options{Logger: tt.logger})
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			req := httptest.NewRequest("POST", path, nil)
			req.Header.Set("Authorization", "Bearer t")
			req.Header.Set("Content-Type", "application/json")
			header := req.Header
			rd := bytes.NewReader(body)
			for b.Loop() {
				rd.Reset(body)
				req.Body = io.NopCloser(rd)
				req.ContentLength = int64(len(body))
				req.Header = header.Clone()
				srv.ServeHTTP(&discard{h: make(http.Header)}, req)
			}
		})
	}
}
