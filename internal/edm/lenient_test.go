package edm_test

import (
	"testing"

	"github.com/graphmock/graphmock/internal/edm"
	"github.com/xeipuuv/gojsonschema"
)

// TestLenientForms: the forms Graph's reader takes beyond OData's, as
// lenient.go cites, and their near misses.
func TestLenientForms(t *testing.T) {
	for _, tt := range []struct {
		check func(string) bool
		name  string
		in    string
		want  bool
	}{
		{edm.IsDecimalText, "decimal", "100", true},
		{edm.IsDecimalText, "decimal", "-2.5", true},
		{edm.IsDecimalText, "decimal", "+.5", true},
		{edm.IsDecimalText, "decimal", "5.", true},
		{edm.IsDecimalText, "decimal", "1E-3", true},
		{edm.IsDecimalText, "decimal", "", false},
		{edm.IsDecimalText, "decimal", ".", false},
		{edm.IsDecimalText, "decimal", "-", false},
		{edm.IsDecimalText, "decimal", "1e", false},
		{edm.IsDecimalText, "decimal", "1,000", false},
		{edm.IsDecimalText, "decimal", " 1", false},
		{edm.IsDecimalText, "decimal", "0x10", false},
		{edm.IsDecimalText, "decimal", "INF", false},
		{edm.IsLenientDouble, "double", "INF", true},
		{edm.IsLenientDouble, "double", "NaN", true},
		{edm.IsLenientDouble, "double", "Infinity", false},
		{edm.IsLenientTimeOfDay, "time", "0:00:00", true},
		{edm.IsLenientTimeOfDay, "time", "8:30", true},
		{edm.IsLenientTimeOfDay, "time", "23:59:59.1234567", true},
		{edm.IsLenientTimeOfDay, "time", "23:59:59.123456789012", true}, // OData's hh:mm:ss takes 12 digits
		{edm.IsLenientTimeOfDay, "time", "8:30:00.12345678", false},
		{edm.IsLenientTimeOfDay, "time", "24:00:00", false},
		{edm.IsLenientTimeOfDay, "time", "8:60", false},
		{edm.IsLenientTimeOfDay, "time", "8:30:60", false},
		{edm.IsLenientTimeOfDay, "time", "8", false},
		{edm.IsLenientTimeOfDay, "time", "8:", false},
		{edm.IsLenientTimeOfDay, "time", "8:30:", false},
		{edm.IsLenientTimeOfDay, "time", "8:30.5", false},
		{edm.IsLenientTimeOfDay, "time", "008:30", false},
		{edm.IsLenientTimeOfDay, "time", "8:30:00Z", false},
	} {
		if got := tt.check(tt.in); got != tt.want {
			t.Errorf("%s %q = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
	edm.Register()
	for _, tt := range []struct {
		format string
		value  any
		want   bool
	}{
		{edm.FormatLenientDouble, "100", true},
		{edm.FormatLenientDouble, 100.0, true},
		{edm.FormatDouble, "100", false},
		{edm.FormatLenientTimeOfDay, "0:00:00", true},
		{edm.FormatTimeOfDay, "0:00:00", false},
	} {
		if got := gojsonschema.FormatCheckers.IsFormat(tt.format, tt.value); got != tt.want {
			t.Errorf("IsFormat(%q, %v) = %v, want %v", tt.format, tt.value, got, tt.want)
		}
	}
}
