package mockserver_test

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

func sequenceScenario(afterLast string) string {
	s := `version: 1
scenarios:
  - name: seq
    request: {method: GET, path: /beta/me}
    responses:
      - {status: 201}
      - {status: 202}
      - {status: 203}
`
	if afterLast != "" {
		s += "    afterLast: " + afterLast + "\n"
	}
	return s
}

func TestResponsesAreGivenInTurn(t *testing.T) {
	for afterLast, want := range map[string]string{
		"":       "201 202 203 203 203",
		"repeat": "201 202 203 203 203",
		"cycle":  "201 202 203 201 202",
	} {
		srv := yamlServer(t, sequenceScenario(afterLast))
		var got []string
		for range 5 {
			got = append(got, fmt.Sprint(srv.do(t, "GET", "/beta/me", "", auth()).status))
		}
		if strings.Join(got, " ") != want {
			t.Errorf("afterLast %q: statuses %s, want %s", afterLast, strings.Join(got, " "), want)
		}
		for i, c := range srv.Calls() {
			if want := min(i, 2); afterLast != "cycle" && c.Response != want {
				t.Errorf("afterLast %q: call %d recorded response %d, want %d", afterLast, i, c.Response, want)
			}
		}
	}
}

// TestSequenceUnderConcurrentCalls checks that each call takes exactly one
// step of a sequence, however many arrive at once.
func TestSequenceUnderConcurrentCalls(t *testing.T) {
	srv := yamlServer(t, sequenceScenario("cycle"))
	const calls = 300
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[int]int{}
	for range 10 {
		wg.Go(func() {
			for range calls / 10 {
				st := srv.do(t, "GET", "/beta/me", "", auth()).status
				mu.Lock()
				counts[st]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if counts[201] != 100 || counts[202] != 100 || counts[203] != 100 {
		t.Errorf("statuses %v, want 100 of each over %d cycling calls", counts, calls)
	}
	seen := map[int]int{}
	for _, c := range srv.Calls() {
		seen[c.Response]++
	}
	if seen[0] != 100 || seen[1] != 100 || seen[2] != 100 {
		t.Errorf("journal response indexes %v, want 100 of each", seen)
	}
}

func TestResetStateRestartsSequences(t *testing.T) {
	srv := yamlServer(t, sequenceScenario(""))
	srv.do(t, "GET", "/beta/me", "", auth())
	srv.do(t, "GET", "/beta/me", "", auth())
	srv.ResetState()
	if st := srv.do(t, "GET", "/beta/me", "", auth()).status; st != 201 {
		t.Errorf("first call after ResetState got %d, want 201", st)
	}
}

func TestStatefulFlow(t *testing.T) {
	set, err := mockserver.LoadFile("../examples/add-then-list.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{})}
	get := strings.TrimSuffix(chatRefPath, "/$ref")
	steps := []struct {
		method, path, body string
		status             int
		scenario           string
	}{
		{"GET", get, "", 404, "get-chat-before-add"},
		{"POST", chatRefPath, validChatBody, 204, "add-chat"},
		{"GET", get, "", 200, "get-chat-after-add"},
		{"POST", chatRefPath, validChatBody, 400, "add-chat-again"},
		{"GET", get, "", 200, "get-chat-after-add"},
	}
	for i, s := range steps {
		resp := srv.do(t, s.method, s.path, s.body, validHeaders())
		last := srv.Calls()[len(srv.Calls())-1]
		if resp.status != s.status || last.Scenario != s.scenario {
			t.Fatalf("step %d: %s %s = %d via %q, want %d via %q; body %s", i, s.method, s.path, resp.status, last.Scenario, s.status, s.scenario, resp.body)
		}
	}
	if st := srv.States(); st["chat"] != "added" {
		t.Errorf("States() = %v, want chat: added", st)
	}
	srv.ResetState()
	if resp := srv.do(t, "GET", get, "", validHeaders()); resp.status != 404 {
		t.Errorf("after ResetState: GET = %d, want 404 (the flow starts over)", resp.status)
	}
	srv.SetState("chat", "added")
	if resp := srv.do(t, "GET", get, "", validHeaders()); resp.status != 200 {
		t.Errorf("after SetState: GET = %d, want 200", resp.status)
	}
}

// TestStateUnderConcurrentCalls races many adds: exactly one moves the
// flow from started to added, every other gets the "already added" answer.
func TestStateUnderConcurrentCalls(t *testing.T) {
	set, err := mockserver.LoadFile("../examples/add-then-list.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for round := range 20 {
		srv := testServer{mockserver.New(set, mockserver.Options{})}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var statuses []int
		for range 16 {
			wg.Go(func() {
				st := srv.do(t, "POST", chatRefPath, validChatBody, validHeaders()).status
				mu.Lock()
				statuses = append(statuses, st)
				mu.Unlock()
			})
		}
		wg.Wait()
		sort.Ints(statuses)
		if statuses[0] != 204 || statuses[1] != 400 || statuses[15] != 400 {
			t.Fatalf("round %d: statuses %v, want one 204 and fifteen 400", round, statuses)
		}
		if n := srv.Stats().Scenarios["add-chat"].Calls; n != 1 {
			t.Fatalf("round %d: add-chat served %d times, want 1", round, n)
		}
	}
}
