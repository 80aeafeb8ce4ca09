package interop_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/interop"
	"github.com/graphmock/graphmock/mockserver"
	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// TestTwoGoSDKClientsAtOnceInTwoSessions points two Graph SDK clients at
// two sessions of one server, by base URL only, and runs them at once: one
// session serves the default scenarios, the other throttles its first
// call. Each is verified on its own.
func TestTwoGoSDKClientsAtOnceInTwoSessions(t *testing.T) {
	ts := mockserver.NewTestServer(t) // fails the test at cleanup if the server itself saw a call
	srv := ts.Server()
	plain, err := srv.NewSession(mockserver.SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	throttled := srv.Scenarios()
	throttled, err = throttled.With(mockserver.Scenario{
		Name:  "add-chat",
		Times: mockserver.Exactly(2),
		Request: mockserver.Request{Method: "POST", Path: "/beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref",
			BodySchema: "schemas/chat.json"},
		Responses: []mockserver.Response{{Status: 429, Headers: map[string]string{"Retry-After": "0"}}, {Status: 204}},
	})
	if err != nil {
		t.Fatal(err)
	}
	throttledSession, err := srv.NewSession(mockserver.SessionOptions{Set: throttled})
	if err != nil {
		t.Fatal(err)
	}

	const plainCalls = 3
	var wg sync.WaitGroup
	errs := make(chan error, plainCalls+1)
	send := func(id string, times int) {
		defer wg.Done()
		adapter, err := interop.NewGraphAdapter(ts)
		if err != nil {
			errs <- err
			return
		}
		adapter.SetBaseUrl(ts.URL() + "/_s/" + id + "/beta") // the only change a session needs
		for range times {
			if err := adapter.SendNoContent(context.Background(), chatRefRequest(abstractions.POST, validChat), odataErrors); err != nil {
				errs <- fmt.Errorf("session %s: SendNoContent() error = %v", id, err)
			}
		}
	}
	wg.Add(2)
	go send(plain.ID(), plainCalls)   // returns once its calls are answered
	go send(throttledSession.ID(), 1) // likewise
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	if err := plain.Verify(); err != nil {
		t.Errorf("the plain session: %v", err)
	}
	if err := throttledSession.Verify(); err != nil {
		t.Errorf("the throttled session: %v", err)
	}
	if n := plain.Stats().Scenarios["add-chat"].Calls; n != plainCalls {
		t.Errorf("the plain session counted %d calls to add-chat, want %d", n, plainCalls)
	}
	calls := throttledSession.Calls()
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 204 || calls[1].Header.Get("Retry-Attempt") != "1" {
		t.Errorf("the throttled session recorded %d calls, want the 429 and its retry", len(calls))
	}
	for _, c := range append(plain.Calls(), calls...) {
		if !strings.HasPrefix(c.Path, "/beta/chats/") || c.PathVars["chatsId"] != chatID {
			t.Errorf("a session recorded %s, want the SDK's Graph path without the session prefix", c.Path)
		}
		if c.Header.Get("Authorization") != "Bearer test-token" {
			t.Errorf("the SDK sent Authorization %q to the session, want its token", c.Header.Get("Authorization"))
		}
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("the server recorded %d calls of its own, want none", n)
	}
}
