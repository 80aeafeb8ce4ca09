package simulate

import (
	"slices"
	"strings"
	"sync"

	"github.com/graphmock/graphmock/internal/store"
)

// journalSize bounds the changes a journal keeps; a delta token older
// than the oldest kept change must resynchronize.
const journalSize = 1 << 16

// snapshotsKept bounds the states a journal keeps for delta tokens.
const snapshotsKept = 64

// A journal records which top-level entities the copy's requests
// changed, in order, and keeps the states delta rounds started from, so
// that a later round finds exactly what changed since. It is safe for
// concurrent use; the zero value is empty.
type journal struct {
	mu      sync.Mutex // guards everything below
	base    uint64     // the sequence number of changes[0]
	changes []string   // store paths (users/{id}) of the changed entities
	snaps   map[uint64]*store.Store
	order   []uint64 // snapshot ids, oldest first
	nextID  uint64
}

// note records that the entity at path (a store path as Path.String
// writes it) changed. Only top-level entities (users/{id},
// groups/{id}) are recorded: those are what delta answers for.
func (j *journal) note(path string) {
	if strings.Count(path, "/") != 1 {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.changes = append(j.changes, path)
	if len(j.changes) > journalSize {
		drop := len(j.changes) - journalSize
		j.changes = append(j.changes[:0:0], j.changes[drop:]...)
		j.base += uint64(drop)
	}
}

// seq returns the sequence number the next change will get.
func (j *journal) seq() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.base + uint64(len(j.changes))
}

// since returns the keys of the entities of collection coll changed in
// [from, to), each once in the order of its first change; false when the
// journal no longer holds from.
func (j *journal) since(coll string, from, to uint64) ([]string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if from < j.base || to > j.base+uint64(len(j.changes)) || from > to {
		return nil, false
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range j.changes[from-j.base : to-j.base] {
		name, key, _ := strings.Cut(p, "/")
		if name == coll && !seen[key] {
			seen[key] = true
			out = append(out, key)
		}
	}
	return out, true
}

// keep stores a state for later rounds and returns its id; the oldest
// is dropped past snapshotsKept.
func (j *journal) keep(st *store.Store) uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.snaps == nil {
		j.snaps = map[uint64]*store.Store{}
	}
	j.nextID++
	j.snaps[j.nextID] = st
	j.order = append(j.order, j.nextID)
	if len(j.order) > snapshotsKept {
		delete(j.snaps, j.order[0])
		j.order = j.order[1:]
	}
	return j.nextID
}

// snapshot returns the state kept under id, false when it was dropped.
func (j *journal) snapshot(id uint64) (*store.Store, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	st, ok := j.snaps[id]
	return st, ok
}

// reset forgets every change and state, as when the copy is reset.
func (j *journal) reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.base += uint64(len(j.changes)) + 1 // older tokens cannot match
	j.changes = nil
	j.snaps = nil
	j.order = nil
}

// memberSets are the collections whose entities a group may have as
// members; deleting one changes the groups that had it.
var memberSets = []string{"users", "groups", "devices", "servicePrincipals", "orgContacts"}

// lostMembers returns the keys of the groups, not in known already,
// that had a member deleted in [from, to): their members changed though
// no request named them. It reads every group of before only when a
// member was deleted.
func (j *journal) lostMembers(before, now *store.Store, from, to uint64, known []string) []string {
	gone := map[string]bool{}
	for _, set := range memberSets {
		keys, _ := j.since(set, from, to)
		for _, k := range keys {
			p := store.Path{{Name: set, Key: k}}
			if _, err := now.Get(p); err != nil {
				gone[p.String()] = true
			}
		}
	}
	if len(gone) == 0 {
		return nil
	}
	groups := store.Path{{Name: "groups"}}
	var all []string
	_ = before.View(groups, 0, 0, func(e store.Entity) bool {
		if !slices.Contains(known, e.Key) {
			all = append(all, e.Key)
		}
		return true
	})
	var out []string
	for _, g := range all {
		refs, _ := before.Refs(groups.Entity(g), "members")
		for _, r := range refs {
			if gone[r.String()] {
				out = append(out, g)
				break
			}
		}
	}
	return out
}
