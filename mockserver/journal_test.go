package mockserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

func TestJournalKeepsTheNewestCallsAndCountsEveryOne(t *testing.T) {
	j := mockserver.NewJournal(3, 0)
	for i := range 5 {
		j.Record(mockserver.Call{Scenario: "a", Outcome: mockserver.Served, Path: fmt.Sprint(i)})
	}
	j.Record(mockserver.Call{Outcome: mockserver.Unmatched, Path: "x"})
	calls := j.Calls()
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
	if n := j.Count("a"); n != 5 {
		t.Errorf("Count(a) = %d, want 5 (dropped calls still count)", n)
	}
	want := mockserver.JournalStats{Recorded: 6, Kept: 3, Dropped: 3, Served: 5, Unmatched: 1}
	if got := j.Stats(); got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
	if c, ok := j.Call(5); !ok || c.Path != "4" {
		t.Errorf("Call(5) = %+v, %v; want the call with path 4", c, ok)
	}
	if last, ok := j.Last(); !ok || last.Path != "x" {
		t.Errorf("Last() = %+v, %v; want the unmatched call x", last, ok)
	}
	if _, ok := j.Call(2); ok {
		t.Error("Call(2) found a dropped call")
	}
}

func TestJournalBoundsItsBytes(t *testing.T) {
	j := mockserver.NewJournal(1000, 64<<10)
	body := make([]byte, 10<<10)
	for range 100 {
		j.Record(mockserver.Call{Body: body, Outcome: mockserver.Served, Scenario: "big"})
	}
	st := j.Stats()
	if st.Kept == 0 || st.Kept > 6 {
		t.Errorf("kept %d calls of 10 KiB within 64 KiB, want 1 to 6", st.Kept)
	}
	if st.Kept+st.Dropped != 100 || j.Count("big") != 100 {
		t.Errorf("stats = %+v, count = %d: kept + dropped must equal the 100 recorded", st, j.Count("big"))
	}
}

func TestJournalHandsOutCopies(t *testing.T) {
	j := mockserver.NewJournal(0, 0)
	j.Record(mockserver.Call{Header: http.Header{"A": {"1"}}, Body: []byte("body"), PathVars: map[string]string{"id": "1"}})
	c := j.Calls()[0]
	c.Header.Set("A", "2")
	c.Body[0] = 'X'
	c.PathVars["id"] = "2"
	again := j.Calls()[0]
	if again.Header.Get("A") != "1" || string(again.Body) != "body" || again.PathVars["id"] != "1" {
		t.Errorf("changing a returned call changed the journal: %+v", again)
	}
}

func TestJournalResetForgetsCallsButNotSequence(t *testing.T) {
	j := mockserver.NewJournal(0, 0)
	j.Record(mockserver.Call{Scenario: "a", Outcome: mockserver.Served})
	j.Reset()
	if len(j.Calls()) != 0 || j.Count("a") != 0 || j.Stats() != (mockserver.JournalStats{}) {
		t.Errorf("after Reset: calls %v, count %d, stats %+v", j.Calls(), j.Count("a"), j.Stats())
	}
	if seq := j.Record(mockserver.Call{}); seq != 2 {
		t.Errorf("first sequence after Reset = %d, want 2", seq)
	}
}

func TestJournalConcurrentRecordsAllCounted(t *testing.T) {
	j := mockserver.NewJournal(100, 0)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				j.Record(mockserver.Call{Scenario: fmt.Sprint("s", g%2), Outcome: mockserver.Served, Path: fmt.Sprint(i)})
				if i%50 == 0 {
					_ = j.Calls()
				}
			}
		})
	}
	wg.Wait()
	st := j.Stats()
	if st.Recorded != 4000 || st.Kept != 100 || st.Dropped != 3900 {
		t.Errorf("stats = %+v, want 4000 recorded, 100 kept, 3900 dropped", st)
	}
	if j.Count("s0")+j.Count("s1") != 4000 {
		t.Errorf("counts %d + %d, want 4000", j.Count("s0"), j.Count("s1"))
	}
	calls := j.Calls()
	for i := 1; i < len(calls); i++ {
		if calls[i].Seq != calls[i-1].Seq+1 {
			t.Fatalf("calls out of order at %d: %d after %d", i, calls[i].Seq, calls[i-1].Seq)
		}
	}
}

// TestServerJournalUnderConcurrentLoad sends a mix of valid, invalid and
// unmatched requests from many goroutines: every call must be recorded,
// with the right outcome, and the counters must add up.
func TestServerJournalUnderConcurrentLoad(t *testing.T) {
	srv := newDefaultServer(t)
	const workers, perWorker = 8, 150
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				switch (w + i) % 3 {
				case 0:
					if r := srv.do(t, "POST", chatRefPath, validChatBody, validHeaders()); r.status != 204 {
						t.Errorf("valid: %d", r.status)
					}
				case 1:
					if r := srv.do(t, "POST", chatRefPath, `{"chatType":"direct"}`, validHeaders()); r.status != 400 {
						t.Errorf("invalid: %d", r.status)
					}
				case 2:
					if r := srv.do(t, "GET", "/beta/me", "", validHeaders()); r.status != 404 {
						t.Errorf("unmatched: %d", r.status)
					}
				}
			}
		})
	}
	wg.Wait()
	st := srv.Journal().Stats()
	total := int64(workers * perWorker)
	if st.Recorded != total || st.Served+st.Rejected+st.Unmatched != total {
		t.Fatalf("stats = %+v, want %d calls, each served, rejected or unmatched", st, total)
	}
	if st.Served != total/3 || st.Rejected != total/3 || st.Unmatched != total/3 {
		t.Errorf("stats = %+v, want a third of each", st)
	}
	if got := srv.Journal().Count("add-chat"); got != 2*total/3 {
		t.Errorf("Count(add-chat) = %d, want %d (served and rejected)", got, 2*total/3)
	}
	seen := map[string]bool{}
	for _, c := range srv.Calls() {
		if seen[c.RequestID] {
			t.Fatalf("request id %s recorded twice", c.RequestID)
		}
		seen[c.RequestID] = true
		if c.Outcome == mockserver.Rejected && (len(c.Violations) == 0 || c.Violations[0].Field != "/chatType") {
			t.Errorf("rejected call without its violation: %+v", c.Violations)
		}
		if c.Outcome == mockserver.Unmatched && (c.Closest == "" || c.Problem == "") {
			t.Errorf("unmatched call without closest scenario and problem: %+v", c)
		}
	}
	if int64(len(seen)) != total {
		t.Errorf("journal kept %d calls, want all %d", len(seen), total)
	}
}
