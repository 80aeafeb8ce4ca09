package browser

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// TestThePageSendsTheAdminToken serves the admin API with a token, in
// process, and opens the page as the README says: with #token= once.
func TestThePageSendsTheAdminToken(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	ts := httptest.NewServer(admin.Handler(srv, admin.Options{Token: "s3cret"}))
	t.Cleanup(ts.Close) // after the tab closes (cleanups run last first), ending its event stream
	tab := newTab(t)
	do(t, tab, "opening the page without the token", chromedp.Navigate(ts.URL+"/_graphmock/ui/"))
	waitJS(t, tab, "the notice asking for the token", `!document.querySelector("#notice").hidden && document.querySelector("#notice").textContent.includes("#token=")`, 3*time.Second)

	do(t, tab, "opening the page with the token", chromedp.Navigate(ts.URL+"/_graphmock/ui/#token=s3cret"))
	waitJS(t, tab, "the page following the journal", `document.querySelector("#live").textContent === "live"`, 5*time.Second)
	if hash := eval[string](t, tab, `location.hash`); hash != "" {
		t.Errorf("the address still holds %q: the token should leave the address bar", hash)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/beta/chats/c1/installedApps/a1/chat", nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	waitJS(t, tab, "the call's row", `document.querySelectorAll("#rows .row").length === 1`, time.Second)

	do(t, tab, "reloading", chromedp.Reload())
	waitJS(t, tab, "the row again, with the token kept for the tab", `document.querySelectorAll("#rows .row").length === 1`, 5*time.Second)
	if got := eval[string](t, tab, `sessionStorage.getItem("graphmock-token")`); !strings.EqualFold(got, "s3cret") {
		t.Errorf("session storage holds %q, want the token", got)
	}
}

// A #token= that is not valid percent-encoding is taken as typed: the page
// still starts (a decoding error at the top of the script would leave it
// "connecting…" forever) and sends the token.
func TestThePageTakesAMalformedTokenAsTyped(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	const token = "%E0%A4%A"
	ts := httptest.NewServer(admin.Handler(mockserver.New(set, mockserver.Options{}), admin.Options{Token: token}))
	t.Cleanup(ts.Close)
	tab := newTab(t)
	do(t, tab, "opening the page with a malformed token", chromedp.Navigate(ts.URL+"/_graphmock/ui/#token="+token))
	waitJS(t, tab, "the page following the journal", `document.querySelector("#live").textContent === "live"`, 5*time.Second)
	if got := eval[string](t, tab, `sessionStorage.getItem("graphmock-token")`); got != token {
		t.Errorf("session storage holds %q, want %q", got, token)
	}
}
