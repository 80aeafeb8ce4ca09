package edm

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCheckNumber(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"zero is accepted", "0", nil},
		{"a negative integer is accepted", "-42", nil},
		{"a decimal is accepted", "3.14159", nil},
		{"an exponent is accepted", "6.02e23", nil},
		{"a negative exponent is accepted", "1E-7", nil},
		{"Int64's largest value is accepted", "9223372036854775807", nil},
		{"forty digits are accepted", strings.Repeat("9", 40), nil},
		{"Double's largest value is accepted", "1.7976931348623157e308", nil},
		{"Double's smallest subnormal is accepted", "4.9e-324", nil},
		{"zero with a large exponent is accepted", "0e300", nil},
		{"leading fraction zeros do not count as digits", "0.0000000000000000000000000000000000000000000001", nil},
		{"forty-one digits are refused", strings.Repeat("9", 41), ErrNumberDigits},
		{"forty-one digits with trailing zeros are refused", "1." + strings.Repeat("0", 40), ErrNumberDigits},
		{"a million digits are refused", strings.Repeat("7", 1_000_000), ErrNumberDigits},
		{"twice Double's largest value is refused", "3.6e308", ErrNumberRange},
		{"1e309 is refused", "1e309", ErrNumberRange},
		{"1e-400 is refused", "1e-400", ErrNumberRange},
		{"a billion in the exponent is refused", "1e1000000000", ErrNumberRange},
		{"zero with a huge exponent is refused", "0e999999999", ErrNumberRange},
		{"a fraction of a million zeros is refused", "0." + strings.Repeat("0", 1_000_000) + "1", ErrNumberRange},
		{"a leading zero is refused", "01", ErrNumberSyntax},
		{"a bare point is refused", "1.", ErrNumberSyntax},
		{"an empty exponent is refused", "1e", ErrNumberSyntax},
		{"text is refused", "twelve", ErrNumberSyntax},
		{"the empty string is refused", "", ErrNumberSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckNumber(tt.in); !errors.Is(got, tt.want) {
				t.Errorf("CheckNumber(%.40q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestCheckNumberIsCheapOnHugeNumbers checks that refusing a number of
// 1.5 million digits costs about one pass over its bytes: it is timed
// against a plain loop over the same bytes in the same run, so a slow or
// busy machine slows both alike. A cost that grew faster than the input
// (parsing it into a big number, say) would be thousands of times the loop.
func TestCheckNumberIsCheapOnHugeNumbers(t *testing.T) {
	huge := []string{
		strings.Repeat("1", 1_500_000),
		"0." + strings.Repeat("0", 1_500_000),
		"1e" + strings.Repeat("9", 1_500_000),
		"1." + strings.Repeat("0", 1_500_000),
	}
	for _, s := range huge {
		if CheckNumber(s) == nil {
			t.Errorf("CheckNumber(%.20q…) = nil, want an error", s)
		}
		check := fastest(func() { CheckNumber(s) })
		digits := 0
		loop := fastest(func() { digits = digitsIn(s) })
		if digits < 1_500_000 {
			t.Fatalf("the baseline loop counted %d digits, want 1,500,000 or more", digits)
		}
		if check > 20*loop {
			t.Errorf("CheckNumber(%.20q…) took %v, %.0f times a loop over its bytes (%v); want at most 20", s, check, float64(check)/float64(loop), loop)
		}
	}
}

// digitsIn is the baseline of TestCheckNumberIsCheapOnHugeNumbers: one
// pass over s.
func digitsIn(s string) int {
	n := 0
	for i := range len(s) {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	return n
}

// fastest returns the shortest of five runs of f.
func fastest(f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 5 {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

func TestOversizedNumber(t *testing.T) {
	big := json.Number(strings.Repeat("9", 100))
	tests := []struct {
		name    string
		doc     any
		pointer string
		wantErr bool
	}{
		{"a document of small numbers passes", map[string]any{"a": json.Number("1"), "b": []any{json.Number("2.5")}}, "", false},
		{"a top-level number is found", big, "", true},
		{"a nested number is named by its pointer", map[string]any{"a": map[string]any{"b/c": []any{json.Number("1"), big}}}, "/a/b~1c/1", true},
		{"the first in sorted key order is named", map[string]any{"z": big, "m": map[string]any{"~": big}, "a": json.Number("1")}, "/m/~0", true},
		{"strings are not numbers", map[string]any{"a": strings.Repeat("9", 100)}, "", false},
		{"float64 values are not checked", map[string]any{"a": 1e300}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pointer, err := OversizedNumber(tt.doc)
			if pointer != tt.pointer || (err != nil) != tt.wantErr {
				t.Errorf("OversizedNumber() = %q, %v, want %q, error %v", pointer, err, tt.pointer, tt.wantErr)
			}
		})
	}
}
