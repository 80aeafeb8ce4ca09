package record

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

const token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.recorder-test-token"

// spooled starts a Recorder before upstream whose Write collects the
// calls, and returns it with its URL.
func spooled(t *testing.T, upstream string, opts RecorderOptions) (*Recorder, string, *[]Exchange) {
	t.Helper()
	var got []Exchange
	opts.Write = func(src Source) (any, error) {
		got = got[:0]
		err := src(func(e *Exchange) error { got = append(got, *e); return nil })
		return map[string]int{"calls": len(got)}, err
	}
	rec, err := NewRecorder(upstream, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rec.Close() })
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv.URL, &got
}

func do(t *testing.T, method, url, body string, h map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gzip
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// TestRecorderForwardsUnchanged: the client gets the upstream's status,
// headers and bytes (gzip and all); the upstream gets the client's
// method, path, query, body and token; the recording has the call
// decompressed, without the token or cookies.
func TestRecorderForwardsUnchanged(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"id":"1","displayName":"Megan"}`))
	zw.Close()
	var seen *http.Request
	var seenBody []byte
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen, seenBody = r, must(io.ReadAll(r.Body))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Set-Cookie", "fpc=secret-cookie")
		w.Header().Set("X-Upstream", "yes")
		w.WriteHeader(http.StatusCreated)
		w.Write(gz.Bytes())
	}))
	defer up.Close()
	rec, url, got := spooled(t, up.URL, RecorderOptions{})
	resp, body := do(t, "POST", url+"/v1.0/users/a%40b.com/x?$select=id&q=1", `{"a":1}`, map[string]string{"Accept-Encoding": "gzip", "Cookie": "c=client-cookie"})
	if resp.StatusCode != 201 || resp.Header.Get("X-Upstream") != "yes" || resp.Header.Get("Set-Cookie") == "" || !bytes.Equal(body, gz.Bytes()) {
		t.Errorf("client got %d %v %q: want the upstream's answer unchanged", resp.StatusCode, resp.Header, body)
	}
	if seen.Method != "POST" || seen.URL.RawQuery != "$select=id&q=1" || seen.URL.EscapedPath() != "/v1.0/users/a%40b.com/x" || string(seenBody) != `{"a":1}` || seen.Header.Get("Authorization") != "Bearer "+token {
		t.Errorf("upstream got %s %s %q %v", seen.Method, seen.URL, seenBody, seen.Header)
	}
	if _, err := rec.Flush(); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 1 {
		t.Fatalf("recorded %d calls", len(*got))
	}
	e := (*got)[0]
	if !e.HadAuth || string(e.ResponseBody) != `{"id":"1","displayName":"Megan"}` || e.Status != 201 || e.ResponseHeader.Get("Content-Encoding") != "" {
		t.Errorf("recorded %+v", e)
	}
	line, _ := json.Marshal(e)
	for _, s := range []string{token, "client-cookie", "secret-cookie"} {
		if bytes.Contains(line, []byte(s)) {
			t.Errorf("the recording holds %s", s)
		}
	}
	spool, _ := os.ReadFile(rec.spool.f.Name())
	if bytes.Contains(spool, []byte(token)) || len(spool) == 0 {
		t.Errorf("the spool file holds the token, or nothing")
	}
	if fi, _ := os.Stat(rec.spool.f.Name()); fi.Mode().Perm() != 0o600 {
		t.Errorf("spool mode %v", fi.Mode().Perm())
	}
	name := rec.spool.f.Name()
	rec.Close()
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the spool file is left after Close: %v", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestRecorderRewritesLinksToItself: an @odata.nextLink on the upstream
// points at the recorder in the client's answer (plain and JSON-escaped
// slashes alike), so that the next page goes through it; the recording
// keeps the upstream's link; other URLs are left.
func TestRecorderRewritesLinksToItself(t *testing.T) {
	var up *httptest.Server
	up = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"@odata.context":"`+up.URL+`/v1.0/$metadata#users","@odata.nextLink":"`+up.URL+`/v1.0/users?$skiptoken=x","@odata.deltaLink" : "`+strings.ReplaceAll(up.URL, "/", `\/`)+`\/v1.0\/users\/delta()","value":[]}`)
	}))
	defer up.Close()
	rec, url, got := spooled(t, up.URL, RecorderOptions{})
	resp, body := do(t, "GET", url+"/v1.0/users", "", nil)
	var doc map[string]string
	json.Unmarshal(body, &doc)
	if doc["@odata.nextLink"] != url+"/v1.0/users?$skiptoken=x" || doc["@odata.deltaLink"] != url+"/v1.0/users/delta()" || doc["@odata.context"] != up.URL+"/v1.0/$metadata#users" {
		t.Errorf("client got %s", body)
	}
	if resp.ContentLength != -1 && resp.ContentLength != int64(len(body)) {
		t.Errorf("Content-Length %d for %d bytes", resp.ContentLength, len(body))
	}
	rec.Flush()
	if !bytes.Contains((*got)[0].ResponseBody, []byte(`"@odata.nextLink":"`+up.URL)) {
		t.Errorf("recorded %s: want the upstream's link", (*got)[0].ResponseBody)
	}
}

