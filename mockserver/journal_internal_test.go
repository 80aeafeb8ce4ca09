package mockserver

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestJournalKeepsTheNewestCallsAndCountsEveryOne(t *testing.T) {
	j := newJournal(3, 0)
	for i := range 5 {
		j.record(Call{Scenario: "a", Outcome: Served, Path: fmt.Sprint(i)})
	}
	j.record(Call{Outcome: Unmatched, Path: "x"})
	calls := j.calls()
	var paths []string
	for _, c := range calls {
		paths = append(paths, c.Path)
	}
	if got := strings.Join(paths, ","); got != "3,4,x" {
		t.Errorf("kept paths = %s, want the newest three, oldest first: 3,4,x", got)
	}
	if calls[0].Seq != 4 || calls[2].Seq != 6 {
		t.Errorf("sequence numbers = %d..%d, want 4..6", calls[0].Seq, calls[2].Seq)
	}
	if n := j.stats().Scenarios["a"].Calls; n != 5 {
		t.Errorf("Count(a) = %d, want 5 (dropped calls still count)", n)
	}
	want := Stats{Recorded: 6, Kept: 3, Dropped: 3, Served: 5, Unmatched: 1}
	if got := j.stats(); got.Scenarios["a"].Calls != 5 || !reflect.DeepEqual(withoutScenarios(got), want) {
		t.Errorf("stats() = %+v, want %+v", got, want)
	}
}

func TestJournalBoundsItsBytes(t *testing.T) {
	j := newJournal(1000, 64<<10)
	body := make([]byte, 10<<10)
	for range 100 {
		j.record(Call{Body: body, Outcome: Served, Scenario: "big"})
	}
	st := j.stats()
	if st.Kept == 0 || st.Kept > 6 {
		t.Errorf("kept %d calls of 10 KiB within 64 KiB, want 1 to 6", st.Kept)
	}
	if st.Kept+st.Dropped != 100 || j.stats().Scenarios["big"].Calls != 100 {
		t.Errorf("stats = %+v, count = %d: kept + dropped must equal the 100 recorded", st, j.stats().Scenarios["big"].Calls)
	}
}

func TestJournalHandsOutCopies(t *testing.T) {
	j := newJournal(0, 0)
	j.record(Call{Header: http.Header{"A": {"1"}}, Body: []byte("body"), PathVars: map[string]string{"id": "1"}})
	c := j.calls()[0]
	c.Header.Set("A", "2")
	c.Body[0] = 'X'
	c.PathVars["id"] = "2"
	again := j.calls()[0]
	if again.Header.Get("A") != "1" || string(again.Body) != "body" || again.PathVars["id"] != "1" {
		t.Errorf("changing a returned call changed the journal: %+v", again)
	}
}

func TestJournalResetForgetsCallsButNotSequence(t *testing.T) {
	j := newJournal(0, 0)
	j.record(Call{Scenario: "a", Outcome: Served})
	j.reset()
	if len(j.calls()) != 0 || j.stats().Scenarios["a"].Calls != 0 || !reflect.DeepEqual(withoutScenarios(j.stats()), Stats{}) {
		t.Errorf("after reset: calls %v, stats %+v", j.calls(), j.stats())
	}
	if seq := j.record(Call{}); seq != 2 {
		t.Errorf("first sequence after Reset = %d, want 2", seq)
	}
}

func TestJournalConcurrentRecordsAllCounted(t *testing.T) {
	j := newJournal(100, 0)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				j.record(Call{Scenario: fmt.Sprint("s", g%2), Outcome: Served, Path: fmt.Sprint(i)})
				if i%50 == 0 {
					_ = j.calls()
				}
			}
		})
	}
	wg.Wait()
	st := j.stats()
	if st.Recorded != 4000 || st.Kept != 100 || st.Dropped != 3900 {
		t.Errorf("stats = %+v, want 4000 recorded, 100 kept, 3900 dropped", st)
	}
	if j.stats().Scenarios["s0"].Calls+j.stats().Scenarios["s1"].Calls != 4000 {
		t.Errorf("counts %d + %d, want 4000", j.stats().Scenarios["s0"].Calls, j.stats().Scenarios["s1"].Calls)
	}
	calls := j.calls()
	for i := 1; i < len(calls); i++ {
		if calls[i].Seq != calls[i-1].Seq+1 {
			t.Fatalf("calls out of order at %d: %d after %d", i, calls[i].Seq, calls[i-1].Seq)
		}
	}
}

