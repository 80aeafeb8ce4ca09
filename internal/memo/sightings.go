package memo

import (
	"hash/maphash"
	"sync/atomic"
)

// Sightings remembers a hash of each key recently noted, one per slot, so
// that a caller can tell a key seen before from a new one without keeping
// the key: a memo that remembers a value only on its key's second sighting
// does not fill up with keys sent once (an id, a timestamp). A collision
// only makes a key look seen early, or forgotten. It is safe for
// concurrent use.
type Sightings struct {
	seed  maphash.Seed
	slots []atomic.Uint64
}

// NewSightings returns Sightings that track about slots recent keys.
func NewSightings(slots int) *Sightings {
	return &Sightings{seed: maphash.MakeSeed(), slots: make([]atomic.Uint64, max(slots, 1))}
}

// Again notes key and reports whether it was noted before.
func (s *Sightings) Again(key []byte) bool {
	h := maphash.Bytes(s.seed, key) | 1 // never 0, the empty slot
	slot := &s.slots[h%uint64(len(s.slots))]
	return slot.Swap(h) == h
}
