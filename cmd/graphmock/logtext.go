package main

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/graphmock/graphmock/internal/reqlog"
)

// textHandler is a slog.Handler for people at a terminal: one short line a
// record. A request, as mockserver logs it (a record with method, path and
// status attributes), reads
//
//	10:04:05 POST /beta/chats/19%3Ab857…/installedApps/MTI1MjM0/chat/$ref → 400 add-chat 1.2ms: /chatType: …
//
// with the scenario, or the outcome in parentheses when no scenario
// answered, and then the violations or the problem. Any other record reads
//
//	10:04:05 WARN message key=value …
//
// with the level left out for info. It is safe for concurrent use.
type textHandler struct {
	mu     *sync.Mutex // guards w; shared with the handlers derived from this one
	w      io.Writer
	level  slog.Leveler
	attrs  []slog.Attr // from WithAttrs, keys already qualified by their groups
	prefix string      // the groups from WithGroup, each followed by "."
}

func newTextHandler(w io.Writer, level slog.Leveler) *textHandler {
	return &textHandler{mu: new(sync.Mutex), w: w, level: level}
}

func (h *textHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

func (h *textHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	h2 := *h
	h2.attrs = append(h.attrs[:len(h.attrs):len(h.attrs)], h.qualify(attrs)...)
	return &h2
}

func (h *textHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	h2 := *h
	h2.prefix = h.prefix + name + "."
	return &h2
}

// qualify flattens groups and prefixes keys with the handler's groups.
func (h *textHandler) qualify(attrs []slog.Attr) []slog.Attr {
	var out []slog.Attr
	var add func(prefix string, a slog.Attr)
	add = func(prefix string, a slog.Attr) {
		v := a.Value.Resolve()
		if v.Kind() == slog.KindGroup {
			p := prefix
			if a.Key != "" {
				p += a.Key + "."
			}
			for _, g := range v.Group() {
				add(p, g)
			}
			return
		}
		if a.Key != "" {
			out = append(out, slog.Attr{Key: prefix + a.Key, Value: v})
		}
	}
	for _, a := range attrs {
		add(h.prefix, a)
	}
	return out
}

// lineBufs holds the buffers lines are formatted into.
var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// Handle formats the record into one line and writes it with one call.
func (h *textHandler) Handle(_ context.Context, r slog.Record) error {
	bp := lineBufs.Get().(*[]byte)
	b := (*bp)[:0]
	if !r.Time.IsZero() {
		b = r.Time.AppendFormat(b, "15:04:05 ")
	}
	var req requestLine
	for _, a := range h.attrs {
		req.note(a)
	}
	flat := h.prefix == ""
	r.Attrs(func(a slog.Attr) bool {
		if flat && a.Value.Kind() != slog.KindGroup {
			req.note(a)
		} else {
			flat = false
		}
		return true
	})
	if flat && req.complete() {
		b = req.append(b)
	} else {
		b = h.appendGeneric(b, r)
	}
	b = append(b, '\n')
	h.mu.Lock()
	_, err := h.w.Write(b)
	h.mu.Unlock()
	*bp = b
	lineBufs.Put(bp)
	return err
}

// appendGeneric writes a record that is not a request's: the level (but
// info), the message and every attribute as key=value.
func (h *textHandler) appendGeneric(b []byte, r slog.Record) []byte {
	attrs := make([]slog.Attr, 0, len(h.attrs)+r.NumAttrs())
	attrs = append(attrs, h.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		attrs = append(attrs, h.qualify([]slog.Attr{a})...)
		return true
	})
	var req requestLine
	for _, a := range attrs {
		req.note(a)
	}
	if req.complete() {
		return req.append(b)
	}
	if r.Level != slog.LevelInfo {
		b = append(b, r.Level.String()...)
		b = append(b, ' ')
	}
	b = append(b, r.Message...)
	for _, a := range attrs {
		b = append(b, ' ')
		b = append(b, a.Key...)
		b = append(b, '=')
		b = append(b, quoteIfNeeded(a.Value.String())...)
	}
	return b
}

