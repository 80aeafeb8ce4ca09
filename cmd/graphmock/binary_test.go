package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// binary is the graphmock command built once for the package's tests, as
// another project's test suite would use it.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "graphmock-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "graphmock")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// waitFor polls check until it succeeds or the deadline passes, then fails
// the test with check's last error.
func waitFor(t testing.TB, timeout time.Duration, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not so after %v: %v", what, timeout, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// process is a running graphmock binary.
type process struct {
	cmd    *exec.Cmd
	url    string
	ready  string // the ready file
	stdout *syncBuffer
	stderr *syncBuffer
	exited chan struct{} // closed once the process has exited
	err    error         // cmd.Wait's result, once exited is closed
}

// startBinary starts "graphmock serve" on a free port with a ready file,
// waits for the URL to appear in it, and kills the process at cleanup.
func startBinary(t testing.TB, args ...string) *process {
	t.Helper()
	return startBinaryEnv(t, nil, args...)
}

// startBinaryEnv is startBinary with env (NAME=value) added to the
// environment the process inherits.
func startBinaryEnv(t testing.TB, env []string, args ...string) *process {
	t.Helper()
	p := &process{ready: filepath.Join(t.TempDir(), "graphmock.url"), stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(binary, append([]string{"serve", "-addr", "127.0.0.1:0", "-ready-file", p.ready}, args...)...)
	if env != nil {
		p.cmd.Env = append(os.Environ(), env...)
	}
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }() // returns when the process exits
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.exited })
	waitFor(t, 10*time.Second, "the ready file holds the URL", func() error {
		select {
		case <-p.exited:
			t.Fatalf("graphmock exited early: %v\nstderr:\n%s", p.err, p.stderr)
		default:
		}
		data, err := os.ReadFile(p.ready)
		if err != nil {
			return err
		}
		p.url = string(data)
		return nil
	})
	// The process printed the URL before writing the ready file, but
	// exec copies its stdout on a goroutine of ours, which may lag.
	waitFor(t, 10*time.Second, "the URL is on stdout", func() error {
		first, _, ok := strings.Cut(p.stdout.String(), "\n")
		if !ok || first != p.url {
			return fmt.Errorf("first stdout line = %q, ready file = %q; want both the URL", first, p.url)
		}
		return nil
	})
	return p
}

// stop sends SIGTERM and returns the exit code.
func (p *process) stop(t testing.TB) int {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		t.Fatalf("graphmock did not exit within 10s of SIGTERM; stderr:\n%s", p.stderr)
	}
	return p.cmd.ProcessState.ExitCode()
}

// reply is an HTTP answer, read whole.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// call sends one request; header values are "Name: value" strings.
func call(t testing.TB, method, url, body string, header ...string) reply {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range header {
		if k, v, ok := strings.Cut(h, ": "); ok {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: data}
}

func (r reply) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// Headers of a valid chat $ref call.
var chatHeaders = []string{"Authorization: Bearer test", "Content-Type: application/json"}

func TestBinaryServesUntilSIGTERMThenExitsZero(t *testing.T) {
	p := startBinary(t)
	if !strings.HasPrefix(p.url, "http://127.0.0.1:") || strings.HasSuffix(p.url, ":0") {
		t.Fatalf("URL = %q, want the port chosen", p.url)
	}
	if r := call(t, "POST", p.url+chatRefPath, validChatBody, chatHeaders...); r.status != 204 || r.header.Get("request-id") == "" {
		t.Errorf("valid request: %d, request-id %q", r.status, r.header.Get("request-id"))
	}
	if r := call(t, "POST", p.url+chatRefPath, validChatBody, "Content-Type: application/json"); r.status != 401 {
		t.Errorf("request without a token: %d, want 401", r.status)
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("exit code after SIGTERM = %d, want 0; stderr:\n%s", code, p.stderr)
	}
	if _, err := os.Stat(p.ready); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the ready file is still there after shutdown: %v", err)
	}
}

func TestBinaryExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		output string
	}{
		{"validate on a clean file", []string{"validate", "testdata/validate/clean.yaml"}, 0, "clean.yaml: ok: 1 scenario"},
		{"validate on a file with problems", []string{"validate", "testdata/validate/bad-response.yaml"}, 1, "bad-response.yaml:9:13: "},
		{"validate without a file", []string{"validate"}, 2, "name the scenario files to check"},
		{"a flag with no value", []string{"-addr"}, 2, "flag needs an argument: -addr"},
		{"an unknown command", []string{"serf"}, 2, `unknown command "serf"`},
		{"a scenario file that fails to load", []string{"-addr", "127.0.0.1:0", "-scenarios", "testdata/validate/broken.yaml"}, 2, `broken.yaml:6:16: scenario "get-thing": response: unknown field "staus"`},
		{"-watch without a scenario file", []string{"-watch"}, 2, "-watch needs -scenarios FILE"},
		{"help", []string{"help"}, 0, "graphmock validate FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := exec.Command(binary, tt.args...).CombinedOutput()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code || !strings.Contains(string(out), tt.output) {
				t.Errorf("graphmock %s = exit %d\n%s\nwant exit %d and %q", strings.Join(tt.args, " "), code, out, tt.code, tt.output)
			}
		})
	}
}

func TestBinaryAdminAPIDrivesTheJournal(t *testing.T) {
	p := startBinary(t)
	admin := p.url + "/_graphmock"
	call(t, "POST", p.url+chatRefPath, validChatBody, chatHeaders...)
	call(t, "POST", p.url+chatRefPath, `{"chatType": "direct"}`, chatHeaders...)
	call(t, "GET", p.url+"/beta/me", "", chatHeaders...)

	var calls callList
	call(t, "GET", admin+"/calls", "").decode(t, &calls)
	if len(calls.Calls) != 3 || calls.Calls[0].Status != 204 || calls.Calls[2].Outcome != mockserver.Unmatched {
		t.Fatalf("calls = %+v, want the three calls, oldest first", calls.Calls)
	}
	if string(calls.Calls[1].Body) != `{"chatType":"direct"}` && !strings.Contains(string(calls.Calls[1].Body), `"direct"`) {
		t.Errorf("call 2 body = %s", calls.Calls[1].Body)
	}
	var invalid callList
	call(t, "GET", admin+"/calls?invalid=true", "").decode(t, &invalid)
	if len(invalid.Calls) != 1 || invalid.Calls[0].Seq != 2 || len(invalid.Calls[0].Violations) == 0 {
		t.Errorf("invalid calls = %+v, want call 2 with its violations", invalid.Calls)
	}
	var one mockserver.Call
	call(t, "GET", admin+"/calls/1", "").decode(t, &one)
	if one.Seq != 1 || one.Scenario != "add-chat" || one.PathVars["chatsId"] != "19:b8577894a63548969c5c92bb9c80c5e1@thread.v2" {
		t.Errorf("call 1 = %+v", one)
	}

	r := call(t, "GET", admin+"/verify", "")
	var v verifyReport
	r.decode(t, &v)
	if r.status != 409 || v.OK || len(v.Problems) != 2 || v.Problems[0].Kind != mockserver.ProblemRejected || v.Problems[1].Kind != mockserver.ProblemUnmatched {
		t.Errorf("verify = %d %+v, want 409 with a rejected and an unmatched call", r.status, v)
	}

	if r := call(t, "DELETE", admin+"/calls", ""); r.status != 200 {
		t.Fatalf("DELETE calls = %d: %s", r.status, r.body)
	}
	if r := call(t, "GET", admin+"/verify", ""); r.status != 200 {
		t.Errorf("verify after clearing = %d, want 200: %s", r.status, r.body)
	}
	if r := call(t, "POST", admin+"/reset", ""); r.status != 200 || !strings.Contains(string(r.body), `"cleared": true`) {
		t.Errorf("POST reset = %d %s, want 200", r.status, r.body)
	}
	var h health
	call(t, "GET", admin+"/health", "").decode(t, &h)
	if h.Status != "ok" || h.Scenarios != 4 || h.Calls != 0 {
		t.Errorf("health = %+v, want ok, 4 scenarios, no calls", h)
	}
}

