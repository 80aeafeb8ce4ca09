package mockserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// benchUserBody is the body of Create user with a userPrincipalName of
// its own for i (https://learn.microsoft.com/en-us/graph/api/user-post-users).
func benchUserBody(i int) []byte {
	return fmt.Appendf(nil, `{"accountEnabled":true,"displayName":"User %d","mailNickname":"user%d","userPrincipalName":"user%d@contoso.example","passwordProfile":{"password":"x1!Yz9#q"}}`, i, i, i)
}

// benchUser is what the canned scenario and the bare handler answer: the
// user the simulation returns, at the same size.
func benchUser(id string) map[string]any {
	return map[string]any{
		"@odata.context":    "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
		"id":                id,
		"businessPhones":    []any{},
		"displayName":       "User 1",
		"userPrincipalName": "user1@contoso.example",
	}
}

// bareUsers is a bare net/http handler for the same two calls: POST
// /v1.0/users answers 201 with a Location and a user, GET
// /v1.0/users/{id} 200 with it. No routing, no checks, no journal.
func bareUsers() http.Handler {
	const id = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"
	body, _ := json.Marshal(benchUser(id))
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h.Set("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8")
		h.Set("Content-Length", length)
		h.Set("request-id", "5a1d1e58-5a1d-4e58-8e58-5a1d1e585a1d")
		if r.Method == http.MethodPost {
			h.Set("Location", "http://"+r.Host+"/v1.0/users/"+id)
			w.WriteHeader(http.StatusCreated)
		}
		_, _ = w.Write(body)
	})
}

// cannedUsers is the default set with a canned scenario for each of the
// two calls, answering the same body as bareUsers.
func cannedUsers(b *testing.B) *mockserver.ScenarioSet {
	b.Helper()
	const id = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"
	user := benchUser(id)
	delete(user, "@odata.context")
	set, err := mockserver.Compile(nil,
		mockserver.Scenario{Name: "create-user", Request: mockserver.Request{Method: "POST", Path: "/v1.0/users"},
			Response: mockserver.Response{Status: 201, Headers: map[string]string{"Location": "http://127.0.0.1/v1.0/users/" + id}, Body: user}},
		mockserver.Scenario{Name: "get-user", Request: mockserver.Request{Method: "GET", Path: "/v1.0/users/{usersId}"},
			Response: mockserver.Response{Status: 200, Body: user}},
	)
	if err != nil {
		b.Fatal(err)
	}
	return set
}

// createThenRead sends Create user and then Get user for the id the
// create answered, over c, and fails b unless they answer 201 and 200.
func createThenRead(b *testing.B, c *http.Client, url string, i int) {
	body := benchUserBody(i)
	req, _ := http.NewRequest(http.MethodPost, url+"/v1.0/users", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer t")
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	var created struct{ ID string }
	err = json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusCreated || created.ID == "" {
		b.Fatalf("POST /v1.0/users = %d (%v), want 201 with an id", resp.StatusCode, err)
	}
	req, _ = http.NewRequest(http.MethodGet, url+"/v1.0/users/"+created.ID, nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, err = c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("GET /v1.0/users/%s = %d, want 200", created.ID, resp.StatusCode)
	}
}

// BenchmarkSimulatedUser creates a user and reads it back, once per
// iteration, over loopback (an httptest server, one keep-alive client):
// from the simulated tenant, from two canned scenarios answering the same
// calls, and from a bare net/http handler answering similar bodies. The
// bare handler runs first; the others report their cost as a ratio to it
// (x-bare), and the simulation its ratio to the canned scenarios
// (x-canned).
//
//	go test -run '^$' -bench SimulatedUser -benchmem ./mockserver
func BenchmarkSimulatedUser(b *testing.B) {
	var bare, canned float64 // ns/op, once measured
	run := func(b *testing.B, h http.Handler, baseline bool) float64 {
		ts := httptest.NewServer(h)
		defer ts.Close()
		c := ts.Client()
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++
			createThenRead(b, c, ts.URL, i)
		}
		ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		if !baseline && bare > 0 {
			b.ReportMetric(ns/bare, "x-bare")
		}
		return ns
	}
	b.Run("bare", func(b *testing.B) { bare = run(b, bareUsers(), true) })
	b.Run("canned-scenario", func(b *testing.B) {
		canned = run(b, mockserver.New(cannedUsers(b), mockserver.Options{}), false)
	})
	b.Run("simulated", func(b *testing.B) {
		// Bounded far above what one run creates, so that no create is
		// refused with 507.
		tenant, err := mockserver.NewTenant(mockserver.Simulation{MaxEntities: 1 << 30})
		if err != nil {
			b.Fatal(err)
		}
		set, err := mockserver.Default()
		if err != nil {
			b.Fatal(err)
		}
		srv := mockserver.New(set, mockserver.Options{Tenant: tenant})
		ns := run(b, srv, false)
		if canned > 0 {
			b.ReportMetric(ns/canned, "x-canned")
		}
		if users, err := srv.Entities("users"); err != nil || len(users) != b.N {
			b.Fatalf("the tenant holds %d users (%v), want the %d created", len(users), err, b.N)
		}
	})
}

