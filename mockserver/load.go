package mockserver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// FormatVersion is the scenario file format this package reads.
const FormatVersion = 1

// A LoadError is one problem with a scenario file or a scenario declared in
// Go. Its message reads like a compiler's:
//
//	scenarios.yaml:14:7: scenario "add-chat": response.status: ...
//
// Load and Compile return every problem they find, joined with
// errors.Join; use errors.As to get the first, or [LoadErrors] for all.
type LoadError struct {
	File     string // the scenario file as named to Load; "" for scenarios declared in Go
	Line     int    // 1-based line; 0 when unknown
	Column   int    // 1-based column; 0 when unknown (YAML syntax errors have none)
	Scenario string // the scenario's name, when the problem is inside one
	Field    string // the field at fault, such as "response.status"
	Err      error  // what is wrong
}

// Error renders the problem as file:line:column: scenario "name": field: what.
func (e *LoadError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		switch {
		case e.Line > 0 && e.Column > 0:
			fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
		case e.Line > 0:
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Scenario != "" {
		fmt.Fprintf(&b, "scenario %q: ", e.Scenario)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *LoadError) Unwrap() error { return e.Err }

// LoadErrors returns every *LoadError in err, in order.
func LoadErrors(err error) []*LoadError {
	var out []*LoadError
	var walk func(error)
	walk = func(err error) {
		if le, ok := err.(*LoadError); ok {
			out = append(out, le)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if u := errors.Unwrap(err); u != nil {
			walk(u)
		}
	}
	walk(err)
	return out
}

// scenarioFile is the top level of a scenario file.
type scenarioFile struct {
	Version   int        `yaml:"version"`
	Chaos     *Chaos     `yaml:"chaos,omitempty"`
	Scenarios []Scenario `yaml:"scenarios"`
}

// maxScenarioFileSize bounds what Load reads, so a wrong path (a log file,
// a device) fails quickly instead of filling memory.
const maxScenarioFileSize = 16 << 20

// Load reads the scenario file name from fsys and compiles it: schemas are
// compiled and fixtures read once, here. Paths inside the file are relative
// to the file's folder, and nothing outside that folder can be read.
//
// A file that fails to load returns every problem at once, each a
// *LoadError naming the file, line and column.
func Load(fsys fs.FS, name string) (*ScenarioSet, error) {
	clean := path.Clean(name)
	if !fs.ValidPath(clean) {
		return nil, &LoadError{File: name, Err: fmt.Errorf("not a valid path in the file system (want a slash-separated relative path)")}
	}
	f, err := fsys.Open(clean)
	if err != nil {
		return nil, &LoadError{File: name, Err: fileError(clean, err)}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxScenarioFileSize+1))
	f.Close()
	if err != nil {
		return nil, &LoadError{File: name, Err: err}
	}
	if len(data) > maxScenarioFileSize {
		return nil, &LoadError{File: name, Err: fmt.Errorf("larger than %d MiB; is this a scenario file?", maxScenarioFileSize>>20)}
	}
	folder := fsys
	if dir := path.Dir(clean); dir != "." {
		if folder, err = fs.Sub(fsys, dir); err != nil {
			return nil, &LoadError{File: name, Err: err}
		}
	}
	set, err := Parse(folder, name, data)
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
func LoadFile(file string) (*ScenarioSet, error) {
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, &LoadError{File: file, Err: err}
	}
	set, err := Load(rootFolder{dir: dir}, filepath.Base(file))
	if err != nil {
		return nil, renameFile(err, file)
	}
	set.file = file
	return set, nil
}

// renameFile makes load errors name the file as the user gave it.
func renameFile(err error, file string) error {
	for _, le := range LoadErrors(err) {
		le.File = file
	}
	return err
}

// Parse compiles the scenario document data. name is used in messages;
// files the document names are read from folder.
func Parse(folder fs.FS, name string, data []byte) (*ScenarioSet, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &LoadError{File: name, Err: errors.New("the file is empty: start it with \"version: 1\" and a list of scenarios")}
		}
		return nil, yamlSyntaxError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		return nil, &LoadError{File: name, Line: line, Column: 1, Err: errors.New("more than one YAML document: a scenario file holds exactly one")}
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	d := newYAMLDecoder()
	var file scenarioFile
	d.decode(doc, reflect.ValueOf(&file).Elem(), "")
	if _, ok := d.nodes["version"]; !ok && len(d.errs) == 0 {
		d.errorf(doc, "", "missing version: start the file with \"version: %d\"", FormatVersion)
	} else if ok && file.Version != FormatVersion {
		d.errorf(d.nodes["version"], "version", "unsupported version %d: this graphmock reads version %d", file.Version, FormatVersion)
	}
	if len(d.errs) > 0 {
		return nil, locateErrors(name, d, file.Scenarios, d.errs)
	}
	set, errs := compile(folder, name, file.Scenarios, nil)
	if file.Chaos != nil {
		cc, cerrs := compileChaos(file.Chaos)
		for _, e := range cerrs {
			errs = append(errs, &LoadError{Field: e.field, Err: e.err})
		}
		if set != nil {
			set.chaos, set.chaosSpec = cc, file.Chaos
		}
	}
	if len(errs) > 0 {
		return nil, locateErrors(name, d, file.Scenarios, errs)
	}
	notePositions(set, d)
	return set, nil
}

// notePositions gives each compiled scenario the positions of its fields
// in the document, so that checks made after loading, such as
// CheckResponses, can point at them. Scenarios are found by the name the
// document gives them, since priorities may have reordered the set.
func notePositions(set *ScenarioSet, d *yamlDecoder) {
	for field, n := range d.nodes {
		m := scenarioFieldRE.FindStringSubmatch(field)
		if m == nil {
			continue
		}
		name := d.nodes["scenarios["+m[1]+"].name"]
		if name == nil {
			continue
		}
		c := set.byName[name.Value]
		if c == nil {
			continue
		}
		if c.positions == nil {
			c.positions = make(map[string]position)
		}
		c.positions[m[2]] = position{line: n.Line, column: n.Column}
	}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlSyntaxError turns a yaml.v3 parse error into a LoadError. yaml.v3
// reports a line but no column; for parser errors (as opposed to scanner
// errors) the line is 0-based and marks where the broken construct starts.
func yamlSyntaxError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &LoadError{File: name, Err: fmt.Errorf("YAML syntax: %s", msg)}
	}
	line, _ := strconv.Atoi(m[1])
	problem := m[2]
	if isYAMLParserError(problem) {
		line++
		problem += " (in the block that starts on this line)"
	}
	return &LoadError{File: name, Line: line, Err: fmt.Errorf("YAML syntax: %s", problem)}
}

