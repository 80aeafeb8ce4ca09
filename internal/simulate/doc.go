// Package simulate answers Microsoft Graph requests from a stateful,
// in-memory tenant: what a client creates it can read back, update,
// delete, link and unlink, as Graph's own services answer.
//
// The simulation knows no path by hand. Graph's metadata (package
// graphmeta) names every entity set, singleton, key, navigation property
// and containment; a request's path resolves through it to a place in the
// store (package store): a collection, an entity, a contained collection
// under an entity, or the references an entity holds through a
// navigation property. How each workload answers (204 or 200 for an
// update, its not-found error, its id shapes, which properties are
// required, unique, write-only or returned by default) is data, in
// package graphrules, with the source of each rule.
//
// A Tenant is the seed: the metadata, the rules, and the seeded store. A
// Sim is one running copy of it (a mock, or a session of one), cloned
// from the seed in constant time; Reset puts it back. Sims are safe for
// concurrent use.
package simulate
