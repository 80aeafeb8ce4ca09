package mockserver_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/mockserver"
)

var update = flag.Bool("update", false, "rewrite the want section of golden files with what the code gives")

// archive is a txtar-style file: a comment, then named files, each after
// a "-- name --" line.
type archive struct {
	comment string
	files   []archiveFile
}

type archiveFile struct {
	name string
	data string
}

func parseArchive(text string) archive {
	var a archive
	cur := -1
	for _, line := range strings.SplitAfter(text, "\n") {
		trimmed := strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			a.files = append(a.files, archiveFile{name: strings.TrimSpace(trimmed[3 : len(trimmed)-3])})
			cur = len(a.files) - 1
			continue
		}
		if cur < 0 {
			a.comment += line
		} else {
			a.files[cur].data += line
		}
	}
	return a
}

func (a archive) format() string {
	var b strings.Builder
	b.WriteString(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n" + f.data)
	}
	return b.String()
}

// TestLoadErrorsMatchTheirGoldenFiles loads each scenario file in
// testdata/loaderrors (beside the real chat schemas, and any file the
// archive adds) and compares every problem reported with the archive's
// want section, exactly and in order. go test -run LoadErrors -update
// rewrites the want sections.
func TestLoadErrorsMatchTheirGoldenFiles(t *testing.T) {
	paths, err := filepath.Glob("testdata/loaderrors/*.txtar")
	if err != nil || len(paths) < 50 {
		t.Fatalf("found %d golden files (%v), want the whole table", len(paths), err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(string(data))
			files := chatSchemaFiles(t)
			want := -1
			for i, f := range a.files {
				if f.name == "want" {
					want = i
					continue
				}
				files[f.name] = &fstest.MapFile{Data: []byte(f.data)}
			}
			if want < 0 || files["scenarios.yaml"] == nil {
				t.Fatalf("%s needs a scenarios.yaml and a want section", path)
			}
			_, err = mockserver.Load(files, "scenarios.yaml")
			if err == nil {
				t.Fatalf("Load() succeeded; want the problems in %s", path)
			}
			var got strings.Builder
			for _, le := range mockserver.LoadErrors(err) {
				got.WriteString(le.Error() + "\n")
				if le.File != "scenarios.yaml" {
					t.Errorf("LoadError.File = %q, want scenarios.yaml", le.File)
				}
			}
			if got.String() != err.Error()+"\n" {
				t.Errorf("LoadErrors() lists\n%s\nbut the error says\n%s", got.String(), err)
			}
			if *update {
				a.files[want].data = got.String()
				if err := os.WriteFile(path, []byte(a.format()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got.String() != a.files[want].data {
				t.Errorf("Load() problems:\n%s\nwant (from %s):\n%s", got.String(), path, a.files[want].data)
			}
		})
	}
}
