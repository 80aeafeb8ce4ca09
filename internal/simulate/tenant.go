package simulate

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/graphrules"
	"github.com/graphmock/graphmock/internal/store"
)

// Scope says which requests the simulation answers: those of the API
// versions and the top-level entity sets or singletons it names. Empty
// lists mean every version and every set.
type Scope struct {
	Versions []string // "v1.0", "beta"
	Sets     []string // entity sets or singletons: users, groups, chats, me
}

// covers reports whether the scope takes a request of version whose path
// starts at set.
func (s Scope) covers(version, set string) bool {
	return (len(s.Versions) == 0 || slices.Contains(s.Versions, version)) &&
		(len(s.Sets) == 0 || slices.ContainsFunc(s.Sets, func(n string) bool { return strings.EqualFold(n, set) }))
}

// A Tenant is a seeded tenant: Graph's metadata, the rules of its
// workloads, and the entities it starts with. Start runs a copy of it.
type Tenant struct {
	cat   *graphmeta.Catalog
	rules *graphrules.Rules
	scope Scope
	seed  *store.Store
	me    string // the signed-in user's id, "" when there is none
	max   int    // entities a Sim may hold
	// strict refuses the query options Graph would ignore.
	strict bool
}

// DefaultMaxEntities is how many entities a running simulation holds at
// most unless told otherwise.
const DefaultMaxEntities = 100_000

// Options configure a Tenant.
type Options struct {
	Scope Scope
	// Me is the id of the signed-in user, whom /me addresses; "" means
	// the first user seeded.
	Me string
	// MaxEntities bounds each running copy; zero means
	// DefaultMaxEntities. A create beyond it is refused with 507.
	MaxEntities int
	// StrictQueries refuses, with a 400 in Graph's shape, a request with a
	// query option Graph would silently ignore (see Response.Ignored).
	StrictQueries bool
}

// NewTenant returns a tenant over seed, which it takes over: the caller
// must not change seed afterwards. cat gives Graph's metadata and rules
// its workloads' behaviour. The uniqueness rules of the workloads are put
// on the store; NewTenant fails when the seed breaks one.
func NewTenant(cat *graphmeta.Catalog, rules *graphrules.Rules, seed *store.Store, opts Options) (*Tenant, error) {
	if seed == nil {
		seed = store.New(store.Limits{})
	}
	t := &Tenant{cat: cat, rules: rules, scope: opts.Scope, seed: seed, me: opts.Me, max: opts.MaxEntities, strict: opts.StrictQueries}
	if t.max <= 0 {
		t.max = DefaultMaxEntities
	}
	for _, c := range rules.Collections() {
		for _, p := range c.UniqueProperties() {
			name := c.Path[strings.LastIndexByte(c.Path, '/')+1:]
			if err := seed.Unique(name, p); err != nil {
				return nil, fmt.Errorf("the seeded %s break a rule of Graph's: %w", c.Path, err)
			}
		}
	}
	if t.me == "" {
		if users, _ := seed.List(store.Path{{Name: "users"}}); len(users) > 0 {
			t.me = users[0].Key
		}
	}
	return t, nil
}

// Len returns how many entities the tenant is seeded with.
func (t *Tenant) Len() int { return t.seed.Len() }

// Me returns the id of the signed-in user, "" when the tenant has no user.
func (t *Tenant) Me() string { return t.me }

// A Sim is a running copy of a tenant: the entities a mock (or a session
// of one) holds. It is safe for concurrent use.
type Sim struct {
	t *Tenant

	mu sync.RWMutex // writers hold it to check and change the store in one step
	st *store.Store

	salt uint64        // mixed into generated ids, so that two copies rarely share one
	next atomic.Uint64 // the number of the next generated id

	changes journal // what requests changed, for delta
}

// Start returns a running copy of the tenant, in constant time.
func (t *Tenant) Start() *Sim {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &Sim{t: t, st: t.seed.Clone(), salt: binary.LittleEndian.Uint64(b[:]) &^ 0xffffffff}
}

// Reset puts the copy back to the tenant's seed.
func (s *Sim) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = s.t.seed.Clone()
	s.changes.reset()
}

// Store returns the entities the copy holds now, for reading: a clone, so
// that later requests do not change what the caller sees.
func (s *Sim) Store() *store.Store {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.Clone()
}

// Tenant returns the tenant the copy runs.
func (s *Sim) Tenant() *Tenant { return s.t }
