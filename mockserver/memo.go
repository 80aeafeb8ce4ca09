package mockserver

import "sync"

// A memo remembers the results of a pure function of a string key, within
// a bound: at most maxEntries keys of at most maxKey bytes. When full it
// forgets a random entry. It is safe for concurrent use.
//
// graphmock memoizes what depends only on request bytes it has seen
// before: the route matches of a path, the verdict of a schema on a body.
// Test suites and front ends repeat the same requests all day, so this
// turns most of a request's work into a map lookup, without changing any
// answer.
type memo[V any] struct {
	maxEntries int
	maxKey     int

	mu      sync.RWMutex
	entries map[string]V
}

func newMemo[V any](maxEntries, maxKey int) *memo[V] {
	return &memo[V]{maxEntries: maxEntries, maxKey: maxKey}
}

// get returns the value remembered for key.
func (m *memo[V]) get(key string) (V, bool) {
	if len(key) > m.maxKey {
		var zero V
		return zero, false
	}
	m.mu.RLock()
	v, ok := m.entries[key]
	m.mu.RUnlock()
	return v, ok
}

// getBytes is get for a key held in a byte slice, without copying it.
func (m *memo[V]) getBytes(key []byte) (V, bool) {
	if len(key) > m.maxKey {
		var zero V
		return zero, false
	}
	m.mu.RLock()
	v, ok := m.entries[string(key)]
	m.mu.RUnlock()
	return v, ok
}

// put remembers v for key, unless key is too long to keep.
func (m *memo[V]) put(key string, v V) {
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

// len returns the number of entries.
func (m *memo[V]) len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.entries)
}
