package mockserver

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/graphmock/graphmock/internal/folder"
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/memo"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/graphmock/graphmock/internal/suggest"
)

// A ScenarioSet is a compiled, immutable set of scenarios: schemas
// compiled, fixtures read, routes built. It is safe for concurrent use, and
// any number of servers can share one, so compiling once and starting many
// servers is cheap.
type ScenarioSet struct {
	file      string // the scenario file, for messages; "" when declared in Go
	source    string // the scenario file inside folder, when Load read it
	folder    fs.FS  // where the scenarios' files are read from; may be nil
	base      string // what file names are relative to, for messages
	catalog   *graphmeta.Catalog
	schemas   *schema.Compiler
	scenarios []*compiledScenario
	byName    map[string]*compiledScenario
	routes    *memo.Memo[[]pathHit] // canonical path -> scenarios whose template matches
	index     *setIndex             // scenarios by segments, for routing and near misses
	chaos     *compiledChaos        // nil: no chaos
	chaosSpec *Chaos
	tenant    *Tenant // the simulate section's, nil without one
}

// With returns a new set holding scenarios followed by the set's own
// scenarios, except those the new ones replace by name; the new ones come
// first so that they win when both would match. Files they name are read
// from the set's folder, and schemas the set already compiled are reused,
// so deriving a set is cheap. The set itself is unchanged.
func (s *ScenarioSet) With(scenarios ...Scenario) (*ScenarioSet, error) {
	if len(scenarios) == 0 {
		return s, nil
	}
	base := s.base
	if s.file != "" {
		base = "the folder of " + s.file + ", the set they were added to"
	}
	extra, problems := compile(s.folder, "", base, scenarios, s.schemas.WithBase(base), s.catalog)
	if len(problems) > 0 {
		return nil, locate("", nil, scenarios, problems)
	}
	merged := &ScenarioSet{
		file:    s.file,
		source:  s.source,
		folder:  s.folder,
		base:    s.base,
		schemas: s.schemas,
		catalog: s.catalog,
		byName:  make(map[string]*compiledScenario, len(s.scenarios)+len(extra.scenarios)),
		routes:  memo.New[[]pathHit](routeMemoEntries, routeMemoMaxPath),
	}
	for _, c := range extra.scenarios {
		merged.add(c)
	}
	for _, c := range s.scenarios {
		if _, replaced := extra.byName[c.spec.Name]; !replaced {
			merged.add(c)
		}
	}
	merged.sortByPriority()
	merged.chaos, merged.chaosSpec, merged.tenant = s.chaos, s.chaosSpec, s.tenant
	return merged, nil
}

// sortByPriority puts higher priorities first, keeping the order of
// scenarios with equal priority.
func (s *ScenarioSet) sortByPriority() {
	sort.SliceStable(s.scenarios, func(i, j int) bool { return s.scenarios[i].spec.Priority > s.scenarios[j].spec.Priority })
	s.index = newSetIndex(s.scenarios)
}

// WithChaos returns a copy of the set whose servers answer a share of the
// calls they would serve with one of Graph's transient errors (see Chaos).
// A nil c turns chaos off.
func (s *ScenarioSet) WithChaos(c *Chaos) (*ScenarioSet, error) {
	cp := *s
	cp.routes = memo.New[[]pathHit](routeMemoEntries, routeMemoMaxPath)
	cp.chaos, cp.chaosSpec = nil, nil
	if c == nil {
		return &cp, nil
	}
	cc, errs := compileChaos(c)
	if len(errs) > 0 {
		problems := make([]problem, len(errs))
		for i, e := range errs {
			problems[i] = problem{scenario: noScenario, at: at("chaos").Join(e.at), err: e.err}
		}
		return nil, locate("", nil, nil, problems)
	}
	cp.chaos, cp.chaosSpec = cc, c
	return &cp, nil
}

func (s *ScenarioSet) add(c *compiledScenario) {
	s.scenarios = append(s.scenarios, c)
	s.byName[c.spec.Name] = c
}

// File returns the name of the scenario file the set was loaded from, or
// "" for scenarios declared in Go.
func (s *ScenarioSet) File() string { return s.file }

