package mockserver

import (
	"errors"
	"fmt"
	"io/fs"
	"net/textproto"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/gorilla/mux"
)

// A ScenarioSet is a compiled, immutable set of scenarios: schemas
// compiled, fixtures read, routes built. It is safe for concurrent use, and
// any number of servers can share one, so compiling once and starting many
// servers is cheap.
type ScenarioSet struct {
	file      string // the scenario file, for messages; "" when declared in Go
	source    string // the scenario file inside folder, when Load read it
	folder    fs.FS  // where the scenarios' files are read from; may be nil
	schemas   *schemaCompiler
	specs     []Scenario
	scenarios []*compiledScenario
	byName    map[string]*compiledScenario
	routes    *memo[[]pathHit] // canonical path -> scenarios whose template matches
	chaos     *compiledChaos   // nil: no chaos
	chaosSpec *Chaos
}

// compiledScenario is a scenario ready to serve.
type compiledScenario struct {
	spec      Scenario
	route     *mux.Route
	segments  []string // the canonical path template split at '/', for explaining misses
	method    string
	auth      bool
	headers   []namedCondition // canonical names
	query     []namedCondition
	pathVars  []namedCondition
	body      *bodyCondition
	schema    *bodySchema
	responses []*compiledResponse // one, or a sequence
	cycle     bool                // after the last response, start again
	// positions holds the line and column of the scenario's fields in its
	// scenario file, keyed by field path inside the scenario ("" is the
	// scenario itself); nil when the scenario was declared in Go.
	positions map[string]position
}

// position is a line and column in a scenario file, both 1-based.
type position struct {
	line, column int
}

// position returns where field, or the closest enclosing field that has a
// position, is written in the scenario file.
func (c *compiledScenario) position(field string) position {
	for {
		if p, ok := c.positions[field]; ok || field == "" {
			return p
		}
		if i := strings.LastIndexAny(field, ".["); i >= 0 {
			field = field[:i]
		} else {
			field = ""
		}
	}
}

// valueCondition is a compiled Match.
type valueCondition struct {
	Match
	re *regexp.Regexp
}

// test reports whether a value (present tells whether there was one)
// satisfies the condition.
func (c valueCondition) test(value string, present bool) bool {
	switch c.Op {
	case OpEquals:
		return present && value == c.Value
	case OpContains:
		return present && strings.Contains(value, c.Value)
	case OpMatches:
		return present && c.re.MatchString(value)
	case OpPresent:
		return present
	case OpAbsent:
		return !present
	}
	return false
}

// Compile checks and compiles scenarios declared in Go. Schema and fixture
// files they name are read from folder, which may be nil when they name
// none. Every problem is returned at once, as *LoadError values.
func Compile(folder fs.FS, scenarios ...Scenario) (*ScenarioSet, error) {
	set, errs := compile(folder, "", scenarios, nil)
	if len(errs) > 0 {
		return nil, locateErrors("", nil, scenarios, errs)
	}
	return set, nil
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
	extra, errs := compile(s.folder, "", scenarios, s.schemas)
	if len(errs) > 0 {
		return nil, locateErrors("", nil, scenarios, errs)
	}
	merged := &ScenarioSet{
		file:    s.file,
		source:  s.source,
		folder:  s.folder,
		schemas: s.schemas,
		byName:  make(map[string]*compiledScenario, len(s.scenarios)+len(extra.scenarios)),
		routes:  newMemo[[]pathHit](routeMemoEntries, routeMemoMaxPath),
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
	merged.chaos, merged.chaosSpec = s.chaos, s.chaosSpec
	return merged, nil
}

// sortByPriority puts higher priorities first, keeping the order of
// scenarios with equal priority.
func (s *ScenarioSet) sortByPriority() {
	sort.SliceStable(s.scenarios, func(i, j int) bool { return s.scenarios[i].spec.Priority > s.scenarios[j].spec.Priority })
	for i, c := range s.scenarios {
		s.specs[i] = c.spec
	}
}

// WithChaos returns a copy of the set whose servers answer a share of the
// calls they would serve with one of Graph's transient errors (see Chaos).
// A nil c turns chaos off.
func (s *ScenarioSet) WithChaos(c *Chaos) (*ScenarioSet, error) {
	cp := *s
	cp.routes = newMemo[[]pathHit](routeMemoEntries, routeMemoMaxPath)
	cp.chaos, cp.chaosSpec = nil, nil
	if c == nil {
		return &cp, nil
	}
	cc, errs := compileChaos(c)
	if len(errs) > 0 {
		le := make([]error, len(errs))
		for i, e := range errs {
			le[i] = &LoadError{Field: e.field, Err: e.err}
		}
		return nil, errors.Join(le...)
	}
	cp.chaos, cp.chaosSpec = cc, c
	return &cp, nil
}

// Chaos returns the set's chaos settings, or nil.
func (s *ScenarioSet) Chaos() *Chaos { return s.chaosSpec }

func (s *ScenarioSet) add(c *compiledScenario) {
	s.scenarios = append(s.scenarios, c)
	s.specs = append(s.specs, c.spec)
	s.byName[c.spec.Name] = c
}

// File returns the name of the scenario file the set was loaded from, or
// "" for scenarios declared in Go.
func (s *ScenarioSet) File() string { return s.file }

// Folder returns the file system the set reads the files its scenarios
// name (schemas, fixtures) from: the scenario file's folder, or the folder
// given to Compile (nil when none was). Parse a replacement document over
// it so that the same relative paths work.
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
	slices.Sort(out)
	return slices.Compact(out)
}

