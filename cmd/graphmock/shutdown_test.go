package main

import (
	"net/http"
	"testing"
	"time"
)

// TestShutdownEndsOpenEventStreams checks that a page left open on the
// event stream does not hold a shutdown up.
func TestShutdownEndsOpenEventStreams(t *testing.T) {
	url, _, stop := startRun(t, "-addr", "127.0.0.1:0")
	resp, err := http.Get(url + "/_graphmock/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET events = %d", resp.StatusCode)
	}
	start := time.Now()
	if err := stop(); err != nil {
		t.Fatalf("run() = %v with an event stream open, want a clean shutdown", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %v with an event stream open", d)
	}
}
