package mockserver_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// Each request's own state is an object a pool hands from request to
// request. Under concurrent requests over real connections, with -race,
// every answer and every recorded call must still be the request's own:
// its ids, its body, its status.
func TestConcurrentRequestsKeepTheirOwnIDsAndBodies(t *testing.T) {
	set, err := mockserver.LoadFile("../examples/graph-metadata.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	ts := httptest.NewServer(srv)
	defer ts.Close()

	const workers, each = 8, 60
	type sent struct{ client, requestID, body string }
	results := make(chan sent, workers*each)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				client := fmt.Sprintf("client-%d-%d", w, i)
				body := fmt.Sprintf(`{"accountEnabled":true,"displayName":"User %d %d","mailNickname":"u%d%d","userPrincipalName":"u%d%d@contoso.com","passwordProfile":{"forceChangePasswordNextSignIn":true,"password":"xWwvJ]6NMw+bWH-d"}}`, w, i, w, i, w, i)
				if i%3 == 2 {
					body = `{"displayName": 7}` // refused: a string is required
				}
				req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1.0/users", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer test")
				req.Header.Set("Content-Type", "application/json")
				if i%2 == 0 { // every other request without a client-request-id of its own
					req.Header.Set("Client-Request-Id", client)
				} else {
					client = ""
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				id := resp.Header.Get("Request-Id")
				want := client
				if want == "" {
					want = id
				}
				if got := resp.Header.Get("Client-Request-Id"); got != want {
					t.Errorf("client-request-id %q, want %q", got, want)
				}
				results <- sent{client: client, requestID: id, body: body}
			}
		}()
	}
	wg.Wait()
	close(results)

	calls := map[string]mockserver.Call{}
	for _, c := range srv.Calls() {
		calls[c.RequestID] = c
	}
	if len(calls) != workers*each {
		t.Fatalf("%d calls recorded with distinct request ids, want %d", len(calls), workers*each)
	}
	for s := range results {
		c, ok := calls[s.requestID]
		if !ok {
			t.Errorf("no recorded call has request id %s", s.requestID)
			continue
		}
		if string(c.Body) != s.body {
			t.Errorf("call %s recorded body %q, want %q", s.requestID, c.Body, s.body)
		}
		if got := c.Header.Get("Client-Request-Id"); got != s.client {
			t.Errorf("call %s recorded client-request-id %q, want %q", s.requestID, got, s.client)
		}
		wantStatus := http.StatusCreated
		if strings.Contains(s.body, `"displayName": 7`) {
			wantStatus = http.StatusBadRequest
		}
		if c.Status != wantStatus {
			t.Errorf("call %s recorded status %d, want %d: %s", s.requestID, c.Status, wantStatus, c.Problem)
		}
	}
}
