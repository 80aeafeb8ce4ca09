package mockserver

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/folder"
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/strictyaml"
	"github.com/graphmock/graphmock/internal/suggest"
	"github.com/graphmock/graphmock/internal/tenantfile"
	"gopkg.in/yaml.v3"
)

// formatVersion is the scenario file format this package reads.
const formatVersion = 1

// scenarioFile is the top level of a scenario file.
type scenarioFile struct {
	Version   int         `yaml:"version"`
	Chaos     *Chaos      `yaml:"chaos,omitempty"`
	Simulate  *Simulation `yaml:"simulate,omitempty"`
	Scenarios []Scenario  `yaml:"scenarios"`
}

// maxScenarioFileSize bounds what Load reads, so a wrong path (a log file,
// a device) fails quickly instead of filling memory.
const maxScenarioFileSize = 16 << 20

// What file names in a scenario are relative to, for messages.
const (
	baseFile   = "the scenario file's folder"
	baseGo     = "the folder given to Compile"
	baseNoneGo = "a folder, but Compile was given none (pass an fs.FS)"
)

// Load reads the scenario file name from fsys and compiles it: schemas are
// compiled and fixtures read once, here. Paths inside the file are relative
// to the file's folder, and nothing outside that folder can be read.
//
// A file that fails to load returns every problem at once, each a
// *LoadError naming the file, line and column.
func Load(fsys fs.FS, name string, opts ...LoadOption) (*ScenarioSet, error) {
	clean := path.Clean(name)
	if !fs.ValidPath(clean) {
		return nil, &LoadError{File: name, Err: fmt.Errorf("not a valid path in the file system (want a slash-separated relative path)")}
	}
	f, err := fsys.Open(clean)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &LoadError{File: name, Err: errors.New("file does not exist")}
	}
	if err != nil {
		return nil, &LoadError{File: name, Err: folder.FileError(clean, err, "")}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxScenarioFileSize+1))
	f.Close()
	if err != nil {
		return nil, &LoadError{File: name, Err: err}
	}
	if len(data) > maxScenarioFileSize {
		return nil, &LoadError{File: name, Err: fmt.Errorf("larger than %d MiB; is this a scenario file?", maxScenarioFileSize>>20)}
	}
	dir := fsys
	if d := path.Dir(clean); d != "." {
		if dir, err = fs.Sub(fsys, d); err != nil {
			return nil, &LoadError{File: name, Err: err}
		}
	}
	set, err := Parse(dir, name, data, opts...)
	if err != nil {
		return nil, err
	}
	set.source = path.Base(clean)
	return set, nil
}

// LoadFile loads a scenario file from disk. Files it names are read through
// an os.Root opened on the file's folder, so neither "..", absolute paths
// nor symbolic links can reach outside that folder. The set keeps the
// folder (see ScenarioSet.Folder), not an open descriptor.
func LoadFile(file string, opts ...LoadOption) (*ScenarioSet, error) {
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, &LoadError{File: file, Err: err}
	}
	set, err := Load(folder.Root(dir), filepath.Base(file), opts...)
	if err != nil {
		for _, le := range LoadErrors(err) {
			if le.File == filepath.Base(file) || le.File == "" {
				le.File = file // as the user named it
			} else {
				le.File = filepath.Join(filepath.Dir(file), filepath.FromSlash(le.File)) // a tenant file beside it
			}
		}
		return nil, err
	}
	set.file = file
	return set, nil
}

// Parse compiles the scenario document data. name is used in messages;
// files the document names are read from dir.
func Parse(dir fs.FS, name string, data []byte, opts ...LoadOption) (*ScenarioSet, error) {
	var cfg loadConfig
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.err != nil {
		return nil, &LoadError{File: name, Field: cfg.field, Err: cfg.err}
	}
	return parse(dir, name, data, cfg.catalog)
}

// A LoadOption changes how Load, LoadFile and Parse compile a set.
type LoadOption func(*loadConfig)

