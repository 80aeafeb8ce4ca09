package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestImportHARThenServe: import-har takes its flags after the file too;
// what it writes validates and serves the recorded calls; nothing of the
// archive's personal data or credentials is under the folder.
func TestImportHARThenServe(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"import-har", "testdata/record/chrome.har", "-out", dir, "-seed", "s"}, &stdout, &stderr); err != nil {
		t.Fatalf("import-har: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"wrote " + filepath.Join(dir, "scenarios.yaml"), "11 calls read, 8 written", "left out, not a Graph host: 2", "header Authorization"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"validate", filepath.Join(dir, "scenarios.yaml")}, &out, &out); err != nil {
		t.Fatalf("validate: %v\n%s", err, out.String())
	}
	grepTree(t, dir, []string{"6e7b768e-07e2-4810-8459-485f84f8f204", "dcd219dd-bc68-4b9b-bf0b-4a33a796be35", "Adele Vance", "AdeleV@contoso.onmicrosoft.com", "chrome-har-token", "chrome-cookie-value", "chrome-set-cookie", "+1 425 555 0109"})
	url, _, stop := startRun(t, "serve", "-scenarios", filepath.Join(dir, "scenarios.yaml"), "-addr", "127.0.0.1:0")
	defer stop()
	for range 2 {
		req, _ := http.NewRequest("GET", url+"/v1.0/me", nil)
		req.Header.Set("Authorization", "Bearer t")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"displayName": "Person `)) {
			t.Errorf("GET /v1.0/me: %d %s", resp.StatusCode, body)
		}
	}
}

// TestImportGraphmocksOwnHAR: graphmock's GET /_graphmock/har, whose
// calls are on graphmock's address, imports without -host.
func TestImportGraphmocksOwnHAR(t *testing.T) {
	url, _, stop := startRun(t, "serve", "-addr", "127.0.0.1:0")
	defer stop()
	postChat(t, url, validChatBody, true).Body.Close()
	resp, err := http.Get(url + "/_graphmock/har")
	if err != nil {
		t.Fatal(err)
	}
	har, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	file := filepath.Join(t.TempDir(), "graphmock.har")
	os.WriteFile(file, har, 0o644)
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"import-har", "-out", dir, file}, &stdout, &stderr); err != nil {
		t.Fatalf("import-har: %v\n%s\n%s", err, stderr.String(), har)
	}
	yml, _ := os.ReadFile(filepath.Join(dir, "scenarios.yaml"))
	if !regexp.MustCompile(`name: post-chats-installedapps-chat-ref\n`).Match(yml) || !strings.Contains(string(yml), "status: 204") {
		t.Errorf("scenarios:\n%s", yml)
	}
}

// TestImportHARBadInput: a file that is not an archive, one without
// Graph calls, and bad flags are errors that name the file and the
// problem, with exit status 2.
func TestImportHARBadInput(t *testing.T) {
	tmp := t.TempDir()
	notHAR := filepath.Join(tmp, "notes.har")
	os.WriteFile(notHAR, []byte("these are notes"), 0o644)
	noGraph := filepath.Join(tmp, "web.har")
	os.WriteFile(noGraph, []byte(`{"log":{"entries":[{"request":{"method":"GET","url":"https://example.com/a"},"response":{"status":200}}]}}`), 0o644)
	out := filepath.Join(tmp, "out")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import-har", notHAR, "-out", out}, notHAR + ": not an HTTP Archive (HAR)"},
		{[]string{"import-har", noGraph, "-out", out}, noGraph + ": no Microsoft Graph calls among its 1 entries; 1 not a Graph host (take other hosts with -host)"},
		{[]string{"import-har", filepath.Join(tmp, "missing.har"), "-out", out}, "missing.har"},
		{[]string{"import-har", notHAR}, "-out DIR is required"},
		{[]string{"import-har", "-out", out}, "name one HAR file"},
		{[]string{"import-har", notHAR, noGraph, "-out", out}, "name one HAR file"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), c.args, &stdout, &stderr)
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != exitUsage || !strings.Contains(err.Error()+stderr.String(), c.want) {
			t.Errorf("%v: %v, stderr %q: want exit 2 with %q", c.args, err, stderr.String(), c.want)
		}
	}
	// -host takes the page's own server.
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"import-har", noGraph, "-out", out, "-host", "example.com"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "not under /v1.0 or /beta") {
		t.Errorf("-host example.com: %v: want the call taken from the host and left out for its path", err)
	}
}

// TestTheRecordingCommandsAreDocumented: docs/command.md shows record and
// import-har and names each of their flags.
func TestTheRecordingCommandsAreDocumented(t *testing.T) {
	page, err := os.ReadFile("../../docs/command.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, command := range []string{"record", "import-har"} {
		if !strings.Contains(string(page), "graphmock "+command) {
			t.Errorf("docs/command.md does not show graphmock %s", command)
		}
		out, _ := exec.Command(binary, command, "-h").CombinedOutput()
		flags := regexp.MustCompile(`(?m)^  -([a-z-]+)`).FindAllStringSubmatch(string(out), -1)
		if len(flags) < 4 {
			t.Fatalf("graphmock %s -h lists %d flags:\n%s", command, len(flags), out)
		}
		for _, m := range flags {
			if !strings.Contains(string(page), "-"+m[1]+" ") && !strings.Contains(string(page), "-"+m[1]+"`") {
				t.Errorf("docs/command.md does not document graphmock %s -%s", command, m[1])
			}
		}
	}
}
