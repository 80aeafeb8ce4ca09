package suggest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

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

func TestDidYouMeanSuggestsTheWordAsKnownAndTheFirstOfEquals(t *testing.T) {
	for _, tt := range []struct {
		in    string
		known []string
		want  string
	}{
		{"displayname", []string{"DisplayName"}, ` (did you mean "DisplayName"?)`},
		{"straße", []string{"STRASSE", "Straßen"}, ` (did you mean "Straßen"?)`},
		{"mail", []string{"nail", "mall", "mail2"}, ` (did you mean "nail"?)`},
		{"mail", []string{"ma", "mailbox"}, ` (did you mean "ma"?)`},
		{"ab", []string{"abcde"}, ""},
	} {
		if got := DidYouMean(tt.in, tt.known); got != tt.want {
			t.Errorf("DidYouMean(%q, %q) = %q, want %q", tt.in, tt.known, got, tt.want)
		}
	}
}

func TestBoundedDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 10, 0}, {"a", "", 10, 1}, {"kitten", "sitting", 10, 3}, {"flaw", "lawn", 10, 2},
		{"kitten", "sitting", 3, 3}, {"kitten", "sitting", 2, 2}, {"kitten", "Kitten", 1, 0},
		{"abcdef", "uvwxyz", 3, 3}, {"", "abc", 2, 2},
	} {
		if got := boundedDistance(tt.a, tt.b, tt.limit, nil); got != tt.want {
			t.Errorf("boundedDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// referenceDidYouMean is DidYouMean written plainly: the full distance
// from the word to every known word, each lowered.
func referenceDidYouMean(s string, known []string) string {
	best, bestDist := "", maxEdits+1
	for _, k := range known {
		if d := referenceDistance(strings.ToLower(s), strings.ToLower(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// referenceDistance is the whole Levenshtein table of a and b, byte by
// byte.
func referenceDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// randomWord is a word of up to max letters drawn from a small alphabet
// with capitals and letters outside ASCII, so that near words are common.
func randomWord(r *rand.Rand, max int) string {
	letters := []string{"a", "A", "b", "B", "c", "é", "É", "İ", "ß", "z"}
	var b strings.Builder
	for range r.IntN(max + 1) {
		b.WriteString(letters[r.IntN(len(letters))])
	}
	return b.String()
}

func TestDidYouMeanAgreesWithTheFullTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		known := make([]string, r.IntN(12))
		for i := range known {
			known[i] = randomWord(r, 8)
		}
		s := randomWord(r, 8)
		if got, want := DidYouMean(s, known), referenceDidYouMean(s, known); got != want {
			t.Fatalf("DidYouMean(%q, %q) = %q, the full table gives %q", s, known, got, want)
		}
	}
	long := strings.Repeat("x", 200)
	if got, want := DidYouMean(long+"y", []string{long, "x"}), referenceDidYouMean(long+"y", []string{long, "x"}); got != want {
		t.Fatalf("a word longer than the stack rows: %q, want %q", got, want)
	}
}

func FuzzDidYouMean(f *testing.F) {
	f.Add("staus", "status,headers,body")
	f.Add("İx", "ix,i̇x,IX")
	f.Add("", ",a")
	f.Fuzz(func(t *testing.T, s, list string) {
		if len(s) > 100 || len(list) > 1000 {
			return
		}
		known := strings.Split(list, ",")
		if got, want := DidYouMean(s, known), referenceDidYouMean(s, known); got != want {
			t.Fatalf("DidYouMean(%q, %q) = %q, the full table gives %q", s, known, got, want)
		}
	})
}

// BenchmarkDidYouMean looks up a misspelt name among 500 names of
// Graph's length (the members of a large entity type), against the full
// table of every name.
func BenchmarkDidYouMean(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	known := make([]string, 500)
	for i := range known {
		var w strings.Builder
		for range 6 + r.IntN(14) {
			w.WriteByte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[r.IntN(52)])
		}
		known[i] = w.String()
	}
	word := strings.ToLower(known[250][:len(known[250])-1]) + "q"
	b.Run("full table", func(b *testing.B) {
		for b.Loop() {
			referenceDidYouMean(word, known)
		}
	})
	b.Run("DidYouMean", func(b *testing.B) {
		for b.Loop() {
			DidYouMean(word, known)
		}
	})
}
