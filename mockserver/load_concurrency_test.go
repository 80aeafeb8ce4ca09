package mockserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// TestLoopbackLoad runs many concurrent clients over loopback, mixing
// valid, invalid and unmatched requests, and a scenario whose responses
// cycle. Every request must get the right answer, and the journal and
// counters must add up exactly.
func TestLoopbackLoad(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	set, err = set.With(mockserver.Scenario{
		Name:      "cycling",
		Request:   mockserver.Request{Method: "GET", Path: "/beta/me"},
		Responses: []mockserver.Response{{Status: 200, Body: `{"n":1}`}, mockserver.Response{Throttle: &mockserver.GraphFault{RetryAfter: 1}}},
		AfterLast: "cycle",
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{JournalLimit: 500})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	transport := &http.Transport{MaxIdleConnsPerHost: 32}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}

	const clients, perClient = 32, 60
	kinds := []struct {
		method, path, body string
		auth               bool
		want               []int
	}{
		{"POST", chatRefPath, validChatBody, true, []int{204}},
		{"POST", chatRefPath, `{"chatType":"direct"}`, true, []int{400}},
		{"POST", chatRefPath, validChatBody, false, []int{401}},
		{"GET", "/beta/users", "", true, []int{404}},
		{"GET", "/beta/me", "", true, []int{200, 429}},
	}
	var statuses [600]atomic.Int64
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := range perClient {
				k := kinds[(c+i)%len(kinds)]
				req, _ := http.NewRequest(k.method, hs.URL+k.path, strings.NewReader(k.body))
				req.Header.Set("Content-Type", "application/json")
				if k.auth {
					req.Header.Set("Authorization", "Bearer t")
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Errorf("%s %s: %v", k.method, k.path, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if !containsInt(k.want, resp.StatusCode) {
					t.Errorf("%s %s: %d, want %v", k.method, k.path, resp.StatusCode, k.want)
				}
				statuses[resp.StatusCode].Add(1)
			}
		})
	}
	wg.Wait()
	const total = clients * perClient
	each := int64(total / len(kinds))
	st := srv.Stats()
	want := mockserver.Stats{Recorded: total, Kept: 500, Dropped: total - 500, Served: 2 * each, Rejected: 2 * each, Unmatched: each}
	if st.Scenarios = nil; !reflect.DeepEqual(st, want) {
		t.Errorf("journal stats = %+v\nwant           %+v", st, want)
	}
	if n := srv.Stats().Scenarios["add-chat"].Calls; n != 3*each {
		t.Errorf("Count(add-chat) = %d, want %d", n, 3*each)
	}
	if ok, thr := statuses[200].Load(), statuses[429].Load(); ok != each/2 || thr != each/2 {
		t.Errorf("cycling scenario gave %d 200s and %d 429s, want %d of each", ok, thr, each/2)
	}
	for code, want := range map[int]int64{204: each, 400: each, 401: each, 404: each} {
		if got := statuses[code].Load(); got != want {
			t.Errorf("%d answered %d times, want %d", code, got, want)
		}
	}
	if t.Failed() {
		t.Logf("per-scenario counters: %v", srv.Stats().Scenarios)
	}
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}
