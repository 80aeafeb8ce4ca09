package mockserver

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
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
		slog.String("method", c.Method),
		slog.String("path", c.Path),
		slog.String("scenario", c.Scenario),
		slog.String("outcome", string(c.Outcome)),
		slog.Int("status", c.Status),
		slog.Duration("duration", c.Duration),
		slog.String("request_id", c.RequestID),
	)
	if c.Problem != "" {
		attrs = append(attrs, slog.String("problem", c.Problem))
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
		attrs = append(attrs, slog.Any("violations", vs))
	}
	m.logger.LogAttrs(ctx, level, c.Method+" "+c.Path+" "+strconv.Itoa(c.Status), attrs...)
}
