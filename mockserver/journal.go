package mockserver

import (
	"encoding/binary"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/graphmock/graphmock/internal/bounds"
	"github.com/graphmock/graphmock/internal/graphwire"
)

// Outcome says how graphmock answered a call.
type Outcome string

// The outcomes of a call.
const (
	// Served: the call matched a scenario, passed its checks and got the
	// scenario's response.
	Served Outcome = "served"
	// Rejected: the call matched a scenario but failed a check (token,
	// Content-Type, body) and got a Graph error instead.
	Rejected Outcome = "rejected"
	// Unmatched: no scenario answers the call; it got a 404 or 405.
	Unmatched Outcome = "unmatched"
	// Skipped: a request in a JSON batch that was not run because a
	// request it depends on failed; graphmock answered it 424 itself.
	Skipped Outcome = "skipped"
	// Simulated: no scenario matched the call, and the mock's simulation
	// answered it. Verify does not count it as unmatched.
	Simulated Outcome = "simulated"
)

// BatchScenario is the name under which the journal records JSON batch
// requests (POST /{version}/$batch) themselves; each request inside a batch
// is recorded as a call of its own, linked to the batch by Call.Batch. Use
// it with CallsTo, AssertCalled and Stats like a scenario name.
const BatchScenario = "$batch"

