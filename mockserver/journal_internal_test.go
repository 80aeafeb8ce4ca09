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