// isYAMLParserError tells yaml.v3's parser errors from its scanner errors
// by their wording.
func isYAMLParserError(problem string) bool {
	for _, p := range []string{"did not find expected", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"} {
		if strings.HasPrefix(problem, p) {
			return true
		}
	}
	return false
}

// scenarioFieldRE splits a decoder field path into the scenario index and
// the field inside the scenario.
var scenarioFieldRE = regexp.MustCompile(`^scenarios\[(\d+)\]\.?(.*)$`)

// locateErrors fills in the file, the scenario name and, for errors from
// the compile step, the line and column of the field at fault.
func locateErrors(name string, d *yamlDecoder, scenarios []Scenario, errs []*LoadError) error {
	joined := make([]error, len(errs))
	for i, e := range errs {
		e.File = name
		if e.Line == 0 && d != nil {
			if n := nearestNode(d, e.Field); n != nil {
				e.Line, e.Column = n.Line, n.Column
			}
		}
		if m := scenarioFieldRE.FindStringSubmatch(e.Field); m != nil {
			idx, _ := strconv.Atoi(m[1])
			if idx < len(scenarios) {
				e.Scenario = scenarios[idx].Name
			}
			if e.Scenario == "" {
				e.Scenario = fmt.Sprintf("#%d", idx+1)
			}
			e.Field = m[2]
		}
		joined[i] = e
	}
	return errors.Join(joined...)
}

// nearestNode finds the node of field, or of its closest parent.
func nearestNode(d *yamlDecoder, field string) *yaml.Node {
	for f := field; f != ""; {
		if n, ok := d.nodes[f]; ok {
			return n
		}
		i := strings.LastIndexAny(f, ".[")
		if i < 0 {
			break
		}
		f = f[:i]
	}
	return nil
}
