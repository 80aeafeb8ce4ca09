// Package session keeps the live sessions of a server: isolated values
// reached by an unguessable id, each ending when asked to or when it has
// been idle for its time-to-live, within a bound on how many are live.
//
// It knows nothing of what a session holds (mockserver keeps a *Session
// in each), and its errors are facts that callers word for their own
// audience. Expiry is lazy, so no goroutine runs: a lookup finds an expired
// session ended, and the registry sweeps expired sessions out when one is
// added and, at most once a minute, when one is looked up. Memory stays
// bounded however many sessions come and go: at most Max live ones, and
// the ids of the last few thousand ended ones, so that a late request is
// told why its session is gone.
package session

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/graphmock/graphmock/internal/graphwire"
)

// A Kind says why the registry refused.
type Kind int

// The kinds of Error.
const (
	NotFound Kind = iota // no live session has the id, and none is remembered
	Ended                // the session was ended
	Expired              // the session expired, idle for its time-to-live
	TooMany              // Max sessions are live
	BadTTL               // the time-to-live asked for is negative or beyond MaxTTL
)

// An Error is the facts of a refusal, for the caller to word for its own
// audience (a Go caller, an HTTP client).
type Error struct {
	Kind Kind
	ID   string        // the id asked for (NotFound, Ended, Expired), at most 64 bytes of it
	TTL  time.Duration // Expired: the session's time-to-live; BadTTL: the one asked for
	Ago  time.Duration // Ended, Expired: how long ago, to the second
	// TooMany: how many are live, and how long until the next expires if
	// unused; BadTTL: the longest time-to-live allowed in MaxTTL.
	Live       int
	NextExpiry time.Duration
	MaxTTL     time.Duration
}

// Error states the facts briefly; callers word them for their audience.
func (e *Error) Error() string {
	switch e.Kind {
	case Ended:
		return fmt.Sprintf("session %q was ended %s ago", e.ID, e.Ago)
	case Expired:
		return fmt.Sprintf("session %q expired %s ago, after %s without a request", e.ID, e.Ago, e.TTL)
	case TooMany:
		return fmt.Sprintf("%d sessions are live, the most allowed", e.Live)
	case BadTTL:
		return fmt.Sprintf("time-to-live %s is not between 0 and %s", e.TTL, e.MaxTTL)
	}
	return fmt.Sprintf("no session %q", e.ID)
}

// Limits bound a registry. Zero fields take the defaults of package
// bounds, which the caller passes in.
type Limits struct {
	Max    int           // live sessions at once
	TTL    time.Duration // the idle time-to-live of a session not given one
	MaxTTL time.Duration // the longest time-to-live a session may ask for
}

// sweepEvery is how often a lookup sweeps expired sessions out.
const sweepEvery = time.Minute

// rememberEnded is how many ended sessions the registry remembers, to say
// why a request to one fails.
const rememberEnded = 1024

// A Registry holds live sessions of values of type V. It is safe for
// concurrent use.
type Registry[V any] struct {
	limits Limits
	now    func() time.Time
	onEnd  func(V) // told of each session that ends or is found expired

	mu        sync.RWMutex // guards the fields below
	live      map[string]*entry[V]
	ended     []endedSession // a ring of the newest ends, made at the first end
	endedAt   map[string]int // id -> index in ended
	nextEnded int
	lastSweep time.Time
}

// entry is a live session.
type entry[V any] struct {
	v        V
	ttl      time.Duration
	lastUsed atomic.Int64 // unix nanoseconds of the newest use
}

// endedSession is what the registry remembers of an ended session.
type endedSession struct {
	id      string
	expired bool          // it expired, rather than being ended
	ttl     time.Duration // for an expired one, its time-to-live
	at      time.Time     // when it ended (or expired)
}

// New returns an empty registry with the given limits, which must be
// positive.
func New[V any](l Limits) *Registry[V] {
	if l.Max <= 0 || l.TTL <= 0 || l.MaxTTL <= 0 {
		panic(fmt.Sprintf("session: New with limits %+v: every limit must be positive", l))
	}
	return &Registry[V]{limits: l, now: time.Now}
}

