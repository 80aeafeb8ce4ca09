package edm

// Graph's OData reader (Microsoft.OData.Core) converts a JSON string to
// the primitive type a property declares, and reads some types in more
// forms than OData's JSON format names. The checks here accept the forms
// Microsoft's own examples show Graph accepting, no more:
//
//   - IsDecimalText: an Edm.Double or Edm.Single written as a decimal
//     numeral in a string, as findMeetingTimes sends
//     "minimumAttendeePercentage": "100"
//     (https://learn.microsoft.com/en-us/graph/api/user-findmeetingtimes);
//     the reader converts a string to the declared type
//     (ODataPayloadValueConverter.ConvertStringValue, OData/odata.net).
//   - IsLenientTimeOfDay: an Edm.TimeOfDay as the reader's own pattern
//     takes it, one-digit hours, minutes and seconds and seconds left out
//     ("0:00:00", "8:30"), besides OData's hh:mm:ss
//     (PlatformHelper.TimeOfDayValidator, OData/odata.net:
//     ^(0?\d|1\d|2[0-3]):(0?\d|[1-5]\d)(:(0?\d|[1-5]\d)(\.\d{1,7})?)?$).

// IsDecimalText reports whether s is a decimal numeral: an optional sign,
// digits with an optional fraction (at least one digit in all), and an
// optional exponent, with no white space, such as "100", "-2.5" or
// "1e3". It is how a Double written as a string reads, besides
// IsSpecialDouble.
func IsDecimalText(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	whole := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	digits := i - whole
	if i < len(s) && s[i] == '.' {
		i++
		f := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		digits += i - f
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		e := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == e {
			return false
		}
	}
	return i == len(s)
}

// IsLenientDouble reports whether s is a string Graph reads as an
// Edm.Double: IsSpecialDouble or IsDecimalText.
func IsLenientDouble(s string) bool { return IsSpecialDouble(s) || IsDecimalText(s) }

// IsLenientTimeOfDay reports whether s is an Edm.TimeOfDay as Graph's
// reader takes it: IsTimeOfDay, or h:m with an optional :s and a fraction
// of 1 to 7 digits after the seconds, each of hours (0-23), minutes and
// seconds (0-59) written with one digit or two, such as "0:00:00" or
// "8:30".
func IsLenientTimeOfDay(s string) bool {
	if IsTimeOfDay(s) {
		return true
	}
	i := 0
	part := func(hi int) bool {
		start := i
		for i < len(s) && i-start < 2 && isDigit(s[i]) {
			i++
		}
		return i > start && digits(s[start:i]) <= hi
	}
	if !part(23) || i >= len(s) || s[i] != ':' {
		return false
	}
	i++
	if !part(59) {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != ':' {
		return false
	}
	i++
	if !part(59) {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		f := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if n := i - f; n < 1 || n > 7 {
			return false
		}
	}
	return i == len(s)
}
