package tenantfile

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/errors/*.golden with what Parse gives")

// TestLoadErrors parses each broken file in testdata/errors and compares
// every message Parse gives, one a line, with the file's .golden twin.
// go test -run TestLoadErrors -update rewrites the twins; read the diff.
func TestLoadErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/errors/*.yaml: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(filepath.Base(file), data)
			if err == nil {
				t.Fatalf("Parse(%s) = %v, want errors", file, f)
			}
			var got strings.Builder
			for _, e := range Errors(err) {
				if e.Pos.File != filepath.Base(file) {
					t.Errorf("error %q names file %q, want %q", e, e.Pos.File, filepath.Base(file))
				}
				got.WriteString(e.Error())
				got.WriteByte('\n')
			}
			if got.String() != err.Error()+"\n" {
				t.Errorf("Errors(err) gives\n%s\nerr is\n%s", got.String(), err)
			}
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestLoadErrors -update)", err)
			}
			if got.String() != string(want) {
				t.Errorf("Parse(%s) errors:\n%s\nwant (%s):\n%s", file, got.String(), golden, want)
			}
		})
	}
}
