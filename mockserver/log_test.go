package mockserver_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/graphmock/graphmock/internal/reqlog"
	"github.com/graphmock/graphmock/mockserver"
)

// keysHandler keeps the attribute keys of each record.
type keysHandler struct{ records *[][]string }

func (h keysHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h keysHandler) Handle(_ context.Context, r slog.Record) error {
	var keys []string
	r.Attrs(func(a slog.Attr) bool { keys = append(keys, a.Key); return true })
	*h.records = append(*h.records, keys)
	return nil
}
func (h keysHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h keysHandler) WithGroup(string) slog.Handler      { return h }

// TestCallRecordsUseTheLogKeys checks that a Graph call's record carries
// exactly the keys reqlog names, which graphmock's terminal log reads
// (an unmatched call with Graph's 400 has a problem and a violation).
func TestCallRecordsUseTheLogKeys(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	var records [][]string
	srv := mockserver.New(set, mockserver.Options{Logger: slog.New(keysHandler{&records})})
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/v1.0/nothing", nil))
	want := []string{reqlog.KeyMethod, reqlog.KeyPath, reqlog.KeyScenario, reqlog.KeyOutcome, reqlog.KeyStatus,
		reqlog.KeyDuration, reqlog.KeyRequestID, reqlog.KeyProblem, reqlog.KeyViolations}
	if len(records) != 1 || !slices.Equal(records[0], want) {
		t.Errorf("record keys = %v, want %v", records, want)
	}
}
