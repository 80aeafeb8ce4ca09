package graphmock_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/graphmock/graphmock"

// packageFiles parses the non-test Go files of the package in dir.
func packageFiles(t *testing.T, dir string) []*ast.File {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	fset := token.NewFileSet()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// TestDependenciesPointDown checks the layers: the command over the admin
// API over mockserver over internal packages, and never upward.
func TestDependenciesPointDown(t *testing.T) {
	forbidden := map[string][]string{
		"internal":         {module + "/mockserver", module + "/cmd"},
		"mockserver":       {module + "/mockserver/admin", module + "/cmd"},
		"mockserver/admin": {module + "/cmd"},
	}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || strings.Contains(path, "testdata") {
			return err
		}
		var rules []string
		for prefix, banned := range forbidden {
			if path == prefix || strings.HasPrefix(path, prefix+"/") {
				if prefix == "mockserver" && strings.HasPrefix(path, "mockserver/admin") {
					continue
				}
				rules = append(rules, banned...)
			}
		}
		for _, f := range packageFiles(t, path) {
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				for _, b := range rules {
					if p == b || strings.HasPrefix(p, b+"/") {
						t.Errorf("%s imports %s: dependencies must point down (cmd → mockserver/admin → mockserver → internal)", path, p)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// maxExported bounds mockserver's public API: types, functions, methods
// of exported types, constants and variables (struct fields not counted).
const maxExported = 135

func TestMockserverExportsAtMost125Names(t *testing.T) {
	var names []string
	for _, f := range packageFiles(t, "mockserver") {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv == nil {
					names = append(names, d.Name.Name)
					continue
				}
				recv := d.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
					names = append(names, id.Name+"."+d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							names = append(names, s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								names = append(names, n.Name)
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	if len(names) > maxExported {
		t.Errorf("mockserver exports %d names, more than %d: keep the public API to what users need\n%s", len(names), maxExported, strings.Join(names, "\n"))
	}
	if len(names) < 50 {
		t.Errorf("mockserver exports only %d names: is the parse missing files?", len(names))
	}
}

// TestEveryExportedNameIsDocumented checks the public packages: every
// exported function, method, type, constant and variable has a doc
// comment (a group's comment covers its members).
func TestEveryExportedNameIsDocumented(t *testing.T) {
	for _, dir := range []string{"mockserver", "mockserver/admin"} {
		for _, f := range packageFiles(t, dir) {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Name.IsExported() && d.Doc == nil && exportedReceiver(d) {
						t.Errorf("%s: %s has no doc comment", dir, d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						var names []*ast.Ident
						var doc *ast.CommentGroup
						switch s := s.(type) {
						case *ast.TypeSpec:
							names, doc = []*ast.Ident{s.Name}, s.Doc
						case *ast.ValueSpec:
							names, doc = s.Names, s.Doc
							if doc == nil {
								doc = s.Comment
							}
						}
						for _, n := range names {
							if n.IsExported() && doc == nil && d.Doc == nil {
								t.Errorf("%s: %s has no doc comment", dir, n.Name)
							}
						}
					}
				}
			}
		}
	}
}

// exportedReceiver reports whether a function is not a method, or a
// method of an exported type.
func exportedReceiver(d *ast.FuncDecl) bool {
	if d.Recv == nil {
		return true
	}
	recv := d.Recv.List[0].Type
	if star, ok := recv.(*ast.StarExpr); ok {
		recv = star.X
	}
	id, ok := recv.(*ast.Ident)
	return ok && id.IsExported()
}
