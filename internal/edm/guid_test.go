package edm

import "testing"

func TestIsGuid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"a lower-case guid is accepted", "b33cbe9f-8ebe-4f2a-912b-7e2a427f477f", true},
		{"an upper-case guid is accepted", "B33CBE9F-8EBE-4F2A-912B-7E2A427F477F", true},
		{"the nil guid is accepted", "00000000-0000-0000-0000-000000000000", true},
		{"braces are refused", "{b33cbe9f-8ebe-4f2a-912b-7e2a427f477f}", false},
		{"no dashes are refused", "b33cbe9f8ebe4f2a912b7e2a427f477f", false},
		{"a misplaced dash is refused", "b33cbe9-f8ebe-4f2a-912b-7e2a427f477f", false},
		{"a non-hex digit is refused", "g33cbe9f-8ebe-4f2a-912b-7e2a427f477f", false},
		{"one digit short is refused", "b33cbe9f-8ebe-4f2a-912b-7e2a427f477", false},
		{"the empty string is refused", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsGuid(tt.in); got != tt.want {
				t.Errorf("IsGuid(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
