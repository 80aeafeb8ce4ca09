package session

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// clock is a time the test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newRegistry(t *testing.T, l Limits) (*Registry[int], *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	g := New[int](l)
	g.SetClock(c.now)
	return g, c
}

var testLimits = Limits{Max: 3, TTL: 10 * time.Minute, MaxTTL: time.Hour}

func TestIDsAreUnguessableAndURLSafe(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		id := NewID()
		b, err := base64.RawURLEncoding.DecodeString(id)
		if err != nil || len(b) != 16 {
			t.Fatalf("NewID() = %q: want 16 bytes in unpadded base64url (err %v)", id, err)
		}
		if seen[id] {
			t.Fatalf("NewID() gave %q twice", id)
		}
		seen[id] = true
	}
}

func TestASessionExpiresAfterItsIdleTimeToLive(t *testing.T) {
	g, c := newRegistry(t, testLimits)
	id := NewID()
	err := g.Add(id, 7, 0)
	if err != nil {
		t.Fatalf("Add() error = %v", err)
	}
	c.advance(9 * time.Minute)
	if v, err := g.Get(id); err != nil || v != 7 {
		t.Fatalf("Get() after 9m = %v, %v; want the session, renewed", v, err)
	}
	c.advance(10 * time.Minute) // 10m since the last use: still live
	if _, err := g.Get(id); err != nil {
		t.Fatalf("Get() exactly at the time-to-live error = %v", err)
	}
	c.advance(10*time.Minute + time.Nanosecond)
	_, err = g.Get(id)
	if err == nil || err.Kind != Expired {
		t.Fatalf("Get() after idling past the time-to-live error = %v, want Expired", err)
	}
	if err.ID != id || err.TTL != 10*time.Minute || err.Ago != 0 {
		t.Errorf("error = %+v, want it to name the session, its 10m time-to-live, and that it expired just now", *err)
	}
	if g.Len() != 0 {
		t.Errorf("Len() = %d after expiry, want 0", g.Len())
	}
}

