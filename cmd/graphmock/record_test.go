package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// freeAddr returns a loopback address with a free port, for a replay
// the recording's links must point at before it starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// refusingAddr returns the address of a listener that closes every
// connection at once, without a byte of answer, for as long as the test
// runs: an upstream no request gets through to. Holding the port, unlike
// a port freed after listening, keeps it from being handed to the
// process under test.
func refusingAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return ln.Addr().String()
}

// secretForms returns v plain, percent-encoded (path and query forms)
// and JSON-escaped.
func secretForms(v string) []string {
	j, _ := json.Marshal(v)
	return []string{v, url.PathEscape(v), url.QueryEscape(v), string(j[1 : len(j)-1]), strings.ReplaceAll(url.QueryEscape(v), "+", "%20")}
}

// grepTree fails for each file under dir that holds a form of a secret.
func grepTree(t *testing.T, dir string, secrets []string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lower := bytes.ToLower(data)
		for _, s := range secrets {
			for _, f := range secretForms(s) {
				if bytes.Contains(lower, bytes.ToLower([]byte(f))) {
					t.Errorf("%s holds %q (a form of the seeded %q)", p, f, s)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3 {
		t.Fatalf("only %d files under %s", files, dir)
	}
}

// TestRecordThenReplay is the proof of recording: a client run against a
// fake Graph seeded with personal data, through graphmock record, is
// written as a scenario file in which no byte of the seeded data, the
// token or the cookie appears in any form; graphmock validate passes on
// it; graphmock serve answers the same client run from it the same way,
// with the pseudonyms consistent across calls.
func TestRecordThenReplay(t *testing.T) {
	upstream := newFakeGraph(t)
	dir := filepath.Join(t.TempDir(), "recording")
	mapping := filepath.Join(t.TempDir(), "mapping.json")
	replayAddr := freeAddr(t)
	url, stderr, stop := startRun(t, "record", "-upstream", upstream.URL, "-out", dir, "-addr", "127.0.0.1:0",
		"-seed", "test-seed", "-base", "http://"+replayAddr, "-keep-mapping", mapping)
	live := runClient(t, url)

	// Flushing on demand writes the recording so far.
	resp, err := http.Post(url+"/_graphmock/record/flush", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("flush: %d", resp.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(dir, "scenarios.yaml")); err != nil {
		t.Fatalf("flush wrote no scenarios: %v", err)
	}
	if err := stop(); err != nil {
		t.Fatalf("record: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr.String(), "warning: "+mapping) {
		t.Errorf("no warning about the mapping file:\n%s", stderr)
	}

	if want := []int{201, 200, 200, 429, 201, 200}; !slices.Equal(live.Statuses, want) {
		t.Fatalf("live run statuses %v, want %v", live.Statuses, want)
	}
	if live.Pages != 2 {
		t.Fatalf("live run read %d pages, want 2: the nextLink must lead through the recorder", live.Pages)
	}
	grepTree(t, dir, seededSecrets())

	// The mapping, written on request, has the real values.
	m, err := os.ReadFile(mapping)
	if err != nil || !bytes.Contains(m, []byte(strings.ToLower(seededMailA))) {
		t.Errorf("the mapping lacks the seeded address: %v", err)
	}
	if fi, err := os.Stat(mapping); err == nil && fi.Mode().Perm() != 0o600 {
		t.Errorf("mapping mode %v, want 0600", fi.Mode().Perm())
	}

	var out bytes.Buffer
	if err := run(context.Background(), []string{"validate", filepath.Join(dir, "scenarios.yaml")}, &out, &out); err != nil {
		t.Fatalf("validate: %v\n%s", err, out.String())
	}
	set, err := mockserver.LoadFile(filepath.Join(dir, "scenarios.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sc := range set.Scenarios() {
		names = append(names, sc.Name)
	}
	for _, want := range []string{"post-chats", "get-chats-members", "get-chats-members-2", "post-chats-messages", "get-users"} {
		if !slices.Contains(names, want) {
			t.Errorf("scenarios %v: want %s", names, want)
		}
	}
	yml, _ := os.ReadFile(filepath.Join(dir, "scenarios.yaml"))
	if os.Getenv("SHOW") != "" {
		t.Logf("%s", yml)
		b, _ := os.ReadDir(filepath.Join(dir, "bodies"))
		for _, f := range b {
			d, _ := os.ReadFile(filepath.Join(dir, "bodies", f.Name()))
			t.Logf("%s:\n%s", f.Name(), d)
		}
	}
	for _, want := range []string{"bodyType: auto", "status: 429", "Retry-After", "times: 1", "$skiptoken"} {
		if !strings.Contains(string(yml), want) {
			t.Errorf("scenarios.yaml lacks %q:\n%s", want, yml)
		}
	}
	report, _ := os.ReadFile(filepath.Join(dir, "scrub-report.txt"))
	for _, want := range []string{"header Authorization", "tenant id", "object id", "mail"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}

	replayURL, replayErr, stopReplay := startRun(t, "serve", "-scenarios", filepath.Join(dir, "scenarios.yaml"), "-addr", replayAddr)
	defer stopReplay()
	replay := runClient(t, replayURL)
	if !slices.Equal(replay.Statuses, live.Statuses) || replay.Pages != live.Pages || len(replay.Members) != len(live.Members) {
		t.Fatalf("replay %+v, live %+v\n%s", replay, live, replayErr)
	}
	// The pseudonyms hang together: the chat's id is made of its first
	// two members' ids, and the user read by address is the third member.
	if want := "19:" + replay.Members[0] + "_" + replay.Members[1] + "@unq.gbl.spaces"; replay.ChatID != want {
		t.Errorf("replayed chat id %q, want %q", replay.ChatID, want)
	}
	if replay.UserID != replay.Members[2] {
		t.Errorf("replayed user id %q, want the third member's %q", replay.UserID, replay.Members[2])
	}
	if replay.Message != live.Message {
		t.Errorf("message id %q, want %q (a number, not personal)", replay.Message, live.Message)
	}
	// The replay made every recorded call as often as the recording did.
	vr, err := http.Get(replayURL + "/_graphmock/verify")
	if err != nil {
		t.Fatal(err)
	}
	vr.Body.Close()
	if vr.StatusCode != http.StatusOK {
		t.Errorf("verify after the replay: %d, want 200", vr.StatusCode)
	}
	for i := range live.Members {
		if replay.Members[i] == live.Members[i] || replay.Emails[i] == live.Emails[i] {
			t.Errorf("member %d replayed with its real id or address", i)
		}
	}
}

// TestRecordUnreachableUpstream: an upstream that refuses connections
// gets the client Graph's error envelope with 502, recorded as such.
func TestRecordUnreachableUpstream(t *testing.T) {
	dead := "http://" + refusingAddr(t) // connections there are closed unanswered
	dir := filepath.Join(t.TempDir(), "out")
	url, stderr, stop := startRun(t, "record", "-upstream", dead, "-out", dir, "-addr", "127.0.0.1:0", "-seed", "s")
	req, _ := http.NewRequest("GET", url+"/v1.0/me", nil)
	req.Header.Set("Authorization", "Bearer "+seededToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Error struct{ Code, Message string }
	}
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway || body.Error.Code != "badGateway" || !strings.Contains(body.Error.Message, "could not reach") {
		t.Errorf("got %d %+v, want 502 badGateway", resp.StatusCode, body)
	}
	if err := stop(); err != nil {
		t.Fatalf("record: %v\n%s", err, stderr)
	}
	yml, err := os.ReadFile(filepath.Join(dir, "scenarios.yaml"))
	if err != nil || !strings.Contains(string(yml), "status: 502") || !strings.Contains(string(yml), "name: get-me") {
		t.Errorf("want the 502 recorded as get-me: %v\n%s", err, yml)
	}
	grepTree(t, dir, []string{seededToken})
}

// TestRecordFlags: what record refuses, each with a message.
func TestRecordFlags(t *testing.T) {
	out := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"record", "-out", out}, "-upstream URL is required"},
		{[]string{"record", "-upstream", "https://graph.microsoft.com"}, "-out DIR is required"},
		{[]string{"record", "-upstream", "graph.microsoft.com", "-out", out}, "want an absolute http or https URL"},
		{[]string{"record", "-upstream", "https://graph.microsoft.com/v1.0", "-out", out}, "without a path"},
		{[]string{"record", "-upstream", "https://graph.microsoft.com", "-out", out, "-keep-mapping", filepath.Join(out, "m.json")}, "is inside -out"},
		{[]string{"record", "-upstream", "https://graph.microsoft.com", "-out", out, "-base", "127.0.0.1:8080"}, "-base"},
		{[]string{"record", "-upstream", "https://graph.microsoft.com", "-out", out, "extra"}, "unexpected argument"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), c.args, &stdout, &stderr)
		if err == nil || !strings.Contains(stderr.String()+err.Error(), c.want) {
			t.Errorf("%v: %v, stderr %q: want %q", c.args, err, stderr.String(), c.want)
		}
	}
}

// TestRecordOverHTTPS: with -tls, record serves HTTPS with a certificate
// from the local CA, as serve does, for clients that insist on https.
func TestRecordOverHTTPS(t *testing.T) {
	upstream := newFakeGraph(t)
	caDir, caCopy := t.TempDir(), filepath.Join(t.TempDir(), "ca.pem")
	dir := filepath.Join(t.TempDir(), "out")
	url, stderr, stop := startRun(t, "record", "-upstream", upstream.URL, "-out", dir, "-addr", "127.0.0.1:0", "-seed", "s",
		"-tls", "-ca-dir", caDir, "-tls-cert-out", caCopy)
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("record -tls printed %s", url)
	}
	client := trustingClient(t, caCopy, "127.0.0.1")
	req, _ := http.NewRequest("GET", url+"/v1.0/users/"+seededMailC, nil)
	req.Header.Set("Authorization", "Bearer "+seededToken)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET over HTTPS: %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("record: %v\n%s", err, stderr)
	}
	grepTree(t, dir, seededSecrets())
}
