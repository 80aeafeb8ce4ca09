package edm

import "testing"

func TestIsDateTimeOffset(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"a UTC instant is accepted", "2026-11-27T10:00:00Z", true},
		{"an offset is accepted", "2026-11-27T10:00:00+05:30", true},
		{"a negative offset is accepted", "2026-11-27T10:00:00-08:00", true},
		{"seven fractional digits are accepted", "2026-11-27T10:00:00.1234567Z", true},
		{"one fractional digit is accepted", "2026-11-27T10:00:00.1Z", true},
		{"twelve fractional digits are accepted", "2026-11-27T10:00:00.123456789012Z", true},
		{"February 29 of a leap year is accepted", "2024-02-29T00:00:00Z", true},
		{"February 29 of 2000 is accepted", "2000-02-29T00:00:00Z", true},
		{"the last second of a day is accepted", "2026-12-31T23:59:59Z", true},
		{"offset +14:00 is accepted", "2026-11-27T10:00:00+14:00", true},
		{"offset -14:00 is accepted", "2026-11-27T10:00:00-14:00", true},
		{"a five-digit year is accepted", "12026-11-27T10:00:00Z", true},
		{"year 0001 is accepted", "0001-01-01T00:00:00Z", true},
		{"the date alone is refused", "2020-12-04", false},
		{"no offset is refused", "2020-12-04T23:10:28", false},
		{"the time alone is refused", "23:10:28", false},
		{"free text is refused", "yesterday", false},
		{"the empty string is refused", "", false},
		{"month 13 is refused", "2020-13-04T23:10:28Z", false},
		{"month 00 is refused", "2020-00-04T23:10:28Z", false},
		{"day 00 is refused", "2020-01-00T23:10:28Z", false},
		{"February 30 is refused", "2026-02-30T10:00:00Z", false},
		{"February 29 of a common year is refused", "2026-02-29T10:00:00Z", false},
		{"February 29 of 1900 is refused", "1900-02-29T10:00:00Z", false},
		{"April 31 is refused", "2026-04-31T10:00:00Z", false},
		{"hour 24 is refused", "2026-11-27T24:00:00Z", false},
		{"minute 60 is refused", "2026-11-27T10:60:00Z", false},
		{"a leap second is refused", "2026-12-31T23:59:60Z", false},
		{"no seconds is refused", "2026-11-27T10:00Z", false},
		{"an empty fraction is refused", "2026-11-27T10:00:00.Z", false},
		{"thirteen fractional digits are refused", "2026-11-27T10:00:00.1234567890123Z", false},
		{"offset +14:01 is refused", "2026-11-27T10:00:00+14:01", false},
		{"offset hour 15 is refused", "2026-11-27T10:00:00+15:00", false},
		{"offset minute 60 is refused", "2026-11-27T10:00:00+01:60", false},
		{"an offset without a colon is refused", "2026-11-27T10:00:00+0530", false},
		{"a lower-case z is refused", "2026-11-27T10:00:00z", false},
		{"a lower-case t is refused", "2026-11-27t10:00:00Z", false},
		{"a space for T is refused", "2026-11-27 10:00:00Z", false},
		{"a three-digit year is refused", "202-11-27T10:00:00Z", false},
		{"a five-digit year with a leading zero is refused", "02026-11-27T10:00:00Z", false},
		{"a negative year is refused", "-2026-11-27T10:00:00Z", false},
		{"one-digit month is refused", "2026-1-27T10:00:00Z", false},
		{"text after the offset is refused", "2026-11-27T10:00:00Zx", false},
		{"a second offset is refused", "2026-11-27T10:00:00Z+01:00", false},
		{"full-width digits are refused", "２026-11-27T10:00:00Z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsDateTimeOffset(tt.in); got != tt.want {
				t.Errorf("IsDateTimeOffset(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"a date is accepted", "2026-11-27", true},
		{"February 29 of a leap year is accepted", "2028-02-29", true},
		{"February 29 of 2100 is refused", "2100-02-29", false},
		{"a date-time is refused", "2026-11-27T10:00:00Z", false},
		{"June 31 is refused", "2026-06-31", false},
		{"a slash-separated date is refused", "2026/11/27", false},
		{"a short date is refused", "2026-11-2", false},
		{"the empty string is refused", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsDate(tt.in); got != tt.want {
				t.Errorf("IsDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsTimeOfDay(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"a time is accepted", "08:30:00", true},
		{"a fraction is accepted", "23:59:59.9999999", true},
		{"midnight is accepted", "00:00:00", true},
		{"hour 24 is refused", "24:00:00", false},
		{"no seconds is refused", "08:30", false},
		{"an offset is refused", "08:30:00Z", false},
		{"an empty fraction is refused", "08:30:00.", false},
		{"one-digit hour is refused", "8:30:00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTimeOfDay(tt.in); got != tt.want {
				t.Errorf("IsTimeOfDay(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestDateTimeOffsetEdges tries every day number of every month of a leap
// and a common year, and every offset hour and minute.
func TestDateTimeOffsetEdges(t *testing.T) {
	days := [2][12]int{
		{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
		{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	}
	for leap, year := range []string{"2026", "2024"} {
		for m := 1; m <= 12; m++ {
			for d := 0; d <= 32; d++ {
				s := year + "-" + two(m) + "-" + two(d) + "T12:00:00Z"
				want := d >= 1 && d <= days[leap][m-1]
				if got := IsDateTimeOffset(s); got != want {
					t.Errorf("IsDateTimeOffset(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
	for h := 0; h <= 16; h++ {
		for m := 0; m <= 61; m++ {
			for _, sign := range "+-" {
				s := "2026-11-27T10:00:00" + string(sign) + two(h) + ":" + two(m)
				want := m <= 59 && h*60+m <= 14*60
				if got := IsDateTimeOffset(s); got != want {
					t.Errorf("IsDateTimeOffset(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }
