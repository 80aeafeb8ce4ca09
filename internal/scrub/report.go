package scrub

import (
	"fmt"
	"io"
	"maps"
	"slices"
)

// A Report says what a Scrubber replaced, dropped and left, by kind and
// count. It holds no real value: it can be read, and committed, beside
// the recording.
type Report struct {
	// Replaced counts, by kind, the distinct real values replaced and
	// every replacement made.
	Replaced map[Kind]Count
	// Dropped counts credentials dropped, by what they were ("header
	// Authorization").
	Dropped map[string]int
	// Left counts values left as they were that may be personal, by where
	// they were and why they look personal: for a person to check.
	Left map[string]int
}

// A Count is how many distinct values of a kind were replaced, and how
// many times in all.
type Count struct {
	Values       int
	Replacements int
}

func newReport() *Report {
	return &Report{Replaced: map[Kind]Count{}, Dropped: map[string]int{}, Left: map[string]int{}}
}

func (r *Report) replaced(kind Kind, first bool) {
	c := r.Replaced[kind]
	if first {
		c.Values++
	}
	c.Replacements++
	r.Replaced[kind] = c
}

// move counts a value replaced as from as one of to.
func (r *Report) move(from, to Kind) {
	f, t := r.Replaced[from], r.Replaced[to]
	f.Values--
	t.Values++
	r.Replaced[from], r.Replaced[to] = f, t
}

func (r *Report) drop(what string) { r.Dropped[what]++ }
func (r *Report) left(what string) { r.Left[what]++ }

func (r *Report) clone() Report {
	return Report{Replaced: maps.Clone(r.Replaced), Dropped: maps.Clone(r.Dropped), Left: maps.Clone(r.Left)}
}

// WriteText writes the report for people, one line a count, sorted.
func (r Report) WriteText(w io.Writer) error {
	var err error
	p := func(format string, a ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, a...)
		}
	}
	p("Replaced with pseudonyms:\n")
	if len(r.Replaced) == 0 {
		p("  nothing\n")
	}
	for _, k := range slices.Sorted(maps.Keys(r.Replaced)) {
		c := r.Replaced[k]
		if c.Replacements > 0 {
			p("  %-13s %d distinct values, %d replacements\n", k, c.Values, c.Replacements)
		}
	}
	p("Dropped:\n")
	if len(r.Dropped) == 0 {
		p("  nothing\n")
	}
	for _, k := range slices.Sorted(maps.Keys(r.Dropped)) {
		p("  %s: %d\n", k, r.Dropped[k])
	}
	p("Left as recorded, check by hand:\n")
	if len(r.Left) == 0 {
		p("  nothing\n")
	}
	for _, k := range slices.Sorted(maps.Keys(r.Left)) {
		p("  %s: %d\n", k, r.Left[k])
	}
	return err
}
