package mockserver

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
)

// panicGuard tracks whether anything of the response has been written, so
// that a panic can still be answered with a Graph error when nothing has.
type panicGuard struct {
	http.ResponseWriter
	wrote bool
}

// WriteHeader notes that the answer has started.
func (g *panicGuard) WriteHeader(status int) {
	g.wrote = true
	g.ResponseWriter.WriteHeader(status)
}

// Write notes that the answer has started.
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

// recover, deferred by serve, turns a panic while answering into Graph's
// 500 generalException, logged with its stack and recorded in the
// journal, instead of a dropped connection. http.ErrAbortHandler, the
// deliberate way to drop a connection, is passed on, and so is any panic
// once the response has started: nothing better can be sent then. The
// call is recorded either way. Without a panic, the exchange goes back to
// its pool; after one, it is left to the garbage collector.
func (x *exchange) recover() {
	v := recover()
	if v == nil {
		x.release()
		return
	}
	if v == http.ErrAbortHandler || x.w.wrote {
		x.record()
		panic(v)
	}
	e := graphwire.Internal("graphmock failed while answering: panic: %v.", v)
	if logger := x.m.logger; logger != nil {
		logger.LogAttrs(x.in.r.Context(), slog.LevelError, "panic while answering "+x.call.Method+" "+x.call.Path,
			slog.String("request_id", x.call.RequestID), slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
	}
	if !x.recorded {
		d := refuse(Rejected, "", e)
		d.problem = strings.TrimSuffix(e.Message, ".")
		x.apply(&d)
		x.record()
	}
	graphwire.KeepGraphHeaders(x.w.Header()) // drop whatever the failed answer had set
	e.WriteGraph(x.w, x.call.RequestID, x.clientID)
}
