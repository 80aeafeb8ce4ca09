package browser

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/graphmock/graphmock/mockserver"
)

// rows is the JavaScript for the seqs of the rows the list shows, in
// order.
const rows = `[...document.querySelectorAll("#rows .row")].map(r => Number(r.dataset.seq))`

// findCall returns the first call in the journal that ok accepts.
func findCall(t *testing.T, journal []mockserver.Call, what string, ok func(c *mockserver.Call) bool) mockserver.Call {
	t.Helper()
	for i := range journal {
		if ok(&journal[i]) {
			return journal[i]
		}
	}
	t.Fatalf("no %s in the journal", what)
	return mockserver.Call{}
}

func TestThePageShowsTheJournal(t *testing.T) {
	freshStart(t)
	tab := newTab(t)
	do(t, tab, "opening the page", chromedp.Navigate(s.url+"/_graphmock/ui/"))
	waitJS(t, tab, "the page following the journal", `document.querySelector("#live").textContent === "live"`, 5*time.Second)
	if proto := eval[string](t, tab, `location.protocol + " " + document.title`); proto != "https: graphmock · journal" {
		t.Fatalf("the page is %q, want graphmock's page over https", proto)
	}

	// Each call of the story appears within a second, without reloading.
	statuses := []int{}
	for i, send := range storySteps() {
		statuses = append(statuses, send(t))
		n := len(calls(t))
		took := waitJS(t, tab, fmt.Sprintf("step %d's rows", i+1), fmt.Sprintf(`document.querySelectorAll("#rows .row").length === %d`, n), time.Second)
		t.Logf("step %d: %d rows after %v", i+1, n, took.Round(time.Millisecond))
	}
	if want := []int{204, 400, 400, 200, 429, 200}; !slices.Equal(statuses, want) {
		t.Fatalf("the story's statuses = %v, want %v", statuses, want)
	}
	journal := calls(t)
	rejected := findCall(t, journal, "rejected call", func(c *mockserver.Call) bool { return c.Outcome == mockserver.Rejected })
	unmatched := findCall(t, journal, "near miss", func(c *mockserver.Call) bool { return c.Closest == "add-chat" })
	batch := findCall(t, journal, "batch", func(c *mockserver.Call) bool { return c.Scenario == mockserver.BatchScenario })

	t.Run("batch items are listed under their batch", func(t *testing.T) {
		var want []int64
		for _, c := range journal {
			if c.Batch == "" {
				want = append(want, c.Seq)
			}
			if c.Seq == batch.Seq {
				for _, item := range journal {
					if item.Batch == batch.RequestID {
						want = append(want, item.Seq)
					}
				}
			}
		}
		if got := eval[[]int64](t, tab, rows); !slices.Equal(got, want) {
			t.Errorf("rows = %v, want %v", got, want)
		}
		if n := eval[int](t, tab, `document.querySelectorAll("#rows .row.nested").length`); n != 2 {
			t.Errorf("%d nested rows, want the batch's 2 items", n)
		}
	})

	t.Run("a rejected body has its violations highlighted", func(t *testing.T) {
		click(t, tab, "selecting the rejected call", fmt.Sprintf(`#rows .row[data-seq="%d"]`, rejected.Seq))
		waitJS(t, tab, "the violations", `document.querySelectorAll("#detail .json .violation").length > 0`, 3*time.Second)
		got := eval[[]string](t, tab, `[...document.querySelectorAll("#detail .json .violation")].map(n => n.dataset.ptr).sort()`)
		var want []string
		for _, v := range rejected.Violations {
			want = append(want, v.Field)
		}
		slices.Sort(want)
		if !slices.Equal(got, want) || !slices.Contains(got, "/chatType") {
			t.Errorf("highlighted pointers = %v, want the violations' %v", got, want)
		}
		if text := eval[string](t, tab, `document.querySelector('#detail .json .violation[data-ptr="/chatType"]').textContent`); text != `"direct"` {
			t.Errorf("highlighted /chatType = %s, want the value sent", text)
		}
		if list := eval[string](t, tab, `document.querySelector("#detail ul.violations").innerText`); !strings.Contains(list, "/chatType") || !strings.Contains(list, "enum") {
			t.Errorf("the violation list says %q, want /chatType and its rule", list)
		}
		auth := eval[string](t, tab, `[...document.querySelectorAll("#detail table.headers tr")].find(r => r.querySelector("th").textContent === "Authorization").querySelector("td").textContent`)
		if strings.Contains(auth, "test-token-for-the-page") || !strings.HasPrefix(auth, "Bearer eyJ0eX") {
			t.Errorf("the token shows as %q, want it shortened", auth)
		}
		eval[bool](t, tab, `(document.querySelector("#detail ul.violations").previousElementSibling.scrollIntoView(), true)`)
		screenshot(t, tab, "ui-rejected.png")
	})

	t.Run("a near miss names the segment that differs", func(t *testing.T) {
		click(t, tab, "selecting the unmatched call", fmt.Sprintf(`#rows .row[data-seq="%d"]`, unmatched.Seq))
		waitJS(t, tab, "the near miss", `document.querySelector("#miss table.miss") !== null`, 3*time.Second)
		differs := eval[[]string](t, tab, `[...document.querySelectorAll("#miss tr.differs")].map(r => [...r.cells].map(c => c.textContent.trim()).join(" | "))`)
		if len(differs) != 1 || differs[0] != "path segment 6 ✗ | chats | chat" {
			t.Errorf("differing rows = %q, want path segment 6 alone, chats where the scenario has chat", differs)
		}
		if text := eval[string](t, tab, `document.querySelector("#miss p").textContent`); !strings.Contains(text, `path segment 6 is "chats"`) {
			t.Errorf("near miss says %q, want the server's reason", text)
		}
		eval[bool](t, tab, `(document.querySelector("#miss").previousElementSibling.scrollIntoView(), true)`)
		darkScreenshot(t, tab, "ui-near-miss.png")
	})

	t.Run("copy as scenario gives YAML that loads and answers the call", func(t *testing.T) {
		click(t, tab, "selecting the rejected call", fmt.Sprintf(`#rows .row[data-seq="%d"]`, rejected.Seq))
		do(t, tab, "waiting for its detail", chromedp.WaitVisible(chromedp.CSS("#copy-scenario")))
		click(t, tab, "copying the rejected call as a scenario", "#copy-scenario")
		do(t, tab, "waiting for the YAML", chromedp.WaitVisible(chromedp.CSS("#scenario-yaml")))
		yaml := eval[string](t, tab, `document.querySelector("#scenario-yaml").textContent`)
		set, err := mockserver.Default()
		if err != nil {
			t.Fatal(err)
		}
		copied, err := set.Reparse("copied.yaml", []byte(yaml))
		if err != nil {
			t.Fatalf("the copied scenario does not load: %v\n%s", err, yaml)
		}
		srv := mockserver.New(copied, mockserver.Options{})
		req := httptest.NewRequest(rejected.Method, rejected.Path, strings.NewReader(string(rejected.Body)))
		req.Header = rejected.Header.Clone()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if got := srv.Calls(); rec.Code != 204 || len(got) != 1 || got[0].Outcome != mockserver.Served {
			t.Errorf("the copy answered the call %d, want 204 served:\n%s", rec.Code, yaml)
		}
	})

	t.Run("the keyboard moves through the list", func(t *testing.T) {
		do(t, tab, "pressing Home then the down arrow in the list",
			chromedp.Focus(chromedp.CSS("#list")), chromedp.KeyEvent(kb.Home), chromedp.KeyEvent(kb.ArrowDown))
		second := eval[[]int64](t, tab, rows)[1]
		waitJS(t, tab, "the second row selected", fmt.Sprintf(`document.querySelector('#rows .row[aria-selected="true"]')?.dataset.seq === "%d"`, second), 2*time.Second)
		waitJS(t, tab, "its detail", fmt.Sprintf(`document.querySelector("#detail dd")?.textContent === "%d"`, second), 2*time.Second)
		do(t, tab, "pressing / and typing a filter", chromedp.KeyEvent("/"), chromedp.KeyEvent("v1.0/me"))
		waitJS(t, tab, "the text filter", `document.activeElement.id === "f-text" && document.querySelectorAll("#rows .row").length === 2`, 2*time.Second)
		do(t, tab, "pressing Escape", chromedp.KeyEvent(kb.Escape))
		waitJS(t, tab, "the filter cleared", fmt.Sprintf(`document.querySelectorAll("#rows .row").length === %d`, len(journal)), 2*time.Second)
	})

	t.Run("filters by outcome and scenario", func(t *testing.T) {
		choose := func(id, value string) {
			eval[bool](t, tab, fmt.Sprintf(`(s => { s.value = %q; s.dispatchEvent(new Event("change")); return true })(document.querySelector(%q))`, value, id))
		}
		choose("#f-outcome", "rejected")
		waitJS(t, tab, "only the rejected call", fmt.Sprintf(`JSON.stringify(%s) === "[%d]"`, rows, rejected.Seq), 2*time.Second)
		choose("#f-outcome", "")
		choose("#f-scenario", "get-me")
		waitJS(t, tab, "only get-me's calls", `document.querySelectorAll("#rows .row").length === 2`, 2*time.Second)
		choose("#f-scenario", "")
	})

	t.Run("the scenarios panel counts calls against times", func(t *testing.T) {
		click(t, tab, "opening the scenarios", "#tab-scenarios")
		waitJS(t, tab, "get-me's row", `document.querySelector('#scenarios tr[data-scenario="get-me"] td.calls')?.textContent === "2"`, 3*time.Second)
		row := eval[[]string](t, tab, `[...document.querySelector('#scenarios tr[data-scenario="get-me"]').cells].map(c => c.textContent)`)
		if want := []string{"get-me", "GET /v1.0/me", "2", "0", "exactly 2", "met"}; !slices.Equal(row, want) {
			t.Errorf("get-me's row = %q, want %q", row, want)
		}
		_, body := adminDo(t, "GET", "scenarios", "")
		var list struct {
			Scenarios []struct {
				Name  string `json:"name"`
				Calls int64  `json:"calls"`
			} `json:"scenarios"`
		}
		if err := json.Unmarshal(body, &list); err != nil {
			t.Fatal(err)
		}
		for _, sc := range list.Scenarios {
			got := eval[string](t, tab, fmt.Sprintf(`document.querySelector('#scenarios tr[data-scenario=%q] td.calls').textContent`, sc.Name))
			if got != fmt.Sprint(sc.Calls) {
				t.Errorf("scenario %s shows %s calls, the admin API says %d", sc.Name, got, sc.Calls)
			}
		}
	})

	t.Run("the verify panel shows exactly what the admin API answers", func(t *testing.T) {
		click(t, tab, "opening verify", "#tab-verify")
		waitJS(t, tab, "the report", `document.querySelector("#verify").textContent.length > 0`, 3*time.Second)
		status, body := adminDo(t, "GET", "verify", "")
		shown := eval[string](t, tab, `document.querySelector("#verify").textContent`)
		if shown != string(body) {
			t.Errorf("the verify panel shows\n%s\nthe admin API answers\n%s", shown, body)
		}
		if line := eval[string](t, tab, `document.querySelector("#verify-status").textContent`); line != fmt.Sprintf("GET /_graphmock/verify → %d Conflict", status) || status != 409 {
			t.Errorf("verify status line = %q, the API answered %d (want 409: the story has a rejected and unmatched calls)", line, status)
		}
		click(t, tab, "back to the calls", "#tab-calls")
	})

	t.Run("the HAR export parses", func(t *testing.T) {
		text := eval[string](t, tab, `fetch("../har").then(r => r.text())`)
		var har struct {
			Log struct {
				Version string `json:"version"`
				Entries []struct {
					Request  *struct{ Method, URL string } `json:"request"`
					Response *struct{ Status int }         `json:"response"`
				} `json:"entries"`
			} `json:"log"`
		}
		if err := json.Unmarshal([]byte(text), &har); err != nil {
			t.Fatalf("the HAR does not parse: %v", err)
		}
		if har.Log.Version != "1.2" || len(har.Log.Entries) != len(journal) {
			t.Fatalf("HAR version %q with %d entries, want 1.2 with %d", har.Log.Version, len(har.Log.Entries), len(journal))
		}
		for i, e := range har.Log.Entries {
			if e.Request == nil || e.Response == nil || e.Request.URL != s.url+journal[i].Path || e.Response.Status != journal[i].Status {
				t.Errorf("entry %d = %+v, want call %d's request and response", i, e, journal[i].Seq)
			}
		}
	})

	t.Run("pause holds new rows back", func(t *testing.T) {
		click(t, tab, "pausing", "#pause")
		graph(t, "GET", "/v1.0/me", "")
		waitJS(t, tab, "the waiting count", `document.querySelector("#count").textContent.endsWith("1 waiting")`, 2*time.Second)
		if n := eval[int](t, tab, `document.querySelectorAll("#rows .row").length`); n != len(journal) {
			t.Errorf("%d rows while paused, want %d", n, len(journal))
		}
		click(t, tab, "resuming", "#pause")
		waitJS(t, tab, "the held row", fmt.Sprintf(`document.querySelectorAll("#rows .row").length === %d`, len(journal)+1), time.Second)
	})

	t.Run("screenshot of the list", func(t *testing.T) {
		click(t, tab, "selecting the first call", fmt.Sprintf(`#rows .row[data-seq="%d"]`, journal[0].Seq))
		waitJS(t, tab, "its detail", `document.querySelector("#detail h2") !== null`, 2*time.Second)
		screenshot(t, tab, "ui-list.png")
	})

	t.Run("clear resets the journal", func(t *testing.T) {
		click(t, tab, "clearing", "#clear")
		waitJS(t, tab, "an empty list", `document.querySelectorAll("#rows .row").length === 0`, 2*time.Second)
		if n := len(calls(t)); n != 0 {
			t.Errorf("the journal holds %d calls after Clear", n)
		}
		graph(t, "GET", "/v1.0/me", "")
		waitJS(t, tab, "a new call after clearing", `document.querySelectorAll("#rows .row").length === 1`, time.Second)
	})
}
