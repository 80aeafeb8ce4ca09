package main

import (
	"os"
	"strings"
	"testing"
)

// TestTable formats benchmark output of every kind the table shows: the
// median of repeated runs, a size declared in Go only, and a figure that
// is missing.
func TestTable(t *testing.T) {
	f, err := os.Open("testdata/bench.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, sizes, err := read(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) != 2 || sizes[0] != 10 || sizes[1] != 100000 {
		t.Fatalf("sizes = %v, want [10 100000]", sizes)
	}
	var out strings.Builder
	if err := write(&out, res, sizes); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if len(lines) < 4 {
		t.Fatalf("want a header and two rows:\n%s", out.String())
	}
	row10, row100k := strings.Fields(lines[1]), strings.Fields(lines[2])
	// The YAML load ran three times: 1, 3 and 2 ms; the median is 2 ms.
	want10 := []string{"10", "2.0", "ms", "0.4", "ms", "0.3", "ms", "1650", "B", "850", "B", "4800", "ns,", "11", "allocs", "100000", "ns,", "224", "allocs", "110000", "ns,", "228", "allocs"}
	if strings.Join(row10, " ") != strings.Join(want10, " ") {
		t.Errorf("row for 10 scenarios:\n got %q\nwant %q", row10, want10)
	}
	want100k := []string{"100000", "*", "—", "—", "1700.0", "ms", "—", "836", "B", "3100", "ns,", "11", "allocs", "—", "—"}
	if strings.Join(row100k, " ") != strings.Join(want100k, " ") {
		t.Errorf("row for 100,000 scenarios:\n got %q\nwant %q", row100k, want100k)
	}
	if !strings.Contains(out.String(), "* declared in Go only") {
		t.Errorf("no note for the size declared in Go only:\n%s", out.String())
	}
}

// TestMedianOfEven: an even number of runs gives the mean of the middle two.
func TestMedianOfEven(t *testing.T) {
	r := results{"k": {4, 1, 3, 2}}
	if v, ok := r.median("k"); !ok || v != 2.5 {
		t.Errorf("median = %v, %v; want 2.5, true", v, ok)
	}
	if _, ok := r.median("missing"); ok {
		t.Error("median of no values reported one")
	}
}
