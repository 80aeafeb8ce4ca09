package mockserver_test

import (
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

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
	st := srv.Stats()
	total := int64(workers * perWorker)
	if st.Recorded != total || st.Served+st.Rejected+st.Unmatched != total {
		t.Fatalf("stats = %+v, want %d calls, each served, rejected or unmatched", st, total)
	}
	if st.Served != total/3 || st.Rejected != total/3 || st.Unmatched != total/3 {
		t.Errorf("stats = %+v, want a third of each", st)
	}
	if got := srv.Stats().Scenarios["add-chat"].Calls; got != 2*total/3 {
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
