package mockserver

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/gorilla/mux"
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/memo"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/graphmock/graphmock/internal/strictyaml"
)

// compiledScenario is a scenario ready to serve.
type compiledScenario struct {
	spec      Scenario
	route     routeMatcher // a simpleRoute, or a *mux.Route for templates it cannot match
	segments  []string     // the canonical path template split at '/', for explaining misses
	method    string
	auth      bool
	headers   []namedCondition // canonical names
	query     []namedCondition
	pathVars  []namedCondition
	body      *bodyCondition
	schema    *schema.Schema
	graphType *graphType          // Request.BodyType resolved; nil without
	responses []*compiledResponse // one, or a sequence
	cycle     bool                // after the last response, start again

	// one holds responses' only element when the scenario has a single
	// response, and simple its route when that is a simpleRoute, so that
	// neither is an allocation of its own.
	one    [1]*compiledResponse
	simple simpleRoute

	// doc is the scenario file the scenario was read from and index its
	// place in the file's list, so that checks made after loading, such as
	// CheckResponses, can point at a field; doc is nil for scenarios
	// declared in Go.
	doc   *sourceDoc
	index int

	// folded is the route of the template with Graph's names spelt as its
	// metadata declares them, for matching without regard to their case
	// (match.go).
	folded foldedRoute
}

// position returns the line and column of the field at, or of its closest
// parent that was written, in the scenario file; zeros when unknown.
func (c *compiledScenario) position(at strictyaml.Path) (line, column int) {
	if c.doc == nil {
		return 0, 0
	}
	if n, ok := c.doc.Node(scenariosPath.Index(c.index).Join(at)); ok {
		return n.Line, n.Column
	}
	return 0, 0
}

// The fields every scenario is compiled under, parsed once: a Path is a
// value that Key, Index and Join never change.
var (
	requestHeadersPath  = at("request.headers")
	requestQueryPath    = at("request.query")
	requestPathVarsPath = at("request.pathVars")
	responsePath        = at("response")
)

// errNoScenarios is the problem of a set without scenarios, which only a
// file that simulates a tenant may be.
var errNoScenarios = errors.New("no scenarios: list at least one under \"scenarios:\", or turn the simulated tenant on (simulate:)")

// Compile checks and compiles scenarios declared in Go. Schema and fixture
// files they name are read from dir, which may be nil when they name none.
// Every problem is returned at once, as *LoadError values.
func Compile(dir fs.FS, scenarios ...Scenario) (*ScenarioSet, error) {
	base := baseGo
	if dir == nil {
		base = baseNoneGo
	}
	set, problems := compile(dir, "", base, scenarios, nil, nil)
	if len(scenarios) == 0 {
		problems = append(problems, problem{scenario: noScenario, at: scenariosPath, err: errNoScenarios})
	}
	if len(problems) > 0 {
		return nil, locate("", nil, scenarios, problems)
	}
	return set, nil
}