// OnEnd makes the registry call f with the value of each session that
// ends or is found expired, with the registry's lock held: f must not call
// back into the registry. Call it before the registry is used.
func (g *Registry[V]) OnEnd(f func(V)) { g.onEnd = f }

// SetClock makes the registry read the time from now, for tests.
func (g *Registry[V]) SetClock(now func() time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.now = now
}

// Limits returns the registry's limits.
func (g *Registry[V]) Limits() Limits { return g.limits }

// NewID returns an unguessable, URL-safe id: 128 random bits from
// crypto/rand in unpadded base64url (22 characters).
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand crashes the program instead)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Add makes v the live session id (made with NewID) with the idle
// time-to-live ttl (zero for the default). It fails with BadTTL for a ttl
// that is negative or longer than MaxTTL, and with TooMany when Max
// sessions are live.
func (g *Registry[V]) Add(id string, v V, ttl time.Duration) *Error {
	switch {
	case ttl == 0:
		ttl = g.limits.TTL
	case ttl < 0 || ttl > g.limits.MaxTTL:
		return &Error{Kind: BadTTL, TTL: ttl, MaxTTL: g.limits.MaxTTL}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if len(g.live) >= g.limits.Max {
		g.sweepLocked(now)
	}
	if n := len(g.live); n >= g.limits.Max {
		return &Error{Kind: TooMany, Live: n, NextExpiry: g.nextExpiryLocked(now).Round(time.Second)}
	}
	if now.Sub(g.lastSweep) >= sweepEvery {
		g.sweepLocked(now)
	}
	if g.live == nil {
		g.live = make(map[string]*entry[V])
	}
	e := &entry[V]{v: v, ttl: ttl}
	e.lastUsed.Store(now.UnixNano())
	_, live := g.live[id]
	_, ended := g.endedAt[id]
	if live || ended {
		panic("session: Add with an id already used") // NewID never repeats one
	}
	g.live[id] = e
	return nil
}

// Get returns the live session id and renews its time-to-live. For a
// session that is not live it fails with NotFound, Ended or Expired.
func (g *Registry[V]) Get(id string) (V, *Error) {
	g.mu.RLock()
	now := g.now()
	e := g.live[id]
	sweep := now.Sub(g.lastSweep) >= sweepEvery
	g.mu.RUnlock()
	if e != nil && !e.expired(now) {
		e.lastUsed.Store(now.UnixNano())
		if sweep {
			g.sweep()
		}
		return e.v, nil
	}
	var zero V
	g.mu.Lock()
	defer g.mu.Unlock()
	if e != nil && g.live[id] == e && e.expired(now) {
		g.endLocked(id, e, true, now)
	}
	return zero, g.notFoundLocked(id, now)
}

// End ends the live session id. It fails as Get does when none is live.
func (g *Registry[V]) End(id string) *Error {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	e := g.live[id]
	if e == nil {
		return g.notFoundLocked(id, now)
	}
	expired := e.expired(now)
	g.endLocked(id, e, expired, now)
	if expired {
		return g.notFoundLocked(id, now)
	}
	return nil
}

// Len returns how many sessions are live, expired ones not yet swept out
// included.
func (g *Registry[V]) Len() int {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return len(g.live)
}

// expired reports whether the session has been idle longer than its ttl.
func (e *entry[V]) expired(now time.Time) bool {
	return now.UnixNano()-e.lastUsed.Load() > int64(e.ttl)
}

// sweep ends every expired session.
func (g *Registry[V]) sweep() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sweepLocked(g.now())
}

func (g *Registry[V]) sweepLocked(now time.Time) {
	g.lastSweep = now
	for id, e := range g.live {
		if e.expired(now) {
			g.endLocked(id, e, true, now)
		}
	}
}

