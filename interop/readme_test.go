package interop_test

import (
	"os"
	"strings"
	"testing"
)

// The Go SDK set-up in graphmock's README is adapter.go's, word for word,
// so the README shows code these tests run.
func TestTheReadmeShowsTheAdapterTheTestsUse(t *testing.T) {
	src, err := os.ReadFile("adapter.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "// README: Go SDK begin\n", "// README: Go SDK end"
	text := string(src)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("adapter.go lacks the %q … %q markers", begin, end)
	}
	snippet := "```go\n" + strings.TrimSpace(text[i+len(begin):j]) + "\n```"
	if !strings.Contains(string(readme), snippet) {
		t.Errorf("README.md does not show adapter.go's set-up as it is; paste this in:\n%s", snippet)
	}
}
