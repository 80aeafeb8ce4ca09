package browser

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The personal data the page's upstream is seeded with: none of it may
// reach the imported scenarios, in any form.
const (
	harToken   = "eyJ0eXAiOiJKV1QiLCJub25jZSI6ImhhcmltcG9ydCJ9.aGFyLXNlY3JldA"
	harTenant  = "7a0c9e24-61d3-4b8f-a2e5-9c04d7f1b3a8"
	harOidA    = "f00dface-1111-4222-8333-444455556666"
	harOidB    = "decade00-7777-4888-9999-aaaabbbbcccc"
	harOidC    = "facade11-dddd-4eee-8fff-000011112222"
	harMailA   = "DiegoS@M365x112233.onmicrosoft.com"
	harMailB   = "GradyA@M365x112233.onmicrosoft.com"
	harMailC   = "LynneR@M365x112233.onmicrosoft.com"
	harNameA   = "Diego Siciliani"
	harNameB   = "Grady Archie"
	harNameC   = "Lynne Robbins"
	harPhone   = "+1 858 555 0110"
	harMessage = "Diego, Lynne's review of the Northwind deal is due Friday"
	harCookie  = "fpc=Aq1-har-import-cookie"
)

func harSecrets() []string {
	return []string{harToken, harTenant, harOidA, harOidB, harOidC, strings.ToUpper(harOidA),
		harMailA, harMailB, harMailC, strings.ToLower(harMailB), harNameA, harNameB, harNameC,
		"Diego", "Siciliani", "Grady", "Archie", "Lynne", "Robbins", "M365x112233", harPhone, harMessage, "Northwind", harCookie,
		"19:" + harOidA + "_" + harOidB + "@unq.gbl.spaces", base64.StdEncoding.EncodeToString([]byte(harMailB))}
}

// secretForms returns v plain, percent-encoded (path and query forms)
// and JSON-escaped.
func secretForms(v string) []string {
	j, _ := json.Marshal(v)
	return []string{v, url.PathEscape(v), url.QueryEscape(v), string(j[1 : len(j)-1]), strings.ReplaceAll(url.QueryEscape(v), "+", "%20")}
}

