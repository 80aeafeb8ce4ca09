package mockserver_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

func faultServer(t *testing.T) (*httptest.Server, *mockserver.Server) {
	t.Helper()
	set, err := mockserver.LoadFile("../examples/faults.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, srv
}

func get(t *testing.T, client *http.Client, url string) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func TestFaultsBreakTheConnection(t *testing.T) {
	ts, srv := faultServer(t)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true, MaxIdleConns: 0}}
	t.Run("connection reset", func(t *testing.T) {
		_, _, err := get(t, client, ts.URL+"/beta/chats/c/installedApps/reset/chat")
		if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
			t.Errorf("error = %v, want a connection reset", err)
		}
	})
	t.Run("empty response", func(t *testing.T) {
		_, _, err := get(t, client, ts.URL+"/beta/chats/c/installedApps/empty/chat")
		if err == nil || !(errors.Is(err, io.EOF) || strings.Contains(err.Error(), "EOF")) {
			t.Errorf("error = %v, want EOF before any response", err)
		}
	})
	t.Run("truncated body", func(t *testing.T) {
		resp, body, err := get(t, client, ts.URL+"/beta/chats/c/installedApps/truncated/chat")
		if resp == nil || resp.StatusCode != 200 {
			t.Fatalf("response %v, %v: want the headers to arrive", resp, err)
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("reading the body: %v after %d of %d bytes, want unexpected EOF", err, len(body), resp.ContentLength)
		}
		if len(body) == 0 || int64(len(body)) >= resp.ContentLength {
			t.Errorf("got %d of %d bytes, want part of the body", len(body), resp.ContentLength)
		}
	})
	// The server keeps serving, and every broken call is in the journal.
	if _, body, err := get(t, client, ts.URL+"/beta/chats/c/installedApps/unavailable/chat"); err != nil || !strings.Contains(string(body), "serviceNotAvailable") {
		t.Errorf("after the faults: %v %s", err, body)
	}
	if st := srv.Stats(); st.Served != 4 {
		t.Errorf("journal %+v, want the 4 calls served", st)
	}
}

func TestFaultsOnARecorderAbortTheHandler(t *testing.T) {
	set, err := mockserver.LoadFile("../examples/faults.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("recover() = %v, want http.ErrAbortHandler", p)
		}
	}()
	req := httptest.NewRequest("GET", "/beta/chats/c/installedApps/reset/chat", nil)
	req.Header.Set("Authorization", "Bearer t")
	srv.ServeHTTP(httptest.NewRecorder(), req)
}

func TestDelays(t *testing.T) {
	ts, srv := faultServer(t)
	start := time.Now()
	resp, _, err := get(t, ts.Client(), ts.URL+"/beta/chats/c/installedApps/slow/chat")
	took := time.Since(start)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}
	if took < 200*time.Millisecond {
		t.Errorf("answered in %s, want at least the 200ms minimum delay", took)
	}
	if d := srv.Calls()[0].Duration; d < 200*time.Millisecond {
		t.Errorf("journal duration %s does not include the delay", d)
	}
}

func TestDelayEndsWhenTheClientGivesUp(t *testing.T) {
	set, err := mockserver.Compile(nil, mockserver.Scenario{
		Name:     "slow",
		Request:  mockserver.Request{Method: "GET", Path: "/beta/slow", Auth: "none"},
		Response: mockserver.Response{Status: 200, Delay: &mockserver.Delay{Min: 10 * time.Minute, Max: 10 * time.Minute}},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	before := runtime.NumGoroutine()
	for range 20 {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		req := httptest.NewRequest("GET", "/beta/slow", nil).WithContext(ctx)
		done := make(chan struct{})
		go func() { srv.ServeHTTP(httptest.NewRecorder(), req); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the handler kept waiting after the client gave up")
		}
		cancel()
	}
	// The goroutines above return just after closing done: give them a
	// moment on a busy machine.
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > before+1 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before+1 {
		t.Errorf("goroutines %d before, %d after 20 abandoned delays", before, after)
	}
	calls := srv.Calls()
	if len(calls) != 20 || calls[0].Status != 0 || !strings.Contains(calls[0].Problem, "the client gave up during the 10m0s delay") {
		t.Errorf("journal: %d calls, first %+v", len(calls), calls[0])
	}
}

// TestDelayOutlastsTheServerWriteTimeout serves a delay longer than the
// http.Server's WriteTimeout: the answer must still arrive.
func TestDelayOutlastsTheServerWriteTimeout(t *testing.T) {
	set, err := mockserver.Compile(nil, mockserver.Scenario{
		Name:     "slow",
		Request:  mockserver.Request{Method: "GET", Path: "/beta/slow", Auth: "none"},
		Response: mockserver.Response{Status: 200, Body: `{"ok":true}`, Delay: &mockserver.Delay{Min: 300 * time.Millisecond, Max: 300 * time.Millisecond}},
	})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(mockserver.New(set, mockserver.Options{}))
	hs.Config.WriteTimeout = 100 * time.Millisecond
	hs.Start()
	defer hs.Close()
	resp, body, err := get(t, hs.Client(), hs.URL+"/beta/slow")
	if err != nil || resp.StatusCode != 200 || string(body) != `{"ok":true}` {
		t.Fatalf("delayed answer: %v %q %v", resp, body, err)
	}
}
