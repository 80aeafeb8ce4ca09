//go:build !race

package mockserver

// poolAllocs is how many allocations a call that takes from a sync.Pool
// may add: none without -race, where a pool keeps what is put back.
const poolAllocs = 0
