package mockserver_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// BenchmarkUnmatchedGet compares a GET no scenario of the default set
// answers, logged at warn as graphmock serve -log-level warn logs it,
// through the full graphmock handler with a bare handler that answers 204
// with graphmock's headers: the unmatched shape of make loopback. The
// ratio is what counts.
func BenchmarkUnmatchedGet(b *testing.B) {
	run := func(b *testing.B, h http.Handler) {
		req := httptest.NewRequest(http.MethodGet, "/v1.0/itemz/item-3", nil)
		req.Header.Set("Authorization", "Bearer test-token")
		header := req.Header
		b.ReportAllocs()
		for b.Loop() {
			req.Header = header.Clone()
			h.ServeHTTP(&discardWriter{h: make(http.Header)}, req)
		}
	}
	b.Run("bare", func(b *testing.B) { run(b, bareChatRef()) })
	b.Run("graphmock", func(b *testing.B) {
		set, err := mockserver.Default()
		if err != nil {
			b.Fatal(err)
		}
		logger := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
		h := mockserver.New(set, mockserver.Options{Logger: logger})
		run(b, h)
		if last, _ := lastCall(h); last.Status != http.StatusBadRequest {
			b.Fatalf("last call answered %d, want Graph's 400 for an unknown segment", last.Status)
		}
	})
}
