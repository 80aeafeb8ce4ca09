package main

import (
	"bytes"
	"log"
	"log/slog"
	"strings"

	"github.com/graphmock/graphmock/internal/localca"
)

// errorLog is the http.Server's ErrorLog: each line at warn level in the
// request log, and, when graphmock serves a certificate from its local CA,
// a TLS handshake that failed because the client does not trust that CA
// followed by a hint to run "graphmock ca".
func errorLog(logger *slog.Logger, hints bool) *log.Logger {
	return log.New(errorLogWriter{logger: logger, hints: hints}, "", 0)
}

type errorLogWriter struct {
	logger *slog.Logger
	hints  bool
}

// Write logs one line; log.Logger calls it once per line it prints.
func (w errorLogWriter) Write(p []byte) (int, error) {
	line := strings.TrimSpace(string(bytes.TrimRight(p, "\n")))
	if hint, ok := localca.HandshakeHint(line); ok && w.hints {
		w.logger.Warn(line, "hint", hint)
	} else {
		w.logger.Warn(line)
	}
	return len(p), nil
}
