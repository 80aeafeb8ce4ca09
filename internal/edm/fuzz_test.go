package edm

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// graphDateTimeOffset is the pattern Graph's OpenAPI description gives
// Edm.DateTimeOffset, narrowed to four-digit years for time.Parse.
var graphDateTimeOffset = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$`)

// referenceDateTimeOffset is a slow but obviously right IsDateTimeOffset
// for four-digit years: Graph's pattern, then time.Parse for the calendar,
// then the ±14:00 bound.
func referenceDateTimeOffset(s string) bool {
	if !graphDateTimeOffset.MatchString(s) {
		return false
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
		return false
	}
	if strings.HasSuffix(s, "Z") {
		return true
	}
	off := s[len(s)-5:]
	return off <= "14:00"
}

func FuzzIsDateTimeOffset(f *testing.F) {
	for _, s := range []string{
		"2026-11-27T10:00:00Z", "2024-02-29T23:59:59.999+14:00", "2026-02-29T00:00:00Z",
		"2026-11-27T10:00:00-14:01", "1900-02-29T00:00:00Z", "2026-11-27T10:00:00.1234567890123Z",
		"9999-12-31T23:59:59.999999999999-00:00", "2026-11-27T10:00:60Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if y := leadingDigits(s); y != 4 {
			return // the reference handles four-digit years only
		}
		if got, want := IsDateTimeOffset(s), referenceDateTimeOffset(s); got != want {
			t.Errorf("IsDateTimeOffset(%q) = %v, reference says %v", s, got, want)
		}
	})
}

// referenceDuration is OData's durationValue ABNF as a regular expression.
var referenceDuration = regexp.MustCompile(`^[-+]?P(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?$`)

func FuzzIsDuration(f *testing.F) {
	for _, s := range []string{"P1DT2H3M4.5S", "PT", "P", "-PT0.5S", "P1D", "PT1H1H", "PT1.5M", "P1W"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The ABNF also matches "P" and "P1DT", which name no duration.
		want := referenceDuration.MatchString(s) && !strings.HasSuffix(s, "P") && !strings.HasSuffix(s, "T")
		if got := IsDuration(s); got != want {
			t.Errorf("IsDuration(%q) = %v, reference says %v", s, got, want)
		}
	})
}

var referenceGuid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func FuzzIsGuid(f *testing.F) {
	f.Add("b33cbe9f-8ebe-4f2a-912b-7e2a427f477f")
	f.Add("b33cbe9f-8ebe-4f2a-912b-7e2a427f477")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsGuid(s), referenceGuid.MatchString(s); got != want {
			t.Errorf("IsGuid(%q) = %v, reference says %v", s, got, want)
		}
	})
}

func FuzzCheckNumber(f *testing.F) {
	for _, s := range []string{"0", "-1.5e10", "1e309", "4.9e-324", "1e-324", "2.5e-324", "1.7976931348623159e308", "0.0001e-320"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckNumber(s) // must not panic, whatever s is
		if err == nil && !jsonNumber.MatchString(s) {
			t.Errorf("CheckNumber(%q) = nil for a string that is not a JSON number", s)
		}
	})
}

var jsonNumber = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$`)