// loadConfig is what the options of a load make.
type loadConfig struct {
	catalog *graphmeta.Catalog // nil: the embedded metadata
	field   string             // the option that failed
	err     error
}

// GraphMetadata makes the set resolve Graph paths and body types of version
// ("v1.0" or "beta") against csdl, a CSDL document such as the $metadata
// of a tenant, instead of the embedded metadata: the set is compiled
// against it from the start, so a `bodyType: auto` scenario may name a
// path only csdl has. It is ScenarioSet.WithMetadata, given at load.
func GraphMetadata(version string, csdl []byte) LoadOption {
	return func(c *loadConfig) {
		if c.err != nil {
			return
		}
		cat := c.catalog
		if cat == nil {
			cat = graphmeta.Embedded()
		}
		if c.catalog, c.err = cat.With(version, csdl); c.err != nil {
			c.field = "metadata " + version
		}
	}
}

// parse is Parse with Graph's metadata to resolve body types with (the
// embedded metadata when cat is nil).
func parse(dir fs.FS, name string, data []byte, cat *graphmeta.Catalog) (*ScenarioSet, error) {
	doc, perr := strictyaml.ParseDocument(data)
	if perr != nil {
		if errors.Is(perr, strictyaml.ErrEmpty) {
			return nil, &LoadError{File: name, Err: errors.New("the file is empty: start it with \"version: 1\" and a list of scenarios")}
		}
		return nil, &LoadError{File: name, Line: perr.Line, Column: perr.Column, Err: perr.Err}
	}
	return parsed(dir, name, data, doc, cat)
}

// parsed is parse once data is parsed into doc, its top node: the strict
// decode of the document and the compile of what it holds.
func parsed(dir fs.FS, name string, data []byte, doc *yaml.Node, cat *graphmeta.Catalog) (*ScenarioSet, error) {
	tenantNode := cutKey(doc, "tenant")
	d := newScenarioDecoder()
	var file scenarioFile
	d.Decode(doc, reflect.ValueOf(&file).Elem(), strictyaml.Path{})
	var problems []problem
	for _, e := range d.Errors() {
		problems = append(problems, fromDecoder(e))
	}
	version := strictyaml.Path{}.Key("version")
	if !d.Has(version) {
		problems = append(problems, problem{scenario: noScenario, err: fmt.Errorf("missing version: start the file with \"version: %d\"", formatVersion), line: doc.Line, column: doc.Column})
	} else if file.Version != formatVersion && !hasProblemAt(problems, version) {
		problems = append(problems, problem{scenario: noScenario, at: version, err: fmt.Errorf("unsupported version %d: this graphmock reads version %d", file.Version, formatVersion)})
	}
	if len(problems) > 0 && (!d.Has(version) || hasProblemAt(problems, version) || tooLarge(problems)) {
		return nil, locate(name, d, file.Scenarios, problems)
	}
	// Compile what decoded too, so that one run reports every problem the
	// file has, as a compiler does: a misspelt field does not hide a
	// missing schema in the next scenario. A field the decoder already
	// found wrong decoded as nothing, so what compiling says of it (or of
	// what lies under or above it) only echoes the decoder and is dropped.
	set, cproblems := compile(dir, name, baseFile, file.Scenarios, nil, cat)
	if len(file.Scenarios) == 0 && file.Simulate == nil && tenantNode == nil {
		cproblems = append(cproblems, problem{scenario: noScenario, at: scenariosPath, err: errNoScenarios})
	}
	for _, p := range cproblems {
		if !echoes(p, problems) {
			problems = append(problems, p)
		}
	}
	if file.Chaos != nil {
		cc, cerrs := compileChaos(file.Chaos)
		for _, e := range cerrs {
			problems = append(problems, problem{scenario: noScenario, at: strictyaml.Path{}.Key("chaos").Join(e.at), err: e.err})
		}
		if set != nil {
			set.chaos, set.chaosSpec = cc, file.Chaos
		}
	}
	var tenantProblems []error // located in the tenant files, or in the tenant: section
	if tenantNode != nil {
		section, err := tenantfile.ParseSection(name, tenantNode)
		switch {
		case err != nil:
			tenantProblems = append(tenantProblems, tenantErrors(err)...)
		case file.Simulate == nil:
			file.Simulate = &Simulation{section: section} // a tenant turns the simulation on
		default:
			file.Simulate.section = section
		}
	}
	if file.Simulate != nil && set != nil {
		t, err := newTenant(cat, *file.Simulate, dir)
		switch les := LoadErrors(err); {
		case len(les) > 0:
			for _, le := range les {
				tenantProblems = append(tenantProblems, le)
			}
		case err != nil:
			problems = append(problems, problem{scenario: noScenario, at: strictyaml.Path{}.Key("simulate"), err: err})
		default:
			sp := file.Simulate
			t.spec = &tenantSpec{versions: strings.Join(sp.Versions, ","), sets: strings.Join(sp.Sets, ","), files: strings.Join(sp.TenantFiles, ","), digest: t.digest, me: sp.Me, max: sp.MaxEntities}
			if tenantNode != nil {
				if text, err := yaml.Marshal(tenantNode); err == nil {
					t.spec.section = string(text) // a reload that changes the section starts the tenant afresh
				}
			}
			set.tenant = t
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(append([]error{locate(name, d, file.Scenarios, problems)}, tenantProblems...)...)
	}
	if len(tenantProblems) > 0 {
		return nil, errors.Join(tenantProblems...)
	}
	src := newSourceDoc(data)
	for _, c := range set.scenarios {
		c.doc = src
	}
	return set, nil
}

// cutKey removes key and its value from the mapping root, returning the
// value, or nil when root has no such key. A scenario file's tenant:
// section is read by the tenant file's reader, at its own lines.
func cutKey(root *yaml.Node, key string) *yaml.Node {
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			v := root.Content[i+1]
			root.Content = append(root.Content[:i:i], root.Content[i+2:]...)
			return v
		}
	}
	return nil
}

