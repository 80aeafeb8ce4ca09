package mockserver

import (
	"errors"
	"fmt"
	"io/fs"
	"net/textproto"
	"regexp"
	"slices"
	"strings"

	"github.com/gorilla/mux"
)

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