// seededTenant returns a tenant seeded with n users.
func seededTenant(b *testing.B, n int) *mockserver.Tenant {
	b.Helper()
	entities := make([]mockserver.SeedEntity, n)
	for i := range entities {
		entities[i] = mockserver.SeedEntity{Collection: "users", Data: map[string]any{
			"displayName": fmt.Sprintf("User %d", i), "userPrincipalName": fmt.Sprintf("user%d@contoso.example", i),
			"mailNickname": fmt.Sprintf("user%d", i), "accountEnabled": true,
		}}
	}
	tenant, err := mockserver.NewTenant(mockserver.Simulation{Entities: entities})
	if err != nil {
		b.Fatal(err)
	}
	return tenant
}

// BenchmarkSimulatedSessionStart starts and ends a session of a server
// whose tenant is seeded with 10 users and with 1,000, the seed built once
// before the timer. Each session runs its own copy of the tenant, which
// must cost the same whatever the seed holds: the 1,000-user case reports
// its ratio to the 10-user one (x-10-users), which should stay near 1.
//
//	go test -run '^$' -bench SimulatedSessionStart -benchmem ./mockserver
func BenchmarkSimulatedSessionStart(b *testing.B) {
	var small float64
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("users-%d", n), func(b *testing.B) {
			set, err := mockserver.Default()
			if err != nil {
				b.Fatal(err)
			}
			srv := mockserver.New(set, mockserver.Options{Tenant: seededTenant(b, n)})
			b.ReportAllocs()
			for b.Loop() {
				sess, err := srv.NewSession(mockserver.SessionOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if err := srv.EndSession(sess.ID()); err != nil {
					b.Fatal(err)
				}
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if n == 10 {
				small = ns
			} else if small > 0 {
				b.ReportMetric(ns/small, "x-10-users")
			}
			// The copy is whole: a session sees every seeded user.
			sess, err := srv.NewSession(mockserver.SessionOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if users, err := sess.Entities("users"); err != nil || len(users) != n {
				b.Fatalf("a session holds %d users (%v), want the %d seeded", len(users), err, n)
			}
		})
	}
}

// BenchmarkSimulatedMemory creates 100,000 users through the mock's
// handler (Create user, the simulation's create path: the body parsed,
// checked against Graph's metadata and the rules, the user stored) and
// reports the live heap they add, per user, beside the bytes of the
// bodies sent.
//
//	go test -run '^$' -bench SimulatedMemory -benchtime 1x ./mockserver
func BenchmarkSimulatedMemory(b *testing.B) {
	const n = 100_000
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for b.Loop() {
		set, err := mockserver.Default()
		if err != nil {
			b.Fatal(err)
		}
		tenant, err := mockserver.NewTenant(mockserver.Simulation{MaxEntities: n})
		if err != nil {
			b.Fatal(err)
		}
		// A journal of one call: what is measured is the tenant.
		srv := mockserver.New(set, mockserver.Options{Tenant: tenant, JournalLimit: 1})
		before := heap()
		sent := 0
		for i := range n {
			body := benchUserBody(i)
			sent += len(body)
			req := httptest.NewRequest(http.MethodPost, "/v1.0/users", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer t")
			req.Header.Set("Content-Type", "application/json")
			w := &discardWriter{h: make(http.Header)}
			srv.ServeHTTP(w, req)
		}
		after := heap()
		users, err := srv.Entities("users")
		if err != nil || len(users) != n {
			b.Fatalf("the tenant holds %d users (%v), want %d", len(users), err, n)
		}
		// One more is beyond MaxEntities: 507.
		req := httptest.NewRequest(http.MethodPost, "/v1.0/users", bytes.NewReader(benchUserBody(n)))
		req.Header.Set("Authorization", "Bearer t")
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusInsufficientStorage || !strings.Contains(rec.Body.String(), "InsufficientStorage") {
			b.Fatalf("a create beyond MaxEntities = %d %s, want 507", rec.Code, rec.Body)
		}
		b.ReportMetric(float64(int64(after)-int64(before))/n, "bytes/entity")
		b.ReportMetric(float64(sent)/n, "body-bytes/entity")
		runtime.KeepAlive(srv)
	}
}
