// Package memo remembers the results of pure functions of request bytes
// within a bound.
//
// graphmock memoizes what depends only on bytes it has seen before: the
// route matches of a path, the verdict of a schema on a body. Test suites
// and front ends repeat the same requests all day, so this turns most of a
// request's work into a map lookup without changing any answer.
package memo

import "sync"

// A Memo remembers values for string keys: at most maxEntries keys of at
// most maxKey bytes. When full it forgets a random entry. It is safe for
// concurrent use.
type Memo[V any] struct {
	maxEntries int
	maxKey     int

	mu      sync.RWMutex // guards entries
	entries map[string]V
}

// New returns an empty memo with the given bounds.
func New[V any](maxEntries, maxKey int) *Memo[V] {
	return &Memo[V]{maxEntries: maxEntries, maxKey: maxKey}
}

// Get returns the value remembered for key.
func (m *Memo[V]) Get(key string) (V, bool) {
	if len(key) > m.maxKey {
		var zero V
		return zero, false
	}
	m.mu.RLock()
	v, ok := m.entries[key]
	m.mu.RUnlock()
	return v, ok
}

// GetBytes is Get for a key held in a byte slice, without copying it.
func (m *Memo[V]) GetBytes(key []byte) (V, bool) {
	if len(key) > m.maxKey {
		var zero V
		return zero, false
	}
	m.mu.RLock()
	v, ok := m.entries[string(key)]
	m.mu.RUnlock()
	return v, ok
}

// Put remembers v for key, unless key is too long to keep.
func (m *Memo[V]) Put(key string, v V) {
	if len(key) > m.maxKey {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = make(map[string]V)
	}
	if _, ok := m.entries[key]; !ok && len(m.entries) >= m.maxEntries {
		for k := range m.entries { // map order is random: evict one at random
			delete(m.entries, k)
			break
		}
	}
	m.entries[key] = v
}

// Len returns the number of entries.
func (m *Memo[V]) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.entries)
}
