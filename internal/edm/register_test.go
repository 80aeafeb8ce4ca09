package edm_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/edm"
	"github.com/xeipuuv/gojsonschema"
)

func TestRegisteredFormatsCheckStrings(t *testing.T) {
	edm.Register()
	edm.Register() // a second call changes nothing
	tests := []struct {
		name   string
		format string
		value  any
		want   bool
	}{
		{"a DateTimeOffset passes", edm.FormatDateTimeOffset, "2026-11-27T10:00:00Z", true},
		{"February 30 fails", edm.FormatDateTimeOffset, "2026-02-30T10:00:00Z", false},
		{"a Date passes", edm.FormatDate, "2026-11-27", true},
		{"a TimeOfDay passes", edm.FormatTimeOfDay, "10:00:00", true},
		{"a Duration passes", edm.FormatDuration, "PT1H", true},
		{"a bad Guid fails", edm.FormatGuid, "nope", false},
		{"a Binary passes", edm.FormatBinary, "SGk=", true},
		{"INF passes as a Double", edm.FormatDouble, "INF", true},
		{"a number passes as a Double", edm.FormatDouble, 1.5, true},
		{"other strings fail as a Double", edm.FormatDouble, "Infinity", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := gojsonschema.FormatCheckers.IsFormat(tt.format, tt.value); got != tt.want {
				t.Errorf("IsFormat(%q, %v) = %v, want %v", tt.format, tt.value, got, tt.want)
			}
		})
	}
}

func ExampleIsDateTimeOffset() {
	for _, s := range []string{"2024-02-29T08:00:00+01:00", "2026-02-29T08:00:00+01:00", "2026-11-27T08:00:00"} {
		fmt.Println(s, edm.IsDateTimeOffset(s))
	}
	// Output:
	// 2024-02-29T08:00:00+01:00 true
	// 2026-02-29T08:00:00+01:00 false
	// 2026-11-27T08:00:00 false
}

func TestTypeOfNamesEveryFormat(t *testing.T) {
	for _, f := range []string{edm.FormatDateTimeOffset, edm.FormatDate, edm.FormatTimeOfDay, edm.FormatDuration, edm.FormatGuid, edm.FormatBinary, edm.FormatDouble, edm.FormatLenientDouble, edm.FormatLenientTimeOfDay} {
		if typ, written, ok := edm.TypeOf(f); !ok || !strings.HasPrefix(typ, "Edm.") || written == "" {
			t.Errorf("edm.TypeOf(%q) = %q, %q, %v; want an Edm type and how it is written", f, typ, written, ok)
		}
	}
	if _, _, ok := edm.TypeOf("date-time"); ok {
		t.Error(`edm.TypeOf("date-time") is ok; want only this package's formats`)
	}
}
