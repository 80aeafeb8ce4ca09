package main

import "os"

// gcHeadroom is the least memory the garbage collector lets the heap grow
// by between collections; see keepGCHeadroom.
const gcHeadroom = 16 << 20

// gcBallast holds keepGCHeadroom's allocation for the life of the process.
var gcBallast []byte

// keepGCHeadroom gives the garbage collector at least gcHeadroom bytes of
// growth between collections, unless the user tuned it with GOGC or
// GOMEMLIMIT. A server's journal makes its live heap a few megabytes that
// every collection walks, and the default target (twice the live heap)
// then collects every few megabytes allocated. An allocation without
// pointers, never written, raises the target by its size: the collector
// never walks it, and its pages, never touched, are not resident. It is
// made first thing, while the heap's memory is fresh from the system and
// needs no zeroing.
func keepGCHeadroom() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	gcBallast = make([]byte, gcHeadroom)
}
