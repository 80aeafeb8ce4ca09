package graphmock_test

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The public API is written down in api/, one file per public package, as
// Go's own api/ files are: every exported name with its full signature,
// every exported struct field and method, sorted. TestAPISnapshot fails on
// any difference, so that a change to the API is made on purpose and shows
// in review. After a deliberate change, or a merge that changes the API,
// regenerate the files with
//
//	go test -run TestAPISnapshot -update .

var update = flag.Bool("update", false, "rewrite api/*.txt from the packages' current API")

// otherModules are the modules beside this one that use its API; their
// uses count in TestEveryExportedNameIsUsedOutsideItsPackage.
var otherModules = []string{"interop", "browser"}

// apiWorld is the repository type-checked once for the API tests: the
// public packages and every package, test package and example that uses
// them.
type apiWorld struct {
	fset   *token.FileSet
	public []*types.Package // the public packages of this module, by path
	// uses holds every object used from a package other than the one that
	// declares it (an external test package counts as another package).
	uses map[types.Object]bool
	err  error
	// othersErr says why otherModules could not be read: the snapshot does
	// not need them, the search for uses does.
	othersErr error
}

var (
	worldOnce sync.Once
	world     apiWorld
)

func loadWorld(t *testing.T) *apiWorld {
	t.Helper()
	worldOnce.Do(func() { world = buildWorld() })
	if world.err != nil {
		t.Fatal(world.err)
	}
	return &world
}

// exportFiles runs go list in dir and returns where the compiler's export
// data of every package the module's packages and tests import is.
func exportFiles(dir string, into map[string]string) error {
	cmd := exec.Command("go", "list", "-e", "-export", "-deps", "-test", "-f", "{{.ImportPath}}\t{{.Export}}", "./...")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go list -export in %s: %v\n%s", dir, err, stderr.Bytes())
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		importPath, file, ok := strings.Cut(sc.Text(), "\t")
		if !ok || file == "" || strings.Contains(importPath, " ") || strings.HasSuffix(importPath, ".test") {
			continue // a test variant, a test main, or nothing to import
		}
		if _, seen := into[importPath]; !seen {
			into[importPath] = file
		}
	}
	return sc.Err()
}

// goFiles groups the Go files of one folder by package clause, keeping
// those the build context would build.
func goFiles(fset *token.FileSet, dir string) (map[string][]*ast.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	byPkg := map[string][]*ast.File{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, e.Name()); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		byPkg[f.Name.Name] = append(byPkg[f.Name.Name], f)
	}
	return byPkg, nil
}

// isPublic reports whether a package of this module is part of its API:
// importable (not a command), not internal, and not an example (examples/
// shows the API; it is not part of it).
func isPublic(importPath, name string) bool {
	rel := strings.TrimPrefix(strings.TrimPrefix(importPath, module), "/")
	return name != "main" && !isInternal(rel) && rel != "examples" && !strings.HasPrefix(rel, "examples/")
}

