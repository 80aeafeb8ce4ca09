package store

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Limits bounds what a Store holds. The zero value sets no bound.
type Limits struct {
	// MaxEntities is the most entities (singletons included) the store
	// holds; a Create past it fails with ErrFull. 0 means no limit.
	MaxEntities int
}

// A Cursor is an entity's position in its collection: cursors grow in the
// order entities were created, and an entity keeps its cursor when updated.
// Page continues after a cursor even when that entity is gone.
type Cursor uint64

// An Entity is a copy of one stored entity.
type Entity struct {
	Key    string // "" for a singleton
	Cursor Cursor
	Data   map[string]any
}

// A Store holds one tenant's entities. The zero value is not usable: call
// New. A Store is safe for concurrent use; Clone gives an independent copy
// in constant time.
type Store struct {
	mu     sync.RWMutex // guards everything below
	me     *owner       // marks the collections and ref sets this store may change in place
	limits Limits
	count  int    // entities held
	seq    uint64 // last cursor given

	// Each map is shared with clones until written (see cowMap); so are
	// the collections and ref sets in them, whose owner field says which
	// store may change them in place.
	colls   cowMap[*collection] // encode(collection path) →
	singles cowMap[*record]     // encode(singleton path) →
	refs    cowMap[*refSet]     // refKey(from, nav) →
	unique  map[string][]string // collection name → unique properties; replaced whole, never changed
}

// An owner is the identity of a store's writable copies; a clone and its
// original get fresh owners, so each copies what it shares before writing.
type owner struct{ _ byte }

// A record is one entity. Its data is never changed once stored: Update
// stores a new record.
type record struct {
	key  string
	seq  uint64
	data map[string]any
}

func (r *record) entity() Entity {
	return Entity{Key: r.key, Cursor: Cursor(r.seq), Data: clone(r.data)}
}

// A collection holds the entities of one collection path.
type collection struct {
	owner *owner
	path  Path
	byKey cowMap[*record]
	order []*record                  // by seq
	uniq  map[string]*cowMap[string] // property → folded value → key
}

// copyFor returns a copy of c that o may change: its maps still share
// their shards with c until written, its order slice is copied.
func (c *collection) copyFor(o *owner) *collection {
	n := &collection{
		owner: o,
		path:  c.path,
		byKey: c.byKey,
		order: slices.Clone(c.order),
		uniq:  make(map[string]*cowMap[string], len(c.uniq)),
	}
	for p, idx := range c.uniq {
		cp := *idx
		n.uniq[p] = &cp
	}
	return n
}

// position returns the index in c.order of the first record whose seq is
// greater than seq.
func (c *collection) position(seq uint64) int {
	return sort.Search(len(c.order), func(i int) bool { return c.order[i].seq > seq })
}

// New returns an empty store bounded by l.
func New(l Limits) *Store {
	return &Store{me: new(owner), limits: l, unique: map[string][]string{}}
}

// Clone returns a store with the same content, limits and unique
// properties as s, in constant time. Later changes to either are not seen
// by the other; each copies a shared collection the first time it writes
// to it.
func (s *Store) Clone() *Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.me = new(owner)
	return &Store{
		me:      new(owner),
		limits:  s.limits,
		count:   s.count,
		seq:     s.seq,
		colls:   s.colls,
		singles: s.singles,
		refs:    s.refs,
		unique:  s.unique,
	}
}

// Len returns the number of entities in s, singletons included.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count
}

// lookup returns the record at entity or singleton path p, or nil.
func (s *Store) lookup(p Path) *record {
	last := p[len(p)-1]
	if last.Key == "" {
		r, _ := s.singles.get(encode(p))
		return r
	}
	c, _ := s.colls.get(encode(p.Parent().Collection(last.Name)))
	if c == nil {
		return nil
	}
	r, _ := c.byKey.get(last.Key)
	return r
}

// collectionOf checks collection path p and that its parent exists; it
// returns p's encoding and its collection (nil if nothing was ever created
// in it).
func (s *Store) collectionOf(p Path) (string, *collection, error) {
	if err := checkCollection(p); err != nil {
		return "", nil, err
	}
	enc := encode(p)
	if s.singles.has(enc) {
		return "", nil, fmt.Errorf("%w: %s is a singleton, not a collection", ErrBadPath, p)
	}
	if len(p) > 1 && s.lookup(p.Parent()) == nil {
		return "", nil, notFound(p.Parent())
	}
	c, _ := s.colls.get(enc)
	return enc, c, nil
}

