// Package bounds holds the default limits that the server and the command
// share: how large a request body may be, how much the journal keeps, and
// how many sessions may live and for how long.
package bounds

import "time"

// Defaults for the limits a server is not given.
const (
	// MaxBodyBytes is Graph's own limit for JSON payloads: 4 MB.
	MaxBodyBytes = 4 << 20
	// JournalLimit is how many calls a journal keeps.
	JournalLimit = 10_000
	// JournalMaxBytes is about how many bytes of calls a journal keeps.
	JournalMaxBytes = 32 << 20
	// MaxSessions is how many sessions may be live at once.
	MaxSessions = 1000
	// SessionTTL is how long a session may stay idle before it expires.
	SessionTTL = 10 * time.Minute
	// MaxSessionTTL is the longest time-to-live a session may ask for.
	MaxSessionTTL = 24 * time.Hour
	// SessionJournalLimit and SessionJournalMaxBytes bound a session's
	// journal: smaller than a server's, as a session serves one test.
	SessionJournalLimit    = 1000
	SessionJournalMaxBytes = 4 << 20
)
