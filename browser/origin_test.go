package browser

import (
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/graphmock/graphmock/internal/localca"
)

// callerPage is a page that calls a URL with fetch as a front end would,
// and puts the outcome in its title.
const callerPage = `<!doctype html><title>calling</title><script>
fetch(%q, {method: "POST", headers: {"Authorization": "Bearer spa-token", "Content-Type": "application/json",
  "client-request-id": "from-another-origin"}, body: JSON.stringify({chatType: "group"})})
  .then(r => { document.title = "status " + r.status + " request-id " + (r.headers.get("request-id") ? "readable" : "hidden"); },
        e => { document.title = "failed " + e; });
</script>`

// TestAPageOnAnotherOriginCallsGraphmockOverHTTPS loads a page from a
// second HTTPS server, on another origin, whose script calls graphmock
// with fetch. Chromium trusts both servers' certificates only because its
// profile trusts graphmock's CA; a server whose certificate the CA did not
// sign is refused.
func TestAPageOnAnotherOriginCallsGraphmockOverHTTPS(t *testing.T) {
	freshStart(t)
	ca, err := localca.Open(filepath.Join(s.dir, "ca"), localca.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Leaf()
	if err != nil {
		t.Fatal(err)
	}
	untrusted := httptest.NewUnstartedServer(http.NotFoundHandler())
	untrusted.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	untrusted.StartTLS()                                   // with httptest's own certificate
	defer untrusted.Close()

	target := map[string]string{
		"/graphmock": s.url + "/beta/chats/c1/installedApps/a1/chat/$ref",
		"/untrusted": untrusted.URL + "/beta/chats/c1/installedApps/a1/chat/$ref",
	}
	app := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, callerPage, target[r.URL.Path])
	}))
	app.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	app.StartTLS()
	defer app.Close()
	origin := strings.Replace(app.URL, "127.0.0.1", "localhost", 1)

	tab := newTab(t)
	do(t, tab, "opening the page on another origin", chromedp.Navigate(origin+"/graphmock"))
	waitJS(t, tab, "the call's answer", `document.title.startsWith("status") || document.title.startsWith("failed")`, 5*time.Second)
	if title := eval[string](t, tab, `document.title`); title != "status 204 request-id readable" {
		t.Fatalf("the page's call = %q, want 204 with graphmock's request-id readable", title)
	}
	journal := calls(t)
	if len(journal) != 1 || journal[0].Header.Get("Origin") != origin || journal[0].Header.Get("Client-Request-Id") != "from-another-origin" || journal[0].Status != 204 {
		t.Errorf("journal = %+v, want the page's call from %s", journal, origin)
	}

	do(t, tab, "opening the page that calls an untrusted server", chromedp.Navigate(origin+"/untrusted"))
	waitJS(t, tab, "the call's end", `document.title.startsWith("status") || document.title.startsWith("failed")`, 5*time.Second)
	if title := eval[string](t, tab, `document.title`); !strings.HasPrefix(title, "failed") {
		t.Errorf("a call to a server the CA did not sign = %q, want it refused: the browser must check certificates", title)
	}
}
