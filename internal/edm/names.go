package edm

// formatTypes names the Edm type behind each format of this package, and
// says how its values are written, for messages. It is the one table of
// Edm names the body checks use.
var formatTypes = map[string]struct{ typ, written string }{
	FormatDateTimeOffset:   {"Edm.DateTimeOffset", "an RFC 3339 date-time that exists, with an offset of at most ±14:00, such as 2026-11-27T10:00:00Z"},
	FormatDate:             {"Edm.Date", "yyyy-mm-dd"},
	FormatTimeOfDay:        {"Edm.TimeOfDay", "hh:mm:ss"},
	FormatDuration:         {"Edm.Duration", "an ISO 8601 duration such as PT1H30M"},
	FormatGuid:             {"Edm.Guid", "such as b33cbe9f-8ebe-4f2a-912b-7e2a427f477f"},
	FormatBinary:           {"Edm.Binary", "base64"},
	FormatDouble:           {"Edm.Double", "a number, INF, -INF or NaN"},
	FormatLenientDouble:    {"Edm.Double", "a number, a decimal numeral in a string, INF, -INF or NaN"},
	FormatLenientTimeOfDay: {"Edm.TimeOfDay", "hh:mm:ss, or h:mm[:ss]"},
}

// TypeOf returns the Edm type a format of this package checks, such as
// "Edm.Date" for FormatDate, and how values of it are written, such as
// "yyyy-mm-dd"; ok is false for any other format.
func TypeOf(format string) (edmType, written string, ok bool) {
	t, ok := formatTypes[format]
	return t.typ, t.written, ok
}
