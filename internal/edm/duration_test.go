package edm

import "testing"

func TestIsDuration(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"days and time are accepted", "P1DT2H3M4.5S", true},
		{"days alone are accepted", "P1D", true},
		{"hours alone are accepted", "PT1H", true},
		{"minutes alone are accepted", "PT30M", true},
		{"seconds alone are accepted", "PT0S", true},
		{"fractional seconds are accepted", "PT0.0000001S", true},
		{"a negative duration is accepted", "-P2D", true},
		{"a plus sign is accepted", "+PT1H", true},
		{"hours and seconds without minutes are accepted", "PT1H5S", true},
		{"large numbers are accepted", "P36500DT48H", true},
		{"P alone is refused", "P", false},
		{"PT alone is refused", "PT", false},
		{"a trailing T is refused", "P1DT", false},
		{"years are refused", "P1Y", false},
		{"months are refused", "P1M", false},
		{"weeks are refused", "P2W", false},
		{"a fraction of hours is refused", "PT1.5H", false},
		{"an empty fraction is refused", "PT1.S", false},
		{"minutes before hours are refused", "PT3M2H", false},
		{"hours twice are refused", "PT1H2H", false},
		{"time without T is refused", "P1H", false},
		{"a lower-case p is refused", "p1D", false},
		{"a negative component is refused", "P-1D", false},
		{"a time of day is refused", "01:00:00", false},
		{"the empty string is refused", "", false},
		{"a sign alone is refused", "-", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsDuration(tt.in); got != tt.want {
				t.Errorf("IsDuration(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
