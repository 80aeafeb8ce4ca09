package strictjson

import "sync"

// maxKeyLen is the longest object key a Keys remembers.
const maxKeyLen = 64

// Keys remembers object keys seen in bodies, at most max of them, so that
// later bodies share their strings instead of allocating each again. It
// is safe for concurrent use.
type Keys struct {
	max int

	mu sync.RWMutex // guards m
	m  map[string]string
}

// NewKeys returns an empty Keys that will hold at most max keys.
func NewKeys(max int) *Keys { return &Keys{max: max, m: make(map[string]string)} }

// lookup returns the remembered string equal to b.
func (k *Keys) lookup(b []byte) (string, bool) {
	k.mu.RLock()
	s, ok := k.m[string(b)] // the conversion does not allocate
	k.mu.RUnlock()
	return s, ok
}

// add remembers s, unless Keys is full.
func (k *Keys) add(s string) {
	k.mu.Lock()
	if len(k.m) < k.max {
		k.m[s] = s
	}
	k.mu.Unlock()
}
