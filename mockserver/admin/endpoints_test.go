package admin

import (
	"os"
	"strings"
	"testing"
)

// TestTheDocumentationListsEveryEndpoint keeps the package documentation
// and the admin API page's table in step with the one endpoint table the routes
// are made from.
func TestTheDocumentationListsEveryEndpoint(t *testing.T) {
	doc, err := os.ReadFile("admin.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../docs/admin-api.md")
	if err != nil {
		t.Fatal(err)
	}
	// The per-server endpoints repeated for sessions are documented once,
	// as a row of their own.
	const sessionRow = "/_graphmock/sessions/{id}/…"
	if !strings.Contains(string(doc), "//\t…      "+sessionRow) {
		t.Errorf("the package documentation does not list %s", sessionRow)
	}
	if !strings.Contains(string(readme), "| `… "+sessionRow+"` |") {
		t.Errorf("docs/admin-api.md's admin table does not list %s", sessionRow)
	}
	for _, e := range endpoints() {
		if isSessionEndpoint(e) {
			continue
		}
		path := Prefix + strings.TrimSuffix(e.path, "{$}")
		if e.method == "POST" && e.path == "scenarios" {
			continue // documented beside PUT, as its twin
		}
		if !strings.Contains(string(doc), "//\t"+e.method+strings.Repeat(" ", 7-len(e.method))+path) {
			t.Errorf("the package documentation does not list %s %s", e.method, path)
		}
		if !strings.Contains(string(readme), "| `"+e.method+" "+path+"` |") {
			t.Errorf("docs/admin-api.md's admin table does not list %s %s", e.method, path)
		}
	}
}
