package mockserver

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/graphmock/graphmock/internal/reqlog"
)

// maxLoggedViolations is how many violations a log line names.
const maxLoggedViolations = 5

// log writes the request line: method, path, scenario, status, duration,
// and why a call was rejected or unmatched.
func (m *Mock) log(ctx context.Context, c *Call) {
	if m.logger == nil {
		return
	}
	level := slog.LevelInfo
	if c.Outcome != Served {
		level = slog.LevelWarn
	}
	if !m.logger.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 9)
	attrs = append(attrs,
		slog.String(reqlog.KeyMethod, c.Method),
		slog.String(reqlog.KeyPath, c.Path),
		slog.String(reqlog.KeyScenario, c.Scenario),
		slog.String(reqlog.KeyOutcome, string(c.Outcome)),
		slog.Int(reqlog.KeyStatus, c.Status),
		slog.Duration(reqlog.KeyDuration, c.Duration),
		slog.String(reqlog.KeyRequestID, c.RequestID),
	)
	if c.Problem != "" {
		attrs = append(attrs, slog.String(reqlog.KeyProblem, c.Problem))
	}
	if len(c.Violations) > 0 {
		// The problem says how many there are; the line names a few.
		vs := make([]string, 0, maxLoggedViolations+1)
		for i, v := range c.Violations {
			if i == maxLoggedViolations {
				vs = append(vs, fmt.Sprintf("… %d more in the journal", len(c.Violations)-i))
				break
			}
			vs = append(vs, v.String())
		}
		attrs = append(attrs, slog.Any(reqlog.KeyViolations, vs))
	}
	m.logger.LogAttrs(ctx, level, c.Method+" "+c.Path+" "+strconv.Itoa(c.Status), attrs...)
}
