package schema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/graphmock/graphmock/internal/edm"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// The codes of the violations graphmock's two body checks (a JSON Schema,
// a type of Graph's metadata) share: both report the same fault with the
// same code and the same message. The Edm formats add
// "invalid"+Edm type (invalidDateTimeOffset, invalidGuid, …), and the
// rules gojsonschema knows that have no code here get its own, in
// camelCase (numberLte, arrayMaxItems, …).
const (
	CodeRequired          = "required"
	CodeUnknownProperty   = "unknownProperty"
	CodeInvalidType       = "invalidType"
	CodeInvalidNumber     = "invalidNumber"
	CodeInvalidEnumMember = "invalidEnumMember"
	CodeInvalidBody       = "invalidBody"
)

// MaxListedMembers is how many members of an enum a message lists: Graph
// names the value it refuses, not the whole enum, and an enum can have
// hundreds of members (microsoft.graph.security.auditLogRecordType has 472).
const MaxListedMembers = 10

// RequiredMessage says that the property name is missing.
func RequiredMessage(name string) string {
	return "property " + Show(name) + " is required"
}

// UnknownPropertyMessage says that the property name is not one the rule
// declares.
func UnknownPropertyMessage(name string) string {
	return "property " + Show(name) + " is not declared (only declared properties and annotations are allowed)"
}

// TypeMessage says that a value of JSON type got was found where want
// ("string or null", say) was expected.
func TypeMessage(want, got string) string { return "want " + want + ", got " + got }

// EnumMessage says that value is not a member of an enum of n members
// (member returns the i-th), or, for a flags enum, not a comma-separated
// list of them. It lists at most MaxListedMembers members, whatever n.
func EnumMessage(value any, n int, member func(i int) string, flags bool) string {
	var b strings.Builder
	b.WriteString(Show(value))
	if flags {
		b.WriteString(" is not a comma-separated list of members of the enum: ")
	} else {
		b.WriteString(" is not a member of the enum: ")
	}
	for i := range min(n, MaxListedMembers) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(member(i))
	}
	if n > MaxListedMembers {
		fmt.Fprintf(&b, " …and %d more", n-MaxListedMembers)
	}
	return b.String()
}

// FormatViolation returns the code and message for value, which is not
// in the edm package's format; ok is false for another format.
func FormatViolation(format string, value any) (code, message string, ok bool) {
	typ, written, ok := edm.TypeOf(format)
	if !ok {
		return "", "", false
	}
	return "invalid" + strings.TrimPrefix(typ, "Edm."), fmt.Sprintf("%s is not an %s (%s)", Show(value), typ, written), true
}

// NumberViolations refuses, before any schema sees it, a number of doc
// that no Graph type holds and that would cost gojsonschema (which reads
// numbers as exact rationals) time growing with its digits. It returns
// nil when doc has none.
func NumberViolations(doc any) []graphwire.Violation {
	ptr, err := edm.OversizedNumber(doc)
	if err == nil {
		return nil
	}
	return []graphwire.Violation{{Field: ptr, Code: CodeInvalidNumber, Message: fmt.Sprintf("this number is refused (%v): Graph's numbers are Int32, Int64, Double or Decimal", err)}}
}

// A Finding is a violation whose message is written only when asked for:
// a body can break a rule thousands of times, and an answer lists only
// the first few, so the rest never cost a message.
type Finding struct {
	// Field is the JSON pointer of the offending value.
	Field string
	// Code names the broken rule.
	Code string
	// ErrorCode is the code of the workload's error for the finding
	// (graphwire.Violation's ErrorCode); "" for Graph's BadRequest.
	ErrorCode string
	message   string
	write     func() string // writes message when it is not known yet
}

// Found returns a Finding whose message is known.
func Found(field, code, message string) Finding {
	return Finding{Field: field, Code: code, message: message}
}

// Lazy returns a Finding whose message write writes, when asked for.
func Lazy(field, code string, write func() string) Finding {
	return Finding{Field: field, Code: code, write: write}
}

// Violation writes the finding's message.
func (f Finding) Violation() graphwire.Violation {
	msg := f.message
	if f.write != nil {
		msg = f.write()
	}
	return graphwire.Violation{Field: f.Field, Code: f.Code, Message: msg, ErrorCode: f.ErrorCode}
}

// First sorts findings by pointer, keeping the order of findings at the
// same pointer, and returns the violations of the first n of them (all of
// them when n < 0). Only those get a message.
func First(findings []Finding, n int) []graphwire.Violation {
	slices.SortStableFunc(findings, func(a, b Finding) int { return strings.Compare(a.Field, b.Field) })
	if n < 0 || n > len(findings) {
		n = len(findings)
	}
	if n == 0 {
		return nil
	}
	out := make([]graphwire.Violation, n)
	for i := range out {
		out[i] = findings[i].Violation()
	}
	return out
}

// quoteMember writes one member of a JSON Schema enum as EnumMessage
// lists it: strings bare, as Graph's enum members are, other values in
// JSON.
func quoteMember(m any) string {
	if s, ok := m.(string); ok {
		return s
	}
	return Show(m)
}

// maxShown bounds how much of a string value a message quotes.
const maxShown = 200

// Show writes a refused value for a message: in JSON, a long string cut
// to its first maxShown bytes, so that a message stays short whatever was
// sent.
func Show(v any) string {
	s, ok := v.(string)
	if !ok || len(s) <= maxShown {
		return strictjson.Quote(v)
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}
