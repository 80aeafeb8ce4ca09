// Package reqlog writes the log line of a request that is not a Graph
// call: an admin API request or a CORS preflight.
package reqlog

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/graphmock/graphmock/internal/graphwire"
)

// The keys of a request record's attributes: mockserver writes a Graph
// call's record with them, Aside an admin request's or a preflight's, and
// graphmock's terminal log reads them back.
const (
	KeyMethod     = "method"     // the request's method
	KeyPath       = "path"       // its path as sent, percent-encoded
	KeyScenario   = "scenario"   // the scenario that matched, "" for none
	KeyOutcome    = "outcome"    // served, rejected, unmatched, skipped; admin, preflight
	KeyStatus     = "status"     // the status sent
	KeyDuration   = "duration"   // how long answering took
	KeyRequestID  = "request_id" // the request-id header sent back
	KeyProblem    = "problem"    // why the call was not served
	KeyViolations = "violations" // each schema violation, "/pointer: message"
	KeySession    = "session"    // the session's id, for a session's requests
)

// Aside logs r, answered with status after d, at debug level, or at warn
// level with the problem when there is one. outcome names what kind of
// request it was ("admin", "preflight"). A nil logger logs nothing.
func Aside(logger *slog.Logger, r *http.Request, outcome string, status int, d time.Duration, problem string) {
	if logger == nil {
		return
	}
	level := slog.LevelDebug
	if problem != "" {
		level = slog.LevelWarn
	}
	ctx := r.Context()
	if !logger.Enabled(ctx, level) {
		return
	}
	path := graphwire.EscapedPath(r)
	attrs := []slog.Attr{
		slog.String(KeyMethod, r.Method),
		slog.String(KeyPath, path),
		slog.String(KeyOutcome, outcome),
		slog.Int(KeyStatus, status),
		slog.Duration(KeyDuration, d),
	}
	if problem != "" {
		attrs = append(attrs, slog.String(KeyProblem, problem))
	}
	logger.LogAttrs(ctx, level, r.Method+" "+path+" "+strconv.Itoa(status), attrs...)
}
