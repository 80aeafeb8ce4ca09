package mockserver_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
	"gopkg.in/yaml.v3"
)

// scaleSizes are the set sizes the scale benchmarks compare: the cost per
// call or per scenario should not depend on them.
var scaleSizes = []int{10, 100, 1000, 10000, 100000}

// scaleYAMLMax is the largest set read from YAML: 100,000 scenarios are
// more values than a scenario file may hold, so they are declared in Go.
const scaleYAMLMax = 10000

// scaleFile returns a scenario file of n one-line scenarios, each a GET
// of its own item answered with 200 and a one-field body: the shape
// recorded traffic produces.
func scaleFile(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nscenarios:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - name: item %d\n    request: {method: GET, path: /v1.0/items/item-%d}\n    response: {status: 200, body: {id: x%d}}\n", i, i, i)
	}
	return []byte(b.String())
}

// scaleScenarios returns the scenarios of scaleFile(n), declared in Go.
func scaleScenarios(n int) []mockserver.Scenario {
	specs := make([]mockserver.Scenario, n)
	for i := range specs {
		specs[i] = mockserver.Scenario{
			Name:     "item " + strconv.Itoa(i),
			Request:  mockserver.Request{Method: http.MethodGet, Path: "/v1.0/items/item-" + strconv.Itoa(i)},
			Response: mockserver.Response{Status: http.StatusOK, Body: map[string]any{"id": "x" + strconv.Itoa(i)}},
		}
	}
	return specs
}

// scaleSet compiles scaleScenarios(n).
func scaleSet(b *testing.B, n int) *mockserver.ScenarioSet {
	b.Helper()
	set, err := mockserver.Compile(nil, scaleScenarios(n)...)
	if err != nil {
		b.Fatal(err)
	}
	return set
}

// BenchmarkScaleLoad loads sets of scaleSizes scenarios, reporting the
// time and the heap per scenario (the live heap a loaded set holds, over
// its scenario count), from a scenario file and declared in Go.
func BenchmarkScaleLoad(b *testing.B) {
	measure := func(b *testing.B, n int, load func() (*mockserver.ScenarioSet, error)) {
		var before, after runtime.MemStats
		b.ReportAllocs()
		for b.Loop() {
			if _, err := load(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/scenario")
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		keep, err := load()
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(n), "heapB/scenario")
		runtime.KeepAlive(keep)
	}
	for _, n := range scaleSizes {
		if n <= scaleYAMLMax {
			// The floor: yaml.v3 alone parsing the same file into nodes,
			// which every load from YAML does first.
			b.Run("yamlv3-parse/scenarios="+strconv.Itoa(n), func(b *testing.B) {
				data := scaleFile(n)
				b.ReportAllocs()
				for b.Loop() {
					var doc yaml.Node
					if err := yaml.Unmarshal(data, &doc); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/scenario")
			})
			b.Run("yaml/scenarios="+strconv.Itoa(n), func(b *testing.B) {
				data := scaleFile(n)
				measure(b, n, func() (*mockserver.ScenarioSet, error) { return mockserver.Parse(nil, "scale.yaml", data) })
			})
		}
		b.Run("go/scenarios="+strconv.Itoa(n), func(b *testing.B) {
			specs := scaleScenarios(n)
			measure(b, n, func() (*mockserver.ScenarioSet, error) { return mockserver.Compile(nil, specs...) })
		})
	}
}

// BenchmarkScaleCall serves one call through sets of scaleSizes
// scenarios: a matched GET, an unmatched GET of one path again and again
// (the route memo answers the routing), and unmatched GETs of a new path
// every time (nothing remembered). Unmatched calls are answered with the
// closest scenario, found among all of them.
func BenchmarkScaleCall(b *testing.B) {
	for _, n := range scaleSizes {
		var once sync.Once
		var set *mockserver.ScenarioSet
		// want is the closest scenario the last call names, "" for a
		// matched call.
		run := func(b *testing.B, path func(i int) string, want string) {
			once.Do(func() { set = scaleSet(b, n) })
			h := mockserver.New(set, mockserver.Options{})
			req := httptest.NewRequest(http.MethodGet, "http://graph.test/", nil)
			req.Header.Set("Authorization", "Bearer test-token")
			header := req.Header
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				p := path(i)
				req.URL.Path, req.RequestURI = p, p
				req.Header = header.Clone()
				h.ServeHTTP(&discardWriter{h: make(http.Header)}, req)
			}
			last, _ := lastCall(h)
			if want == "" && last.Outcome != mockserver.Served || want != "" && last.Closest != want {
				b.Fatalf("last call answered %d, closest %q: %s", last.Status, last.Closest, last.Problem)
			}
		}
		mid := "/v1.0/items/item-" + strconv.Itoa(n/2)
		b.Run("matched/scenarios="+strconv.Itoa(n), func(b *testing.B) {
			run(b, func(int) string { return mid }, "")
		})
		b.Run("unmatched-same/scenarios="+strconv.Itoa(n), func(b *testing.B) {
			run(b, func(int) string { return "/v1.0/itemz/item-3" }, "item 3")
		})
		b.Run("unmatched-varied/scenarios="+strconv.Itoa(n), func(b *testing.B) {
			run(b, func(i int) string { return "/v1.0/items/nope-" + strconv.Itoa(i) + "/x" }, "item 0")
		})
	}
}