// tooLarge reports whether the document expanded past the decoder's
// budget, after which what decoded is cut short.
func tooLarge(problems []problem) bool {
	for _, p := range problems {
		if errors.Is(p.err, strictyaml.ErrTooManyNodes) {
			return true
		}
	}
	return false
}

// echoes reports whether a compile problem concerns a field the decoder
// already reported, or a field under or above one it reported, in the
// same scenario.
func echoes(p problem, decoded []problem) bool {
	at := p.at.String()
	for _, d := range decoded {
		if d.scenario != p.scenario {
			continue
		}
		// A problem at the scenario itself (an unknown field in it, say)
		// leaves its other fields decoded: only a problem there too echoes.
		da := d.at.String()
		if at == da || (da != "" && (strings.HasPrefix(at, da+".") || strings.HasPrefix(at, da+"["))) ||
			(at != "" && (strings.HasPrefix(da, at+".") || strings.HasPrefix(da, at+"["))) {
			return true
		}
	}
	return false
}

// hasProblemAt reports whether a problem was found at path p outside the
// scenarios.
func hasProblemAt(problems []problem, p strictyaml.Path) bool {
	for _, pr := range problems {
		if pr.scenario == noScenario && pr.at.String() == p.String() {
			return true
		}
	}
	return false
}

// newScenarioDecoder returns a strict decoder that knows the scenario
// file's own syntax for conditions, expected counts and delays.
func newScenarioDecoder() *strictyaml.Decoder {
	d := strictyaml.NewDecoder()
	d.RecordOnDemand() // positions are wanted for problems, seldom
	strictyaml.Register(d, decodeMatch)
	strictyaml.Register(d, decodeTimes)
	strictyaml.Register(d, decodeDelay)
	return d
}