// writable returns the collection at enc, created or copied so that s may
// change it.
func (s *Store) writable(enc string, p Path) *collection {
	c, _ := s.colls.get(enc)
	switch {
	case c == nil:
		c = &collection{owner: s.me, path: slices.Clone(p), uniq: map[string]*cowMap[string]{}}
		for _, prop := range s.unique[p[len(p)-1].Name] {
			c.uniq[prop] = &cowMap[string]{}
		}
		s.colls.set(s.me, enc, c)
	case c.owner != s.me:
		c = c.copyFor(s.me)
		s.colls.set(s.me, enc, c)
	}
	return c
}

// Create adds entity under key to collection coll. The parent of coll must
// exist. Create fails with ErrEmptyKey, ErrExists (the key is taken),
// ErrNotFound (no parent), ErrNotUnique, ErrFull, ErrBadValue or ErrBadPath.
func (s *Store) Create(coll Path, key string, entity map[string]any) error {
	if key == "" {
		return fmt.Errorf("%s: %w", coll, ErrEmptyKey)
	}
	if err := check(Path{{Name: "key", Key: key}}); err != nil {
		return err
	}
	data, err := copyObject(entity)
	if err != nil {
		return fmt.Errorf("%s/%s: %w", coll, key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	enc, c, err := s.collectionOf(coll)
	if err != nil {
		return err
	}
	if c != nil {
		if c.byKey.has(key) {
			return fmt.Errorf("%s/%s: %w", coll, key, ErrExists)
		}
		if err := c.checkUnique(data, ""); err != nil {
			return err
		}
	}
	if s.limits.MaxEntities > 0 && s.count >= s.limits.MaxEntities {
		return fmt.Errorf("%w: %d entities", ErrFull, s.count)
	}
	c = s.writable(enc, coll)
	s.seq++
	r := &record{key: key, seq: s.seq, data: data}
	c.byKey.set(s.me, key, r)
	c.order = append(c.order, r)
	c.index(s.me, r)
	s.count++
	return nil
}

// SetSingleton stores entity at singleton path p (its last step without a
// key), replacing what was there. The parent of p must exist.
func (s *Store) SetSingleton(p Path, entity map[string]any) error {
	if err := checkCollection(p); err != nil {
		return err
	}
	data, err := copyObject(entity)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	enc := encode(p)
	if s.colls.has(enc) {
		return fmt.Errorf("%w: %s is a collection, not a singleton", ErrBadPath, p)
	}
	if len(p) > 1 && s.lookup(p.Parent()) == nil {
		return notFound(p.Parent())
	}
	exists := s.singles.has(enc)
	if !exists && s.limits.MaxEntities > 0 && s.count >= s.limits.MaxEntities {
		return fmt.Errorf("%w: %d entities", ErrFull, s.count)
	}
	s.seq++
	s.singles.set(s.me, enc, &record{seq: s.seq, data: data})
	if !exists {
		s.count++
	}
	return nil
}

// Get returns a copy of the entity or singleton at p.
func (s *Store) Get(p Path) (Entity, error) {
	if err := check(p); err != nil {
		return Entity{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := s.lookup(p)
	if r == nil {
		return Entity{}, notFound(p)
	}
	return r.entity(), nil
}

// List returns copies of the entities of collection coll in the order they
// were created. A collection nothing was created in is empty; one whose
// parent does not exist is ErrNotFound.
func (s *Store) List(coll Path) ([]Entity, error) {
	out, _, err := s.Page(coll, 0, 0)
	return out, err
}

// Page returns up to limit entities of coll (all when limit <= 0) created
// after the one at cursor after (0: from the start), and the cursor to
// continue from, 0 when no entity follows the page.
func (s *Store) Page(coll Path, after Cursor, limit int) ([]Entity, Cursor, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, c, err := s.collectionOf(coll)
	if err != nil || c == nil {
		return []Entity{}, 0, err
	}
	rest := c.order[c.position(uint64(after)):]
	var next Cursor
	if limit > 0 && len(rest) > limit {
		rest = rest[:limit]
		next = Cursor(rest[limit-1].seq)
	}
	out := make([]Entity, len(rest))
	for i, r := range rest {
		out[i] = r.entity()
	}
	return out, next, nil
}

// View calls fn with the entities of coll created after the one at
// cursor after (0: from the start), skipping the first skip of them, in
// the order they were created, until fn returns false. Finding where to
// start costs O(log n), whatever after and skip are. The Data fn sees is
// the store's own copy, which the store never changes once stored (an
// update stores a new one): fn and whoever it hands Data to must not
// change it. fn runs with the store read-locked: it must not call s.
func (s *Store) View(coll Path, after Cursor, skip int, fn func(Entity) bool) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, c, err := s.collectionOf(coll)
	if err != nil || c == nil {
		return err
	}
	i := c.position(uint64(after)) + max(skip, 0)
	for ; i < len(c.order); i++ {
		r := c.order[i]
		if !fn(Entity{Key: r.key, Cursor: Cursor(r.seq), Data: r.data}) {
			break
		}
	}
	return nil
}

// Count returns the number of entities in collection coll.
func (s *Store) Count(coll Path) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, c, err := s.collectionOf(coll)
	if err != nil || c == nil {
		return 0, err
	}
	return len(c.order), nil
}

// Update replaces the entity or singleton at p by what fn makes of a copy
// of it. An error from fn is returned as it is and nothing changes; so does
// nothing when the result breaks a unique property (ErrNotUnique) or holds
// a value that is not JSON (ErrBadValue). Merge semantics are fn's.
// fn runs with the store locked: it must not call s.
func (s *Store) Update(p Path, fn func(map[string]any) error) error {
	if err := check(p); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.lookup(p)
	if old == nil {
		return notFound(p)
	}
	work := clone(old.data)
	if err := fn(work); err != nil {
		return err
	}
	data, err := copyObject(work)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	r := &record{key: old.key, seq: old.seq, data: data}
	last := p[len(p)-1]
	if last.Key == "" {
		s.singles.set(s.me, encode(p), r)
		return nil
	}
	cp := p.Parent().Collection(last.Name)
	enc := encode(cp)
	if c, _ := s.colls.get(enc); c != nil {
		if err := c.checkUnique(data, old.key); err != nil {
			return err
		}
	}
	c := s.writable(enc, cp)
	c.unindex(s.me, old)
	c.byKey.set(s.me, r.key, r)
	c.order[c.position(r.seq)-1] = r
	c.index(s.me, r)
	return nil
}

// Delete removes the entity or singleton at p, everything contained under
// it and the references it holds. References to it from elsewhere are
// skipped from then on by Refs and Ref. Delete looks at every collection
// and reference set of the store to find what lies under p.
func (s *Store) Delete(p Path) error {
	if err := check(p); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.lookup(p)
	if r == nil {
		return notFound(p)
	}
	last := p[len(p)-1]
	if last.Key == "" {
		s.singles.del(s.me, encode(p))
	} else {
		cp := p.Parent().Collection(last.Name)
		c := s.writable(encode(cp), cp)
		c.unindex(s.me, r)
		c.byKey.del(s.me, r.key)
		c.order = slices.Delete(c.order, c.position(r.seq)-1, c.position(r.seq))
	}
	s.count--
	s.prune(encode(p) + sepStep)
	return nil
}

// prune removes every collection, singleton and reference set whose
// encoding starts with prefix: what lies under a deleted entity. It looks
// at every collection, singleton and reference set of the store.
func (s *Store) prune(prefix string) {
	for k, c := range s.colls.all() {
		if strings.HasPrefix(k, prefix) {
			s.count -= c.byKey.len()
			s.colls.del(s.me, k)
		}
	}
	for k := range s.singles.all() {
		if strings.HasPrefix(k, prefix) {
			s.count--
			s.singles.del(s.me, k)
		}
	}
	for k := range s.refs.all() {
		if strings.HasPrefix(k, prefix) {
			s.refs.del(s.me, k)
		}
	}
}
