//go:build race

package mockserver

// poolAllocs is how many allocations a call that takes from a sync.Pool
// may add: under -race a pool drops some of what is put back (a quarter,
// at random), so encoding/json's scanners are sometimes made anew.
const poolAllocs = 1