func TestBinaryReplacesScenariosOverTheAdminAPI(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "scenarios.yaml"), watchedScenarios)
	writeFile(t, filepath.Join(dir, "schemas/thing.json"), thingSchema)
	writeFile(t, filepath.Join(dir, "schemas/size.json"), `{"type": "integer"}`)
	writeFile(t, filepath.Join(dir, "fixtures/thing.json"), `{"id": "t1"}`)
	writeFile(t, filepath.Join(dir, "fixtures/other.json"), `{"id": "other"}`)
	p := startBinary(t, "-scenarios", filepath.Join(dir, "scenarios.yaml"))
	call(t, "GET", p.url+"/v1.0/things/1", "")

	good := `version: 1
scenarios:
  - name: get-thing
    times: 2
    request: {method: GET, path: "/v1.0/things/{id}", auth: none}
    response: {status: 200, bodyFile: fixtures/other.json, bodySchema: schemas/thing.json}
`
	r := call(t, "PUT", p.url+"/_graphmock/scenarios?name=replacement.yaml", good, "Content-Type: application/yaml")
	if r.status != 200 {
		t.Fatalf("PUT good scenarios = %d: %s", r.status, r.body)
	}
	if r := call(t, "GET", p.url+"/v1.0/things/1", ""); string(r.body) != `{"id": "other"}` {
		t.Errorf("after the replacement the body is %q, want fixtures/other.json's (read from the scenario folder)", r.body)
	}
	if r := call(t, "GET", p.url+"/_graphmock/verify", ""); r.status != 200 {
		t.Errorf("verify = %d, want 200: the call before the replacement counts toward times: 2\n%s", r.status, r.body)
	}

	bad := "version: 1\nscenarios:\n  - name: get-thing\n    request: {method: GET, path: /v1.0/x}\n    response: {status: 200, bodyFile: fixtures/nope.json}\n"
	r = call(t, "PUT", p.url+"/_graphmock/scenarios", bad)
	var e struct {
		Error struct {
			Code    string      `json:"code"`
			Message string      `json:"message"`
			Details []loadError `json:"details"`
		} `json:"error"`
	}
	r.decode(t, &e)
	want := `posted.yaml:5:39: scenario "get-thing": response.bodyFile: fixtures/nope.json: file does not exist (paths are relative to the scenario file's folder)`
	if r.status != 400 || e.Error.Message != want || len(e.Error.Details) != 1 || e.Error.Details[0].Line != 5 || e.Error.Details[0].Column != 39 {
		t.Errorf("PUT bad scenarios = %d %+v\nwant 400 with %s", r.status, e.Error, want)
	}
	if r := call(t, "GET", p.url+"/v1.0/things/1", ""); r.status != 200 || string(r.body) != `{"id": "other"}` {
		t.Errorf("after a rejected document: %d %q, want the replacement still serving", r.status, r.body)
	}
}

func TestBinaryAdminTokenGuardsOnlyTheAdminAPI(t *testing.T) {
	p := startBinary(t, "-admin-token", "s3cret")
	for _, auth := range []string{"", "Authorization: Bearer wrong"} {
		r := call(t, "GET", p.url+"/_graphmock/health", "", auth)
		if r.status != 401 || !strings.Contains(string(r.body), `"code": "Unauthorized"`) {
			t.Errorf("health with %q = %d %s, want 401 Unauthorized", auth, r.status, r.body)
		}
	}
	if r := call(t, "GET", p.url+"/_graphmock/health", "", "Authorization: Bearer s3cret"); r.status != 200 {
		t.Errorf("health with the token = %d, want 200", r.status)
	}
	if r := call(t, "POST", p.url+chatRefPath, validChatBody, chatHeaders...); r.status != 204 {
		t.Errorf("Graph route = %d, want 204 without the admin token", r.status)
	}
}

func TestBinaryAnswersBrowsersWithCORS(t *testing.T) {
	p := startBinary(t, "-cors")
	r := call(t, "OPTIONS", p.url+chatRefPath, "", "Origin: http://localhost:5173",
		"Access-Control-Request-Method: POST", "Access-Control-Request-Headers: authorization,content-type,client-request-id,sdkversion")
	if r.status != 204 || r.header.Get("Access-Control-Allow-Origin") != "http://localhost:5173" ||
		!strings.Contains(strings.ToLower(r.header.Get("Access-Control-Allow-Headers")), "sdkversion") {
		t.Errorf("preflight = %d %v", r.status, r.header)
	}
	r = call(t, "POST", p.url+chatRefPath, `{"chatType": 1}`, append([]string{"Origin: http://localhost:5173"}, chatHeaders...)...)
	exposed := r.header.Get("Access-Control-Expose-Headers")
	if r.status != 400 || r.header.Get("Access-Control-Allow-Origin") != "http://localhost:5173" || !strings.Contains(exposed, "request-id") || !strings.Contains(exposed, "x-ms-ags-diagnostic") {
		t.Errorf("error response to a browser = %d, Allow-Origin %q, Expose-Headers %q", r.status, r.header.Get("Access-Control-Allow-Origin"), exposed)
	}
	if r := call(t, "OPTIONS", p.url+chatRefPath, "", "Origin: https://elsewhere.example", "Access-Control-Request-Method: POST"); r.status != 403 {
		t.Errorf("preflight from another origin = %d, want 403", r.status)
	}
	var calls callList
	call(t, "GET", p.url+"/_graphmock/calls", "").decode(t, &calls)
	if len(calls.Calls) != 1 {
		t.Errorf("journal holds %d calls, want only the POST: preflights are not recorded", len(calls.Calls))
	}
}

func writeFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// watchedScenarios answers GET /v1.0/things/{id} with a fixture checked
// against a schema that reaches another through $ref.
const watchedScenarios = `version: 1
scenarios:
  - name: get-thing
    request: {method: GET, path: "/v1.0/things/{id}", auth: none}
    response: {status: 200, bodyFile: fixtures/thing.json, bodySchema: schemas/thing.json}
  - name: add-thing
    request: {method: POST, path: /v1.0/things, auth: none, bodySchema: schemas/thing.json}
    response: {status: 201}
`

const thingSchema = `{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "size": {"$ref": "size.json"}}}`

func TestBinaryReloadsWhatChangesOnDisk(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "scenarios.yaml")
	writeFile(t, file, watchedScenarios)
	writeFile(t, filepath.Join(dir, "schemas/thing.json"), thingSchema)
	writeFile(t, filepath.Join(dir, "schemas/size.json"), `{"type": "integer"}`)
	writeFile(t, filepath.Join(dir, "fixtures/thing.json"), `{"id": "t1"}`)
	p := startBinary(t, "-scenarios", file, "-watch", "-watch-interval", "20ms")
	waitFor(t, 5*time.Second, "the watcher has started", func() error {
		if !strings.Contains(p.stderr.String(), "watching for changes") {
			return errors.New("no log line yet")
		}
		return nil
	})
	thing := p.url + "/v1.0/things/t1"
	call(t, "GET", thing, "")

	// A fixture edit takes effect.
	writeFile(t, filepath.Join(dir, "fixtures/thing.json"), `{"id": "t2", "size": 2}`)
	waitFor(t, 5*time.Second, "the new fixture is served", func() error {
		if r := call(t, "GET", thing, ""); string(r.body) != `{"id": "t2", "size": 2}` {
			return fmt.Errorf("body %q", r.body)
		}
		return nil
	})

	// An edit to a schema reached only through $ref takes effect.
	if r := call(t, "POST", p.url+"/v1.0/things", `{"id": "x", "size": -1}`, "Content-Type: application/json"); r.status != 201 {
		t.Fatalf("POST with size -1 before the edit = %d, want 201", r.status)
	}
	writeFile(t, filepath.Join(dir, "schemas/size.json"), `{"type": "integer", "minimum": 0}`)
	waitFor(t, 5*time.Second, "the edited $ref schema is used", func() error {
		if r := call(t, "POST", p.url+"/v1.0/things", `{"id": "x", "size": -1}`, "Content-Type: application/json"); r.status != 400 {
			return fmt.Errorf("status %d", r.status)
		}
		return nil
	})

	// A broken edit keeps the previous set serving and logs where it broke.
	writeFile(t, file, strings.Replace(watchedScenarios, "status: 201", "staus: 201", 1))
	waitFor(t, 5*time.Second, "the failed reload is logged with its position", func() error {
		if want := file + `:8:16: scenario "add-thing": response: unknown field "staus" (did you mean "status"?)`; !strings.Contains(p.stderr.String(), want) {
			return fmt.Errorf("stderr lacks %q:\n%s", want, p.stderr)
		}
		return nil
	})
	if !strings.Contains(p.stderr.String(), "reload failed; still serving the previous scenarios") {
		t.Errorf("stderr lacks the failure summary:\n%s", p.stderr)
	}
	if r := call(t, "GET", thing, ""); r.status != 200 || string(r.body) != `{"id": "t2", "size": 2}` {
		t.Errorf("after a broken edit: %d %q, want the previous set still serving", r.status, r.body)
	}

	// Fixing it reloads again, and the journal has kept every call.
	writeFile(t, file, strings.Replace(watchedScenarios, "status: 201", "status: 202", 1))
	waitFor(t, 5*time.Second, "the fixed file is served", func() error {
		if r := call(t, "POST", p.url+"/v1.0/things", `{"id": "x"}`, "Content-Type: application/json"); r.status != 202 {
			return fmt.Errorf("status %d", r.status)
		}
		return nil
	})
	// Creating a file the scenario file was missing reloads it too.
	writeFile(t, file, strings.Replace(watchedScenarios, "fixtures/thing.json", "fixtures/new.json", 1))
	waitFor(t, 5*time.Second, "the missing fixture is reported", func() error {
		if !strings.Contains(p.stderr.String(), "fixtures/new.json: file does not exist") {
			return errors.New("not yet")
		}
		return nil
	})
	writeFile(t, filepath.Join(dir, "fixtures/new.json"), `{"id": "new"}`)
	waitFor(t, 5*time.Second, "the new fixture is served", func() error {
		if r := call(t, "GET", thing, ""); string(r.body) != `{"id": "new"}` {
			return fmt.Errorf("body %q", r.body)
		}
		return nil
	})

	var calls callList
	call(t, "GET", p.url+"/_graphmock/calls?limit=1", "").decode(t, &calls)
	if calls.Stats.Recorded < 6 || calls.Calls[0].Seq != calls.Stats.Recorded {
		t.Errorf("journal stats = %+v, want every call since the start kept across reloads", calls.Stats)
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
}

