package mockserver

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/strictyaml"
)

// BenchmarkScaleDecodeCompile is the part of BenchmarkScaleLoad's yaml
// rows that follows the YAML parse: the strict decode of the parsed
// document and the compile of its scenarios, for files of 100 to 10,000
// one-line scenarios (the file of scaleFile in bench_scale_test.go).
func BenchmarkScaleDecodeCompile(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run("scenarios="+strconv.Itoa(n), func(b *testing.B) {
			var f strings.Builder
			f.WriteString("version: 1\nscenarios:\n")
			for i := range n {
				fmt.Fprintf(&f, "  - name: item %d\n    request: {method: GET, path: /v1.0/items/item-%d}\n    response: {status: 200, body: {id: x%d}}\n", i, i, i)
			}
			data := []byte(f.String())
			doc, perr := strictyaml.ParseDocument(data)
			if perr != nil {
				b.Fatal(perr)
			}
			b.ReportAllocs()
			for b.Loop() {
				set, err := parsed(nil, "scale.yaml", data, doc, nil)
				if err != nil || len(set.scenarios) != n {
					b.Fatalf("%v, %d scenarios", err, len(set.scenarios))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/scenario")
		})
	}
}