// requestLine gathers the attributes of a request record, as mockserver
// logs it.
type requestLine struct {
	method, path, status          slog.Value
	scenario, outcome, problem    slog.Value
	duration, violations          slog.Value
	hasMethod, hasPath, hasStatus bool
	hasScenario, hasOutcome       bool
	hasProblem                    bool
	session                       slog.Value
	hasSession                    bool
}

// note keeps a if it is one of a request's attributes.
func (q *requestLine) note(a slog.Attr) {
	switch a.Key {
	case reqlog.KeyMethod:
		q.method, q.hasMethod = a.Value, true
	case reqlog.KeyPath:
		q.path, q.hasPath = a.Value, true
	case reqlog.KeyStatus:
		q.status, q.hasStatus = a.Value, true
	case reqlog.KeySession:
		q.session, q.hasSession = a.Value, true
	case reqlog.KeyScenario:
		q.scenario, q.hasScenario = a.Value, true
	case reqlog.KeyOutcome:
		q.outcome, q.hasOutcome = a.Value, true
	case reqlog.KeyProblem:
		q.problem, q.hasProblem = a.Value, true
	case reqlog.KeyDuration:
		q.duration = a.Value
	case reqlog.KeyViolations:
		q.violations = a.Value
	}
}

// complete reports whether the record was a request's.
func (q *requestLine) complete() bool { return q.hasMethod && q.hasPath && q.hasStatus }

// append writes the request's line:
//
//	POST /beta/chats/19%3Ab857…/chat/$ref → 400 add-chat 1.2ms: /chatType: …
func (q *requestLine) append(b []byte) []byte {
	if q.hasSession {
		b = append(b, "[session "...)
		b = appendShortPath(b, q.session.String())
		b = append(b, "] "...)
	}
	b = appendValue(b, q.method)
	b = append(b, ' ')
	b = appendShortPath(b, q.path.String())
	b = append(b, " → "...)
	b = appendValue(b, q.status)
	if sc := q.scenario.String(); q.hasScenario && sc != "" {
		b = append(b, ' ')
		b = append(b, sc...)
	} else if q.hasOutcome {
		b = append(b, " ("...)
		b = append(b, q.outcome.String()...)
		b = append(b, ')')
	}
	if q.duration.Kind() == slog.KindDuration {
		b = append(b, ' ')
		b = append(b, shortDuration(q.duration.Duration())...)
	}
	if list, ok := q.violations.Any().([]string); ok && len(list) > 0 {
		b = append(b, ": "...)
		for i, v := range list {
			if i > 0 {
				b = append(b, "; "...)
			}
			b = append(b, v...)
		}
		return b
	}
	if p := q.problem.String(); q.hasProblem && p != "" {
		b = append(b, ": "...)
		b = append(b, p...)
	}
	return b
}

// appendValue writes a value as text, without allocating for the kinds a
// request line has.
func appendValue(b []byte, v slog.Value) []byte {
	switch v.Kind() {
	case slog.KindString:
		return append(b, v.String()...)
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	default:
		return append(b, v.String()...)
	}
}

// appendShortPath writes a path with long segments (ids, mostly) cut, to
// keep a request on one line; the journal and the JSON log keep the whole
// path.
func appendShortPath(b []byte, p string) []byte {
	for first := true; ; first = false {
		seg, rest, more := strings.Cut(p, "/")
		if !first {
			b = append(b, '/')
		}
		if len(seg) > maxSegment {
			cut := 10
			for cut > 0 && !utf8.RuneStart(seg[cut]) {
				cut--
			}
			b = append(b, seg[:cut]...)
			b = append(b, "…"...)
		} else {
			b = append(b, seg...)
		}
		if !more {
			return b
		}
		p = rest
	}
}

// maxSegment is the longest path segment shortPath shows whole.
const maxSegment = 24

// shortDuration rounds a duration for reading: 312µs, 1.2ms, 2.05s.
func shortDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return strconv.FormatInt(d.Microseconds(), 10) + "µs"
	case d < time.Second:
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + "ms"
	default:
		return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + "s"
	}
}

// quoteIfNeeded quotes values that would not read as one word.
func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == '"' || r == '=' || r == 0x7f }) {
		return strconv.Quote(s)
	}
	return s
}
