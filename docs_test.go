package graphmock_test

import (
	"io/fs"

	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// docFiles are the README and the pages in docs/.
func docFiles(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob("docs/*.md")
	if err != nil || len(pages) < 8 {
		t.Fatalf("docs/ holds %d pages (%v)", len(pages), err)
	}
	return append([]string{"README.md"}, pages...)
}

// anchor is GitHub's anchor for a heading.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	headingRE = regexp.MustCompile(`(?m)^(#{1,4}) (.+)$`)
	linkRE    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	fenceRE   = regexp.MustCompile("(?ms)^[ \t]*```.*?^[ \t]*```")
)

// anchors lists the anchors of a Markdown document's headings.
func anchors(doc string) map[string]bool {
	out := map[string]bool{}
	for _, m := range headingRE.FindAllStringSubmatch(fenceRE.ReplaceAllString(doc, ""), -1) {
		out[anchor(m[2])] = true
	}
	return out
}

// TestDocLinksResolve: every relative link in the docs names a file that
// exists and, with a #fragment, a heading in it.
func TestDocLinksResolve(t *testing.T) {
	for _, file := range docFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := fenceRE.ReplaceAllString(string(data), "")
		for _, m := range linkRE.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, frag, _ := strings.Cut(target, "#")
			doc := string(data)
			if path != "" {
				full := filepath.Join(filepath.Dir(file), path)
				linked, err := os.ReadFile(full)
				if err != nil {
					if fi, serr := os.Stat(full); serr == nil && fi.IsDir() {
						continue
					}
					t.Errorf("%s links to %s, which does not exist", file, target)
					continue
				}
				doc = string(linked)
			}
			if frag != "" && !anchors(doc)[frag] {
				t.Errorf("%s links to %s, but no heading there has the anchor #%s", file, target, frag)
			}
		}
	}
}

// contentsRE finds a page's contents list: the lines from "## Contents"
// to the next blank line, the sections (##) and their parts (###).
var contentsRE = regexp.MustCompile(`(?ms)^## Contents\n\n(.*?)\n\n`)

// TestEveryPageListsItsContents: each page in docs/ opens with a list of
// its sections, in order, each linked.
func TestEveryPageListsItsContents(t *testing.T) {
	for _, file := range docFiles(t)[1:] {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(data)
		m := contentsRE.FindStringSubmatch(doc)
		if m == nil {
			t.Errorf("%s has no contents list (a \"## Contents\" section)", file)
			continue
		}
		var want []string
		for _, h := range headingRE.FindAllStringSubmatch(fenceRE.ReplaceAllString(doc, ""), -1) {
			switch {
			case h[2] == "Contents":
			case len(h[1]) == 2:
				want = append(want, "- ["+h[2]+"](#"+anchor(h[2])+")")
			case len(h[1]) == 3:
				want = append(want, "  - ["+h[2]+"](#"+anchor(h[2])+")")
			}
		}
		if got := strings.TrimSpace(m[1]); got != strings.Join(want, "\n") {
			t.Errorf("%s's contents list is\n%s\nwant\n%s", file, got, strings.Join(want, "\n"))
		}
	}
}

// block is a fenced code block of a Markdown document.
type block struct {
	file, lang, text string
	line             int
}

var blockRE = regexp.MustCompile("(?ms)^([ \t]*)```([a-z]*)\n(.*?)^[ \t]*```")

func blocks(t *testing.T, lang string) []block {
	t.Helper()
	var out []block
	for _, file := range docFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range blockRE.FindAllStringSubmatchIndex(string(data), -1) {
			if got := string(data[m[4]:m[5]]); got == lang {
				indent := string(data[m[2]:m[3]])
				var lines []string
				for _, l := range strings.Split(string(data[m[6]:m[7]]), "\n") {
					lines = append(lines, strings.TrimPrefix(l, indent))
				}
				out = append(out, block{file: file, lang: got, text: strings.Join(lines, "\n"), line: strings.Count(string(data[:m[0]]), "\n") + 1})
			}
		}
	}
	return out
}

// squeeze drops indentation and blank lines, so that code can be found in
// a file whatever it is nested in.
func squeeze(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestGoInTheDocsIsCompiled: every Go block the docs show stands, as it
// is, in a test file of the repository, so it compiles and runs with the
// tests and cannot drift.
func TestGoInTheDocsIsCompiled(t *testing.T) {
	var sources []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			data, rerr := os.ReadFile(path)
			if rerr != nil {
				return rerr
			}
			sources = append(sources, squeeze(string(data)))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks(t, "go") {
		code := squeeze(b.text)
		found := false
		for _, src := range sources {
			if strings.Contains(src, code) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s:%d shows Go code that no Go file of the repository holds as it is:\n%s", b.file, b.line, b.text)
		}
	}
}

// isTenantFile reports whether a YAML block is a tenant file: entities or
// generate, and no scenarios.
func isTenantFile(text string) bool {
	has := func(key string) bool { return strings.HasPrefix(text, key+":") || strings.Contains(text, "\n"+key+":") }
	return !has("scenarios") && (has("entities") || has("generate"))
}

// TestScenarioFilesInTheDocsLoad: every YAML block that is a scenario
// file loads, over the default scenario folder (for the schemas and
// fixtures the examples name), and every tenant file seeds a tenant.
func TestScenarioFilesInTheDocsLoad(t *testing.T) {
	defaults, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, b := range blocks(t, "yaml") {
		if !strings.HasPrefix(b.text, "version: 1") && !strings.Contains(b.text, "\nversion: 1\n") {
			continue
		}
		n++
		if isTenantFile(b.text) {
			file := filepath.Join(t.TempDir(), "tenant.yaml")
			if err := os.WriteFile(file, []byte(b.text), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := mockserver.NewTenant(mockserver.Simulation{TenantFiles: []string{file}}); err != nil {
				t.Errorf("%s:%d: the tenant file does not load:\n%v", b.file, b.line, err)
			}
			continue
		}
		if _, err := defaults.Reparse(b.file, []byte(b.text)); err != nil {
			t.Errorf("%s:%d: the scenario file does not load:\n%v", b.file, b.line, err)
		}
	}
	if n < 3 {
		t.Errorf("only %d scenario files in the docs: is the test finding them?", n)
	}
}
