package yamlsubset

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// scenarioFile returns a scenario file of n scenarios, the one
// mockserver's ScaleLoad benchmark loads.
func scenarioFile(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nscenarios:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - name: item %d\n    request: {method: GET, path: /v1.0/items/item-%d}\n    response: {status: 200, body: {id: x%d}}\n", i, i, i)
	}
	return []byte(b.String())
}

// BenchmarkParse parses scenario files of two sizes with the fast reader
// and, as the baseline, with yaml.v3 into nodes; ns/scenario shows the
// cost growing linearly.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := scenarioFile(n)
		b.Run("yamlv3/scenarios="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var doc yaml.Node
				if err := yaml.Unmarshal(data, &doc); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/scenario")
		})
		b.Run("yamlsubset/scenarios="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := Parse(data); !ok {
					b.Fatal("declined")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/scenario")
		})
	}
}