func TestASessionCanAskForItsOwnTimeToLive(t *testing.T) {
	g, c := newRegistry(t, testLimits)
	id := NewID()
	if err := g.Add(id, 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	c.advance(59 * time.Minute)
	if _, err := g.Get(id); err != nil {
		t.Errorf("Get() within its hour error = %v", err)
	}
	for _, ttl := range []time.Duration{-time.Second, time.Hour + time.Second} {
		if err := g.Add(NewID(), 1, ttl); err == nil || err.Kind != BadTTL || err.TTL != ttl || err.MaxTTL != time.Hour {
			t.Errorf("Add(ttl %v) error = %+v, want BadTTL with the ttl and the maximum", ttl, err)
		}
	}
}

func TestEndedAndUnknownSessionsAreTold(t *testing.T) {
	g, c := newRegistry(t, testLimits)
	id := NewID()
	_ = g.Add(id, 1, 0)
	if err := g.End(id); err != nil {
		t.Fatalf("End() error = %v", err)
	}
	c.advance(3 * time.Second)
	for name, err := range map[string]*Error{"Get": second(g.Get(id)), "End": g.End(id)} {
		if err == nil || err.Kind != Ended || err.ID != id || err.Ago != 3*time.Second {
			t.Errorf("%s() of an ended session error = %+v, want it named and said to be ended 3s ago", name, err)
		}
	}
	_, err := g.Get("nope")
	if err == nil || err.Kind != NotFound || err.ID != "nope" || !strings.Contains(err.Error(), `no session "nope"`) {
		t.Errorf("Get(unknown) error = %+v", err)
	}
	long := strings.Repeat("x", 10_000)
	if _, err := g.Get(long); err == nil || len(err.ID) > 70 || len(err.Error()) > 400 {
		t.Errorf("Get(a 10,000-byte id) error keeps %d bytes of the id, want it cut short", len(err.ID))
	}
}

func second[V any](_ V, err *Error) *Error { return err }

func TestTheCapOnLiveSessions(t *testing.T) {
	g, c := newRegistry(t, testLimits)
	var ids []string
	for i := range 3 {
		id := NewID()
		if err := g.Add(id, i, 0); err != nil {
			t.Fatalf("Add() #%d error = %v", i, err)
		}
		ids = append(ids, id)
		c.advance(time.Minute)
	}
	err := g.Add(NewID(), 3, 0)
	if err == nil || err.Kind != TooMany || err.Live != 3 || err.NextExpiry != 7*time.Minute {
		t.Fatalf("Add() beyond the cap error = %+v, want TooMany with 3 live, the next expiring in 7m", err)
	}
	if err := g.End(ids[1]); err != nil {
		t.Fatal(err)
	}
	if err := g.Add(NewID(), 3, 0); err != nil {
		t.Fatalf("Add() after ending one error = %v", err)
	}
	// The first session expires: the cap counts it no more.
	c.advance(8 * time.Minute)
	if err := g.Add(NewID(), 4, 0); err != nil {
		t.Fatalf("Add() once one expired error = %v", err)
	}
	if _, err := g.Get(ids[0]); err == nil || err.Kind != Expired {
		t.Errorf("Get() of the swept session error = %v, want it said to have expired", err)
	}
}

func TestLookupsSweepExpiredSessionsOut(t *testing.T) {
	g, c := newRegistry(t, Limits{Max: 100, TTL: time.Minute, MaxTTL: time.Hour})
	for range 50 {
		if err := g.Add(NewID(), 1, 0); err != nil {
			t.Fatal(err)
		}
	}
	keep := NewID()
	_ = g.Add(keep, 2, time.Hour)
	c.advance(2 * time.Minute)
	if _, err := g.Get(keep); err != nil {
		t.Fatal(err)
	}
	if g.Len() != 1 {
		t.Errorf("Len() = %d after a lookup a minute past their expiry, want 1", g.Len())
	}
}

func TestTheRegistryRemembersABoundedNumberOfEndedSessions(t *testing.T) {
	g, _ := newRegistry(t, Limits{Max: 10, TTL: time.Minute, MaxTTL: time.Hour})
	first := NewID()
	_ = g.Add(first, 1, 0)
	_ = g.End(first)
	for range 2 * rememberEnded {
		id := NewID()
		if err := g.Add(id, 1, 0); err != nil {
			t.Fatal(err)
		}
		_ = g.End(id)
	}
	if n := len(g.endedAt); n != rememberEnded {
		t.Errorf("remembers %d ended sessions, want %d", n, rememberEnded)
	}
	if _, err := g.Get(first); err == nil || err.Kind != NotFound {
		t.Errorf("Get() of a long-forgotten session error = %v, want the unknown-session message", err)
	}
	if g.live != nil {
		t.Errorf("the live map is kept after every session ended")
	}
}

func TestListShowsTheLiveSessionsOnly(t *testing.T) {
	g, c := newRegistry(t, Limits{Max: 10, TTL: time.Minute, MaxTTL: time.Hour})
	a, b, ended := NewID(), NewID(), NewID()
	_ = g.Add(a, 1, 0)
	_ = g.Add(b, 2, time.Hour)
	_ = g.Add(ended, 3, 0)
	_ = g.End(ended)
	if got := g.List(); len(got) != 2 {
		t.Fatalf("List() = %+v, want the two live sessions", got)
	}
	c.advance(2 * time.Minute) // a expires, b lives on
	got := g.List()
	if len(got) != 1 || got[0].ID != b || got[0].TTL != time.Hour {
		t.Errorf("List() after a expired = %+v, want b alone with its hour", got)
	}
}

// ender records that its session ended.
type ender struct{ ended bool }

func TestSessionValuesAreToldWhenTheirSessionEnds(t *testing.T) {
	g := New[*ender](Limits{Max: 10, TTL: time.Minute, MaxTTL: time.Hour})
	c := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	g.SetClock(c.now)
	g.OnEnd(func(e *ender) { e.ended = true })
	byEnd, byExpiry, alive := &ender{}, &ender{}, &ender{}
	a, b, k := NewID(), NewID(), NewID()
	_ = g.Add(a, byEnd, 0)
	_ = g.Add(b, byExpiry, 0)
	_ = g.Add(k, alive, time.Hour)
	_ = g.End(a)
	c.advance(2 * time.Minute)
	_ = g.List() // sweeps b out
	if !byEnd.ended || !byExpiry.ended || alive.ended {
		t.Errorf("told: ended %v, expired %v, live %v; want true, true, false", byEnd.ended, byExpiry.ended, alive.ended)
	}
}
