package edm

import (
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

// Format names under which Register adds this package's checks to
// gojsonschema. Each is a string format: a schema that uses one also says
// "type": "string" (FormatDouble: "type": ["number", "string"]).
const (
	FormatDateTimeOffset = "graph-datetimeoffset" // IsDateTimeOffset
	FormatDate           = "graph-date"           // IsDate
	FormatTimeOfDay      = "graph-timeofday"      // IsTimeOfDay
	FormatDuration       = "graph-duration"       // IsDuration
	FormatGuid           = "graph-guid"           // IsGuid
	FormatBinary         = "graph-binary"         // IsBinary
	FormatDouble         = "graph-double"         // a number, or IsSpecialDouble

	// The forms Graph's reader takes beyond OData's (lenient.go).
	FormatLenientDouble    = "graph-double-lenient"    // a number, or IsLenientDouble
	FormatLenientTimeOfDay = "graph-timeofday-lenient" // IsLenientTimeOfDay
)

var register sync.Once

// Register adds this package's format checkers to gojsonschema's global
// FormatCheckers. It may be called any number of times, from any goroutine;
// the checkers are added once. Call it before compiling a schema that uses
// one of the Format names: gojsonschema passes any value whose format it
// does not know.
func Register() {
	register.Do(func() {
		gojsonschema.FormatCheckers.
			Add(FormatDateTimeOffset, stringChecker(IsDateTimeOffset)).
			Add(FormatDate, stringChecker(IsDate)).
			Add(FormatTimeOfDay, stringChecker(IsTimeOfDay)).
			Add(FormatDuration, stringChecker(IsDuration)).
			Add(FormatGuid, stringChecker(IsGuid)).
			Add(FormatBinary, stringChecker(IsBinary)).
			Add(FormatDouble, stringChecker(IsSpecialDouble)).
			Add(FormatLenientDouble, stringChecker(IsLenientDouble)).
			Add(FormatLenientTimeOfDay, stringChecker(IsLenientTimeOfDay))
	})
}

// stringChecker adapts a string check to gojsonschema. Values that are not
// strings pass: the schema's "type" judges them.
type stringChecker func(string) bool

func (f stringChecker) IsFormat(input any) bool {
	s, ok := input.(string)
	return !ok || f(s)
}

// IsSpecialDouble reports whether s is one of the strings OData writes for
// the Edm.Double and Edm.Single values JSON cannot: "INF", "-INF" and "NaN".
func IsSpecialDouble(s string) bool {
	return s == "INF" || s == "-INF" || s == "NaN"
}
