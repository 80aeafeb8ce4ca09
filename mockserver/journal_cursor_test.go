package mockserver_test

import (
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// A reader that polls with the Seq of the last call it saw gets only the
// new calls, and the window says what it missed when the journal dropped
// calls it had not read.
func TestAReaderFollowsTheJournalWithItsCursor(t *testing.T) {
	set := compileSet(t, mockserver.Scenario{Name: "me", Request: mockserver.Request{Method: "GET", Path: "/v1.0/me", Auth: "none"},
		Response: mockserver.Response{Status: 200}})
	srv := testServer{mockserver.New(set, mockserver.Options{JournalLimit: 3})}
	for range 2 {
		srv.do(t, "GET", "/v1.0/me", "", nil)
	}
	calls, w := srv.CallsSince(0, 0)
	if len(calls) != 2 || w.First != 1 || w.Last != 2 || w.Missed(0) != 0 {
		t.Fatalf("CallsSince(0) = %d calls, window %+v; want 2, first 1, last 2, nothing missed", len(calls), w)
	}
	last := calls[len(calls)-1].Seq
	for range 4 {
		srv.do(t, "GET", "/v1.0/me", "", nil)
	}
	calls, w = srv.CallsSince(last, 0)
	if len(calls) != 3 || calls[0].Seq != 4 || w.First != 4 || w.Last != 6 || w.Missed(last) != 1 {
		t.Errorf("CallsSince(%d) after the journal dropped call 3 = %d calls from %d, window %+v, missed %d; want 3 from 4, first 4, 1 missed",
			last, len(calls), calls[0].Seq, w, w.Missed(last))
	}
	if c, ok := srv.Call(5); !ok || c.Seq != 5 {
		t.Errorf("Call(5) = %+v, %v", c, ok)
	}
	if _, ok := srv.Call(3); ok {
		t.Error("Call(3) found a dropped call")
	}
}