// A Violation is one way a request body breaks its scenario's JSON
// Schema, or a batch breaks Graph's rules: the JSON pointer of the value
// at fault (Field, "" for the whole body), a Code naming the rule, and a
// Message. It is an entry of the Graph error's details.
type Violation struct {
	Field   string `json:"target"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// String renders the violation as "/pointer: message", "(body)" standing
// for the whole body.
func (v Violation) String() string {
	return graphwire.Violation{Field: v.Field, Code: v.Code, Message: v.Message}.String()
}

// violations returns the journal's copy of a Graph error's details.
func violations(vs []graphwire.Violation) []Violation {
	if len(vs) == 0 {
		return nil
	}
	out := make([]Violation, len(vs))
	for i, v := range vs {
		out[i] = Violation{Field: v.Field, Code: v.Code, Message: v.Message}
	}
	return out
}

// A Call is one request graphmock received and what it answered. Calls
// handed out by a [Server] are copies: changing them changes nothing else.
// Body is the body as decoded: a gzip body is recorded decompressed, while
// Header keeps the Content-Encoding it arrived with.
type Call struct {
	Seq       int64         `json:"seq"`       // 1 for the first call a journal recorded, and so on
	Time      time.Time     `json:"time"`      // when the request arrived
	Duration  time.Duration `json:"duration"`  // how long answering took
	RequestID string        `json:"requestId"` // the request-id header sent back

	Method   string            `json:"method"`
	Path     string            `json:"path"`            // the path as sent, percent-encoded; in a session reached by URL, without its /_s/{id}
	RawQuery string            `json:"query,omitempty"` // the query as sent, without '?'
	Header   http.Header       `json:"headers"`
	Body     []byte            `json:"body"`
	PathVars map[string]string `json:"pathVars,omitempty"` // decoded path variables of the matched scenario

	Scenario   string      `json:"scenario,omitempty"` // the matched scenario, "" when unmatched
	Outcome    Outcome     `json:"outcome"`
	Response   int         `json:"response,omitempty"`   // which of the scenario's responses was given, from 0
	Chaos      bool        `json:"chaos,omitempty"`      // a chaos error replaced the scenario's response
	Status     int         `json:"status"`               // the status sent; 0 when the client left before the answer
	ErrorCode  string      `json:"errorCode,omitempty"`  // the Graph error code sent, if any
	Problem    string      `json:"problem,omitempty"`    // why the call was rejected or unmatched, or went unanswered
	Closest    string      `json:"closest,omitempty"`    // for unmatched calls, the closest scenario
	NearMiss   *NearMiss   `json:"nearMiss,omitempty"`   // for unmatched calls, the closest scenario and what differed
	Entity     string      `json:"entity,omitempty"`     // for a simulated call, the store path of the entity it touched, such as users/{id}
	Ignored    []string    `json:"ignored,omitempty"`    // for a simulated call, the query options it ignored as Graph does, such as $count
	Violations []Violation `json:"violations,omitempty"` // for a rejected body, what is wrong with it

	Batch     string `json:"batch,omitempty"`     // for a request inside a JSON batch, the batch's request id
	BatchItem string `json:"batchItem,omitempty"` // and its id within the batch
}

// clone returns a deep copy of c.
func (c Call) clone() Call {
	if c.Header != nil {
		c.Header = c.Header.Clone()
	}
	c.Body = slices.Clone(c.Body)
	if c.PathVars != nil {
		vars := make(map[string]string, len(c.PathVars))
		for k, v := range c.PathVars {
			vars[k] = v
		}
		c.PathVars = vars
	}
	c.Violations = slices.Clone(c.Violations)
	c.Ignored = slices.Clone(c.Ignored)
	c.NearMiss = c.NearMiss.clone()
	return c
}

// keptCall is a call as the journal holds it: its headers packed into one
// string, so that a kept call is a handful of objects for the garbage
// collector to walk instead of a map of slices, and the request's own
// header map can be freed.
type keptCall struct {
	Call          // with Header nil
	header string // packHeader's form of Header
}

// call returns a copy of the kept call, with its headers unpacked.
func (k *keptCall) call() Call {
	c := k.Call.clone()
	c.Header = unpackHeader(k.header)
	return c
}

// packHeader writes h as a sequence of name and value pairs, one pair
// per value, each string preceded by its length (a uvarint). Lengths,
// not separators, delimit the strings, so whatever bytes a name or value
// holds, unpackHeader gives back exactly what was packed. The pairs are
// built on the stack when they fit, as a client's usual headers do.
func packHeader(h http.Header) string {
	if len(h) == 0 {
		return ""
	}
	var scratch [512]byte
	b := scratch[:0]
	for k, vs := range h {
		for _, v := range vs {
			b = binary.AppendUvarint(b, uint64(len(k)))
			b = append(b, k...)
			b = binary.AppendUvarint(b, uint64(len(v)))
			b = append(b, v...)
		}
	}
	return string(b)
}

// unpackHeader rebuilds the header packHeader wrote.
func unpackHeader(s string) http.Header {
	h := make(http.Header)
	next := func() string {
		n, size := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
		v := s[size : size+int(n)]
		s = s[size+int(n):]
		return v
	}
	for s != "" {
		k := next()
		h[k] = append(h[k], next())
	}
	return h
}

// size estimates the memory a recorded call holds.
func (c *Call) size() int64 {
	n := 512 + len(c.Body) + len(c.Path) + len(c.RawQuery) + len(c.Problem) + len(c.Batch) + len(c.BatchItem) + c.NearMiss.size()
	// PathVars are not counted: a server shares them between the calls to
	// one path (they come from its route memo).
	for _, v := range c.Violations {
		n += len(v.Field) + len(v.Code) + len(v.Message) + 48
	}
	return int64(n)
}

// A journal records calls, keeping the newest within a bound on their
// number and size; older calls are dropped and counted. Per-scenario
// counters cover every call ever recorded, dropped or not, so counts never
// lie. A journal is safe for concurrent use.
type journal struct {
	limit    int
	maxBytes int64

	mu      sync.Mutex // guards the fields below
	ring    []keptCall // grows to limit, then wraps
	sizes   []int64    // sizes[i] is ring[i].size(), computed once
	start   int        // index of the oldest kept call
	kept    int
	bytes   int64
	seq     int64
	dropped int64
	resets  int64
	changed chan struct{} // closed at the next record or reset; nil until a window hands it out
	byName  map[string]*ScenarioStats
	totals  Stats // without Scenarios, Kept and Dropped
}

// ScenarioStats counts the calls that matched one scenario.
type ScenarioStats struct {
	Calls    int64 `json:"calls"`    // calls that matched the scenario, served or rejected
	Rejected int64 `json:"rejected"` // of those, calls that failed its checks
}

// Stats sums up a server's calls since it started or was last reset.
// Served + Rejected + Unmatched + Skipped + Simulated = Recorded.
type Stats struct {
	Recorded  int64 `json:"recorded"`  // every call recorded
	Kept      int64 `json:"kept"`      // calls still held
	Dropped   int64 `json:"dropped"`   // calls dropped to stay within the bounds
	Served    int64 `json:"served"`    // calls answered with a scenario's response
	Rejected  int64 `json:"rejected"`  // calls that matched a scenario but failed its checks
	Unmatched int64 `json:"unmatched"` // calls no scenario answered
	Skipped   int64 `json:"skipped"`   // batch requests not run because a dependency failed
	Simulated int64 `json:"simulated"` // calls no scenario matched that the simulation answered
	// Scenarios counts the calls to each scenario, by name.
	Scenarios map[string]ScenarioStats `json:"-"`
}

// newJournal returns a journal keeping at most limit calls and about
// maxBytes of them. Zero or negative bounds take the defaults.
func newJournal(limit int, maxBytes int64) *journal {
	if limit <= 0 {
		limit = bounds.JournalLimit
	}
	if maxBytes <= 0 {
		maxBytes = bounds.JournalMaxBytes
	}
	return &journal{limit: limit, maxBytes: maxBytes, byName: make(map[string]*ScenarioStats)}
}

// record adds c, giving it the next sequence number, and returns that
// number. The journal keeps c's header, body and variables as they are: the
// caller must not change them afterwards.
func (j *journal) record(c Call) int64 {
	kept := keptCall{header: packHeader(c.Header)}
	c.Header = nil
	kept.Call = c
	size := c.size() + int64(len(kept.header))
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	c.Seq = j.seq
	kept.Seq = j.seq
	j.totals.Recorded++
	switch c.Outcome {
	case Served:
		j.totals.Served++
	case Rejected:
		j.totals.Rejected++
	case Unmatched:
		j.totals.Unmatched++
	case Skipped:
		j.totals.Skipped++
	case Simulated:
		j.totals.Simulated++
	}
	if c.Scenario != "" {
		st := j.byName[c.Scenario]
		if st == nil {
			st = new(ScenarioStats)
			j.byName[c.Scenario] = st
		}
		st.Calls++
		if c.Outcome == Rejected {
			st.Rejected++
		}
	}
	for j.kept > 0 && (j.kept >= j.limit || j.bytes+size > j.maxBytes) {
		j.dropOldest()
	}
	if j.kept == len(j.ring) {
		// Full but below limit (the loop above made room otherwise): grow,
		// putting the calls back in order first.
		if j.start != 0 {
			j.ring = slices.Concat(j.ring[j.start:], j.ring[:j.start])
			j.sizes = slices.Concat(j.sizes[j.start:], j.sizes[:j.start])
			j.start = 0
		}
		j.ring = append(j.ring, kept)
		j.sizes = append(j.sizes, size)
	} else {
		i := (j.start + j.kept) % len(j.ring)
		j.ring[i] = kept
		j.sizes[i] = size
	}
	j.kept++
	j.bytes += size
	j.notify()
	return c.Seq
}

// notify wakes the readers waiting on the last window handed out; the
// caller holds j.mu.
func (j *journal) notify() {
	if j.changed != nil {
		close(j.changed)
		j.changed = nil
	}
}

func (j *journal) dropOldest() {
	j.bytes -= j.sizes[j.start]
	j.ring[j.start] = keptCall{} // let the garbage collector have it
	j.start = (j.start + 1) % len(j.ring)
	j.kept--
	j.dropped++
	if j.kept == 0 {
		j.start = 0
		j.ring = j.ring[:0]
		j.sizes = j.sizes[:0]
	}
}

// calls returns copies of the kept calls, oldest first.
func (j *journal) calls() []Call {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Call, j.kept)
	for i := range j.kept {
		out[i] = j.ring[(j.start+i)%len(j.ring)].call()
	}
	return out
}

// window returns the journal's window; the caller holds j.mu.
func (j *journal) window() JournalWindow {
	if j.changed == nil {
		j.changed = make(chan struct{})
	}
	w := JournalWindow{Last: j.seq, Resets: j.resets, Changed: j.changed}
	if j.kept > 0 {
		w.First = j.ring[j.start].Seq
	}
	return w
}

// since returns copies of the kept calls after seq, oldest first, at most
// limit of them (all when limit <= 0), and the journal's window. Kept
// calls have consecutive sequence numbers, so the first one to copy is
// found by arithmetic, and nothing before it is touched.
func (j *journal) since(seq int64, limit int) ([]Call, JournalWindow) {
	j.mu.Lock()
	defer j.mu.Unlock()
	w := j.window()
	if j.kept == 0 || seq >= w.Last {
		return nil, w
	}
	from := 0 // index of the first call to copy, from the oldest kept
	if seq >= w.First {
		from = int(seq - w.First + 1)
	}
	n := j.kept - from
	if limit > 0 && n > limit {
		n = limit
	}
	out := make([]Call, n)
	for i := range n {
		out[i] = j.ring[(j.start+from+i)%len(j.ring)].call()
	}
	return out, w
}

// call returns a copy of the kept call seq.
func (j *journal) call(seq int64) (Call, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.kept == 0 {
		return Call{}, false
	}
	first := j.ring[j.start].Seq
	if seq < first || seq >= first+int64(j.kept) {
		return Call{}, false
	}
	return j.ring[(j.start+int(seq-first))%len(j.ring)].call(), true
}

// stats returns the journal's counters.
func (j *journal) stats() Stats {
	j.mu.Lock()
	defer j.mu.Unlock()
	s := j.totals
	s.Kept = int64(j.kept)
	s.Dropped = j.dropped
	s.Scenarios = make(map[string]ScenarioStats, len(j.byName))
	for name, st := range j.byName {
		s.Scenarios[name] = *st
	}
	return s
}

// reset forgets every call and counter. Sequence numbers continue, so a
// call is never confused with one from before the reset.
func (j *journal) reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.ring, j.sizes = nil, nil
	j.start, j.kept, j.bytes, j.dropped = 0, 0, 0, 0
	j.resets++
	j.notify()
	j.byName = make(map[string]*ScenarioStats)
	j.totals = Stats{}
}

// A JournalWindow says which calls a journal holds at one moment: the
// sequence numbers of the oldest call it keeps and of the newest it ever
// recorded, and how many times it was reset. The calls it keeps have
// consecutive sequence numbers, First to Last; the calls before First
// were dropped, to keep the journal within its bounds or by Reset.
type JournalWindow struct {
	// First is the Seq of the oldest call kept, 0 when none is.
	First int64 `json:"first"`
	// Last is the Seq of the newest call recorded, kept or not, 0 before
	// the first call. Sequence numbers go on across Reset.
	Last int64 `json:"last"`
	// Resets counts the times the journal was reset (Server.Reset).
	Resets int64 `json:"resets"`
	// Changed is closed as soon as the journal changes after this window:
	// a call is recorded or the journal is reset. A reader that has read
	// everything waits on it instead of polling.
	Changed <-chan struct{} `json:"-"`
}

// Missed returns how many calls a reader that has seen every call up to
// seq missed, 0 when none: calls after seq that were recorded and dropped
// before it could read them, by the journal's bounds or by Reset.
func (w JournalWindow) Missed(seq int64) int64 {
	seq = max(seq, 0)
	switch {
	case w.First == 0 && seq < w.Last:
		return w.Last - seq
	case w.First != 0 && seq+1 < w.First:
		return w.First - 1 - seq
	}
	return 0
}

// CallsSince returns copies of the kept calls whose Seq is greater than
// seq, oldest first, at most limit of them (every one when limit is 0 or
// less), and the journal's window at that moment. Only the calls returned
// are copied, so a reader that polls with the Seq of the last call it saw
// pays for the new calls alone, whatever the journal holds; a seq at or
// after window.Last copies nothing, and reads the window alone. When
// window.Missed(seq) is not 0, calls after seq were dropped before the
// reader saw them.
func (m *Mock) CallsSince(seq int64, limit int) ([]Call, JournalWindow) {
	return m.journal.since(seq, limit)
}

// Call returns a copy of the kept call with sequence number seq, and
// whether the journal keeps it.
func (m *Mock) Call(seq int64) (Call, bool) { return m.journal.call(seq) }
