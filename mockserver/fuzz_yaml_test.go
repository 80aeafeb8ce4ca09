package mockserver_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// yamlBudget is how long loading any document may take. A well-formed
// scenario file loads in a millisecond or two, and a document that hits
// the expansion bound in well under a second (more under -race on a busy
// machine); the budget is a generous
// bound that only a runaway expansion (aliases or merge keys referring to
// each other) could break.
const yamlBudget = 30 * time.Second

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
// fails with load errors within yamlBudget.
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
		start := time.Now()
		_, err := mockserver.Load(files, "scenarios.yaml")
		if took := time.Since(start); took > yamlBudget {
			t.Fatalf("loading a %d-byte document took %v, over the %v budget", len(doc), took, yamlBudget)
		}
		if err != nil && len(mockserver.LoadErrors(err)) == 0 {
			t.Fatalf("error %T %v is not made of LoadErrors", err, err)
		}
	})
}