func buildWorld() apiWorld {
	w := apiWorld{fset: token.NewFileSet(), uses: map[types.Object]bool{}}
	exports := map[string]string{}
	if err := exportFiles(".", exports); err != nil {
		w.err = err
		return w
	}
	roots := []string{"."}
	for _, dir := range otherModules {
		if err := exportFiles(dir, exports); err != nil {
			w.othersErr = errors.Join(w.othersErr, err)
			continue
		}
		roots = append(roots, dir)
	}
	imp := importer.ForCompiler(w.fset, "gc", func(importPath string) (io.ReadCloser, error) {
		file, ok := exports[importPath]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", importPath)
		}
		return os.Open(file)
	})

	type folder struct {
		dir, importPath string
		mine            bool // in this module, not one of otherModules
	}
	var folders []folder
	for _, root := range roots {
		modPath := module
		if root != "." {
			modPath = module + "/" + root
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return err
			}
			name := d.Name()
			if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "node_modules" || (root == "." && slices.Contains(otherModules, p))) {
				return filepath.SkipDir
			}
			rel, _ := filepath.Rel(root, p)
			importPath := modPath
			if rel != "." {
				importPath = modPath + "/" + filepath.ToSlash(rel)
			}
			folders = append(folders, folder{p, importPath, root == "."})
			return nil
		})
		if err != nil {
			w.err = err
			return w
		}
	}

	conf := types.Config{Importer: imp, Error: func(error) {}} // the build reports errors; here a use is a use
	for _, fo := range folders {
		byPkg, err := goFiles(w.fset, fo.dir)
		if err != nil {
			w.err = err
			return w
		}
		for name, files := range byPkg {
			pkgPath := fo.importPath
			if strings.HasSuffix(name, "_test") {
				pkgPath += "_test"
			}
			info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
			pkg, _ := conf.Check(pkgPath, w.fset, files, info)
			for _, obj := range info.Uses {
				if obj.Pkg() != nil && obj.Pkg().Path() != pkgPath {
					w.uses[origin(obj)] = true
				}
			}
			if pkg != nil && fo.mine && !strings.HasSuffix(name, "_test") && isPublic(fo.importPath, name) {
				// The API is that of the compiled package, as importers see
				// it, so that uses found above are of the same objects.
				public, err := imp.Import(fo.importPath)
				if err != nil {
					w.err = err
					return w
				}
				w.public = append(w.public, public)
			}
		}
	}
	slices.SortFunc(w.public, func(a, b *types.Package) int { return strings.Compare(a.Path(), b.Path()) })
	return w
}

// origin returns the generic object an instantiated method or field comes
// from.
func origin(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Func:
		return o.Origin()
	case *types.Var:
		return o.Origin()
	}
	return obj
}

// unnamed drops parameter and result names from a function type: they
// are not part of the API.
func unnamed(t types.Type) types.Type {
	sig, ok := t.(*types.Signature)
	if !ok {
		return t
	}
	strip := func(tup *types.Tuple) *types.Tuple {
		vars := make([]*types.Var, tup.Len())
		for i := range vars {
			vars[i] = types.NewParam(token.NoPos, nil, "", tup.At(i).Type())
		}
		return types.NewTuple(vars...)
	}
	return types.NewSignatureType(nil, nil, nil, strip(sig.Params()), strip(sig.Results()), sig.Variadic())
}

// apiFile names the snapshot of a package: its path in the module, with
// "-" for "/" (the root package is graphmock).
func apiFile(pkg *types.Package) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(pkg.Path(), module), "/")
	if rel == "" {
		rel = pkg.Name()
	}
	return filepath.Join("api", strings.ReplaceAll(rel, "/", "-")+".txt")
}

// exportedMember is one exported field or method of an exported type, with
// its line in the snapshot.
type exportedMember struct {
	obj  types.Object
	line string
}

