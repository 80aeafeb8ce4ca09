package admin

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/graphmock/graphmock/internal/bounds"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/mockserver"
)

// How the event stream behaves: how long a quiet stream waits before a
// keep-alive comment, and how long one write may take before the client
// is given up on.
const (
	keepAliveEvery = 15 * time.Second
	eventWriteTime = 30 * time.Second
	// eventChunk bounds the calls one write of a stream carries.
	eventChunk = 256
	// maxServerStreams and maxSessionStreams bound the event streams open
	// at once on the server's journal and on each session's.
	maxServerStreams  = 32
	maxSessionStreams = 8
	// streamRetryAfter is the Retry-After of a stream refused beyond them.
	streamRetryAfter = "5"
)

// codeTooManyStreams is the code of the 429 a stream beyond the bound
// gets: Graph's own code for too many requests.
const codeTooManyStreams = graphwire.CodeTooManyRequests

// streamCounter counts the open event streams of each journal (the
// server's and each session's).
type streamCounter struct {
	mu   sync.Mutex
	open map[*mockserver.Mock]int
}

// acquire counts one more stream on srv, unless limit are open already.
func (c *streamCounter) acquire(srv *mockserver.Mock, limit int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open[srv] >= limit {
		return false
	}
	if c.open == nil {
		c.open = make(map[*mockserver.Mock]int)
	}
	c.open[srv]++
	return true
}

// release counts one stream on srv fewer.
func (c *streamCounter) release(srv *mockserver.Mock) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open[srv]--; c.open[srv] <= 0 {
		delete(c.open, srv)
	}
}

// callSummary is the data of a "call" event: what a list of calls shows,
// without the headers and body (GET /_graphmock/calls/{seq} has them).
type callSummary struct {
	Seq       int64              `json:"seq"`
	Time      time.Time          `json:"time"`
	RequestID string             `json:"requestId"`
	Method    string             `json:"method"`
	Path      string             `json:"path"`
	RawQuery  string             `json:"query,omitempty"`
	Scenario  string             `json:"scenario,omitempty"`
	Outcome   mockserver.Outcome `json:"outcome"`
	Status    int                `json:"status"`
	ErrorCode string             `json:"errorCode,omitempty"`
	Closest   string             `json:"closest,omitempty"`
	Entity    string             `json:"entity,omitempty"`  // for a simulated call, the entity it touched
	Ignored   []string           `json:"ignored,omitempty"` // and the query options it ignored
	Duration  string             `json:"duration"`
	Batch     string             `json:"batch,omitempty"`
	BatchItem string             `json:"batchItem,omitempty"`
}

func summarize(c *mockserver.Call) callSummary {
	return callSummary{Seq: c.Seq, Time: c.Time, RequestID: c.RequestID, Method: c.Method, Path: c.Path,
		RawQuery: c.RawQuery, Scenario: c.Scenario, Outcome: c.Outcome, Status: c.Status, ErrorCode: c.ErrorCode,
		Closest: c.Closest, Entity: c.Entity, Ignored: c.Ignored, Duration: c.Duration.String(), Batch: c.Batch, BatchItem: c.BatchItem}
}

// follower reads what is new in a server's journal since it last looked:
// the calls after the newest it has handed out, whether the journal was
// reset in between, and how many calls were dropped before it could read
// them. Each look copies only the new calls (Server.CallsSince), so its
// cost does not grow with the journal.
type follower struct {
	srv     *mockserver.Mock
	lastSeq int64 // the newest call handed out, or the cursor it started from
	resets  int64 // the journal's Resets when it last looked
	cleared bool  // a cleared event is due before anything else
}

// maxBacklog bounds how far behind the newest call a stream may be: a
// cursor further back (since=, Last-Event-ID, or a reader too slow to keep
// up) skips to maxBacklog calls before the newest, and the stream says how
// many calls it skipped. It is the journal's default bound, so a page can
// replay a whole default journal.
const maxBacklog = bounds.JournalLimit

// newFollower returns a follower that hands out the calls after since. A
// cursor after the newest call belongs to a journal that is gone (the
// reader saw another graphmock process, say): the follower starts from
// the first call, with a cleared event.
func newFollower(srv *mockserver.Mock, since int64) *follower {
	w := window(srv)
	f := &follower{srv: srv, lastSeq: since, resets: w.Resets}
	if since > w.Last {
		f.lastSeq, f.cleared = 0, true
	}
	return f
}

// look is what one look at the journal found.
type look struct {
	calls   []mockserver.Call // the new calls, oldest first
	cleared bool              // the journal was reset since the last look
	missed  int64             // calls the follower skipped: dropped by the journal, or too far behind
	next    int64             // when missed > 0, the Seq the follower goes on from
	changed <-chan struct{}   // closed when the journal changes after this look
}

