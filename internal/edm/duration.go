package edm

// IsDuration reports whether s is an Edm.Duration: an ISO 8601 duration of
// days and time, optionally negative, such as P1DT2H3M4.5S, PT30M or -P2D.
// At least one component is present; only seconds take a fraction. Years,
// months and weeks are refused as OData's Edm.Duration (an
// xsd:dayTimeDuration) has none: their length in time is not fixed.
func IsDuration(s string) bool {
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if len(s) < 2 || s[0] != 'P' {
		return false
	}
	s = s[1:]
	parts := 0
	// Days.
	if n := leadingDigits(s); n > 0 && n < len(s) && s[n] == 'D' {
		s = s[n+1:]
		parts++
	}
	if s == "" {
		return parts > 0
	}
	if s[0] != 'T' || len(s) == 1 {
		return false
	}
	s = s[1:]
	// Hours, minutes, then seconds, each at most once and in that order.
	for _, unit := range []byte{'H', 'M', 'S'} {
		n := leadingDigits(s)
		if n == 0 {
			break
		}
		end := n
		if unit == 'S' && end < len(s) && s[end] == '.' {
			f := leadingDigits(s[end+1:])
			if f == 0 {
				return false
			}
			end += 1 + f
		}
		if end >= len(s) || s[end] != unit {
			if end > n { // a fraction on something other than seconds
				return false
			}
			continue
		}
		s = s[end+1:]
		parts++
	}
	return s == "" && parts > 0
}

// leadingDigits returns the number of decimal digits at the start of s.
func leadingDigits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}
