package mockserver_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/mockserver"
)

// yamlBudget is how many bytes loading any document may allocate. The
// decoder stops a document at strictyaml.MaxNodes values, however its
// aliases and merge keys multiply; the seeds that reach that bound
// allocate about 180 MB. The budget is counted in memory, not time, so
// that a busy machine cannot break it: only a runaway expansion could.
const yamlBudget = 512 << 20

// hostileYAML builds a document whose anchors refer to the one before
// them fan times each, depth levels deep, through aliases in lists or
// through merge keys, used where the loader expands it (request headers),
// followed by tail.
func hostileYAML(depth, fan uint8, merge bool, tail string) string {
	depth, fan = min(depth, 60), max(min(fan, 12), 1)
	var b strings.Builder
	b.WriteString("version: 1\nanchors:\n  a0: &a0 {k: v}\n")
	for i := 1; i <= int(depth); i++ {
		refs := make([]string, fan)
		for j := range refs {
			refs[j] = fmt.Sprintf("*a%d", i-1)
		}
		if merge {
			fmt.Fprintf(&b, "  a%d: &a%d {<<: [%s]}\n", i, i, strings.Join(refs, ", "))
		} else {
			fmt.Fprintf(&b, "  a%d: &a%d [%s]\n", i, i, strings.Join(refs, ", "))
		}
	}
	fmt.Fprintf(&b, "scenarios:\n  - name: s\n    request: {method: GET, path: /v1.0/me, headers: *a%d}\n    response: {status: 200, body: *a%d}\n", depth, depth)
	return b.String() + tail
}

// FuzzHostileYAML feeds the loader documents built to expand without
// bound, through aliases and merge keys, and checks that each loads or
// fails with load errors, allocating no more than yamlBudget.
func FuzzHostileYAML(f *testing.F) {
	f.Add(uint8(40), uint8(2), true, "")
	f.Add(uint8(30), uint8(10), false, "")
	f.Add(uint8(9), uint8(10), true, "")
	f.Add(uint8(3), uint8(1), true, "  - name: t\n    request: {method: GET, path: /v1.0/x}\n    response: {status: 204}\n")
	f.Add(uint8(60), uint8(12), true, "x: &x {<<: *x}\n")
	schemas := chatSchemaFiles(f)
	f.Fuzz(func(t *testing.T, depth, fan uint8, merge bool, tail string) {
		doc := hostileYAML(depth, fan, merge, tail)
		files := fstest.MapFS{"scenarios.yaml": &fstest.MapFile{Data: []byte(doc)}}
		for k, v := range schemas {
			files[k] = v
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := mockserver.Load(files, "scenarios.yaml")
		runtime.ReadMemStats(&after)
		if spent := after.TotalAlloc - before.TotalAlloc; spent > yamlBudget {
			t.Fatalf("loading a %d-byte document allocated %d MB, over the budget of %d MB", len(doc), spent>>20, yamlBudget>>20)
		}
		if err != nil && len(mockserver.LoadErrors(err)) == 0 {
			t.Fatalf("error %T %v is not made of LoadErrors", err, err)
		}
	})
}
