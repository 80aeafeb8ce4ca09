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
		slog.String("method", r.Method),
		slog.String("path", path),
		slog.String("outcome", outcome),
		slog.Int("status", status),
		slog.Duration("duration", d),
	}
	if problem != "" {
		attrs = append(attrs, slog.String("problem", problem))
	}
	logger.LogAttrs(ctx, level, r.Method+" "+path+" "+strconv.Itoa(status), attrs...)
}
