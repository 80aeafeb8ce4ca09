// Command scaletable reads the output of the mockserver scale benchmarks
// (BenchmarkScaleLoad and BenchmarkScaleCall, run by make scale) on
// standard input and prints one table: for each set size, the load time
// from a scenario file beside yaml.v3 alone parsing it, the load time
// from Go, the heap per scenario, and the cost of a matched call and of
// unmatched calls of the same path and of a new path every time. When a
// benchmark ran more than once (-count), it prints the median.
//
//	go test ./mockserver/ -run '^$' -bench 'Scale(Load|Call)' -benchmem | go run ./bench/scaletable
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// line matches a benchmark result: its name, the GOMAXPROCS suffix, the
// iteration count and the value-unit pairs.
var line = regexp.MustCompile(`^Benchmark(ScaleLoad|ScaleCall)/([^/]+)/scenarios=(\d+)(?:-\d+)?\s+\d+\s+(.*)$`)

// results holds every value read, by benchmark, case, set size and unit.
type results map[string][]float64

func key(bench, kind string, n int, unit string) string {
	return fmt.Sprintf("%s/%s/%d/%s", bench, kind, n, unit)
}

// read parses benchmark output, passing lines it does not know through
// to echo (nil to drop them), and returns the values and the set sizes
// seen, ascending.
func read(r io.Reader, echo io.Writer) (results, []int, error) {
	res := results{}
	var sizes []int
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			if echo != nil && (strings.HasPrefix(sc.Text(), "FAIL") || strings.HasPrefix(sc.Text(), "---") || strings.HasPrefix(sc.Text(), "panic")) {
				fmt.Fprintln(echo, sc.Text())
			}
			continue
		}
		n, _ := strconv.Atoi(m[3])
		if !slices.Contains(sizes, n) {
			sizes = append(sizes, n)
		}
		f := strings.Fields(m[4])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			k := key(m[1], m[2], n, f[i+1])
			res[k] = append(res[k], v)
		}
	}
	slices.Sort(sizes)
	return res, sizes, sc.Err()
}

// median returns the median of the values under k, and whether there are any.
func (r results) median(k string) (float64, bool) {
	v := slices.Clone(r[k])
	if len(v) == 0 {
		return 0, false
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2], true
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2, true
}

// ms formats a load time in ns/op as milliseconds.
func (r results) ms(bench, kind string, n int) string {
	v, ok := r.median(key(bench, kind, n, "ns/op"))
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.1f ms", v/1e6)
}

// perScenario formats the heap a loaded set holds per scenario.
func (r results) perScenario(kind string, n int) string {
	v, ok := r.median(key("ScaleLoad", kind, n, "heapB/scenario"))
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.0f B", v)
}

// call formats the cost of one call: time and allocations.
func (r results) call(kind string, n int) string {
	ns, ok := r.median(key("ScaleCall", kind, n, "ns/op"))
	if !ok {
		return "—"
	}
	allocs, _ := r.median(key("ScaleCall", kind, n, "allocs/op"))
	return fmt.Sprintf("%.0f ns, %.0f allocs", ns, allocs)
}

// write prints the table of res for sizes.
func write(w io.Writer, res results, sizes []int) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenarios\tload YAML\tyaml.v3 parse\tload Go\theap/scenario YAML\theap/scenario Go\tmatched call\tunmatched, same path\tunmatched, new path\t")
	fromGoOnly := false
	for _, n := range sizes {
		name := strconv.Itoa(n)
		if _, ok := res.median(key("ScaleLoad", "yaml", n, "ns/op")); !ok {
			if _, ok := res.median(key("ScaleLoad", "go", n, "ns/op")); ok {
				name += " *"
				fromGoOnly = true
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name,
			res.ms("ScaleLoad", "yaml", n), res.ms("ScaleLoad", "yamlv3-parse", n), res.ms("ScaleLoad", "go", n),
			res.perScenario("yaml", n), res.perScenario("go", n),
			res.call("matched", n), res.call("unmatched-same", n), res.call("unmatched-varied", n))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if fromGoOnly {
		fmt.Fprintln(w, "* declared in Go only: a scenario file may not hold that many values, so there is no YAML load.")
	}
	fmt.Fprintln(w, "Calls are served by a set declared in Go; the heap per scenario is the live heap a loaded set holds over its scenario count.")
	fmt.Fprintln(w, "Each figure is the median of the runs of its benchmark.")
	return nil
}

func main() {
	res, sizes, err := read(os.Stdin, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scaletable:", err)
		os.Exit(1)
	}
	if len(sizes) == 0 {
		fmt.Fprintln(os.Stderr, "scaletable: no BenchmarkScaleLoad or BenchmarkScaleCall results on standard input")
		os.Exit(1)
	}
	if err := write(os.Stdout, res, sizes); err != nil {
		fmt.Fprintln(os.Stderr, "scaletable:", err)
		os.Exit(1)
	}
}
