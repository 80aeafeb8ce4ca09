// Package suggest finds the known word closest to a misspelt one, for
// messages that end in "did you mean …?".
package suggest

import (
	"fmt"
	"strings"
)

// maxEdits is the most edits a suggestion may be away from the word.
const maxEdits = 2

// DidYouMean returns ` (did you mean "x"?)` when one of known is within two
// edits of s, ignoring case, and "" otherwise. Of words equally close,
// the first in known is suggested.
func DidYouMean(s string, known []string) string {
	if best := closest(strings.ToLower(s), known); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// closest returns the first word of known nearest to lower (a word in
// lower case) within maxEdits, ignoring case, or "". A word is skipped
// without a distance when its length alone puts it no closer than the
// best so far, and a distance stops once it can no longer be closer.
func closest(lower string, known []string) string {
	best, limit := "", maxEdits+1
	var buf [2 * 64]int
	for _, word := range known {
		k := word
		if !isASCII(k) {
			k = strings.ToLower(k)
		}
		if abs(len(k)-len(lower)) >= limit {
			continue
		}
		if d := boundedDistance(lower, k, limit, buf[:]); d < limit {
			best, limit = word, d
		}
	}
	return best
}

// boundedDistance is the Levenshtein distance between a and b, with the
// ASCII letters of b compared in lower case, or limit if the distance is
// limit or more. Each row of the table has a minimum no smaller than the
// row before's, so once a row's minimum reaches limit the distance does
// too. buf is used for the rows when it is long enough.
func boundedDistance(a, b string, limit int, buf []int) int {
	n := len(b) + 1
	if len(buf) < 2*n {
		buf = make([]int, 2*n)
	}
	prev, cur := buf[:n], buf[n:2*n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == lowerASCII(b[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