// Reparse compiles another scenario document, named name in messages, as
// if it stood beside the set's own: the files it names are read from the
// set's folder and its body types use the set's metadata. Replacing a
// running server's scenarios with it keeps what they share working.
func (s *ScenarioSet) Reparse(name string, data []byte) (*ScenarioSet, error) {
	set, err := parse(s.folder, name, data, s.catalog)
	if err != nil {
		return nil, err
	}
	return set, nil
}

// WithMetadata returns a copy of the set whose body types (and the check
// of paths no scenario answers) use csdl, Graph's metadata document for
// version ("v1.0" or "beta"), instead of the metadata graphmock embeds:
// the full public beta, say, which graphmock does not embed. The
// scenarios are compiled again against it; every problem is returned, as
// *LoadError values.
func (s *ScenarioSet) WithMetadata(version string, csdl []byte) (*ScenarioSet, error) {
	cat, err := s.catalog.With(version, csdl)
	if err != nil {
		return nil, &LoadError{File: s.file, Field: "metadata " + version, Err: err}
	}
	specs := s.Scenarios()
	set, problems := compile(s.folder, s.file, s.base, specs, s.schemas, cat)
	if len(problems) > 0 {
		return nil, locate(s.file, nil, specs, problems)
	}
	set.source = s.source
	set.chaos, set.chaosSpec, set.tenant = s.chaos, s.chaosSpec, s.tenant
	for _, c := range set.scenarios {
		if old := s.byName[c.spec.Name]; old != nil {
			c.doc, c.index = old.doc, old.index
		}
	}
	return set, nil
}

// Folder returns the folder the set's files are read from: the scenario
// file's folder for Load and LoadFile (on disk, opened again for each read,
// see LoadFile), the embedded folder for Default, the folder given to
// Compile (nil when none was). Sets derived from the set (With, WithChaos,
// WithMetadata, Reparse) keep it. Files lists the names in it the set was
// built from.
func (s *ScenarioSet) Folder() fs.FS { return s.folder }

// Files returns the files the set was built from, as slash-separated paths
// relative to its Folder, sorted: the scenario file (when Load read it),
// every schema file including those reached through $ref, and every
// fixture. Watch them to know when the set is out of date.
func (s *ScenarioSet) Files() []string {
	var out []string
	if s.source != "" {
		out = append(out, s.source)
	}
	for _, c := range s.scenarios {
		out = append(out, c.files()...)
	}
	if s.tenant != nil {
		out = append(out, s.tenant.files...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// files lists the files the scenario was built from.
func (c *compiledScenario) files() []string {
	var names []string
	if c.schema != nil {
		names = append(names, c.schema.Files...)
	}
	for _, r := range c.responses {
		if r != nil && r.schema != nil {
			names = append(names, r.schema.Files...)
		}
	}
	for _, r := range append([]Response{c.spec.Response}, c.spec.Responses...) {
		if r.BodyFile == "" {
			continue
		}
		if name, err := folder.Path(r.BodyFile, ""); err == nil {
			names = append(names, name)
		}
	}
	return names
}

// Scenarios returns the set's scenarios in matching order.
func (s *ScenarioSet) Scenarios() []Scenario {
	out := make([]Scenario, len(s.scenarios))
	for i, c := range s.scenarios {
		out[i] = c.spec
	}
	return out
}

// Len returns how many scenarios the set holds: len(s.Scenarios())
// without copying them.
func (s *ScenarioSet) Len() int { return len(s.scenarios) }

// CheckName reports a name no scenario in the set has, suggesting the
// closest one and listing them all; BatchScenario is always known.
func (s *ScenarioSet) CheckName(name string) error {
	if _, ok := s.byName[name]; ok || name == BatchScenario {
		return nil
	}
	names := make([]string, 0, len(s.scenarios))
	for _, c := range s.scenarios {
		names = append(names, c.spec.Name)
	}
	slices.Sort(names)
	return fmt.Errorf("no scenario is named %q%s; the scenarios are %s", name, suggest.DidYouMean(name, names), strings.Join(names, ", "))
}