// withoutScenarios returns s without its per-scenario map, for comparing
// the totals.
func withoutScenarios(s Stats) Stats {
	s.Scenarios = nil
	return s
}

func TestHeaderPackingKeepsEveryByte(t *testing.T) {
	h := http.Header{"X-Probe": {"a\x00Injected\x00yes", "second"}, "Empty": {""}, "Long": {strings.Repeat("v", 300)}}
	got := unpackHeader(packHeader(h))
	if len(got) != len(h) {
		t.Fatalf("unpacked %d names, want %d: %q", len(got), len(h), got)
	}
	for k, vs := range h {
		if strings.Join(got[k], "|") != strings.Join(vs, "|") {
			t.Errorf("%s = %q, want %q", k, got[k], vs)
		}
	}
}

// Packing a client's usual headers costs the one string it returns;
// headers past the stack buffer still pack whole.
func TestHeaderPackingAllocatesItsString(t *testing.T) {
	h := http.Header{"Authorization": {"Bearer " + strings.Repeat("t", 200)}, "Content-Type": {"application/json"}, "Content-Length": {"204"}}
	if n := testing.AllocsPerRun(100, func() { _ = packHeader(h) }); n != 1 {
		t.Errorf("packHeader made %v allocations, want 1", n)
	}
	big := http.Header{"Authorization": {strings.Repeat("t", 4000)}, "X-A": {"1", "2"}}
	if got := unpackHeader(packHeader(big)); got.Get("Authorization") != big.Get("Authorization") || len(got["X-A"]) != 2 {
		t.Errorf("a header past the stack buffer came back as %d bytes, %q", len(got.Get("Authorization")), got["X-A"])
	}
}

func TestJournalSinceReadsOnlyWhatIsAfterTheCursor(t *testing.T) {
	record := func(j *journal, n int) {
		for range n {
			j.record(Call{Outcome: Served, Scenario: "a"})
		}
	}
	tests := []struct {
		name    string
		cap     int
		build   func(j *journal)
		since   int64
		limit   int
		seqs    []int64
		window  JournalWindow
		missed  bool
		nMissed int64
	}{
		{name: "empty", cap: 3, build: func(*journal) {}, since: 0,
			window: JournalWindow{}},
		{name: "empty, reader from the future", cap: 3, build: func(*journal) {}, since: 7,
			window: JournalWindow{}},
		{name: "all after zero", cap: 5, build: func(j *journal) { record(j, 3) }, since: 0,
			seqs: []int64{1, 2, 3}, window: JournalWindow{First: 1, Last: 3}},
		{name: "only the new ones", cap: 5, build: func(j *journal) { record(j, 4) }, since: 2,
			seqs: []int64{3, 4}, window: JournalWindow{First: 1, Last: 4}},
		{name: "reader up to date", cap: 5, build: func(j *journal) { record(j, 4) }, since: 4,
			window: JournalWindow{First: 1, Last: 4}},
		{name: "cap rollover, reader kept up", cap: 3, build: func(j *journal) { record(j, 7) }, since: 4,
			seqs: []int64{5, 6, 7}, window: JournalWindow{First: 5, Last: 7}},
		{name: "cap rollover, reader fell behind", cap: 3, build: func(j *journal) { record(j, 7) }, since: 2,
			seqs: []int64{5, 6, 7}, window: JournalWindow{First: 5, Last: 7}, missed: true, nMissed: 2},
		{name: "cap rollover, new reader", cap: 3, build: func(j *journal) { record(j, 7) }, since: 0,
			seqs: []int64{5, 6, 7}, window: JournalWindow{First: 5, Last: 7}, missed: true, nMissed: 4},
		{name: "reset, reader had seen all", cap: 5, build: func(j *journal) { record(j, 3); j.reset() }, since: 3,
			window: JournalWindow{Last: 3, Resets: 1}},
		{name: "reset, reader had not", cap: 5, build: func(j *journal) { record(j, 3); j.reset() }, since: 1,
			window: JournalWindow{Last: 3, Resets: 1}, missed: true, nMissed: 2},
		{name: "reset then new calls", cap: 5, build: func(j *journal) { record(j, 3); j.reset(); record(j, 2) }, since: 3,
			seqs: []int64{4, 5}, window: JournalWindow{First: 4, Last: 5, Resets: 1}},
		{name: "reset then new calls, reader behind", cap: 5, build: func(j *journal) { record(j, 3); j.reset(); record(j, 2) }, since: 2,
			seqs: []int64{4, 5}, window: JournalWindow{First: 4, Last: 5, Resets: 1}, missed: true, nMissed: 1},
		{name: "limit takes the oldest after the cursor", cap: 10, build: func(j *journal) { record(j, 8) }, since: 3, limit: 2,
			seqs: []int64{4, 5}, window: JournalWindow{First: 1, Last: 8}},
		{name: "limit above what there is", cap: 10, build: func(j *journal) { record(j, 4) }, since: 1, limit: 100,
			seqs: []int64{2, 3, 4}, window: JournalWindow{First: 1, Last: 4}},
		{name: "limit after rollover", cap: 3, build: func(j *journal) { record(j, 9) }, since: 0, limit: 1,
			seqs: []int64{7}, window: JournalWindow{First: 7, Last: 9}, missed: true, nMissed: 6},
		{name: "negative cursor", cap: 3, build: func(j *journal) { record(j, 2) }, since: -5,
			seqs: []int64{1, 2}, window: JournalWindow{First: 1, Last: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := newJournal(tt.cap, 0)
			tt.build(j)
			calls, w := j.since(tt.since, tt.limit)
			var seqs []int64
			for _, c := range calls {
				seqs = append(seqs, c.Seq)
			}
			if !reflect.DeepEqual(seqs, tt.seqs) {
				t.Errorf("since(%d, %d) seqs = %v, want %v", tt.since, tt.limit, seqs, tt.seqs)
			}
			if w.Changed == nil {
				t.Error("the window has no Changed channel")
			}
			w.Changed = nil
			if w != tt.window {
				t.Errorf("window = %+v, want %+v", w, tt.window)
			}
			if got := w.Missed(tt.since); got != tt.nMissed || (got > 0) != tt.missed {
				t.Errorf("Missed(%d) = %d, want %d", tt.since, got, tt.nMissed)
			}
		})
	}
}

