package admin

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// openPages is how many live pages the readers' benchmark has follow one
// journal.
const openPages = 10

// benchJournal returns a server whose journal keeps kept calls, with the
// admin API in front of it, and a request that records one more.
func benchJournal(b *testing.B, kept int) (*mockserver.Server, http.Handler, func()) {
	b.Helper()
	set, err := mockserver.Default()
	if err != nil {
		b.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{JournalLimit: kept, JournalMaxBytes: 1 << 30})
	one := func() {
		req := httptest.NewRequest(http.MethodGet, "/v1.0/nothing/here", nil)
		srv.ServeHTTP(httptest.NewRecorder(), req)
	}
	for range kept {
		one()
	}
	return srv, Handler(srv, Options{}), one
}

// BenchmarkJournalReaders measures what the live page's readers cost per
// new call, with openPages pages open on a journal of 1,000 and 10,000
// kept calls: each page's event stream looking for what is new, and each
// page asking GET /_graphmock/calls?since= for it. The cost per poll must
// not grow with the journal.
func BenchmarkJournalReaders(b *testing.B) {
	for _, kept := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("events/kept=%d", kept), func(b *testing.B) {
			srv, _, one := benchJournal(b, kept)
			var polls []func() int
			for range openPages {
				polls = append(polls, benchFollower(srv, srv.Stats().Recorded))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				one()
				for _, poll := range polls {
					if n := poll(); n != 1 {
						b.Fatalf("a poll found %d new calls, want 1", n)
					}
				}
			}
		})
		b.Run(fmt.Sprintf("calls-since/kept=%d", kept), func(b *testing.B) {
			srv, h, one := benchJournal(b, kept)
			last := srv.Stats().Recorded
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				one()
				for range openPages {
					req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("%scalls?since=%d", Prefix, last), nil)
					req.Host = "127.0.0.1"
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("status %d: %s", rec.Code, rec.Body)
					}
				}
				last++
			}
		})
	}
}

// benchFollower returns a poll of a new follower from since: how many new
// calls it found.
func benchFollower(srv *mockserver.Server, since int64) func() int {
	f := newFollower(srv.Mock, since)
	return func() int { return len(f.next(eventChunk).calls) }
}
