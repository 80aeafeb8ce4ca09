// Package graphrules holds the behaviour of Microsoft Graph that a
// simulated tenant imitates, per workload, as data: the status PATCH and
// DELETE answer with, the error Graph gives for a missing entity, a
// duplicate reference or a taken unique value, the shape of ids, the
// properties Graph sets on create, requires on create, returns by default
// or never returns, and page sizes.
//
// The rules live in rules.yaml, embedded in the package, each with the
// address of the Microsoft documentation page (or SDK source) it comes
// from; a rule nobody could check against a source says guess: true. The
// file is read and checked once, at init: a bad file panics with every
// problem and its line. Parse reads another file the same way, for tests.
//
// Rules are read-only once loaded and safe for concurrent use.
package graphrules