// endLocked forgets a live session and remembers that it ended.
func (g *Registry[V]) endLocked(id string, e *entry[V], expired bool, now time.Time) {
	if g.onEnd != nil {
		g.onEnd(e.v)
	}
	delete(g.live, id)
	if len(g.live) == 0 {
		g.live = nil // a map never shrinks: let a drained one go
	}
	at := now
	if expired {
		at = time.Unix(0, e.lastUsed.Load()).Add(e.ttl)
	}
	if g.ended == nil {
		g.ended = make([]endedSession, rememberEnded)
		g.endedAt = make(map[string]int, rememberEnded)
	}
	slot := &g.ended[g.nextEnded]
	if slot.id != "" {
		delete(g.endedAt, slot.id)
	}
	*slot = endedSession{id: id, expired: expired, ttl: e.ttl, at: at}
	g.endedAt[id] = g.nextEnded
	g.nextEnded = (g.nextEnded + 1) % rememberEnded
}

// nextExpiryLocked returns how long until the first live session expires
// if unused.
func (g *Registry[V]) nextExpiryLocked(now time.Time) time.Duration {
	next := time.Duration(-1)
	for _, e := range g.live {
		left := time.Duration(e.lastUsed.Load()+int64(e.ttl)-now.UnixNano()) + time.Nanosecond
		if next < 0 || left < next {
			next = left
		}
	}
	return max(next, 0)
}

// maxShownID bounds how much of an id an error message repeats.
const maxShownID = 64

// notFoundLocked is the error for an id no live session has.
func (g *Registry[V]) notFoundLocked(id string, now time.Time) *Error {
	shown := id
	if len(shown) > maxShownID {
		shown = shown[:maxShownID] + "…"
	}
	if i, ok := g.endedAt[id]; ok {
		s := g.ended[i]
		e := &Error{Kind: Ended, ID: shown, Ago: now.Sub(s.at).Round(time.Second)}
		if s.expired {
			e.Kind, e.TTL = Expired, s.ttl
		}
		return e
	}
	return &Error{Kind: NotFound, ID: shown}
}

// Info describes a live session.
type Info struct {
	ID       string
	TTL      time.Duration // its idle time-to-live
	LastUsed time.Time     // its newest use
}

// List sweeps expired sessions out, then returns the live sessions,
// sorted by id. It renews none of them.
func (g *Registry[V]) List() []Info {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sweepLocked(g.now())
	out := make([]Info, 0, len(g.live))
	for id, e := range g.live {
		out = append(out, Info{ID: id, TTL: e.ttl, LastUsed: time.Unix(0, e.lastUsed.Load())})
	}
	slices.SortFunc(out, func(a, b Info) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// CodeNotFound and CodeTooMany are the Graph error codes HTTP clients get
// for a session that is not live (404) and for one too many (429).
const (
	CodeNotFound = "SessionNotFound"
	CodeTooMany  = "TooManySessions"
)

// HTTP words the refusal for an HTTP client: a client of the admin API,
// or a Graph client addressing a session that is not live.
func (e *Error) HTTP() *graphwire.Error {
	switch e.Kind {
	case Expired:
		return graphwire.Errorf(http.StatusNotFound, CodeNotFound,
			"Session %q expired %s ago, after %s without a request; start a new one (POST /_graphmock/sessions), and give it a longer time-to-live (?ttl=) if it must stay idle longer.", e.ID, e.Ago, e.TTL)
	case Ended:
		return graphwire.Errorf(http.StatusNotFound, CodeNotFound, "Session %q was ended %s ago; start a new one (POST /_graphmock/sessions).", e.ID, e.Ago)
	case TooMany:
		return graphwire.Errorf(http.StatusTooManyRequests, CodeTooMany,
			"%d sessions are live, the most this server allows (graphmock -max-sessions): end the sessions you are done with (DELETE /_graphmock/sessions/{id}), or wait: the next one expires in %s unless it is used", e.Live, e.NextExpiry)
	case BadTTL:
		if e.TTL < 0 {
			return graphwire.Errorf(http.StatusBadRequest, graphwire.CodeBadRequest, "a session's time-to-live cannot be negative (%s)", e.TTL)
		}
		return graphwire.Errorf(http.StatusBadRequest, graphwire.CodeBadRequest,
			"a session's time-to-live is at most %s on this server, and %s was asked for (the server's limit is graphmock -session-max-ttl)", e.MaxTTL, e.TTL)
	}
	return graphwire.Errorf(http.StatusNotFound, CodeNotFound,
		"No session %q: it was never started on this server, or ended long ago; start one with POST /_graphmock/sessions and use the id it answers.", e.ID)
}
