package yamlsubset

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoYAML returns the name and text of every YAML file in the
// repository.
func repoYAML(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files[path] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestRepositoryFiles reads every YAML file in the repository: whatever
// the fast reader accepts it reads as yaml.v3 does, and it accepts the
// files written in its subset.
func TestRepositoryFiles(t *testing.T) {
	files := repoYAML(t)
	if len(files) < 20 {
		t.Fatalf("found %d YAML files; is the walk rooted at the repository?", len(files))
	}
	accepted := 0
	for path, data := range files {
		ok, problem := same(data)
		if problem != "" {
			t.Errorf("%s: %s", path, problem)
		}
		if ok {
			accepted++
		}
	}
	// Files in the subset, which the reader must take.
	for _, path := range []string{
		"../../examples/add-then-list.yaml",
		"../../examples/faults.yaml",
		"../../examples/throttled-then-success.yaml",
		"../../examples/graph-metadata.yaml",
		"../../mockserver/testdata/scenarios.yaml",
		"../../internal/graphrules/rules.yaml",
	} {
		if _, ok := Parse(files[path]); !ok {
			t.Errorf("%s: declined", path)
		}
	}
	t.Logf("accepted %d of %d files", accepted, len(files))
}

// TestScenarioFile reads the scenario file the benchmarks read.
func TestScenarioFile(t *testing.T) {
	data := scenarioFile(50)
	ok, problem := same(data)
	if !ok || problem != "" {
		t.Fatalf("accepted %v: %s", ok, problem)
	}
}

// TestSubset reads each construct of the subset as yaml.v3 does.
func TestSubset(t *testing.T) {
	for _, src := range []string{
		"a: 1\n",
		"a: 1",
		"a: 1\nb: two\nc: 3.5\n",
		"  a: 1\n  b: 2\n",
		"a:\n  b:\n    c: d\n  e: f\ng: h\n",
		"- a\n- b\n",
		"- a\n-  b\n-   c\n",
		"- - a\n  - b\n- c\n",
		"- - - a\n",
		"- a: 1\n  b: 2\n- c: 3\n",
		"-   a: 1\n    b: 2\n",
		"- a:\n    b: 1\n  c: 2\n",
		"- a:\n  - x\n  - y\n",
		"-\n  a: 1\n-\n  - b\n",
		"a:\n- x\n- y\nb: 1\n",
		"a:\n  - x\n  - y\nb: 1\n",
		"a:\n  -\n  - \n",
		"a:\nb:\nc: 1\n",
		"a:",
		"a:\n",
		"a:   \nb: 1\n",
		"a: # nothing\nb: 1\n",
		"-\n- x\n-",
		"- \n",
		"a:\n  b:\n",
		"key : value\n",
		"\"quoted key\": 1\n'single': 2\n",
		"\"k\" : 1\n",
		"- \"a\": 1\n  'b': 2\n",
		"- \"a\"\n- 'b'\n",
		"a: \"double\"\nb: 'single'\nc: 'it''s'\nd: ''\ne: \"\"\n",
		`a: "esc \\ \" \n \t \r \0 \a \b \v \f \e \  \u00e9 \u2028"` + "\n",
		"a: plain with spaces   \n",
		"a: b#c\n",
		"a: b:c\n",
		"a: http://example.com/x?y=1&z=2\n",
		"a: -1\nb: -x\nc: +3\nd: 0x1F\ne: 0o17\nf: 017\ng: 09\nh: 1_000\ni: 1.5e3\nj: .5\nk: .inf\nl: -.Inf\nm: .nan\nn: 12345678901234567890\n",
		"a: true\nb: False\nc: TRUE\nd: yes\ne: no\nf: on\ng: off\nh: null\ni: ~\nj: Null\nk: n\nl: y\n",
		"a: 2024-01-02\nb: 2024-01-02T03:04:05Z\nc: 2024-1-2\n",
		"a: \"1\"\nb: '2'\nc: \"true\"\n",
		"a: b, c\nc: x{y}\n",
		"a: - b\n"[:0] + "a: x - y\n",
		"a: {b: 1, c: [x, y], d: {e: f}}\n",
		"a: {}\nb: []\nc: { }\nd: [ ]\n",
		"a: [1, \"two\", 'three', {four: 4}, [5]]\n",
		"a: {b:  c ,  d : e}\n",
		"a: [ a b , c ]\n",
		"a: {\"b\": 1, 'c': 2}\n",
		"a: {b: -1, c: -x}\n",
		"- {method: GET, path: /v1.0/items/item-1}\n- [a, b]\n",
		"a: [b#c]\n",
		"a: {b: x:y}\n"[:0] + "a: [b]   # after\n",
		"# head\na: 1 # line\n# between\n\nb: 2\n\n# foot\n",
		"\n\n  \na: 1\n\n",
		"a:\n  # inside\n  b: 1\n",
		"a: café\nnoël: ünïcödé\n",
		"é: {ü: ö, ä: [ß, ñ]}\n",
		"- é: 1\n  ü: [a, é]\n",
		"a: \"é\\u00e9é\"\n",
		"a: b\n-x: y\n",
		"k:\n- a\n-b: 1\n",
		"a: 'x # not a comment'\n",
		"a: \"x # not a comment\"\n",
		"a: x\n\n\n\nb: y\n",
		"a: -\n"[:0] + "a: '-'\n",
		"a: <\n",
		"a: <<<\n",
	} {
		ok, problem := same([]byte(src))
		if problem != "" {
			t.Errorf("%q: %s", src, problem)
			continue
		}
		if !ok {
			t.Errorf("%q: declined", src)
		}
	}
}

// TestOutsideSubset declines what the subset leaves to yaml.v3, and
// every malformed document.
func TestOutsideSubset(t *testing.T) {
	for _, src := range []string{
		"",
		"# only a comment\n",
		"\n\n",
		"scalar\n",
		"{a: 1}\n",
		"[a]\n",
		"\"a\"\n",
		"a:\n\tb: 1\n",
		"a: b\tc\n",
		"a: |\n  text\n",
		"a: >\n  text\n",
		"a: |-\n  text\n",
		"a: &x 1\nb: *x\n",
		"a: *x\n",
		"a: !!str 1\n",
		"a: !custom x\n",
		"? a\n: b\n",
		"a: plain\n  continued\n",
		"- plain\n  continued\n",
		"a: \"double\n  continued\"\n",
		"a: 'single\n  continued'\n",
		"a: [1,\n  2]\n",
		"a: {b: 1,\n  c: 2}\n",
		"%YAML 1.2\n---\na: 1\n",
		"---\na: 1\n",
		"a: 1\n---\nb: 2\n",
		"a: 1\n...\n",
		"\ufeffa: 1\n",
		"a: 1\r\nb: 2\r\n",
		"a: \x01\n",
		"a: \x7f\n",
		"a: \xff\n",
		"a: \u0085\n",
		"a: \u2028\n",
		"a: \U0001F600\n",
		"<<: {a: 1}\n",
		"a: <<\n",
		"a: [<<]\n",
		"[a]: 1\n",
		"{a: 1}: 2\n",
		"- [a]: 1\n",
		"a: b: c\n",
		"a:b\n",
		"a: 1\n  b: 2\n",
		"a:\n    b: 1\n  c: 2\n",
		"a: 1\n- b\n",
		"- a\nb: 1\n",
		"a:\n  - x\n  b: 1\n",
		"  a: 1\nb: 2\n",
		"a:\n  plain on the next line\n",
		"a:\n  [x]\n",
		"a: 1\na\n",
		"-x\n",
		"a: ,x\n",
		"a: @x\n",
		"a: `x`\n",
		"a: %x\n",
		"a: \"x\"y\n",
		"a: \"x\"#c\n",
		"a: [x]y\n",
		"a: [x],\n",
		"a: 'x\n",
		"a: \"x\n",
		"a: \"\\x41\"\n",
		"a: \"\\U00000041\"\n",
		"a: \"\\N\"\n",
		"a: \"\\/\"\n",
		"a: \"\\q\"\n",
		"a: \"\\ud800\"\n",
		"a: \"\\u12\"\n",
		"a: [a, b,]\n",
		"a: {b: 1,}\n",
		"a: [a: b]\n",
		"a: {b}\n",
		"a: {b: }\n",
		"a: {b: , c: 1}\n",
		"a: {b: c: d}\n",
		"a: {\"b\":1}\n",
		"a: {b: x:y}\n",
		"a: {b: x?y}\n",
		"a: [b #c]\n",
		"a: [b\n",
		"a: {b: 1\n",
		"a: [b]]\n",
		"a: ]\n",
		"a: }\n",
		"a: - b\n",
		"a: ?b\n",
		"a: :b\n",
		"a #c: b\n",
		strings.Repeat("k", 1100) + ": v\n",
		"a: {" + strings.Repeat("k", 1100) + ": v}\n",
		strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n",
		"a: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n",
		nested(70),
		"tenant:\n  users: [] # a comment\n",
		"# a comment\ntenant:\n  users: []\n",
		"tenant:\n  users: []\nscenarios: [] # a comment anywhere\n",
	} {
		if n, ok := Parse([]byte(src)); ok || n != nil {
			t.Errorf("%q: accepted", src)
		}
	}
}

// nested is a mapping nested depth deep, by indentation.
func nested(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	b.WriteString(strings.Repeat(" ", depth) + "k: v\n")
	return b.String()
}

// TestTenantWithoutComments accepts a tenant section when the file has
// no comment, the section then marshalling as yaml.v3's does.
func TestTenantWithoutComments(t *testing.T) {
	ok, problem := same([]byte("version: 1\ntenant:\n  users:\n    - {id: u1}\n"))
	if !ok || problem != "" {
		t.Fatalf("accepted %v: %s", ok, problem)
	}
}

// TestDepth accepts nesting up to MaxDepth and declines deeper.
func TestDepth(t *testing.T) {
	if ok, problem := same([]byte(nested(MaxDepth - 1))); !ok || problem != "" {
		t.Errorf("depth %d: accepted %v: %s", MaxDepth, ok, problem)
	}
	if _, ok := Parse([]byte(nested(MaxDepth))); ok {
		t.Errorf("depth %d: accepted", MaxDepth+1)
	}
}

// TestContentCapped gives each collection's Content no room beyond its
// own children, so appending to one never changes another.
func TestContentCapped(t *testing.T) {
	doc, ok := Parse([]byte("a: [1, 2]\nb: [3]\n"))
	if !ok {
		t.Fatal("declined")
	}
	root := doc.Content[0]
	a, b := root.Content[1], root.Content[3]
	_ = append(a.Content, b)
	if len(b.Content) != 1 || b.Content[0].Value != "3" || root.Content[2].Value != "b" {
		t.Fatalf("appending to a's content changed its neighbours: %s", dump(root))
	}
}