// files lists the files the scenario was built from.
func (c *compiledScenario) files() []string {
	var names []string
	if c.schema != nil {
		names = append(names, c.schema.files...)
	}
	for _, r := range c.responses {
		if r != nil && r.schema != nil {
			names = append(names, r.schema.files...)
		}
	}
	for _, r := range append([]Response{c.spec.Response}, c.spec.Responses...) {
		if r.BodyFile == "" {
			continue
		}
		if name, err := folderPath(r.BodyFile); err == nil {
			names = append(names, name)
		}
	}
	return names
}

// Scenarios returns the set's scenarios in matching order.
func (s *ScenarioSet) Scenarios() []Scenario {
	out := make([]Scenario, len(s.specs))
	copy(out, s.specs)
	return out
}

// Scenario returns the scenario called name.
func (s *ScenarioSet) Scenario(name string) (Scenario, bool) {
	c, ok := s.byName[name]
	if !ok {
		return Scenario{}, false
	}
	return c.spec, true
}

// checkName reports a name no scenario in the set has, suggesting the
// closest one and listing them all.
func (s *ScenarioSet) checkName(name string) error {
	if _, ok := s.byName[name]; ok || name == BatchScenario {
		return nil
	}
	names := make([]string, 0, len(s.specs))
	for _, sp := range s.specs {
		names = append(names, sp.Name)
	}
	slices.Sort(names)
	return fmt.Errorf("no scenario is named %q%s; the scenarios are %s", name, suggest(name, names), strings.Join(names, ", "))
}

