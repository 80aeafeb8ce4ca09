package edm

// IsDateTimeOffset reports whether s is an Edm.DateTimeOffset as Graph
// writes it: an RFC 3339 date-time that names a real instant, with seconds
// and an offset, such as 2026-11-27T10:00:00Z or
// 2026-11-27T10:00:00.1234567+05:30. The year has four digits or more (no
// leading zero beyond four), the day exists in its month (leap years
// included), hours run 00–23, minutes and seconds 00–59, the fraction has
// 1 to 12 digits, and the offset is Z or ±hh:mm of at most 14:00.
func IsDateTimeOffset(s string) bool {
	n, ok := date(s)
	if !ok || n == len(s) || s[n] != 'T' {
		return false
	}
	rest := s[n+1:]
	m, ok := timeOfDay(rest)
	if !ok {
		return false
	}
	return offset(rest[m:])
}

// IsDate reports whether s is an Edm.Date: yyyy-mm-dd naming a real day,
// such as 2024-02-29.
func IsDate(s string) bool {
	n, ok := date(s)
	return ok && n == len(s)
}

// IsTimeOfDay reports whether s is an Edm.TimeOfDay: hh:mm:ss with an
// optional fraction of 1 to 12 digits, such as 08:30:00 or 23:59:59.9999999.
func IsTimeOfDay(s string) bool {
	n, ok := timeOfDay(s)
	return ok && n == len(s)
}

// date reads yyyy-mm-dd at the start of s and returns its length.
func date(s string) (int, bool) {
	y := 0
	for y < len(s) && isDigit(s[y]) {
		y++
	}
	// Four digits, or more without a leading zero; more than nine digits
	// would overflow the arithmetic below and name no instant Graph stores.
	if y < 4 || y > 9 || (y > 4 && s[0] == '0') {
		return 0, false
	}
	year := digits(s[:y])
	if len(s) < y+6 || s[y] != '-' || s[y+3] != '-' {
		return 0, false
	}
	month, ok1 := twoDigits(s[y+1:])
	day, ok2 := twoDigits(s[y+4:])
	if !ok1 || !ok2 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return 0, false
	}
	return y + 6, true
}

// timeOfDay reads hh:mm:ss[.f{1,12}] at the start of s and returns its
// length.
func timeOfDay(s string) (int, bool) {
	if len(s) < 8 || s[2] != ':' || s[5] != ':' {
		return 0, false
	}
	h, ok1 := twoDigits(s)
	m, ok2 := twoDigits(s[3:])
	sec, ok3 := twoDigits(s[6:])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	n := 8
	if n < len(s) && s[n] == '.' {
		f := n + 1
		for f < len(s) && isDigit(s[f]) {
			f++
		}
		if digitsRead := f - n - 1; digitsRead < 1 || digitsRead > 12 {
			return 0, false
		}
		n = f
	}
	return n, true
}

// offset reports whether s is exactly Z or ±hh:mm within ±14:00.
func offset(s string) bool {
	if s == "Z" {
		return true
	}
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return false
	}
	h, ok1 := twoDigits(s[1:])
	m, ok2 := twoDigits(s[4:])
	return ok1 && ok2 && m <= 59 && h*60+m <= 14*60
}

// daysIn returns the number of days of month in year of the proleptic
// Gregorian calendar.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// twoDigits reads the two decimal digits at the start of s.
func twoDigits(s string) (int, bool) {
	if len(s) < 2 || !isDigit(s[0]) || !isDigit(s[1]) {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// digits returns the value of a string of decimal digits short enough not to
// overflow.
func digits(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}
