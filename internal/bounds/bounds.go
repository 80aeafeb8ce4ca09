// Package bounds holds the default limits that the server and the command
// share: how large a request body may be and how much the journal keeps.
package bounds

// Defaults for the limits a server is not given.
const (
	// MaxBodyBytes is Graph's own limit for JSON payloads: 4 MB.
	MaxBodyBytes = 4 << 20
	// JournalLimit is how many calls a journal keeps.
	JournalLimit = 10_000
	// JournalMaxBytes is about how many bytes of calls a journal keeps.
	JournalMaxBytes = 32 << 20
)
