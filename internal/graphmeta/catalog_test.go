package graphmeta_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphmeta"
)

func TestCatalogWith(t *testing.T) {
	data, err := os.ReadFile("testdata/mail.csdl")
	if err != nil {
		t.Fatal(err)
	}
	base := graphmeta.Embedded()
	cat, err := base.With("beta", data)
	if err != nil {
		t.Fatal(err)
	}
	if !cat.Own("beta") || cat.Own("v1.0") || base.Own("beta") {
		t.Errorf("Own(beta), Own(v1.0), base Own(beta) = %v, %v, %v; want true, false, false: With leaves its receiver as it was", cat.Own("beta"), cat.Own("v1.0"), base.Own("beta"))
	}
	beta, err := cat.Version("beta")
	if err != nil || beta == nil || beta.Model.Type("microsoft.graph.profilePhoto") == nil || beta.Model.Type("microsoft.graph.chat") != nil {
		t.Errorf("Version(beta) = %v, %v; want the document given", beta, err)
	}
	v10, err := cat.Version("v1.0")
	if err != nil || v10 == nil || v10.Model.Type("microsoft.graph.chat") == nil {
		t.Errorf("Version(v1.0) = %v, %v; want the embedded metadata", v10, err)
	}
	if again, _ := graphmeta.Embedded().Version("v1.0"); again != v10 {
		t.Errorf("the embedded v1.0 was loaded twice; want it shared")
	}
}

func TestCatalogWithRejects(t *testing.T) {
	if _, err := graphmeta.Embedded().With("v2", []byte("<x/>")); err == nil || err.Error() != `unknown API version "v2": want v1.0 or beta` {
		t.Errorf("With(v2) = %v, want unknown API version", err)
	}
	_, err := graphmeta.Embedded().With("v1.0", []byte("<edmx:Edmx xmlns:edmx=\"x\">\n<Schema>\n</edmx:Edmx>"))
	var pe *csdl.ParseError
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("With(a broken document) = %v, want a *csdl.ParseError at line 2", err)
	}
}

func TestCatalogVersion(t *testing.T) {
	for _, name := range []string{"v2", "", "V1.0", "v1.0/"} {
		if v, err := graphmeta.Embedded().Version(name); v != nil || err != nil {
			t.Errorf("Version(%q) = %v, %v; want nil, nil for a version graphmock has no metadata of", name, v, err)
		}
	}
	versions := graphmeta.Versions()
	versions[0] = "changed"
	if got := strings.Join(graphmeta.Versions(), " "); got != "v1.0 beta" {
		t.Errorf("Versions() = %s after changing a copy, want v1.0 beta", got)
	}
}
