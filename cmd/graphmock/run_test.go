package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const chatRefPath = "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat/$ref"

const validChatBody = `{"@odata.type":"#Microsoft.Teams.GraphSvc.chat","tenantId":"b33cbe9f-8ebe-4f2a-912b-7e2a427f477f","topic":"Weekly sync","chatType":"group"}`

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startRun runs the command in process and returns the URL it prints.
func startRun(t *testing.T, args ...string) (url string, stderr *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	stderr = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, outW, stderr)
		outW.CloseWithError(io.EOF)
		done <- err
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no URL on stdout: %v; stderr:\n%s; run: %v", err, stderr, <-done)
	}
	go io.Copy(io.Discard, outR)
	stop = func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("run did not return after its context was cancelled")
		}
	}
	return strings.TrimSpace(line), stderr, stop
}

func postChat(t *testing.T, url, body string, auth bool) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", url+chatRefPath, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth {
		req.Header.Set("Authorization", "Bearer test")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestRunServesTheDefaultScenariosOnAFreePort(t *testing.T) {
	url, stderr, stop := startRun(t, "-addr", "127.0.0.1:0")
	if !strings.HasPrefix(url, "http://127.0.0.1:") || strings.HasSuffix(url, ":0") {
		t.Fatalf("first stdout line = %q, want the URL with the chosen port", url)
	}
	if resp := postChat(t, url, validChatBody, true); resp.StatusCode != 204 {
		t.Errorf("valid request: status %d, want 204", resp.StatusCode)
	}
	if resp := postChat(t, url, `{"chatType":"direct"}`, true); resp.StatusCode != 400 {
		t.Errorf("invalid body: status %d, want 400", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("run() = %v, want nil after a graceful shutdown", err)
	}
	log := stderr.String()
	for _, want := range []string{"graphmock serving", "/chat/$ref → 204 add-chat ", "/chat/$ref → 400 add-chat ", `: /chatType: "direct" is not a member of the enum: oneOnOne`, "graphmock stopped"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

func TestRunLogsJSON(t *testing.T) {
	url, stderr, stop := startRun(t, "-addr", "127.0.0.1:0", "-log-format", "json")
	postChat(t, url, validChatBody, false)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), `"status":401`) || !strings.Contains(stderr.String(), `"scenario":"add-chat"`) {
		t.Errorf("JSON log lacks the request line:\n%s", stderr)
	}
}

func TestRunRejectsBadUsageWithExitCode2(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "scenarios.yaml")
	os.WriteFile(broken, []byte("version: 1\nscenarios:\n  - name: x\n    request: {method: GET, path: /beta/x}\n    response: {staus: 200}\n"), 0o600)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"-nope"}, "flag provided but not defined: -nope"},
		{"bad log format", []string{"-log-format", "xml"}, `-log-format "xml": want text or json`},
		{"unknown command", []string{"serf"}, `unknown command "serf"`},
		{"extra argument", []string{"serve", "extra"}, `unexpected argument "extra"`},
		{"missing scenario file", []string{"-scenarios", filepath.Join(dir, "nope.yaml")}, "nope.yaml: file does not exist"},
		{"broken scenario file", []string{"-scenarios", broken}, broken + `:5:16: scenario "x": response: unknown field "staus" (did you mean "status"?)`},
		{"unusable address", []string{"-addr", "256.0.0.1:80"}, "256.0.0.1"},
		{"watching the embedded scenarios", []string{"-watch"}, "-watch needs -scenarios FILE"},
		{"no watch interval", []string{"-scenarios", "../../scenarios.yaml", "-watch", "-watch-interval", "0s"}, "-watch-interval 0s: want a positive duration"},
		{"a malformed CORS origin", []string{"-cors-origins", "localhost:3000"}, `-cors-origins: CORS origin "localhost:3000": want scheme://host`},
		{"a ready file in a missing folder", []string{"-addr", "127.0.0.1:0", "-ready-file", filepath.Join(dir, "no", "ready")}, "-ready-file " + filepath.Join(dir, "no", "ready") + ": the folder " + filepath.Join(dir, "no") + " does not exist"},
		{"a certificate without its key", []string{"-tls-cert", "c.pem"}, "-tls-cert and -tls-key go together"},
		{"a key without its certificate", []string{"-tls-key", "k.pem"}, "-tls-cert and -tls-key go together"},
		{"an own certificate and a generated one", []string{"-tls-cert", "c.pem", "-tls-key", "k.pem", "-tls-cert-out", "o.pem"}, "with -tls-cert your own is served"},
		{"missing certificate files", []string{"-addr", "127.0.0.1:0", "-tls-cert", filepath.Join(dir, "c.pem"), "-tls-key", filepath.Join(dir, "k.pem")}, "c.pem: no such file"},
		{"an unwritable certificate path", []string{"-addr", "127.0.0.1:0", "-tls-cert-out", filepath.Join(dir, "no", "such", "dir", "c.pem")}, "-tls-cert-out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != exitUsage {
				t.Fatalf("run(%v) = %v, want exit code 2", tt.args, err)
			}
			if msg := stderr.String() + err.Error(); !strings.Contains(msg, tt.want) {
				t.Errorf("output %q lacks %q", msg, tt.want)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout = %q, want no URL from a server that never started", stdout.String())
			}
		})
	}
}