// decodeMatch reads a Match: a plain string (equals) or a mapping with one
// of equals, contains, matches, present: true or absent: true.
func decodeMatch(d *strictyaml.Decoder, n *yaml.Node, m *Match, at strictyaml.Path) {
	ops := []string{opEquals, opContains, opMatches, opPresent, opAbsent}
	switch n.Kind {
	case yaml.ScalarNode:
		*m = Equals(n.Value)
	case yaml.MappingNode:
		if len(n.Content) != 2 {
			d.Errorf(n, at, "want exactly one of equals, contains, matches, present or absent")
			return
		}
		key, val := n.Content[0], n.Content[1]
		switch op := key.Value; op {
		case opEquals, opContains, opMatches:
			if val.Kind != yaml.ScalarNode {
				d.Errorf(val, at.Key(op), "want a string")
				return
			}
			*m = Match{Op: op, Value: val.Value}
		case opPresent, opAbsent:
			var on bool
			if val.Kind != yaml.ScalarNode || val.Decode(&on) != nil || !on {
				d.Errorf(val, at.Key(op), "write %s: true", op)
				return
			}
			*m = Match{Op: op}
		default:
			d.Errorf(key, at, "unknown condition %q%s: use equals, contains, matches, present or absent", key.Value, suggest.DidYouMean(key.Value, ops))
		}
	default:
		d.Errorf(n, at, "want a string or a mapping such as {contains: value}")
	}
}

// decodeTimes reads "times: 2" or "times: {atLeast: 1, atMost: 3}".
func decodeTimes(d *strictyaml.Decoder, n *yaml.Node, t *Times, at strictyaml.Path) {
	switch n.Kind {
	case yaml.ScalarNode:
		var v int
		if n.Tag != "!!int" || n.Decode(&v) != nil {
			d.Errorf(n, at, "want a number of calls, or {atLeast: n, atMost: m}; got %s", strictyaml.Describe(n))
			return
		}
		*t = Times{Min: v, Max: &v}
	case yaml.MappingNode:
		var b struct {
			AtLeast *int `yaml:"atLeast"`
			AtMost  *int `yaml:"atMost"`
		}
		d.Decode(n, reflect.ValueOf(&b).Elem(), at)
		if b.AtLeast == nil && b.AtMost == nil {
			d.Errorf(n, at, "give atLeast, atMost or both")
			return
		}
		*t = Times{Max: b.AtMost}
		if b.AtLeast != nil {
			t.Min = *b.AtLeast
		}
	default:
		d.Errorf(n, at, "want a number of calls, or {atLeast: n, atMost: m}; got %s", strictyaml.Describe(n))
	}
}

// decodeDelay reads "delay: 200ms" or "delay: {min: 100ms, max: 2s}".
func decodeDelay(d *strictyaml.Decoder, n *yaml.Node, delay *Delay, at strictyaml.Path) {
	parse := func(n *yaml.Node, at strictyaml.Path) (time.Duration, bool) {
		v, err := time.ParseDuration(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.Errorf(n, at, "want a duration such as 250ms or 2s, got %s", strictyaml.Describe(n))
			return 0, false
		}
		return v, true
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if v, ok := parse(n, at); ok {
			*delay = Delay{Min: v, Max: v}
		}
	case yaml.MappingNode:
		var lo, hi *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			switch k := n.Content[i]; k.Value {
			case "min":
				lo = n.Content[i+1]
			case "max":
				hi = n.Content[i+1]
			default:
				d.Errorf(k, at, "unknown field %q%s: a delay has min and max", k.Value, suggest.DidYouMean(k.Value, []string{"min", "max"}))
				return
			}
		}
		if lo == nil || hi == nil {
			d.Errorf(n, at, "give both min and max, or a single duration")
			return
		}
		min, ok1 := parse(lo, at.Key("min"))
		max, ok2 := parse(hi, at.Key("max"))
		if ok1 && ok2 {
			*delay = Delay{Min: min, Max: max}
		}
	default:
		d.Errorf(n, at, "want a duration such as 250ms, or {min: 100ms, max: 2s}; got %s", strictyaml.Describe(n))
	}
}