// next returns at most limit calls recorded after the last look (every
// one when limit is 0), and what else happened to the journal since.
func (f *follower) next(limit int) look {
	var l look
	if w := window(f.srv); w.Last-f.lastSeq > maxBacklog {
		skipTo := w.Last - maxBacklog
		l.missed = skipTo - max(f.lastSeq, 0)
		f.lastSeq = skipTo
	}
	calls, w := f.srv.CallsSince(f.lastSeq, limit)
	l.calls, l.changed = calls, w.Changed
	l.cleared = f.cleared || w.Resets != f.resets
	f.cleared, f.resets = false, w.Resets
	if dropped := w.Missed(f.lastSeq); dropped > 0 {
		l.missed += dropped
	}
	switch {
	case len(calls) > 0:
		f.lastSeq = calls[len(calls)-1].Seq
	case l.missed > 0:
		f.lastSeq = w.Last
	}
	if l.missed > 0 {
		l.next = w.Last + 1
		if len(calls) > 0 {
			l.next = calls[0].Seq
		}
	}
	return l
}

// window returns srv's journal window, copying no call.
func window(srv *mockserver.Mock) mockserver.JournalWindow {
	_, w := srv.CallsSince(math.MaxInt64, 0)
	return w
}

// eventsSince reads where a stream starts: after the call named by since=
// or by Last-Event-ID (sent by a reconnecting EventSource), or else after
// the newest call recorded so far, so that only new calls follow.
func (h *handler) eventsSince(r *http.Request) (int64, *graphwire.Error) {
	q := r.URL.Query()
	for _, key := range slices.Sorted(maps.Keys(q)) {
		if key != "since" {
			return 0, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "unknown query parameter %q: use since", key)
		}
	}
	if vs, ok := q["since"]; ok {
		n, err := strconv.ParseInt(vs[len(vs)-1], 10, 64)
		if err != nil || n < 0 {
			return 0, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "since=%s: want a call's sequence number, 0 or more", vs[len(vs)-1])
		}
		return n, nil
	}
	if id := strings.TrimSpace(r.Header.Get("Last-Event-ID")); id != "" {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil && n >= 0 {
			return n, nil
		}
	}
	return window(h.srv).Last, nil
}

// events answers GET /_graphmock/events: a text/event-stream with an
// event "call" (id: the call's seq; data: its summary as JSON) for each
// call recorded, an event "cleared" when the journal is cleared, and an
// event "dropped" (data: {"missed": N, "next": SEQ}) when the stream
// skips N calls after its cursor, dropped by the journal before it could
// send them or more than maxBacklog behind the newest; SEQ is the call
// it goes on from. A session's stream ends with an event "ended" when the
// session ends or expires, so that nothing holds an ended session. Each
// write carries at most eventChunk calls. An idle
// stream waits for the journal to change (JournalWindow.Changed), and
// ends when the client goes away or the server shuts down (the request's
// context is done). At most maxServerStreams streams follow the server's
// journal at once, and maxSessionStreams each session's; one more gets
// 429 TooManyRequests.
func (h *handler) events(r *http.Request) (any, *graphwire.Error) {
	since, e := h.eventsSince(r)
	if e != nil {
		return nil, e
	}
	limit, whose := maxServerStreams, "the server's journal"
	if r.PathValue("id") != "" {
		limit, whose = maxSessionStreams, "a session's journal"
	}
	if !h.streams.acquire(h.srv, limit) {
		e := graphwire.Errorf(http.StatusTooManyRequests, codeTooManyStreams,
			"%d event streams already follow %s, as many as graphmock allows at once: close one (a page's tab, say) and try again", limit, whose)
		return rawAnswer(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", streamRetryAfter)
			e.WritePlain(w)
		}), nil
	}
	return rawAnswer(func(w http.ResponseWriter, r *http.Request) {
		defer h.streams.release(h.srv)
		h.stream(w, r, newFollower(h.srv, since))
	}), nil
}

// stream writes events until the request's context is done or a write
// fails. Each write first moves the connection's write deadline on, so a
// server's WriteTimeout does not cut a stream that runs for hours.
func (h *handler) stream(w http.ResponseWriter, r *http.Request, f *follower) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(text string) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(eventWriteTime)) // not every writer has one
		if _, err := fmt.Fprint(w, text); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	// The retry field tells EventSource how soon to reconnect.
	if !send("retry: 1000\n\n") {
		return
	}
	keepAlive := time.NewTimer(keepAliveEvery)
	defer keepAlive.Stop()
	for {
		l := f.next(eventChunk)
		var b strings.Builder
		if l.cleared {
			b.WriteString("event: cleared\ndata: {}\n\n")
		}
		if l.missed > 0 {
			fmt.Fprintf(&b, "event: dropped\ndata: {\"missed\":%d,\"next\":%d}\n\n", l.missed, l.next)
		}
		for i := range l.calls {
			data, _ := json.Marshal(summarize(&l.calls[i])) // a summary always encodes
			fmt.Fprintf(&b, "id: %d\nevent: call\ndata: %s\n\n", l.calls[i].Seq, data)
		}
		if b.Len() > 0 {
			if !send(b.String()) {
				return
			}
			keepAlive.Reset(keepAliveEvery)
		}
		if len(l.calls) == eventChunk {
			continue // more backlog to write
		}
		select {
		case <-r.Context().Done():
			return
		case <-h.ended:
			// The session ended or expired: say so, and let go of it.
			send("event: ended\ndata: {}\n\n")
			return
		case <-l.changed:
		case <-keepAlive.C:
			if h.ended != nil {
				h.root.Sessions() // finds the sessions that expired, ending their streams
			}
			if !send(": keep-alive\n\n") {
				return
			}
			keepAlive.Reset(keepAliveEvery)
		}
	}
}
