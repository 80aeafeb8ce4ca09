package browser

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/graphmock/graphmock/internal/localca"
	"github.com/graphmock/graphmock/mockserver"
)

// startSimulating starts a second graphmock from the binary the suite
// built, as `graphmock serve -simulate -cors` with -tls from the suite's
// CA (which Chromium trusts), and returns its URL. It stops when the test
// ends.
func startSimulating(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ready := filepath.Join(dir, "url")
	cmd := exec.Command(filepath.Join(s.dir, "graphmock"), "serve", "-simulate", "-cors", "-tls", "-ca-dir", filepath.Join(s.dir, "ca"),
		"-addr", "127.0.0.1:0", "-ready-file", ready, "-log-level", "warn")
	var log strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &log
	dieWithTests(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }() // returns when the process exits
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(ready); err == nil {
			return string(data)
		}
		select {
		case err := <-done:
			t.Fatalf("graphmock serve -simulate exited: %v\n%s", err, log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("graphmock serve -simulate wrote no ready file within 15s")
		}
	}
}

// pageResult is what simulated-chat.html leaves in window.result.
type pageResult struct {
	Error string
	Chat  struct {
		ID       string `json:"id"`
		ChatType string `json:"chatType"`
		Topic    string `json:"topic"`
		Context  string `json:"@odata.context"`
	}
	Message struct {
		ID     string `json:"id"`
		ChatID string `json:"chatId"`
		Body   struct{ Content string }
	}
	Messages struct {
		Value []struct {
			ID   string `json:"id"`
			Body struct{ Content string }
		}
	}
	Missing struct {
		StatusCode int
		Code       string
	}
}

// TestMicrosoftsJavaScriptClientChatsWithTheSimulatedTenant loads a page
// from another origin (HTTPS, localhost) whose script uses Microsoft's
// JavaScript Graph client against `graphmock serve -simulate -cors`: it
// creates a chat (201, an id ending @thread.v2), posts a message (201, an
// id of 13 digits), lists the chat's messages and gets the one it posted,
// then reads a message that does not exist and gets Graph's 404 as the
// client's GraphError (https://learn.microsoft.com/en-us/graph/api/chat-post,
// https://learn.microsoft.com/en-us/graph/api/chat-post-messages,
// https://learn.microsoft.com/en-us/graph/api/chat-list-messages).
func TestMicrosoftsJavaScriptClientChatsWithTheSimulatedTenant(t *testing.T) {
	graphmock := startSimulating(t)
	ca, err := localca.Open(filepath.Join(s.dir, "ca"), localca.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Leaf()
	if err != nil {
		t.Fatal(err)
	}
	app := httptest.NewUnstartedServer(http.FileServer(http.Dir("testdata")))
	app.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	app.StartTLS()
	t.Cleanup(app.Close)
	origin := strings.Replace(app.URL, "127.0.0.1", "localhost", 1)

	tab := newTab(t)
	do(t, tab, "opening the chat page", chromedp.Navigate(origin+"/simulated-chat.html?graphmock="+graphmock))
	waitJS(t, tab, "the page's calls", `document.title === "done" || document.title === "failed"`, 15*time.Second)
	var got pageResult
	if raw := eval[string](t, tab, `JSON.stringify(window.result)`); json.Unmarshal([]byte(raw), &got) != nil || got.Error != "" {
		t.Fatalf("the page failed: %s", raw)
	}

	if !regexp.MustCompile(`^19:[0-9a-zA-Z_-]+@thread\.v2$`).MatchString(got.Chat.ID) || got.Chat.ChatType != "group" || got.Chat.Topic != "Launch plan" ||
		got.Chat.Context != "https://graph.microsoft.com/v1.0/$metadata#chats/$entity" {
		t.Errorf("the created chat = %+v, want a group chat's id, its topic and the $entity context", got.Chat)
	}
	// Graph's answer also carries chatId, which the simulation does not
	// set yet (see TestAPostedChatMessageCarriesItsComputedProperties in
	// internal/simulate); when it does, it must be the chat's.
	if !regexp.MustCompile(`^[0-9]{13}$`).MatchString(got.Message.ID) || (got.Message.ChatID != "" && got.Message.ChatID != got.Chat.ID) ||
		got.Message.Body.Content != "Hello from the page" {
		t.Errorf("the posted message = %+v, want a 13-digit id and the content sent", got.Message)
	}
	if len(got.Messages.Value) != 1 || got.Messages.Value[0].ID != got.Message.ID || got.Messages.Value[0].Body.Content != "Hello from the page" {
		t.Errorf("the chat's messages = %+v, want the one posted", got.Messages.Value)
	}

	// The journal of the simulating graphmock, through its admin API.
	resp, err := s.client.Get(graphmock + "/_graphmock/calls")
	if err != nil {
		t.Fatal(err)
	}
	var journal struct{ Calls []mockserver.Call }
	err = json.NewDecoder(resp.Body).Decode(&journal)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	var statuses []int
	var graphCalls []mockserver.Call
	for _, c := range journal.Calls {
		if c.Method == http.MethodOptions {
			continue // the browser's preflights
		}
		graphCalls = append(graphCalls, c)
		statuses = append(statuses, c.Status)
	}
	if want := []int{201, 201, 200, 404}; !slices.Equal(statuses, want) {
		t.Fatalf("graphmock answered %v, want %v", statuses, want)
	}
	for _, c := range graphCalls {
		if c.Outcome != mockserver.Simulated || c.Header.Get("Origin") != origin || c.Header.Get("Authorization") != "Bearer spa-token" ||
			!strings.HasPrefix(c.Header.Get("SdkVersion"), "graph-js/") {
			t.Errorf("%s %s: %s from %q, Authorization %q, SdkVersion %q; want simulated, from the page, with the client's token and telemetry",
				c.Method, c.Path, c.Outcome, c.Header.Get("Origin"), c.Header.Get("Authorization"), c.Header.Get("SdkVersion"))
		}
	}
	if e := graphCalls[0].Entity; e != "chats/"+got.Chat.ID {
		t.Errorf("the create is recorded with entity %q, want chats/%s", e, got.Chat.ID)
	}
	if e := graphCalls[1].Entity; e != "chats/"+got.Chat.ID+"/messages/"+got.Message.ID {
		t.Errorf("the post is recorded with entity %q", e)
	}
	// The 404 reaches the page, through CORS, as the client's GraphError.
	if got.Missing.StatusCode != 404 || got.Missing.Code == "" || got.Missing.Code != graphCalls[3].ErrorCode {
		t.Errorf("reading a missing message gave the page %+v, want 404 with graphmock's code %q", got.Missing, graphCalls[3].ErrorCode)
	}
}
