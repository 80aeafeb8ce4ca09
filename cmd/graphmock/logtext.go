package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
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

func (h *textHandler) Handle(_ context.Context, r slog.Record) error {
	attrs := make([]slog.Attr, 0, len(h.attrs)+r.NumAttrs())
	attrs = append(attrs, h.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		attrs = append(attrs, h.qualify([]slog.Attr{a})...)
		return true
	})
	var b strings.Builder
	if !r.Time.IsZero() {
		b.WriteString(r.Time.Format("15:04:05 "))
	}
	if !writeRequest(&b, attrs) {
		if r.Level != slog.LevelInfo {
			b.WriteString(r.Level.String())
			b.WriteByte(' ')
		}
		b.WriteString(r.Message)
		for _, a := range attrs {
			b.WriteByte(' ')
			b.WriteString(a.Key)
			b.WriteByte('=')
			b.WriteString(quoteIfNeeded(a.Value.String()))
		}
	}
	b.WriteByte('\n')
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())
	return err
}

// writeRequest writes a request record's line and reports whether attrs
// were a request's.
func writeRequest(b *strings.Builder, attrs []slog.Attr) bool {
	get := func(key string) (slog.Value, bool) {
		for _, a := range attrs {
			if a.Key == key {
				return a.Value, true
			}
		}
		return slog.Value{}, false
	}
	method, ok1 := get("method")
	path, ok2 := get("path")
	status, ok3 := get("status")
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	if id, ok := get("session"); ok {
		fmt.Fprintf(b, "[session %s] ", shortPath(id.String()))
	}
	fmt.Fprintf(b, "%s %s → %s", method, shortPath(path.String()), status)
	if sc, ok := get("scenario"); ok && sc.String() != "" {
		b.WriteString(" " + sc.String())
	} else if o, ok := get("outcome"); ok {
		b.WriteString(" (" + o.String() + ")")
	}
	if d, ok := get("duration"); ok && d.Kind() == slog.KindDuration {
		b.WriteString(" " + shortDuration(d.Duration()))
	}
	if vs, ok := get("violations"); ok {
		if list, isList := vs.Any().([]string); isList && len(list) > 0 {
			b.WriteString(": " + strings.Join(list, "; "))
			return true
		}
	}
	if p, ok := get("problem"); ok && p.String() != "" {
		b.WriteString(": " + p.String())
	}
	return true
}

// maxSegment is the longest path segment shortPath shows whole.
const maxSegment = 24

// shortPath cuts long path segments (ids, mostly) to keep a request on
// one line; the journal and the JSON log keep the whole path.
func shortPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if len(s) > maxSegment {
			cut := 10
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			segs[i] = s[:cut] + "…"
		}
	}
	return strings.Join(segs, "/")
}

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