func TestJournalCallFindsAKeptCallBySeq(t *testing.T) {
	j := newJournal(3, 0)
	for i := range 5 {
		j.record(Call{Path: fmt.Sprint("/", i+1)})
	}
	for seq := int64(-1); seq <= 7; seq++ {
		c, ok := j.call(seq)
		if want := seq >= 3 && seq <= 5; ok != want {
			t.Errorf("call(%d) found = %v, want %v (journal keeps 3..5)", seq, ok, want)
			continue
		}
		if ok && (c.Seq != seq || c.Path != fmt.Sprint("/", seq)) {
			t.Errorf("call(%d) = seq %d path %s", seq, c.Seq, c.Path)
		}
	}
	j.reset()
	if _, ok := j.call(5); ok {
		t.Error("call(5) found a call after reset")
	}
}

func TestJournalSinceHandsOutCopies(t *testing.T) {
	j := newJournal(0, 0)
	j.record(Call{Header: http.Header{"A": {"1"}}, Body: []byte("body")})
	calls, _ := j.since(0, 0)
	calls[0].Header.Set("A", "2")
	calls[0].Body[0] = 'X'
	again, _ := j.call(1)
	if again.Header.Get("A") != "1" || string(again.Body) != "body" {
		t.Errorf("changing a copy changed the journal: %v %q", again.Header, again.Body)
	}
}

func TestJournalWindowChangedClosesAtTheNextRecordOrReset(t *testing.T) {
	j := newJournal(2, 0)
	closed := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}
	_, w := j.since(0, 0)
	_, again := j.since(0, 0)
	if closed(w.Changed) || w.Changed != again.Changed {
		t.Fatal("a window of an unchanged journal is closed, or two such windows wait on different channels")
	}
	j.stats()
	j.calls()
	if closed(w.Changed) {
		t.Error("reading the journal closed Changed")
	}
	j.record(Call{})
	if !closed(w.Changed) {
		t.Error("recording a call did not close Changed")
	}
	_, w = j.since(1, 0)
	if closed(w.Changed) {
		t.Error("the window after the record is already closed")
	}
	j.reset()
	if !closed(w.Changed) {
		t.Error("a reset did not close Changed")
	}
	for range 3 {
		j.record(Call{}) // no window out: nothing to close, nothing allocated
	}
	if j.changed != nil {
		t.Error("records made a channel no reader asked for")
	}
}