// apiLines lists a package's API, one line per name, field and method,
// sorted.
func apiLines(pkg *types.Package) []string {
	var lines []string
	for _, e := range apiEntries(pkg) {
		lines = append(lines, e.line)
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

// apiEntries lists a package's exported objects with their snapshot lines:
// package-level names, then the fields and methods of exported types.
func apiEntries(pkg *types.Package) []exportedMember {
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	tstr := func(t types.Type) string { return types.TypeString(unnamed(t), qual) }
	prefix := "pkg " + strings.TrimPrefix(strings.TrimPrefix(pkg.Path(), module), "/")
	if pkg.Path() == module {
		prefix = "pkg " + pkg.Name()
	}
	var out []exportedMember
	add := func(obj types.Object, format string, args ...any) {
		out = append(out, exportedMember{obj, prefix + ", " + fmt.Sprintf(format, args...)})
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.Const:
			add(obj, "const %s %s = %s", name, tstr(obj.Type()), obj.Val().ExactString())
		case *types.Var:
			add(obj, "var %s %s", name, tstr(obj.Type()))
		case *types.Func:
			add(obj, "func %s%s", name, strings.TrimPrefix(tstr(obj.Type()), "func"))
		case *types.TypeName:
			if obj.IsAlias() {
				add(obj, "type %s = %s", name, tstr(types.Unalias(obj.Type())))
				continue
			}
			named, _ := obj.Type().(*types.Named)
			if named == nil {
				continue
			}
			switch u := named.Underlying().(type) {
			case *types.Struct:
				add(obj, "type %s struct", name)
				for f := range u.Fields() {
					switch {
					case !f.Exported():
					case f.Embedded():
						add(f, "type %s struct, embedded %s", name, tstr(f.Type()))
					default:
						add(f, "type %s struct, %s %s", name, f.Name(), tstr(f.Type()))
					}
				}
			case *types.Interface:
				var methods []string
				for m := range u.Methods() {
					if m.Exported() {
						methods = append(methods, m.Name())
					} else {
						methods = append(methods, "unexported methods")
					}
				}
				slices.Sort(methods)
				add(obj, "type %s interface { %s }", name, strings.Join(slices.Compact(methods), ", "))
				for m := range u.Methods() {
					if m.Exported() {
						add(m, "type %s interface, %s%s", name, m.Name(), strings.TrimPrefix(tstr(m.Type()), "func"))
					}
				}
				continue // its methods are listed
			default:
				add(obj, "type %s %s", name, tstr(u))
			}
			for _, recv := range []types.Type{named, types.NewPointer(named)} {
				ms := types.NewMethodSet(recv)
				for sel := range ms.Methods() {
					m := sel.Obj().(*types.Func)
					if !m.Exported() {
						continue
					}
					if _, isPtr := recv.(*types.Pointer); isPtr && types.NewMethodSet(named).Lookup(pkg, m.Name()) != nil {
						continue // listed with the value receiver
					}
					add(m, "method (%s) %s%s", tstr(recv), m.Name(), strings.TrimPrefix(tstr(m.Type()), "func"))
				}
			}
		}
	}
	return out
}

// TestAPISnapshot compares every public package's API with its file in
// api/. Run with -update to rewrite the files after a deliberate change.
func TestAPISnapshot(t *testing.T) {
	w := loadWorld(t)
	want := map[string]bool{}
	for _, pkg := range w.public {
		file := apiFile(pkg)
		want[file] = true
		got := strings.Join(apiLines(pkg), "\n") + "\n"
		if *update {
			if err := os.MkdirAll("api", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: %v: write it with go test -run TestAPISnapshot -update .", pkg.Path(), err)
			continue
		}
		if d := lineDiff(string(old), got); d != "" {
			t.Errorf("the API of %s differs from %s (- in the file, + in the code):\n%s\nIf the change is meant, rewrite the file: go test -run TestAPISnapshot -update .", pkg.Path(), file, d)
		}
	}
	// A file for a package that is gone or no longer public.
	files, _ := filepath.Glob(filepath.Join("api", "*.txt"))
	for _, f := range files {
		if want[f] {
			continue
		}
		if *update {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s names no public package: remove it with go test -run TestAPISnapshot -update .", f)
	}
	if len(w.public) < 4 {
		t.Errorf("found %d public packages, want graphmock, mockserver, mockserver/admin and mockserver/mocktest at least", len(w.public))
	}
}

// lineDiff lists the lines only in a (with -) and only in b (with +),
// sorted; both are sorted line lists. It returns "" when they are equal.
func lineDiff(a, b string) string {
	as, bs := strings.Split(strings.TrimSuffix(a, "\n"), "\n"), strings.Split(strings.TrimSuffix(b, "\n"), "\n")
	inA, inB := map[string]bool{}, map[string]bool{}
	for _, l := range as {
		inA[l] = true
	}
	for _, l := range bs {
		inB[l] = true
	}
	var out []string
	for _, l := range as {
		if !inB[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range bs {
		if !inA[l] {
			out = append(out, "+ "+l)
		}
	}
	slices.SortStableFunc(out, func(x, y string) int { return strings.Compare(x[2:], y[2:]) })
	return strings.Join(out, "\n")
}

// TestEveryExportedNameIsUsedOutsideItsPackage: every exported name, field
// and method of a public package is used from outside it (by the command,
// another package, the interop or browser modules, an external test
// package or an Example), so nothing is exported by accident.
func TestEveryExportedNameIsUsedOutsideItsPackage(t *testing.T) {
	w := loadWorld(t)
	if w.othersErr != nil {
		t.Fatalf("the uses in the other modules cannot be read: %v", w.othersErr)
	}
	var unused []string
	found := map[string]bool{}
	for _, line := range unusedNames(w.public, w.uses) {
		if _, known := knownUnused[line]; known {
			found[line] = true
			continue
		}
		unused = append(unused, line)
	}
	if len(unused) > 0 {
		t.Errorf("%d exported names are not used outside their package: unexport them, or use them where users would (an Example, an external test):\n%s", len(unused), strings.Join(unused, "\n"))
	}
	for line := range knownUnused {
		if !found[line] {
			t.Errorf("knownUnused lists %q, which is now used outside its package or gone: remove it", line)
		}
	}
}

// knownUnused are exported names nothing outside their package uses yet,
// each with what is missing; any other unused name fails the test.
var knownUnused = map[string]string{}

// unusedNames lists the API lines of pkgs whose objects are not in uses.
func unusedNames(pkgs []*types.Package, uses map[types.Object]bool) []string {
	var unused []string
	for _, pkg := range pkgs {
		for _, e := range apiEntries(pkg) {
			if !uses[origin(e.obj)] && !calledThroughAnInterface(e.obj) && !usedWithItsInterface(uses, pkg, e.obj) {
				unused = append(unused, e.line)
			}
		}
	}
	slices.Sort(unused)
	return slices.Compact(unused)
}

// interfaceMethods are the methods the standard library calls through an
// interface (error, errors.Unwrap, errors.Is and errors.As, fmt.Stringer, json.Marshaler and
// json.Unmarshaler, http.Handler, encoding.TextMarshaler): a type has them
// for the library, not for its callers.
var interfaceMethods = map[string][]string{
	"Error":         {"func() string"},
	"Unwrap":        {"func() error", "func() []error"},
	"Is":            {"func(error) bool"},
	"As":            {"func(any) bool"},
	"String":        {"func() string"},
	"MarshalJSON":   {"func() ([]byte, error)"},
	"UnmarshalJSON": {"func([]byte) error"},
	"MarshalText":   {"func() ([]byte, error)"},
	"UnmarshalText": {"func([]byte) error"},
	"ServeHTTP":     {"func(http.ResponseWriter, *http.Request)"},
}

// calledThroughAnInterface reports whether obj is a method the standard
// library calls through one of interfaceMethods.
func calledThroughAnInterface(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Type().(*types.Signature).Recv() == nil {
		return false
	}
	return slices.Contains(interfaceMethods[fn.Name()], types.TypeString(unnamed(fn.Type()), func(p *types.Package) string { return p.Name() }))
}

// usedWithItsInterface reports whether obj is a method of an exported
// interface type of pkg that is used outside pkg: its methods are what
// users implement (TB's, by *testing.T), not what they call.
func usedWithItsInterface(uses map[types.Object]bool, pkg *types.Package, obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	for _, name := range pkg.Scope().Names() {
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() || !uses[tn] {
			continue
		}
		if iface, ok := tn.Type().Underlying().(*types.Interface); ok {
			for m := range iface.Methods() {
				if m == fn {
					return true
				}
			}
		}
	}
	return false
}

// knownInternal are exported names that reach into internal packages
// today, each with what fixing it takes; any other fails the test.
var knownInternal = map[string]string{}

// TestNoInternalTypeInThePublicAPI: no public package exports an alias of
// a type of an internal package, and no exported signature, field or
// variable names one: users could not name it, and the internal package
// could not change freely.
func TestNoInternalTypeInThePublicAPI(t *testing.T) {
	w := loadWorld(t)
	offenders, found := internalOffenders(w.public, knownInternal)
	if len(offenders) > 0 {
		t.Errorf("%d exported names reach into internal packages:\n%s", len(offenders), strings.Join(offenders, "\n"))
	}
	for line := range knownInternal {
		if !found[line] {
			t.Errorf("knownInternal lists %q, which is no longer in the API or no longer reaches into an internal package: remove it", line)
		}
	}
}

// internalOffenders lists the API lines of pkgs that alias or name a type
// of an internal package, except those in known, which it reports found.
func internalOffenders(pkgs []*types.Package, known map[string]string) (offenders []string, found map[string]bool) {
	found = map[string]bool{}
	for _, pkg := range pkgs {
		for _, e := range apiEntries(pkg) {
			if _, ok := known[e.line]; ok {
				found[e.line] = true
				continue
			}
			if tn, ok := e.obj.(*types.TypeName); ok && tn.IsAlias() {
				if n, ok := types.Unalias(tn.Type()).(*types.Named); ok && n.Obj().Pkg() != nil && isInternal(n.Obj().Pkg().Path()) {
					offenders = append(offenders, e.line+": an alias of an internal type")
					continue
				}
			}
			typ := e.obj.Type()
			if tn, ok := e.obj.(*types.TypeName); ok {
				typ = types.Unalias(tn.Type()).Underlying()
				if _, isIface := typ.(*types.Interface); isIface {
					continue // its methods are entries of their own
				}
				if _, isStruct := typ.(*types.Struct); isStruct {
					continue // its exported fields are entries of their own
				}
			}
			if bad := internalTypes(typ, map[types.Type]bool{}); len(bad) > 0 {
				offenders = append(offenders, fmt.Sprintf("%s: names %s", e.line, strings.Join(bad, ", ")))
			}
		}
	}
	return offenders, found
}

// isInternal reports whether an import path is an internal package.
func isInternal(importPath string) bool {
	return importPath == "internal" || strings.HasPrefix(importPath, "internal/") || strings.Contains(importPath, "/internal/") || strings.HasSuffix(importPath, "/internal")
}

// internalTypes returns the types of internal packages t is built from.
func internalTypes(t types.Type, seen map[types.Type]bool) []string {
	if seen[t] {
		return nil
	}
	seen[t] = true
	var out []string
	switch t := t.(type) {
	case *types.Alias:
		if p := t.Obj().Pkg(); p != nil && isInternal(p.Path()) {
			out = append(out, p.Path()+"."+t.Obj().Name())
		}
		out = append(out, internalTypes(types.Unalias(t), seen)...)
	case *types.Named:
		if p := t.Obj().Pkg(); p != nil && isInternal(p.Path()) {
			out = append(out, p.Path()+"."+t.Obj().Name())
		}
		for a := range t.TypeArgs().Types() {
			out = append(out, internalTypes(a, seen)...)
		}
		// An exported type's own fields and methods are checked as entries;
		// an unexported one (an option's config) is opaque to users.
	case *types.Pointer:
		out = internalTypes(t.Elem(), seen)
	case *types.Slice:
		out = internalTypes(t.Elem(), seen)
	case *types.Array:
		out = internalTypes(t.Elem(), seen)
	case *types.Map:
		out = append(internalTypes(t.Key(), seen), internalTypes(t.Elem(), seen)...)
	case *types.Chan:
		out = internalTypes(t.Elem(), seen)
	case *types.Signature:
		for v := range t.Params().Variables() {
			out = append(out, internalTypes(v.Type(), seen)...)
		}
		for v := range t.Results().Variables() {
			out = append(out, internalTypes(v.Type(), seen)...)
		}
	case *types.Struct:
		for f := range t.Fields() {
			if f.Exported() {
				out = append(out, internalTypes(f.Type(), seen)...)
			}
		}
	case *types.Interface:
		for m := range t.Methods() {
			if m.Exported() {
				out = append(out, internalTypes(m.Type(), seen)...)
			}
		}
	}
	return out
}

// TestReturnedErrorTypesCanBeTested: an exported function or method that
// returns a concrete error type returns an exported one, of a public
// package, so that callers can test for it with errors.As.
func TestReturnedErrorTypesCanBeTested(t *testing.T) {
	w := loadWorld(t)
	offenders := errorOffenders(w.public)
	if len(offenders) > 0 {
		t.Errorf("%d exported functions return error types callers cannot test for:\n%s", len(offenders), strings.Join(offenders, "\n"))
	}
}

// errorOffenders lists the API lines of pkgs that return a concrete error
// type that is unexported or internal.
func errorOffenders(pkgs []*types.Package) []string {
	errorType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	var offenders []string
	for _, pkg := range pkgs {
		for _, e := range apiEntries(pkg) {
			fn, ok := e.obj.(*types.Func)
			if !ok {
				continue
			}
			for r := range fn.Type().(*types.Signature).Results().Variables() {
				rt := r.Type()
				if types.IsInterface(rt) || !types.Implements(rt, errorType) && !types.Implements(types.NewPointer(rt), errorType) {
					continue
				}
				base := rt
				if p, ok := base.(*types.Pointer); ok {
					base = p.Elem()
				}
				n, ok := types.Unalias(base).(*types.Named)
				if !ok || !n.Obj().Exported() || n.Obj().Pkg() == nil || isInternal(n.Obj().Pkg().Path()) {
					offenders = append(offenders, fmt.Sprintf("%s: returns %s, which errors.As cannot name", e.line, types.TypeString(rt, nil)))
				}
			}
		}
	}
	return offenders
}

// checkSource type-checks Go source as the package path, importing the
// packages given before it and the standard library.
func checkSource(t *testing.T, fset *token.FileSet, path, src string, deps map[string]*types.Package, uses map[types.Object]bool) *types.Package {
	t.Helper()
	f, err := parser.ParseFile(fset, path+".go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	std := importer.Default()
	conf := types.Config{Importer: importerFunc(func(p string) (*types.Package, error) {
		if pkg, ok := deps[p]; ok {
			return pkg, nil
		}
		return std.Import(p)
	})}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	pkg, err := conf.Check(path, fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	for _, obj := range info.Uses {
		if uses != nil && obj.Pkg() != nil && obj.Pkg() != pkg {
			uses[origin(obj)] = true
		}
	}
	return pkg
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// TestAPIChecksReportEveryOffender runs the checks on a made-up public
// package with one offender of each kind, and one user.
func TestAPIChecksReportEveryOffender(t *testing.T) {
	fset := token.NewFileSet()
	uses := map[types.Object]bool{}
	internal := checkSource(t, fset, "example.com/m/internal/x", `package x
type Secret struct{ N int }
`, nil, nil)
	api := checkSource(t, fset, "example.com/m/api", `package api

import "example.com/m/internal/x"

type Used struct {
	Field   int
	Unused  int
	Leak    *x.Secret
	private int
}

func (Used) Error() string { return "" }
func (Used) Method() {}

type Alias = x.Secret

type hidden struct{}

func (*hidden) Error() string { return "" }

func New() (*Used, error)  { return nil, nil }
func Bad() *hidden         { return nil }
func Worse() (int, hidden) { return 0, hidden{} }
func Unwanted(x.Secret)    {}
`, map[string]*types.Package{internal.Path(): internal}, nil)
	checkSource(t, fset, "example.com/m/api_test", `package api_test

import "example.com/m/api"

var u, _ = api.New()
var _ = u.Field
var _ = api.Bad
var _ = api.Worse
var _ = api.Unwanted
var _ api.Alias
var _ = (*api.Used).Method
var _ = u.Leak
`, map[string]*types.Package{api.Path(): api}, uses)

	if got, want := unusedNames([]*types.Package{api}, uses), []string{"pkg example.com/m/api, type Used struct, Unused int"}; !slices.Equal(got, want) {
		t.Errorf("unused names:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	offenders, found := internalOffenders([]*types.Package{api}, map[string]string{"pkg example.com/m/api, func Unwanted(x.Secret)": "known"})
	slices.Sort(offenders)
	if want := []string{
		"pkg example.com/m/api, type Alias = x.Secret: an alias of an internal type",
		"pkg example.com/m/api, type Used struct, Leak *x.Secret: names example.com/m/internal/x.Secret",
	}; !slices.Equal(offenders, want) || !found["pkg example.com/m/api, func Unwanted(x.Secret)"] {
		t.Errorf("internal offenders:\n%s\nwant\n%s\n(known found: %v)", strings.Join(offenders, "\n"), strings.Join(want, "\n"), found)
	}
	errs := errorOffenders([]*types.Package{api})
	slices.Sort(errs)
	if want := []string{
		"pkg example.com/m/api, func Bad() *hidden: returns *example.com/m/api.hidden, which errors.As cannot name",
		"pkg example.com/m/api, func Worse() (int, hidden): returns example.com/m/api.hidden, which errors.As cannot name",
	}; !slices.Equal(errs, want) {
		t.Errorf("error offenders:\n%s\nwant\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
}