// compile compiles specs. base says what file names are relative to.
// schemas, when non-nil, is a compiler shared with an earlier set over the
// same folder; cat, when non-nil, is Graph's metadata to resolve body
// types with (the embedded metadata otherwise).
func compile(dir fs.FS, file, base string, specs []Scenario, schemas *schema.Compiler, cat *graphmeta.Catalog) (*ScenarioSet, []problem) {
	if schemas == nil {
		schemas = schema.NewCompiler(dir, base)
	}
	if cat == nil {
		cat = graphmeta.Embedded()
	}
	set := &ScenarioSet{
		file:    file,
		folder:  dir,
		base:    base,
		schemas: schemas,
		catalog: cat,
		byName:  make(map[string]*compiledScenario, len(specs)),
		routes:  memo.New[[]pathHit](routeMemoEntries, routeMemoMaxPath),
	}
	var problems []problem
	fail := func(i int, ps ...fieldProblem) {
		for _, p := range ps {
			problems = append(problems, problem{scenario: i, at: p.at, err: p.err})
		}
	}
	// The scenarios are allocated together: one allocation instead of one
	// each, laid out side by side.
	all := make([]compiledScenario, len(specs))
	fields := newFieldsInterner()
	derivedBudget := new(atomic.Int64) // what the responses' derived memos may hold, together
	set.scenarios = make([]*compiledScenario, 0, len(specs))
	for i, spec := range specs {
		c := &all[i]
		c.spec, c.index = spec, i
		switch {
		case spec.Name == "":
			fail(i, fieldProblem{at("name"), errors.New("missing name: every scenario needs a unique name")})
		case strings.TrimSpace(spec.Name) != spec.Name || strings.ContainsFunc(spec.Name, isControl):
			fail(i, fieldProblem{at("name"), fmt.Errorf("%q: names cannot start or end with spaces or contain control characters", spec.Name)})
		default:
			if first, dup := set.byName[spec.Name]; dup {
				fail(i, fieldProblem{at("name"), fmt.Errorf("duplicate name %q (also scenario #%d): names must be unique", spec.Name, first.index+1)})
			} else {
				set.byName[spec.Name] = c
			}
		}
		fail(i, c.compileRequest(schemas, cat)...)
		if spec.Times != nil {
			if err := checkTimes(spec.Times); err != nil {
				fail(i, fieldProblem{at("times"), err})
			}
		}
		if st := spec.State; st != nil && st.When == "" && st.Then == "" {
			fail(i, fieldProblem{at("state"), errors.New("give when, then or both")})
		}
		fail(i, c.compileResponses(dir, base, schemas, cat)...)
		for _, r := range c.responses {
			if r != nil {
				r.fields = fields.intern(r.fields)
				r.derivedBudget = derivedBudget
			}
		}
		set.scenarios = append(set.scenarios, c)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	set.sortByPriority()
	return set, nil
}

// A fieldsInterner hands out one copy of each list of static response
// headers: the responses of a set mostly send the same few (Content-Type,
// Content-Length, OData-Version), and a response's list is read, never
// changed, when it is served.
type fieldsInterner struct {
	seed  maphash.Seed
	lists map[uint64][][]headerField // by hash; the lists of equal hashes
}

// newFieldsInterner returns an empty fieldsInterner.
func newFieldsInterner() *fieldsInterner {
	return &fieldsInterner{seed: maphash.MakeSeed(), lists: make(map[uint64][][]headerField)}
}

// intern returns the list equal to fs that it handed out before, or fs,
// which it remembers, the first time.
func (in *fieldsInterner) intern(fs []headerField) []headerField {
	if len(fs) == 0 {
		return fs
	}
	var h maphash.Hash
	h.SetSeed(in.seed)
	for _, f := range fs {
		h.WriteString(f.name)
		h.WriteByte(0)
		for _, v := range f.values {
			h.WriteString(v)
			h.WriteByte(1)
		}
		h.WriteByte(2)
	}
	sum := h.Sum64()
	for _, l := range in.lists[sum] {
		if slices.EqualFunc(l, fs, func(a, b headerField) bool { return a.name == b.name && slices.Equal(a.values, b.values) }) {
			return l
		}
	}
	fs = fs[:len(fs):len(fs)] // an append by one holder copies
	in.lists[sum] = append(in.lists[sum], fs)
	return fs
}

// checkTimes reports what is wrong with an expectation.
func checkTimes(t *Times) error {
	switch {
	case t.Min < 0:
		return fmt.Errorf("atLeast is %d: want 0 or more", t.Min)
	case t.Max != nil && *t.Max < 0:
		return fmt.Errorf("atMost is %d: want 0 or more", *t.Max)
	case t.Max != nil && *t.Max < t.Min:
		return fmt.Errorf("atMost %d is less than atLeast %d", *t.Max, t.Min)
	}
	return nil
}

// compileResponses compiles Response or Responses.
func (c *compiledScenario) compileResponses(dir fs.FS, base string, schemas *schema.Compiler, cat *graphmeta.Catalog) []fieldProblem {
	spec := c.spec
	var problems []fieldProblem
	one := func(parent strictyaml.Path, r Response) *compiledResponse {
		cr, ps := compileResponse(dir, base, r)
		ps = append(ps, compileResponseSchema(schemas, r, cr)...)
		ps = append(ps, c.compileResponseType(cat, r, cr)...)
		problems = append(problems, under(parent, ps)...)
		return cr
	}
	switch {
	case len(spec.Responses) > 0 && !spec.Response.isZero():
		return []fieldProblem{{at("responses"), errors.New("give response or responses, not both")}}
	case len(spec.Responses) == 0:
		c.one[0] = one(responsePath, spec.Response)
		c.responses = c.one[:]
	default:
		for i, r := range spec.Responses {
			c.responses = append(c.responses, one(at("responses").Index(i), r))
		}
	}
	switch spec.AfterLast {
	case "", "repeat":
	case "cycle":
		c.cycle = true
	default:
		problems = append(problems, fieldProblem{at("afterLast"), fmt.Errorf("%q: want repeat (the default) or cycle", spec.AfterLast)})
	}
	if spec.AfterLast != "" && len(spec.Responses) == 0 {
		problems = append(problems, fieldProblem{at("afterLast"), errors.New("afterLast applies to responses, a list")})
	}
	return problems
}

// compileResponseSchema compiles a response's BodySchema into c (which may
// be nil when the response itself failed to compile).
func compileResponseSchema(schemas *schema.Compiler, r Response, c *compiledResponse) []fieldProblem {
	if r.BodySchema == "" {
		return nil
	}
	s, err := schemas.Compile(r.BodySchema)
	switch {
	case err != nil:
		return []fieldProblem{{at("bodySchema"), err}}
	case r.Body == nil && r.BodyFile == "":
		return []fieldProblem{{at("bodySchema"), fmt.Errorf("the response has no body to check against %s: add a body or bodyFile, or remove bodySchema", s.Path)}}
	}
	if c != nil {
		c.schema = s
	}
	return nil
}

// compileResponseType resolves a response's BodyType into c (which may be
// nil when the response itself failed to compile).
func (sc *compiledScenario) compileResponseType(cat *graphmeta.Catalog, r Response, c *compiledResponse) []fieldProblem {
	switch {
	case r.BodyType == "":
		return nil
	case r.BodySchema != "":
		return []fieldProblem{{at("bodyType"), errors.New("give bodySchema or bodyType, not both")}}
	case r.Body == nil && r.BodyFile == "":
		return []fieldProblem{{at("bodyType"), fmt.Errorf("the response has no body to check against %s: add a body or bodyFile, or remove bodyType", r.BodyType)}}
	case sc.route == nil:
		return nil // the path is wrong, and says so
	}
	read, _ := reading(sc.spec.Request, true) // the request's fields report their own problems
	g, err := compileBodyType(cat, sc.method, sc.spec.Request.Path, r.BodyType, read, true)
	if err != nil {
		return []fieldProblem{{at("bodyType"), err}}
	}
	if c != nil {
		c.graphType = g
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func (c *compiledScenario) compileRequest(schemas *schema.Compiler, cat *graphmeta.Catalog) []fieldProblem {
	var problems []fieldProblem
	r := c.spec.Request
	switch {
	case r.Method == "":
		problems = append(problems, fieldProblem{at("request.method"), errors.New("missing method, such as POST")})
	case !graphwire.ValidToken(r.Method):
		problems = append(problems, fieldProblem{at("request.method"), fmt.Errorf("%q is not an HTTP method", r.Method)})
	case strings.ToUpper(r.Method) != r.Method:
		problems = append(problems, fieldProblem{at("request.method"), fmt.Errorf("%q: methods are case-sensitive; write %q", r.Method, strings.ToUpper(r.Method))})
	}
	c.method = r.Method

	switch {
	case r.Path == "":
		problems = append(problems, fieldProblem{at("request.path"), errors.New("missing path, such as /beta/chats/{chatsId}")})
	case !strings.HasPrefix(r.Path, "/"):
		problems = append(problems, fieldProblem{at("request.path"), fmt.Errorf("%q must start with / (and include the API version, such as /beta)", r.Path)})
	case strings.ContainsAny(r.Path, "?#"):
		problems = append(problems, fieldProblem{at("request.path"), fmt.Errorf("%q: a path template cannot contain a query or fragment", r.Path)})
	default:
		tpl := graphwire.CanonicalPath(r.Path)
		c.segments = strings.Split(tpl, "/")
		if c.simple.init(c.segments) {
			c.route = &c.simple
		} else {
			route := mux.NewRouter().NewRoute().Path(tpl)
			if err := route.GetError(); err != nil {
				problems = append(problems, fieldProblem{at("request.path"), fmt.Errorf("invalid path template %q: %s", r.Path, strings.TrimPrefix(err.Error(), "mux: "))})
			}
			c.route = route
		}
	}

	switch r.Auth {
	case "", "bearer":
		c.auth = true
	case "none":
	default:
		problems = append(problems, fieldProblem{at("request.auth"), fmt.Errorf("%q: want bearer (the default) or none", r.Auth)})
	}

	headers, hp := compileConditions(requestHeadersPath, r.Headers, checkHeaderName)
	c.headers = canonicalNames(headers)
	query, qp := compileConditions(requestQueryPath, r.Query, nil)
	c.query = query
	vars, vp := compileConditions(requestPathVarsPath, r.PathVars, func(name string) error {
		if c.route != nil && !strings.Contains(r.Path, "{"+name+"}") && !strings.Contains(r.Path, "{"+name+":") {
			return fmt.Errorf("the path template %s has no variable %q", r.Path, name)
		}
		return nil
	})
	c.pathVars = vars
	problems = append(append(append(problems, hp...), qp...), vp...)
	if r.Body != nil {
		body, bp := compileBodyMatch(r.Body)
		c.body = body
		problems = append(problems, bp...)
	}

	if r.BodySchema != "" {
		s, err := schemas.Compile(r.BodySchema)
		if err != nil {
			problems = append(problems, fieldProblem{at("request.bodySchema"), err})
		}
		c.schema = s
	}
	read, bad := reading(r, false)
	problems = append(problems, bad...)
	switch {
	case r.BodyType != "" && r.BodySchema != "":
		problems = append(problems, fieldProblem{at("request.bodyType"), errors.New("give bodySchema or bodyType, not both")})
	case r.BodyType != "" && c.route != nil && c.method != "":
		g, err := compileBodyType(cat, r.Method, r.Path, r.BodyType, read, false)
		if err != nil {
			problems = append(problems, fieldProblem{at("request.bodyType"), err})
		} else {
			g.required = r.Required
			c.graphType = g
		}
	}
	if r.BodyType == "" && len(r.Required) > 0 {
		problems = append(problems, fieldProblem{at("request.required"), errors.New("required adds to bodyType: give bodyType too (a bodySchema says what it requires itself)")})
	}
	if r.BodyType == "" && r.StrictOData {
		problems = append(problems, fieldProblem{at("request.strictOData"), errors.New("strictOData applies to bodyType: give bodyType too")})
	}
	return problems
}