// TestRecorderUpstreamFailures: a refused connection is 502 and a slow
// upstream 504, each in Graph's error envelope, recorded as answered.
func TestRecorderUpstreamFailures(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	rec, url, got := spooled(t, deadURL, RecorderOptions{})
	resp, body := do(t, "GET", url+"/v1.0/me", "", nil)
	if resp.StatusCode != 502 || !strings.Contains(string(body), `"code":"badGateway"`) || resp.Header.Get("request-id") == "" {
		t.Errorf("refused: %d %s %v", resp.StatusCode, body, resp.Header)
	}
	rec.Flush()
	if len(*got) != 1 || (*got)[0].Status != 502 || !bytes.Contains((*got)[0].ResponseBody, []byte("badGateway")) {
		t.Errorf("recorded %+v", *got)
	}

	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer slow.Close()
	defer close(release)
	_, url, _ = spooled(t, slow.URL, RecorderOptions{Timeout: time.Millisecond})
	resp, body = do(t, "GET", url+"/v1.0/me", "", nil)
	if resp.StatusCode != 504 || !strings.Contains(string(body), `"code":"gatewayTimeout"`) {
		t.Errorf("slow: %d %s", resp.StatusCode, body)
	}
}

// TestRecorderFlushEndpoint: POST answers what Write returned; another
// method is 405 with Allow; a host name beyond loopback is 400; a Write
// that fails is 500.
func TestRecorderFlushEndpoint(t *testing.T) {
	_, url, _ := spooled(t, "http://127.0.0.1:1", RecorderOptions{})
	resp, body := do(t, "POST", url+FlushPath, "", nil)
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"calls":0}` {
		t.Errorf("POST: %d %s", resp.StatusCode, body)
	}
	resp, _ = do(t, "GET", url+FlushPath, "", nil)
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET: %d %v", resp.StatusCode, resp.Header)
	}
	req, _ := http.NewRequest("POST", url+FlushPath, nil)
	req.Host = "attacker.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("POST by another host name: %d, want 400", resp.StatusCode)
	}
	rec, err := NewRecorder("http://127.0.0.1:1", RecorderOptions{Write: func(Source) (any, error) { return nil, errors.New("disk full") }})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	w := httptest.NewRecorder()
	r := httptest.NewRequest("POST", FlushPath, nil)
	r.Host = "localhost:8080"
	rec.ServeHTTP(w, r)
	if w.Code != 500 || !strings.Contains(w.Body.String(), "disk full") {
		t.Errorf("failing Write: %d %s", w.Code, w.Body)
	}
}

// TestNewRecorderRefuses: upstreams that are not a bare http(s) origin,
// and a missing Write.
func TestNewRecorderRefuses(t *testing.T) {
	w := func(Source) (any, error) { return nil, nil }
	for _, u := range []string{"", "graph.microsoft.com", "ftp://graph.microsoft.com", "https://", "https://graph.microsoft.com/v1.0"} {
		if _, err := NewRecorder(u, RecorderOptions{Write: w}); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
	if _, err := NewRecorder("https://graph.microsoft.com", RecorderOptions{}); err == nil {
		t.Error("no Write accepted")
	}
}

// TestHARDropsCredentials: the entries of Chrome's export come without
// the Authorization header and cookies, noting that there was a token,
// with base64 content decoded; the creator is read.
func TestHARDropsCredentials(t *testing.T) {
	var creator string
	var got []*Exchange
	if err := HAR("testdata/chrome.har", &creator)(func(e *Exchange) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if creator != "WebInspector" || len(got) != 11 {
		t.Fatalf("creator %q, %d entries", creator, len(got))
	}
	for _, e := range got {
		line, _ := json.Marshal(e)
		if bytes.Contains(line, []byte("chrome-har-token")) && !strings.Contains(e.URL, "oauth2") {
			t.Errorf("%s holds the token", e.URL)
		}
		if bytes.Contains(line, []byte("chrome-cookie-value")) || bytes.Contains(line, []byte("chrome-set-cookie")) {
			t.Errorf("%s holds a cookie", e.URL)
		}
		if !e.HadAuth {
			t.Errorf("%s: HadAuth false", e.URL)
		}
	}
	if !bytes.Contains(got[4].ResponseBody, []byte("Johanna")) {
		t.Errorf("base64 content not decoded: %q", got[4].ResponseBody)
	}
	if c, err := HARCreator("testdata/chrome.har"); err != nil || c != "WebInspector" {
		t.Errorf("HARCreator: %q %v", c, err)
	}
}
