package mockserver_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// TestExamplesLoad loads every scenario file in examples/.
func TestExamplesLoad(t *testing.T) {
	files, err := filepath.Glob("../examples/*.yaml")
	if err != nil || len(files) < 4 {
		t.Fatalf("examples: %v, %v", files, err)
	}
	for _, f := range files {
		if _, err := mockserver.LoadFile(f); err != nil {
			t.Errorf("%v", err)
		}
	}
}

// TestExampleSchemasMatchTheDefaults keeps examples/schemas a faithful copy
// of schemas/ (a scenario file can only read files in its own folder).
func TestExampleSchemasMatchTheDefaults(t *testing.T) {
	want, _ := filepath.Glob("../schemas/*.json")
	got, _ := filepath.Glob("../examples/schemas/*.json")
	if len(want) == 0 || len(got) != len(want) {
		t.Fatalf("examples/schemas has %d files, schemas/ has %d", len(got), len(want))
	}
	for _, f := range want {
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join("../examples/schemas", filepath.Base(f)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("examples/schemas/%s differs from schemas/%s: copy it again", filepath.Base(f), filepath.Base(f))
		}
	}
}
