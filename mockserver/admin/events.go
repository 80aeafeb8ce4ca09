package admin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/mockserver"
)

// How the event stream behaves: how often it looks at the journal, how
// long a quiet stream waits before a keep-alive comment, and how long one
// write may take before the client is given up on.
const (
	pollEvery      = 200 * time.Millisecond
	keepAliveEvery = 15 * time.Second
	eventWriteTime = 30 * time.Second
)

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
	Duration  string             `json:"duration"`
	Batch     string             `json:"batch,omitempty"`
	BatchItem string             `json:"batchItem,omitempty"`
}

func summarize(c *mockserver.Call) callSummary {
	return callSummary{Seq: c.Seq, Time: c.Time, RequestID: c.RequestID, Method: c.Method, Path: c.Path,
		RawQuery: c.RawQuery, Scenario: c.Scenario, Outcome: c.Outcome, Status: c.Status, ErrorCode: c.ErrorCode,
		Closest: c.Closest, Duration: c.Duration.String(), Batch: c.Batch, BatchItem: c.BatchItem}
}

// follower notices what changed in a server's journal since it last
// looked: the calls recorded after the newest it has seen, and whether the
// journal was cleared in between. It reads only the Server's public
// methods, so it needs no hook in the server.
type follower struct {
	srv      *mockserver.Mock
	lastSeq  int64 // the newest call handed out
	recorded int64 // Stats().Recorded when it last looked; -1 before
}

// next returns the calls recorded since the last look, oldest first, and
// whether the journal was cleared since then. It copies the journal only
// when its counters moved.
func (f *follower) next() (calls []mockserver.Call, cleared bool) {
	before := f.srv.Stats().Recorded
	if before == f.recorded {
		return nil, false
	}
	all := f.srv.Calls()
	after := f.srv.Stats().Recorded
	for i := range all {
		if all[i].Seq > f.lastSeq {
			calls = append(calls, all[i])
		}
	}
	// The journal was cleared when it counts fewer calls than it did,
	// plus the new ones. Only a look at a journal that stood still while
	// it was copied can tell.
	cleared = f.recorded >= 0 && before == after && f.recorded+int64(len(calls)) != after
	if len(calls) > 0 {
		f.lastSeq = calls[len(calls)-1].Seq
	}
	f.recorded = after
	if before != after {
		f.recorded = -1 // unknown: the next look cannot tell a clearing
	}
	return calls, cleared
}

// eventsSince reads where a stream starts: after the call named by since=
// or by Last-Event-ID (sent by a reconnecting EventSource), or else after
// the newest call recorded so far, so that only new calls follow.
func (h *handler) eventsSince(r *http.Request) (int64, *graphwire.Error) {
	for key, vs := range r.URL.Query() {
		if key != "since" {
			return 0, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "unknown query parameter %q: use since", key)
		}
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
	var newest int64
	if calls := h.srv.Calls(); len(calls) > 0 {
		newest = calls[len(calls)-1].Seq
	}
	return newest, nil
}

// events answers GET /_graphmock/events: a text/event-stream with an
// event "call" (id: the call's seq; data: its summary as JSON) for each
// call recorded, and an event "cleared" when the journal is cleared. The
// stream looks at the journal every pollEvery, and ends when the client
// goes away or the server shuts down (the request's context is done).
func (h *handler) events(r *http.Request) (any, *graphwire.Error) {
	since, e := h.eventsSince(r)
	if e != nil {
		return nil, e
	}
	return rawAnswer(func(w http.ResponseWriter, r *http.Request) {
		h.stream(w, r, &follower{srv: h.srv, lastSeq: since, recorded: -1})
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
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	quiet := time.Now()
	for {
		calls, cleared := f.next()
		var b strings.Builder
		if cleared {
			b.WriteString("event: cleared\ndata: {}\n\n")
		}
		for i := range calls {
			data, _ := json.Marshal(summarize(&calls[i])) // a summary always encodes
			fmt.Fprintf(&b, "id: %d\nevent: call\ndata: %s\n\n", calls[i].Seq, data)
		}
		if b.Len() == 0 && time.Since(quiet) >= keepAliveEvery {
			b.WriteString(": keep-alive\n\n")
		}
		if b.Len() > 0 {
			if !send(b.String()) {
				return
			}
			quiet = time.Now()
		}
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}
