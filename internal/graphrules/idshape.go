package graphrules

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// The kinds of id Graph gives its entities.
const (
	// GUID: directory objects, 4c1d5a7e-….
	GUID = "guid"
	// Thread: Teams chats and channels, 19:{32 hex}@thread.v2 (or
	// .tacv2 for channels; Pattern says which).
	Thread = "thread"
	// EpochMillis: chat messages, the creation time in milliseconds since
	// 1970 as a decimal string.
	EpochMillis = "epochMillis"
	// Outlook: mail, calendar and contact items, base64 starting AAMk.
	Outlook = "outlook"
	// Planner: 28 characters of base64url.
	Planner = "planner"
)

var kinds = []string{GUID, Thread, EpochMillis, Outlook, Planner}

// An IDShape is what an entity's id looks like: a Kind, a Pattern every
// id matches and an Example taken from the source.
type IDShape struct {
	Kind    string `yaml:"kind"`
	Pattern string `yaml:"pattern"`
	Example string `yaml:"example"`
	// Suffix ends Thread ids: "@thread.v2" or "@thread.tacv2".
	Suffix string `yaml:"suffix"`
	Cite   `yaml:",inline"`

	re *regexp.Regexp
}

// Match reports whether id has the shape.
func (s *IDShape) Match(id string) bool { return s.re.MatchString(id) }

// New returns the id of shape s for the n-th entity created at time at:
// the same n and at give the same id, so seeded runs repeat. An
// EpochMillis id is at in milliseconds alone: the caller gives each
// entity of a collection its own instant.
func (s *IDShape) New(n uint64, at time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], n)
	binary.BigEndian.PutUint64(b[8:], uint64(at.UnixNano())^0x9e3779b97f4a7c15*n)
	switch s.Kind {
	case GUID:
		b[6] = b[6]&0x0f | 0x40 // version 4
		b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
		return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
	case Thread:
		return fmt.Sprintf("19:%x%s", b, s.Suffix)
	case EpochMillis:
		return strconv.FormatInt(at.UnixMilli(), 10)
	case Outlook:
		raw := append([]byte{0x00, 0x03, 0x24}, b[:]...) // "AAMk" once encoded
		raw = append(raw, b[:]...)
		return base64.URLEncoding.EncodeToString(raw)
	case Planner:
		raw := append(b[:], byte(n), byte(n>>8), byte(n>>16), byte(n>>24), byte(n>>32))
		return base64.RawURLEncoding.EncodeToString(raw)[:28]
	}
	panic("graphrules: unknown id kind " + s.Kind)
}
