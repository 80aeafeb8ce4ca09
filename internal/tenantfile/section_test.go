package tenantfile

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// A tenant written as a section of another file reads as a tenant file
// without a version of its own, with the enclosing file's positions.
func TestParseSectionReadsATenantInsideAnotherFile(t *testing.T) {
	var doc yaml.Node
	text := "version: 1\ntenant:\n  entities:\n    /users:\n      - displayName: A\n        userPrincipalName: a@contoso.example\n        bogus@odata.bind: users/nobody\n"
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	section := doc.Content[0].Content[3]
	_, err := ParseSection("scenarios.yaml", section)
	errs := Errors(err)
	if len(errs) != 1 || errs[0].Pos.File != "scenarios.yaml" || errs[0].Pos.Line != 7 {
		t.Fatalf("ParseSection(a bind to nobody) = %v, want one problem at scenarios.yaml:7", err)
	}
	section.Content[1].Content[1].Content[0].Content = section.Content[1].Content[1].Content[0].Content[:4]
	f, err := ParseSection("scenarios.yaml", section)
	if err != nil || f.Version != Version || len(f.Collections) != 1 || !strings.Contains(f.Collections[0].Written, "users") {
		t.Errorf("ParseSection = %+v, %v; want the users, version %d", f, err, Version)
	}
}
