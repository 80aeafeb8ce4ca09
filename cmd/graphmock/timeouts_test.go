package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The server's timeouts end connections that stall, and never before their
// time: the deadlines ride on a coarse clock (package coarsedeadline), so
// these tests check both ends, with a generous upper bound for a busy machine.

// dialServer connects to the server at url (http://host:port).
func dialServer(t *testing.T, url string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitClosed reads from c until the server closes it, and returns what it
// read; it fails the test if that takes longer than bound.
func waitClosed(t *testing.T, c net.Conn, r io.Reader, bound time.Duration) string {
	t.Helper()
	if err := c.SetReadDeadline(time.Now().Add(bound)); err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("the server did not close the connection within %s: %v (read %q)", bound, err, data)
	}
	return string(data)
}

func TestReadHeaderTimeoutClosesAStalledRequestOnTime(t *testing.T) {
	url, _, stop := startRun(t, "-addr", "127.0.0.1:0", "-read-header-timeout", "1s")
	defer stop()
	start := time.Now()
	c := dialServer(t, url)
	if _, err := io.WriteString(c, "GET /v1.0/me HTTP/1.1\r\nHost: graph\r\n"); err != nil { // headers never end
		t.Fatal(err)
	}
	got := waitClosed(t, c, c, 15*time.Second)
	if took := time.Since(start); took < time.Second {
		t.Errorf("the connection closed after %s, before the 1s header timeout", took)
	}
	if strings.Contains(got, "200 OK") {
		t.Errorf("a request whose headers never ended was answered: %q", got)
	}
	// The server keeps serving.
	resp := postChat(t, url, validChatBody, true)
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("after the timeout, POST answered %d, want 204", resp.StatusCode)
	}
}

func TestIdleTimeoutClosesAKeepAliveConnectionOnTime(t *testing.T) {
	url, _, stop := startRun(t, "-addr", "127.0.0.1:0", "-idle-timeout", "1s")
	defer stop()
	c := dialServer(t, url)
	if _, err := io.WriteString(c, "GET /v1.0/nothing-here HTTP/1.1\r\nHost: graph\r\nAuthorization: Bearer test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	answered := time.Now()
	if resp.Close {
		t.Fatalf("the server closed a keep-alive connection after one answer (%d)", resp.StatusCode)
	}
	if rest := waitClosed(t, c, br, 15*time.Second); rest != "" {
		t.Errorf("the idle connection carried %q before it closed", rest)
	}
	if took := time.Since(answered); took < time.Second-50*time.Millisecond {
		// The idle deadline is set a moment after the answer is written, so
		// only a close well before the second is early.
		t.Errorf("the idle connection closed after %s, before the 1s idle timeout", took)
	}
}
