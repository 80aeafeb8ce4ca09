package edm

import (
	"encoding/base64"
	"testing"
)

func TestIsBinary(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"padded standard base64 is accepted", "SGVsbG8gV29ybGQ=", true},
		{"unpadded base64 is accepted", "SGVsbG8gV29ybGQ", true},
		{"two padding characters are accepted", "SGk=", true},
		{"the URL-safe alphabet is accepted", "-_-_", true},
		{"the standard alphabet is accepted", "+/+/", true},
		{"the empty value is accepted", "", true},
		{"mixed alphabets are refused", "+_+_", false},
		{"three padding characters are refused", "S===", false},
		{"padding that does not complete a group is refused", "SGk==", false},
		{"a length of 4n+1 is refused", "SGVsb", false},
		{"white space is refused", "SGVs bG8=", false},
		{"a line break is refused", "SGVs\nbG8=", false},
		{"padding in the middle is refused", "SG=sbG8=", false},
		{"a non-alphabet character is refused", "SGVs*G8=", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsBinary(tt.in); got != tt.want {
				t.Errorf("IsBinary(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestIsBinaryAcceptsEncoderOutput checks every length up to 64 bytes in
// the four encodings the standard library writes.
func TestIsBinaryAcceptsEncoderOutput(t *testing.T) {
	data := make([]byte, 64)
	for i := range data {
		data[i] = byte(i*37 + 250)
	}
	encodings := map[string]*base64.Encoding{
		"std": base64.StdEncoding, "raw std": base64.RawStdEncoding,
		"url": base64.URLEncoding, "raw url": base64.RawURLEncoding,
	}
	for name, enc := range encodings {
		for n := 0; n <= len(data); n++ {
			if s := enc.EncodeToString(data[:n]); !IsBinary(s) {
				t.Errorf("IsBinary(%q) (%s, %d bytes) = false, want true", s, name, n)
			}
		}
	}
}
