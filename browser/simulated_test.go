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

// TestThePageShowsASimulatedCallWithItsEntity serves a mock with a
// simulated tenant in process: a created user's call shows in the list as
// simulated, naming the entity it touched, and the details say so too.
func TestThePageShowsASimulatedCallWithItsEntity(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	tenant, err := mockserver.NewTenant(mockserver.Simulation{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(admin.Handler(mockserver.New(set, mockserver.Options{Tenant: tenant}), admin.Options{}))
	t.Cleanup(ts.Close)
	tab := newTab(t)
	do(t, tab, "opening the page", chromedp.Navigate(ts.URL+"/_graphmock/ui/"))
	waitJS(t, tab, "the page following the journal", `document.querySelector("#live").textContent === "live"`, 5*time.Second)

	req, _ := http.NewRequest("POST", ts.URL+"/v1.0/users", strings.NewReader(`{"accountEnabled": true, "displayName": "Adele Vance",
		"mailNickname": "adele", "userPrincipalName": "adele@contoso.example", "passwordProfile": {"password": "x1!Yz9#q"}}`))
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("POST /v1.0/users = %d", resp.StatusCode)
	}
	waitJS(t, tab, "the simulated call's row", `[...document.querySelectorAll("#rows .row")].some(r => r.dataset.outcome === "simulated" && r.textContent.includes("users/"))`, 5*time.Second)
	click(t, tab, "the row", `#rows .row[data-outcome="simulated"]`)
	waitJS(t, tab, "the details naming the entity", `document.body.textContent.includes("in the simulated tenant")`, 5*time.Second)
}