// harUpstream plays Graph for a page on another origin, with CORS
// (https://learn.microsoft.com/en-us/graph/api/user-get,
// https://learn.microsoft.com/en-us/graph/api/user-list with $top and a
// $skiptoken nextLink, https://learn.microsoft.com/en-us/graph/paging,
// https://learn.microsoft.com/en-us/graph/api/chat-post-messages).
func harUpstream(t *testing.T) *httptest.Server {
	user := func(oid, name, mail string) map[string]any {
		first, last, _ := strings.Cut(name, " ")
		return map[string]any{"id": oid, "displayName": name, "givenName": first, "surname": last, "mail": mail, "userPrincipalName": mail, "businessPhones": []string{harPhone}}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET, POST")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Content-Type", "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8")
		http.SetCookie(w, &http.Cookie{Name: "fpc", Value: harCookie})
		write := func(status int, v any) {
			w.WriteHeader(status)
			json.NewEncoder(w).Encode(v)
		}
		if r.Header.Get("Authorization") != "Bearer "+harToken {
			write(http.StatusUnauthorized, map[string]any{"error": map[string]any{"code": "InvalidAuthenticationToken", "message": "Access token is empty."}})
			return
		}
		root := "http://" + r.Host + "/v1.0"
		token := base64.StdEncoding.EncodeToString([]byte(harMailB))
		chatID := "19:" + harOidA + "_" + harOidB + "@unq.gbl.spaces"
		switch p := r.URL.Path; {
		case r.Method == "GET" && p == "/v1.0/me":
			me := user(harOidA, harNameA, harMailA)
			me["@odata.context"] = root + "/$metadata#users/$entity"
			me["mobilePhone"] = harPhone
			write(http.StatusOK, me)
		case r.Method == "GET" && p == "/v1.0/users" && r.URL.Query().Get("$skiptoken") == "" && r.URL.Query().Get("$top") == "2":
			write(http.StatusOK, map[string]any{"@odata.context": root + "/$metadata#users",
				"value":           []any{user(harOidA, harNameA, harMailA), user(harOidB, harNameB, harMailB)},
				"@odata.nextLink": root + "/users?$top=2&$skiptoken=" + url.QueryEscape(token)})
		case r.Method == "GET" && p == "/v1.0/users" && r.URL.Query().Get("$skiptoken") == token:
			write(http.StatusOK, map[string]any{"@odata.context": root + "/$metadata#users", "value": []any{user(harOidC, harNameC, harMailC)}})
		case r.Method == "POST" && p == "/v1.0/chats/"+chatID+"/messages":
			var in struct {
				Body struct {
					Content string `json:"content"`
				} `json:"body"`
			}
			json.NewDecoder(r.Body).Decode(&in)
			write(http.StatusCreated, map[string]any{
				"@odata.context": root + "/$metadata#chats('" + url.PathEscape(chatID) + "')/messages/$entity",
				"id":             "1714557600000", "chatId": chatID, "messageType": "message", "createdDateTime": "2024-05-01T10:00:00Z",
				"body": map[string]any{"contentType": "text", "content": in.Body.Content},
				"from": map[string]any{"user": map[string]any{"id": harOidA, "displayName": harNameA, "userIdentityType": "aadUser", "tenantId": harTenant}},
			})
		default:
			write(http.StatusNotFound, map[string]any{"error": map[string]any{"code": "ResourceNotFound", "message": "no " + r.Method + " " + r.URL.String()}})
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// harPage is the page: it reads the signed-in user, lists the users two
// to a page following @odata.nextLink, and posts a message to the chat of
// the first two, whose id it makes from theirs. window.result is what it
// saw, as JSON.
var harPage = `<!doctype html><meta charset="utf-8"><title>HAR</title><script>
window.result = "";
(async () => {
  const api = new URLSearchParams(location.search).get("api");
  const auth = {Authorization: "Bearer ` + harToken + `"};
  const statuses = [];
  const get = async (u) => { const r = await fetch(u, {headers: auth}); statuses.push(r.status); return r.json(); };
  const me = await get(api + "/v1.0/me");
  let next = api + "/v1.0/users?$top=2", pages = 0;
  const ids = [], names = [], mails = [];
  while (next) {
    const p = await get(next);
    pages++;
    for (const u of p.value) { ids.push(u.id); names.push(u.displayName); mails.push(u.mail); }
    next = p["@odata.nextLink"];
  }
  const chat = "19:" + ids[0] + "_" + ids[1] + "@unq.gbl.spaces";
  const r = await fetch(api + "/v1.0/chats/" + encodeURIComponent(chat) + "/messages", {method: "POST",
    headers: {...auth, "Content-Type": "application/json"}, body: JSON.stringify({body: {content: ` + fmt.Sprintf("%q", harMessage) + `}})});
  statuses.push(r.status);
  const m = await r.json();
  window.result = JSON.stringify({meId: me.id, meName: me.displayName, ids, names, mails, pages, msgId: m.id, fromId: m.from.user.id, content: m.body.content, statuses});
})().catch((e) => { window.result = JSON.stringify({error: String(e)}); });
</script>`

// pageRun is what the page saw.
type pageRun struct {
	Error    string
	MeID     string
	MeName   string
	IDs      []string
	Names    []string
	Mails    []string
	Pages    int
	MsgID    string
	FromID   string
	Content  string
	Statuses []int
}

// harCapture assembles an HTTP Archive 1.2
// (http://www.softwareishard.com/blog/har-12-spec/) from what Chromium
// reports over the DevTools protocol's Network domain
// (https://chromedevtools.github.io/devtools-protocol/tot/Network):
// requestWillBeSent, responseReceived, loadingFinished, the raw headers
// of their ExtraInfo events where Chromium sends them (the cookies are
// only there), as DevTools' own HAR export takes them, and the bodies from
// getRequestPostData and getResponseBody. Nothing in an entry is made up:
// a field Chromium did not report is left empty.
type harCapture struct {
	mu       sync.Mutex
	order    []network.RequestID
	sent     map[network.RequestID]*network.EventRequestWillBeSent
	received map[network.RequestID]*network.EventResponseReceived
	finished map[network.RequestID]bool
	rawReq   map[network.RequestID]network.Headers
	rawResp  map[network.RequestID]network.Headers
}

func newHARCapture() *harCapture {
	return &harCapture{sent: map[network.RequestID]*network.EventRequestWillBeSent{},
		received: map[network.RequestID]*network.EventResponseReceived{}, finished: map[network.RequestID]bool{},
		rawReq: map[network.RequestID]network.Headers{}, rawResp: map[network.RequestID]network.Headers{}}
}

// listen collects the tab's network events; call before network.Enable.
func (c *harCapture) listen(t *testing.T, tab context.Context) {
	t.Helper()
	err := chromedp.Listen(tab, func(ev any) {
		c.mu.Lock()
		defer c.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if _, ok := c.sent[e.RequestID]; !ok {
				c.order = append(c.order, e.RequestID)
			}
			c.sent[e.RequestID] = e
		case *network.EventResponseReceived:
			c.received[e.RequestID] = e
		case *network.EventRequestWillBeSentExtraInfo:
			c.rawReq[e.RequestID] = e.Headers
		case *network.EventResponseReceivedExtraInfo:
			c.rawResp[e.RequestID] = e.Headers
		case *network.EventLoadingFinished:
			c.finished[e.RequestID] = true
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

type harNV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func harHeaders(h network.Headers) []harNV {
	out := []harNV{}
	for k, v := range h {
		// The protocol joins repeated headers with newlines.
		for _, line := range strings.Split(fmt.Sprint(v), "\n") {
			out = append(out, harNV{k, line})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// archive returns the HAR of the finished requests, in the order sent.
func (c *harCapture) archive(t *testing.T, tab context.Context) []byte {
	t.Helper()
	c.mu.Lock()
	ids := slices.Clone(c.order)
	c.mu.Unlock()
	entries := []map[string]any{}
	for _, id := range ids {
		c.mu.Lock()
		sent, resp, done := c.sent[id], c.received[id], c.finished[id]
		rawReq, hasRawReq := c.rawReq[id]
		rawResp, hasRawResp := c.rawResp[id]
		c.mu.Unlock()
		if !done || resp == nil || sent == nil || sent.Request == nil {
			continue
		}
		reqH, respH := sent.Request.Headers, resp.Response.Headers
		if hasRawReq {
			reqH = rawReq
		}
		if hasRawResp {
			respH = rawResp
		}
		req := map[string]any{"method": sent.Request.Method, "url": sent.Request.URL + sent.Request.URLFragment, "httpVersion": resp.Response.Protocol,
			"headers": harHeaders(reqH), "queryString": []harNV{}, "cookies": []harNV{}, "headersSize": -1, "bodySize": 0}
		if u, err := url.Parse(sent.Request.URL); err == nil {
			qs := []harNV{}
			for k, vs := range u.Query() {
				for _, v := range vs {
					qs = append(qs, harNV{k, v})
				}
			}
			req["queryString"] = qs
		}
		if sent.Request.HasPostData {
			pd, err := chromedp.Call(tab, network.GetRequestPostData, network.GetRequestPostDataParams{RequestID: id})
			if err != nil {
				t.Fatalf("getRequestPostData %s: %v", sent.Request.URL, err)
			}
			mime := ""
			if v, ok := sent.Request.Headers["Content-Type"]; ok {
				mime = fmt.Sprint(v)
			}
			req["postData"] = map[string]any{"mimeType": mime, "text": string(pd.PostData)}
			req["bodySize"] = len(pd.PostData)
		}
		content := map[string]any{"size": 0, "mimeType": resp.Response.MimeType}
		if resp.Type != network.ResourceTypePreflight && resp.Response.Status != http.StatusNoContent {
			body, err := chromedp.Call(tab, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
			if err != nil {
				t.Fatalf("getResponseBody %s: %v", sent.Request.URL, err)
			}
			content["size"], content["text"] = len(body.Body), string(body.Body)
		}
		entries = append(entries, map[string]any{
			"startedDateTime": time.UnixMilli(int64(float64(sent.WallTime) * 1000)).UTC().Format(time.RFC3339Nano),
			"time":            0,
			"request":         req,
			"response": map[string]any{"status": resp.Response.Status, "statusText": resp.Response.StatusText, "httpVersion": resp.Response.Protocol,
				"headers": harHeaders(respH), "cookies": []harNV{}, "content": content, "redirectURL": "", "headersSize": -1, "bodySize": -1},
			"cache":     map[string]any{},
			"timings":   map[string]any{"send": 0, "wait": 0, "receive": 0},
			"_chromium": map[string]any{"requestId": id, "resourceType": resp.Type},
		})
	}
	data, err := json.MarshalIndent(map[string]any{"log": map[string]any{
		"version": "1.2", "creator": map[string]any{"name": "chromium-devtools-protocol", "version": "cdproto"}, "entries": entries}}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// loadPage opens the page in a new tab with api as its Graph, capturing
// the tab's traffic, and returns what the page saw and the archive.
func loadPage(t *testing.T, pageURL, api string) (pageRun, []byte) {
	t.Helper()
	tab := newTab(t)
	capture := newHARCapture()
	capture.listen(t, tab)
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("Network.enable: %v", err)
	}
	do(t, tab, "loading the page", chromedp.Navigate(pageURL+"/?api="+url.QueryEscape(api)))
	waitJS(t, tab, "the page's calls", `window.result !== ""`, 20*time.Second)
	var run pageRun
	if err := json.Unmarshal([]byte(eval[string](t, tab, `window.result`)), &run); err != nil || run.Error != "" {
		t.Fatalf("the page: %v %s", err, run.Error)
	}
	return run, capture.archive(t, tab)
}

// TestChromiumsHARImportsAndServes: the traffic of a page in Chromium to a
// Graph seeded with personal data, as Chromium reported it, is an archive
// that graphmock import-har turns into scenarios that validate, hold none
// of the seeded values in any form, and answer the same page when
// graphmock serves them, with ids that still fit together.
func TestChromiumsHARImportsAndServes(t *testing.T) {
	upstream := harUpstream(t)
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, harPage)
	}))
	defer page.Close()
	live, har := loadPage(t, page.URL, upstream.URL)
	if want := []int{200, 200, 200, 201}; !slices.Equal(live.Statuses, want) || live.Pages != 2 || live.FromID != harOidA || live.Content != harMessage {
		t.Fatalf("live run %+v, want statuses %v over 2 pages", live, want)
	}
	var doc struct {
		Log struct {
			Entries []struct {
				Request struct {
					Method, URL string
				}
			}
		}
	}
	if err := json.Unmarshal(har, &doc); err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, e := range doc.Log.Entries {
		seen = append(seen, e.Request.Method+" "+e.Request.URL)
	}
	for _, want := range []string{"GET " + page.URL + "/?api=", "GET " + upstream.URL + "/v1.0/me", "POST " + upstream.URL + "/v1.0/chats/"} {
		if !slices.ContainsFunc(seen, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("the archive lacks %s: %v", want, seen)
		}
	}
	for _, want := range []string{harToken, harNameC, harCookie, harMessage, `"resourceType": "Preflight"`} {
		if !bytes.Contains(har, []byte(want)) {
			t.Fatalf("the archive lacks %q: it is not all that Chromium saw", want)
		}
	}

	dir := t.TempDir()
	harFile := filepath.Join(dir, "chromium.har")
	if err := os.WriteFile(harFile, har, 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(s.dir, "graphmock") // built by TestMain
	replayAddr := freeLoopback(t)
	out := filepath.Join(dir, "rec")
	upHost := strings.TrimPrefix(upstream.URL, "http://")
	imp, err := exec.Command(bin, "import-har", harFile, "-out", out, "-seed", "har-seed", "-host", upHost, "-base", "http://"+replayAddr).CombinedOutput()
	if err != nil {
		t.Fatalf("import-har: %v\n%s", err, imp)
	}
	for _, want := range []string{"left out, not a Graph host", "left out, CORS preflight: 4", "header Authorization: 4", "header Set-Cookie: 4", "4 written as 4 scenarios"} {
		if !strings.Contains(string(imp), want) {
			t.Errorf("import-har's report lacks %q:\n%s", want, imp)
		}
	}
	if v, err := exec.Command(bin, "validate", filepath.Join(out, "scenarios.yaml")).CombinedOutput(); err != nil {
		t.Fatalf("validate: %v\n%s", err, v)
	}
	files := 0
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, _ := os.ReadFile(p)
		lower := bytes.ToLower(data)
		for _, sec := range harSecrets() {
			for _, f := range secretForms(sec) {
				if bytes.Contains(lower, bytes.ToLower([]byte(f))) {
					t.Errorf("%s holds %q (a form of the seeded %q)", p, f, sec)
				}
			}
		}
		return nil
	})
	if files < 3 {
		t.Fatalf("import-har wrote %d files", files)
	}

	srv := exec.Command(bin, "serve", "-scenarios", filepath.Join(out, "scenarios.yaml"), "-addr", replayAddr, "-cors", "-log-level", "warn")
	var srvLog bytes.Buffer
	srv.Stdout, srv.Stderr = io.Discard, &srvLog
	dieWithTests(srv)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { srv.Process.Signal(syscall.SIGTERM); srv.Wait() }()
	waitListening(t, replayAddr)
	replay, _ := loadPage(t, page.URL, "http://"+replayAddr)
	if !slices.Equal(replay.Statuses, live.Statuses) || replay.Pages != live.Pages || len(replay.IDs) != len(live.IDs) || replay.MsgID != live.MsgID {
		t.Fatalf("replay %+v\nlive %+v\n%s", replay, live, srvLog.String())
	}
	// The ids fit together: the signed-in user is the first listed and
	// the message's sender; the message reached the chat the page made
	// from the pseudonymous ids, or the replay would have answered 404.
	if replay.MeID != replay.IDs[0] || replay.FromID != replay.MeID || replay.MeName != replay.Names[0] {
		t.Errorf("replayed me %q %q, sender %q, users %v %v: the pseudonyms do not fit", replay.MeID, replay.MeName, replay.FromID, replay.IDs, replay.Names)
	}
	for i := range live.IDs {
		if replay.IDs[i] == live.IDs[i] || replay.Names[i] == live.Names[i] || replay.Mails[i] == live.Mails[i] {
			t.Errorf("user %d replayed with a real value: %s %s %s", i, replay.IDs[i], replay.Names[i], replay.Mails[i])
		}
	}
	if replay.Content == live.Content {
		t.Errorf("the message replayed with its real content")
	}
	// The replay made every imported call as often as the page had.
	resp, err := http.Get("http://" + replayAddr + "/_graphmock/verify")
	if err != nil {
		t.Fatal(err)
	}
	vb, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("verify after the replay: %d %s", resp.StatusCode, vb)
	}
}

// freeLoopback returns a loopback address with a free port.
func freeLoopback(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitListening waits until something accepts connections at addr.
func waitListening(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
	}
	t.Fatalf("nothing listens at %s", addr)
}