// BenchmarkColdStart measures what a test suite that spawns graphmock
// waits for: from starting the process to its first successful answer,
// found through the ready file, with the default set and with a
// simulated tenant of 1,000 generated users (serve -simulate -tenant). It
// reports the fastest, median and slowest start:
//
//	go test -run '^$' -bench ColdStart -benchtime 20x ./cmd/graphmock
func BenchmarkColdStart(b *testing.B) {
	b.Run("default set", func(b *testing.B) {
		coldStart(b, nil, "/beta/chats/c1/installedApps/a1/chat")
	})
	b.Run("simulate 1000 users", func(b *testing.B) {
		tenant := filepath.Join(b.TempDir(), "tenant.yaml")
		if err := os.WriteFile(tenant, []byte("version: 1\ngenerate: {users: 1000, seed: 7, domain: contoso.example}\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		coldStart(b, []string{"-simulate", "-tenant", tenant}, "/v1.0/users?$top=1")
	})
}

// coldStart starts graphmock serve with args again and again, timing each
// start to the first 200 answer to a GET of path.
func coldStart(b *testing.B, args []string, path string) {
	var starts []time.Duration
	for i := 0; b.Loop(); i++ {
		p := startServed(b, args, path, fmt.Sprintf("url-%d", i))
		p.stop()
		starts = append(starts, p.elapsed)
	}
	slices.Sort(starts)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(starts[0]), "min-ms")
	b.ReportMetric(ms(starts[len(starts)/2]), "median-ms")
	b.ReportMetric(ms(starts[len(starts)-1]), "max-ms")
}

// The admin API's JSON shapes, as a client in another language reads them.
type (
	callList struct {
		Calls []mockserver.Call `json:"calls"`
		Stats mockserver.Stats  `json:"stats"`
	}
	verifyReport struct {
		OK       bool                 `json:"ok"`
		Message  string               `json:"message"`
		Problems []mockserver.Problem `json:"problems"`
	}
	health struct {
		Status    string `json:"status"`
		File      string `json:"file"`
		Scenarios int    `json:"scenarios"`
		Calls     int64  `json:"calls"`
	}
	loadError struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Scenario string `json:"scenario"`
		Field    string `json:"field"`
		Message  string `json:"message"`
		Text     string `json:"text"`
	}
)

// TestTheReadyFileIsThereWhenTheURLIsPrinted reads the URL from stdout
// as a test suite would and looks for the ready file at that very moment.
func TestTheReadyFileIsThereWhenTheURLIsPrinted(t *testing.T) {
	for range 5 {
		ready := filepath.Join(t.TempDir(), "graphmock.url")
		cmd := exec.Command(binary, "serve", "-addr", "127.0.0.1:0", "-ready-file", ready, "-log-level", "error")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		data, rerr := os.ReadFile(ready)
		cmd.Process.Kill()
		cmd.Wait()
		if err != nil || !strings.HasPrefix(line, "http://127.0.0.1:") {
			t.Fatalf("first stdout line = %q, %v", line, err)
		}
		if rerr != nil || string(data) != strings.TrimSpace(line) {
			t.Fatalf("when the URL was printed the ready file held %q (%v), want the URL", data, rerr)
		}
	}
}

// TestMakeRunPrintsTheURLFirst: make echoes a recipe line unless it
// starts with @, and make run's first line must be the URL.
func TestMakeRunPrintsTheURLFirst(t *testing.T) {
	data, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	_, recipe, ok := strings.Cut(string(data), "\nrun:\n")
	if !ok {
		t.Fatal("the Makefile has no run target")
	}
	first, _, _ := strings.Cut(recipe, "\n")
	if !strings.HasPrefix(first, "\t@") {
		t.Errorf("make run's recipe %q is echoed before the URL: start it with @", first)
	}
}
