package browser

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestThePageKeepsUpWithTenThousandCalls fills the journal to its default
// bound and checks that the page loads it, draws only the rows in sight,
// and still shows a new call within a second.
func TestThePageKeepsUpWithTenThousandCalls(t *testing.T) {
	freshStart(t)
	const n = 10000
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for next.Add(1) <= n {
				if status := graph(t, "GET", "/beta/chats/c1/installedApps/a1/chat", ""); status != 200 {
					t.Errorf("status %d", status)
					return
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	// Sequence numbers go on across resets (and across -count runs of the
	// tests against one server): take the ends from the journal.
	journal := calls(t)
	if len(journal) != n {
		t.Fatalf("the journal holds %d calls, want %d", len(journal), n)
	}
	first, last := journal[0].Seq, journal[n-1].Seq // oldest first

	tab := newTab(t)
	start := time.Now()
	do(t, tab, "opening the page", chromedp.Navigate(s.url+"/_graphmock/ui/"))
	waitJS(t, tab, "all the calls", fmt.Sprintf(`document.querySelector("#count").textContent === "%d calls"`, n), 10*time.Second)
	t.Logf("the page showed %d calls %v after it was opened", n, time.Since(start).Round(time.Millisecond))
	if drawn := eval[int](t, tab, `document.querySelectorAll("#rows .row").length`); drawn == 0 || drawn > 100 {
		t.Errorf("%d rows drawn, want only those in sight (at most 100)", drawn)
	}

	do(t, tab, "pressing Home in the list", chromedp.Focus(chromedp.CSS("#list")), chromedp.KeyEvent(kb.Home))
	waitJS(t, tab, "the first call selected", fmt.Sprintf(`document.querySelector('#rows .row[aria-selected="true"]')?.dataset.seq === "%d"`, first), 2*time.Second)
	do(t, tab, "pressing End", chromedp.KeyEvent(kb.End))
	waitJS(t, tab, "the last call selected and in sight", fmt.Sprintf(`(r => r && r.dataset.seq === "%d" && r.getBoundingClientRect().bottom <= document.querySelector("#list").getBoundingClientRect().bottom + 1)(document.querySelector('#rows .row[aria-selected="true"]'))`, last), 2*time.Second)

	graph(t, "POST", chatRef, `{"chatType": "group"}`)
	took := waitJS(t, tab, "a new call", fmt.Sprintf(`document.querySelector("#count").textContent === "%d calls"`, n+1), time.Second)
	t.Logf("a new call showed after %v with %d in the list", took.Round(time.Millisecond), n)
}
