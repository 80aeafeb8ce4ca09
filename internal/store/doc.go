// Package store keeps the entities of one simulated Microsoft Graph tenant
// in memory: JSON objects at Graph paths, the references between them and
// the uniqueness rules of Graph's directory.
//
// # Paths
//
// A Path is a list of Steps from the service root. A step with a Key names
// one entity of a collection ("users" "4c1d…"); a step without one names a
// collection ("users") when it is last, or a singleton ("admin") set with
// SetSingleton. Contained collections hang under an entity:
//
//	store.Path{{Name: "users", Key: id}, {Name: "messages"}}
//
// Deleting an entity deletes everything under it.
//
// # Copy on write
//
// Clone returns a second store that starts with the same content in
// constant time: the two share everything until one of them writes, and
// the writer then copies only what the write touches. Maps (of
// collections, of the entities of a collection, of unique values, of
// references) are cut into 32 shards and a write copies one shard of each
// map on its way; a collection's list of entities in creation order is
// copied whole (pointers only); entities themselves are never copied,
// being immutable once stored. A simulation seeds one tenant and clones
// it per session: on a tenant of 1,000 users the first write of a session
// costs tens of microseconds, against tens of milliseconds for a deep
// copy (see the benchmarks).
//
// # Values
//
// Entities go in and come out as map[string]any holding JSON values (nil,
// bool, float64, json.Number, string, []any, map[string]any; Go integers are
// accepted and kept as they are). The store copies what it is given and
// hands out copies, so no caller can change what another sees.
//
// A Store is safe for concurrent use.
package store
