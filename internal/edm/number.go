package edm

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
)

// MaxNumberDigits is the most significant digits CheckNumber accepts: more
// than an Edm.Decimal of Graph holds (Graph's decimals have 38) and more
// than twice what an Edm.Double can tell apart (17).
const MaxNumberDigits = 40

// Errors CheckNumber returns.
var (
	ErrNumberSyntax = errors.New("not a JSON number")
	ErrNumberDigits = errors.New("more than 40 significant digits")
	ErrNumberRange  = errors.New("beyond the range of Edm.Double")
)

// CheckNumber reports whether the JSON number text lit is small enough to
// hand to gojsonschema: at most MaxNumberDigits significant digits and a
// magnitude an Edm.Double can hold (zero, or between about 4.9e-324 and
// 1.8e308). The cost is linear in len(lit) and stops at the first digit too
// many, whatever the length.
func CheckNumber(lit string) error {
	s := strings.TrimPrefix(lit, "-")
	intPart := leadingDigits(s)
	if intPart == 0 || (intPart > 1 && s[0] == '0') {
		return ErrNumberSyntax
	}
	// sig counts significant digits (from the first non-zero digit on,
	// trailing zeros included: the writer asked for that precision); exp10
	// is the decimal exponent of the first significant digit, before the
	// written exponent is added.
	sig, exp10, seen := 0, 0, false
	for i := 0; i < intPart; i++ {
		if s[i] != '0' || seen {
			seen = true
			sig++
			if sig > MaxNumberDigits {
				return ErrNumberDigits
			}
		}
	}
	if seen {
		exp10 = sig - 1
	}
	s = s[intPart:]
	if strings.HasPrefix(s, ".") {
		s = s[1:]
		frac := leadingDigits(s)
		if frac == 0 {
			return ErrNumberSyntax
		}
		for i := 0; i < frac; i++ {
			if s[i] != '0' || seen {
				if !seen {
					exp10 = -(i + 1)
				}
				seen = true
				sig++
				if sig > MaxNumberDigits {
					return ErrNumberDigits
				}
			} else if i > 400 {
				// Leading zeros of a fraction this long put any digit
				// that follows beyond Double's range.
				return ErrNumberRange
			}
		}
		s = s[frac:]
	}
	exp := 0
	if len(s) > 0 && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		neg := false
		if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
			neg = s[0] == '-'
			s = s[1:]
		}
		n := leadingDigits(s)
		if n == 0 {
			return ErrNumberSyntax
		}
		e := strings.TrimLeft(s[:n], "0")
		if len(e) > 5 {
			return ErrNumberRange
		}
		exp = digits(e)
		if neg {
			exp = -exp
		}
		s = s[n:]
	}
	if s != "" {
		return ErrNumberSyntax
	}
	if !seen {
		// Zero, however it is written; a huge exponent on it still costs
		// big.Rat its digits.
		if exp > 400 || exp < -400 {
			return ErrNumberRange
		}
		return nil
	}
	switch e := exp10 + exp; {
	case e < -324 || e > 308:
		return ErrNumberRange
	case e <= -323 || e == 308:
		// Near the edges: let strconv decide, cheaply, as the digits are
		// few.
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil || math.IsInf(f, 0) || f == 0 {
			return ErrNumberRange
		}
	}
	return nil
}

// OversizedNumber looks through a parsed JSON document — map[string]any,
// []any, json.Number, float64, string, bool and nil, as
// json.Decoder.UseNumber produces — for a json.Number that CheckNumber
// refuses. It returns the JSON pointer (RFC 6901) of the first such number in
// the order of sorted object keys, and CheckNumber's reason. Other
// values are not numbers to check. The error is nil when there is no such
// number; documents without one are walked once, without sorting.
func OversizedNumber(doc any) (pointer string, err error) {
	if !hasOversized(doc) {
		return "", nil
	}
	b, err := firstOversized(doc, nil)
	return string(b), err
}

func hasOversized(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			if hasOversized(e) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if hasOversized(e) {
				return true
			}
		}
	case json.Number:
		return CheckNumber(string(v)) != nil
	}
	return false
}

// firstOversized appends the pointer of the first refused number to ptr.
// It is only called on a document that has one.
func firstOversized(v any, ptr []byte) ([]byte, error) {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if hasOversized(v[k]) {
				return firstOversized(v[k], appendToken(append(ptr, '/'), k))
			}
		}
	case []any:
		for i, e := range v {
			if hasOversized(e) {
				return firstOversized(e, strconv.AppendInt(append(ptr, '/'), int64(i), 10))
			}
		}
	case json.Number:
		return ptr, CheckNumber(string(v))
	}
	return ptr, nil
}

// appendToken appends s escaped as a JSON pointer token.
func appendToken(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			b = append(b, "~0"...)
		case '/':
			b = append(b, "~1"...)
		default:
			b = append(b, s[i])
		}
	}
	return b
}
