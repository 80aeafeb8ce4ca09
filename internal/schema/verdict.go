package schema

import (
	"hash/maphash"
	"sync/atomic"

	"github.com/graphmock/graphmock/internal/graphwire"
)

// A Verdict is what checking one body against one rule found: the body
// is not JSON (Syntax), or it breaks the rule (Violations, the first of
// Total in pointer order), or it is valid (neither).
type Verdict struct {
	Syntax     error
	Violations []graphwire.Violation
	// Total counts every violation; a check may write only the first
	// graphwire.MaxDetails of them.
	Total int
}

// Bounds of a schema's verdict memo.
const (
	verdictMemoEntries = 1024     // bodies remembered per schema
	verdictMemoMaxBody = 16 << 10 // larger bodies are always checked afresh
)

// Check validates body, parsed by parse (which is called at most once,
// and not at all when the verdict is remembered), or recalls the verdict
// on the same bytes: a verdict depends on nothing but the schema and the
// bytes. The verdict lists every violation. Its slices are shared:
// callers must not modify them.
func (s *Schema) Check(body []byte, parse func() (any, error)) Verdict {
	return s.CheckFirst(body, parse, -1)
}

// CheckFirst is Check for a caller that lists only the first n violations
// (all of them when n < 0): the verdict's Violations are the first n in
// pointer order, its Total counts them all, and only those listed get a
// message. A verdict is remembered only when it lists every violation.
func (s *Schema) CheckFirst(body []byte, parse func() (any, error), n int) Verdict {
	if v, ok := s.verdicts.GetBytes(body); ok {
		if n >= 0 && len(v.Violations) > n {
			v.Violations = v.Violations[:n]
		}
		return v
	}
	var v Verdict
	doc, err := parse()
	if err != nil {
		v.Syntax = err
	} else {
		v.Violations, v.Total = s.ValidateFirst(doc, n)
	}
	// Remember the verdict only on a body's second sighting: a body sent
	// once (an id, a timestamp that changes every time) would only cost a
	// copy and push out bodies that do come back.
	if len(v.Violations) == v.Total && s.seen.again(body) {
		s.verdicts.Put(string(body), v)
	}
	return v
}

// sightings remembers a hash of each body recently checked, one per slot,
// so that Check can tell a body seen before from a new one without
// keeping the body. A collision only makes a body remembered early, or
// forgotten: the memo itself compares whole bodies.
type sightings struct {
	seed  maphash.Seed
	slots [sightingSlots]atomic.Uint64
}

// sightingSlots is how many recent bodies sightings tracks.
const sightingSlots = 4096

func newSightings() *sightings { return &sightings{seed: maphash.MakeSeed()} }

// again notes body and reports whether it was noted before.
func (s *sightings) again(body []byte) bool {
	h := maphash.Bytes(s.seed, body) | 1 // never 0, the empty slot
	slot := &s.slots[h%sightingSlots]
	return slot.Swap(h) == h
}
