package mockserver_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
)

func TestGraphFaultShortForms(t *testing.T) {
	yaml := `version: 1
scenarios:
  - name: throttled
    request: {method: GET, path: /beta/throttled}
    response: {throttle: {retryAfter: 2.128}}
  - name: throttled-default
    request: {method: GET, path: /beta/throttled-default}
    response: {throttle: {}, headers: {X-Extra: "1"}}
  - name: unavailable
    request: {method: GET, path: /beta/unavailable}
    response: {serviceUnavailable: {retryAfter: 5, message: Down for maintenance.}}
  - name: timeout
    request: {method: GET, path: /beta/timeout}
    response: {gatewayTimeout: {}}
`
	srv := yamlServer(t, yaml)
	tests := []struct {
		path, code, innerCode, retryAfter, message string
		status                                     int
	}{
		{"/beta/throttled", "TooManyRequests", "429", "2.128", "Too many requests", 429},
		{"/beta/throttled-default", "TooManyRequests", "429", "1", "Too many requests", 429},
		{"/beta/unavailable", "serviceNotAvailable", "503", "5", "Down for maintenance.", 503},
		{"/beta/timeout", "gatewayTimeout", "504", "", "timed out", 504},
	}
	for _, tt := range tests {
		resp := srv.do(t, "GET", tt.path, "", auth())
		if resp.status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.status, tt.status)
			continue
		}
		if got := resp.header.Get("Retry-After"); got != tt.retryAfter {
			t.Errorf("%s: Retry-After %q, want %q", tt.path, got, tt.retryAfter)
		}
		ge := resp.graphError(t)
		if ge.Error.Code != tt.code || ge.Error.InnerError.Code != tt.innerCode || !strings.Contains(ge.Error.Message, tt.message) {
			t.Errorf("%s: error %+v", tt.path, ge.Error)
		}
		if ge.Error.InnerError.RequestID != resp.header.Get("request-id") {
			t.Errorf("%s: innerError request-id %q", tt.path, ge.Error.InnerError.RequestID)
		}
	}
	if srv.do(t, "GET", "/beta/throttled-default", "", auth()).header.Get("X-Extra") != "1" {
		t.Error("headers given beside a short form are not sent")
	}
	for _, c := range srv.Calls() {
		if c.Outcome != mockserver.Served || c.ErrorCode == "" || c.Problem != "" {
			t.Errorf("journal records a canned Graph error as %s/%q/%q, want served with its code", c.Outcome, c.ErrorCode, c.Problem)
		}
	}
}

// retryingGet is the simplest client that honours Graph's throttling: on
// 429, 503 or 504 it waits for Retry-After (seconds, fraction truncated as
// the Graph SDKs do) and tries again, up to three times, sending
// Retry-Attempt as the SDKs do.
func retryingGet(client *http.Client, method, url string, body []byte) (*http.Response, int, error) {
	for attempt := 0; ; attempt++ {
		req, _ := http.NewRequest(method, url, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer t")
		req.Header.Set("Content-Type", "application/json")
		if attempt > 0 {
			req.Header.Set("Retry-Attempt", strconv.Itoa(attempt))
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, attempt, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		retryable := resp.StatusCode == 429 || resp.StatusCode == 503 || resp.StatusCode == 504
		if !retryable || attempt == 3 {
			return resp, attempt, nil
		}
		secs, _ := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64)
		time.Sleep(time.Duration(int(secs)) * time.Second)
	}
}

func TestThrottledThenSuccessWithARetryingClient(t *testing.T) {
	set, err := mockserver.LoadFile("../examples/throttled-then-success.yaml")
	if err != nil {
		t.Fatal(err)
	}
	set, err = set.With(mockserver.Scenario{ // one second instead of two keeps the test quick
		Name:      "add-chat",
		Times:     mockserver.Exactly(2),
		Request:   mockserver.Request{Method: "POST", Path: "/beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref", BodySchema: "schemas/chat.json"},
		Responses: []mockserver.Response{mockserver.Response{Throttle: &mockserver.GraphFault{RetryAfter: 1}}, {Status: 204}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := mocktest.NewTestServer(t, mocktest.WithSet(set))
	start := time.Now()
	resp, retries, err := retryingGet(ts.Client(), "POST", ts.URL()+chatRefPath, []byte(validChatBody))
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("client ended with %v, %v; want 204", resp, err)
	}
	if retries != 1 || time.Since(start) < time.Second {
		t.Errorf("%d retries in %s, want 1 after waiting Retry-After", retries, time.Since(start))
	}
	calls := ts.CallsTo("add-chat")
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 204 {
		t.Fatalf("journal %v, want the 429 and the 204", calls)
	}
	if calls[0].Header.Get("Retry-Attempt") != "" || calls[1].Header.Get("Retry-Attempt") != "1" {
		t.Errorf("Retry-Attempt headers %q, %q", calls[0].Header.Get("Retry-Attempt"), calls[1].Header.Get("Retry-Attempt"))
	}
}

func TestChaosIsReproducibleFromItsSeed(t *testing.T) {
	yaml := `version: 1
chaos: {rate: 0.3, seed: 42}
scenarios:
  - name: me
    request: {method: GET, path: /beta/me}
    response: {status: 200, body: {id: me}}
`
	run := func() (string, map[int]int) {
		srv := yamlServer(t, yaml)
		var b strings.Builder
		counts := map[int]int{}
		for range 400 {
			st := srv.do(t, "GET", "/beta/me", "", auth()).status
			counts[st]++
			fmt.Fprint(&b, st, " ")
		}
		return b.String(), counts
	}
	first, counts := run()
	second, _ := run()
	if first != second {
		t.Error("two servers with the same seed answered differently")
	}
	hit := 400 - counts[200]
	if hit < 80 || hit > 160 {
		t.Errorf("%d of 400 calls hit at rate 0.3, want about 120: %v", hit, counts)
	}
	if counts[429] == 0 || counts[503] == 0 || counts[504] == 0 {
		t.Errorf("statuses %v, want all three errors", counts)
	}
	set, _ := loadYAML(t, yaml, nil)
	other, err := set.WithChaos(&mockserver.Chaos{Rate: 0.3, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(other, mockserver.Options{})}
	var b strings.Builder
	for range 400 {
		fmt.Fprint(&b, srv.do(t, "GET", "/beta/me", "", auth()).status, " ")
	}
	if b.String() == first {
		t.Error("another seed gave the same answers")
	}
	chaotic := 0
	for _, c := range srv.Calls() {
		if c.Chaos {
			chaotic++
		}
	}
	if chaotic == 0 || chaotic == 400 {
		t.Errorf("%d calls marked as chaos", chaotic)
	}
	if _, err := set.WithChaos(&mockserver.Chaos{Rate: 2, Errors: []string{"throttled"}}); err == nil ||
		!strings.Contains(err.Error(), "chaos.rate: 2: want a share from 0 to 1") || !strings.Contains(err.Error(), `unknown error "throttled" (did you mean "throttle"?)`) {
		t.Errorf("WithChaos(bad) error = %v", err)
	}
}