// compile compiles specs; errors carry field paths of the form
// scenarios[i].field for the caller to locate. schemas, when non-nil, is a
// cache shared with an earlier set over the same folder.
func compile(folder fs.FS, file string, specs []Scenario, schemas *schemaCompiler) (*ScenarioSet, []*LoadError) {
	if schemas == nil {
		schemas = newSchemaCompiler(folder)
	}
	set := &ScenarioSet{
		file:    file,
		folder:  folder,
		schemas: schemas,
		specs:   slices.Clone(specs),
		byName:  make(map[string]*compiledScenario, len(specs)),
		routes:  newMemo[[]pathHit](routeMemoEntries, routeMemoMaxPath),
	}
	var errs []*LoadError
	fail := func(i int, field string, err error) {
		errs = append(errs, &LoadError{Field: joinField(fmt.Sprintf("scenarios[%d]", i), field), Err: err})
	}
	if len(specs) == 0 {
		errs = append(errs, &LoadError{Field: "scenarios", Err: errors.New("no scenarios: list at least one under \"scenarios:\"")})
	}
	firstIndex := make(map[string]int)
	for i, spec := range specs {
		c := &compiledScenario{spec: spec}
		switch {
		case spec.Name == "":
			fail(i, "name", errors.New("missing name: every scenario needs a unique name"))
		case strings.TrimSpace(spec.Name) != spec.Name || strings.ContainsFunc(spec.Name, isControl):
			fail(i, "name", fmt.Errorf("%q: names cannot start or end with spaces or contain control characters", spec.Name))
		default:
			if first, dup := firstIndex[spec.Name]; dup {
				fail(i, "name", fmt.Errorf("duplicate name %q (also scenario #%d): names must be unique", spec.Name, first+1))
			} else {
				firstIndex[spec.Name] = i
				set.byName[spec.Name] = c
			}
		}
		for _, e := range c.compileRequest(folder, schemas) {
			fail(i, e.field, e.err)
		}
		if spec.Times != nil {
			if err := spec.Times.check(); err != nil {
				fail(i, "times", err)
			}
		}
		if spec.State != nil {
			if err := spec.State.check(); err != nil {
				fail(i, "state", err)
			}
		}
		for _, e := range c.compileResponses(folder, schemas) {
			fail(i, e.field, e.err)
		}
		set.scenarios = append(set.scenarios, c)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	set.sortByPriority()
	return set, nil
}

// compileResponses compiles Response or Responses.
func (c *compiledScenario) compileResponses(folder fs.FS, schemas *schemaCompiler) []fieldErr {
	spec := c.spec
	var errs []fieldErr
	switch {
	case len(spec.Responses) > 0 && !spec.Response.isZero():
		return []fieldErr{{"responses", errors.New("give response or responses, not both")}}
	case len(spec.Responses) == 0:
		r, rerrs := compileResponse(folder, spec.Response)
		rerrs = append(rerrs, compileResponseSchema(schemas, spec.Response, r)...)
		for _, e := range rerrs {
			errs = append(errs, fieldErr{joinField("response", e.field), e.err})
		}
		c.responses = []*compiledResponse{r}
	default:
		for i, resp := range spec.Responses {
			r, rerrs := compileResponse(folder, resp)
			rerrs = append(rerrs, compileResponseSchema(schemas, resp, r)...)
			for _, e := range rerrs {
				errs = append(errs, fieldErr{joinField(fmt.Sprintf("responses[%d]", i), e.field), e.err})
			}
			c.responses = append(c.responses, r)
		}
	}
	switch spec.AfterLast {
	case "", "repeat":
	case "cycle":
		c.cycle = true
	default:
		errs = append(errs, fieldErr{"afterLast", fmt.Errorf("%q: want repeat (the default) or cycle", spec.AfterLast)})
	}
	if spec.AfterLast != "" && len(spec.Responses) == 0 {
		errs = append(errs, fieldErr{"afterLast", errors.New("afterLast applies to responses, a list")})
	}
	return errs
}

// compileResponseSchema compiles a response's BodySchema into c (which may
// be nil when the response itself failed to compile).
func compileResponseSchema(schemas *schemaCompiler, r Response, c *compiledResponse) []fieldErr {
	if r.BodySchema == "" {
		return nil
	}
	s, err := schemas.compile(r.BodySchema)
	switch {
	case err != nil:
		return []fieldErr{{"bodySchema", err}}
	case r.Body == nil && r.BodyFile == "":
		return []fieldErr{{"bodySchema", fmt.Errorf("the response has no body to check against %s: add a body or bodyFile, or remove bodySchema", s.path)}}
	}
	if c != nil {
		c.schema = s
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// fieldErr is an error about one field of a scenario.
type fieldErr struct {
	field string
	err   error
}

var tokenRE = regexp.MustCompile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$")

func (c *compiledScenario) compileRequest(folder fs.FS, schemas *schemaCompiler) []fieldErr {
	var errs []fieldErr
	r := c.spec.Request
	switch {
	case r.Method == "":
		errs = append(errs, fieldErr{"request.method", errors.New("missing method, such as POST")})
	case !tokenRE.MatchString(r.Method):
		errs = append(errs, fieldErr{"request.method", fmt.Errorf("%q is not an HTTP method", r.Method)})
	case strings.ToUpper(r.Method) != r.Method:
		errs = append(errs, fieldErr{"request.method", fmt.Errorf("%q: methods are case-sensitive; write %q", r.Method, strings.ToUpper(r.Method))})
	}
	c.method = r.Method

	switch {
	case r.Path == "":
		errs = append(errs, fieldErr{"request.path", errors.New("missing path, such as /beta/chats/{chatsId}")})
	case !strings.HasPrefix(r.Path, "/"):
		errs = append(errs, fieldErr{"request.path", fmt.Errorf("%q must start with / (and include the API version, such as /beta)", r.Path)})
	case strings.ContainsAny(r.Path, "?#"):
		errs = append(errs, fieldErr{"request.path", fmt.Errorf("%q: a path template cannot contain a query or fragment", r.Path)})
	default:
		tpl := canonicalPath(r.Path)
		route := mux.NewRouter().NewRoute().Path(tpl)
		if err := route.GetError(); err != nil {
			errs = append(errs, fieldErr{"request.path", fmt.Errorf("invalid path template %q: %s", r.Path, strings.TrimPrefix(err.Error(), "mux: "))})
		}
		c.route = route
		c.segments = strings.Split(tpl, "/")
	}

	switch r.Auth {
	case "", "bearer":
		c.auth = true
	case "none":
	default:
		errs = append(errs, fieldErr{"request.auth", fmt.Errorf("%q: want bearer (the default) or none", r.Auth)})
	}

	headers, herrs := compileConditions("request.headers", r.Headers, checkHeaderName)
	c.headers = canonicalNames(headers)
	errs = append(errs, herrs...)
	query, qerrs := compileConditions("request.query", r.Query, nil)
	c.query = query
	errs = append(errs, qerrs...)
	vars, verrs := compileConditions("request.pathVars", r.PathVars, func(name string) error {
		if c.route != nil && !strings.Contains(r.Path, "{"+name+"}") && !strings.Contains(r.Path, "{"+name+":") {
			return fmt.Errorf("the path template %s has no variable %q", r.Path, name)
		}
		return nil
	})
	c.pathVars = vars
	errs = append(errs, verrs...)
	if r.Body != nil {
		body, berrs := compileBodyMatch(r.Body)
		c.body = body
		errs = append(errs, berrs...)
	}

	if r.BodySchema != "" {
		s, err := schemas.compile(r.BodySchema)
		if err != nil {
			errs = append(errs, fieldErr{"request.bodySchema", err})
		}
		c.schema = s
	}
	return errs
}

// compileMatch checks a Match and compiles its regular expression.
func compileMatch(m Match) (valueCondition, error) {
	c := valueCondition{Match: m}
	switch m.Op {
	case OpEquals, OpContains, OpPresent, OpAbsent:
	case OpMatches:
		re, err := regexp.Compile(m.Value)
		if err != nil {
			return c, fmt.Errorf("invalid regular expression %q: %s", m.Value, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
		c.re = re
	case "":
		return c, errors.New("empty condition: use equals, contains, matches, present or absent")
	default:
		return c, fmt.Errorf("unknown condition %q: use equals, contains, matches, present or absent", m.Op)
	}
	return c, nil
}

// canonicalPath puts an escaped URL path in the one form routes are matched
// against: every percent-escape is decoded except %2F and %25, which stay
// escaped so that an encoded slash stays inside its segment. Thus $ref and
// %24ref match alike, and a variable can hold "a%2Fb".
func canonicalPath(escaped string) string {
	if !strings.Contains(escaped, "%") {
		return escaped
	}
	var b strings.Builder
	b.Grow(len(escaped))
	for i := 0; i < len(escaped); i++ {
		c := escaped[i]
		if c == '%' && i+2 < len(escaped) && isHex(escaped[i+1]) && isHex(escaped[i+2]) {
			v := unhex(escaped[i+1])<<4 | unhex(escaped[i+2])
			if v != '/' && v != '%' {
				b.WriteByte(v)
				i += 2
				continue
			}
			b.WriteByte('%')
			b.WriteByte(upperHex(escaped[i+1]))
			b.WriteByte(upperHex(escaped[i+2]))
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// pathVar decodes a variable taken from a canonical path.
func pathVar(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	return strings.NewReplacer("%2F", "/", "%25", "%").Replace(s)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// validHeaderValue reports whether v can be sent as a header value.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// headerSent is the canonical form of a header name the response writer
// manages itself.
func headerSent(name string) bool {
	switch textproto.CanonicalMIMEHeaderKey(name) {
	case "Content-Length", "Transfer-Encoding", "Connection":
		return true
	}
	return false
}
