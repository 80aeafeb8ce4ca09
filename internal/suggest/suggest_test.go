package suggest

import "testing"

func TestDidYouMean(t *testing.T) {
	known := []string{"status", "headers", "body"}
	tests := []struct {
		name, in, want string
	}{
		{"a transposition is caught", "staus", ` (did you mean "status"?)`},
		{"case is ignored", "BODY", ` (did you mean "body"?)`},
		{"a word far from all is not", "priority", ""},
		{"an empty word suggests nothing far", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DidYouMean(tt.in, known); got != tt.want {
				t.Errorf("DidYouMean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2}} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
