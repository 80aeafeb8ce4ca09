package mockserver

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// panicGuard tracks whether anything of the response has been written, so
// that a panic can still be answered with a Graph error when nothing has.
type panicGuard struct {
	http.ResponseWriter
	wrote bool
}

func (g *panicGuard) WriteHeader(status int) {
	g.wrote = true
	g.ResponseWriter.WriteHeader(status)
}

func (g *panicGuard) Write(b []byte) (int, error) {
	g.wrote = true
	return g.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (g *panicGuard) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// Flush sends what was written so far, when the underlying writer can.
func (g *panicGuard) Flush() {
	g.wrote = true
	_ = http.NewResponseController(g.ResponseWriter).Flush()
}

// recoverPanic, deferred by ServeHTTP, turns a panic while answering into
// Graph's 500 generalException, logged with its stack and recorded in the
// journal, instead of a dropped connection. http.ErrAbortHandler, the
// deliberate way to drop a connection, is passed on, and so is any panic
// once the response has started: nothing better can be sent then.
func (s *Server) recoverPanic(g *panicGuard, r *http.Request, call *Call) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler || g.wrote {
		panic(v)
	}
	problem := fmt.Sprintf("graphmock failed while answering: panic: %v", v)
	if s.logger != nil {
		s.logger.LogAttrs(r.Context(), slog.LevelError, "panic while answering "+call.Method+" "+call.Path,
			slog.String("request_id", call.RequestID), slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
	}
	if call.Seq == 0 { // not yet recorded
		call.Status = http.StatusInternalServerError
		call.Outcome = Rejected
		call.ErrorCode = CodeGeneralException
		call.Problem = problem
		call.Duration = time.Since(call.Time)
		call.Seq = s.journal.Record(*call)
	}
	h := g.Header()
	clientID := h.Get("Client-Request-Id")
	for k := range h {
		switch k {
		case "Request-Id", "Client-Request-Id", "X-Ms-Ags-Diagnostic", "Cache-Control", "Strict-Transport-Security":
		default:
			delete(h, k) // whatever the failed answer had set
		}
	}
	writeGraphError(g, http.StatusInternalServerError, &graphErrorReply{code: CodeGeneralException, message: problem + "."}, call.RequestID, clientID)
}
