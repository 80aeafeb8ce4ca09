package mockserver

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

// routeMatcher matches a request path against a scenario's path template,
// as *mux.Route does.
type routeMatcher interface {
	Match(r *http.Request, rm *mux.RouteMatch) bool
}

// A simpleRoute matches a template made of literal segments and segments
// holding one variable with the default pattern (text, "{name}", text),
// as gorilla/mux would, without a regular expression: most templates are
// of this shape, and a compiled regular expression costs kilobytes.
type simpleRoute struct {
	segs []string    // the template's segments, shared with the scenario
	vars []simpleVar // the segments holding a variable, in order
}

// simpleVar is a segment of a simpleRoute that holds a variable: the
// segment's text is prefix, "{name}", suffix.
type simpleVar struct {
	at, prefix, suffix int // the segment, and the lengths of the texts around the variable
	name               string
}

// newSimpleRoute returns the simpleRoute of a canonical template split at
// '/', or nil when the template is not of its shape and needs gorilla/mux.
func newSimpleRoute(segs []string) *simpleRoute {
	r := new(simpleRoute)
	if !r.init(segs) {
		return nil
	}
	return r
}

// init makes r the simpleRoute of a canonical template split at '/', as
// newSimpleRoute does, reporting false (and leaving r zero) when the
// template is not of its shape.
func (r *simpleRoute) init(segs []string) bool {
	if len(segs) < 2 || segs[0] != "" {
		return false
	}
	*r = simpleRoute{segs: segs}
	fail := func() bool { *r = simpleRoute{}; return false }
	for i, p := range segs {
		open := strings.IndexByte(p, '{')
		if open < 0 {
			if strings.IndexByte(p, '}') >= 0 {
				return fail()
			}
			continue
		}
		end := strings.IndexByte(p, '}')
		if end < open {
			return fail()
		}
		name, suffix := p[open+1:end], p[end+1:]
		if !simpleVarName(name) || strings.ContainsAny(suffix, "{}") {
			return fail()
		}
		for _, v := range r.vars {
			if v.name == name {
				return fail()
			}
		}
		r.vars = append(r.vars, simpleVar{at: i, prefix: open, suffix: len(suffix), name: name})
	}
	return true
}

// simpleVarName reports whether a variable name is plain: letters,
// digits, '_' and '-', and no pattern.
func simpleVarName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Match reports whether the request's path fits the template, and puts
// its variables in rm.Vars, as gorilla/mux does: the path is r.URL.Path,
// and a variable holds one or more characters other than '/'.
func (s *simpleRoute) Match(r *http.Request, rm *mux.RouteMatch) bool {
	path := r.URL.Path
	vars := s.vars
	var values []string
	for i, want := range s.segs {
		var part string
		if i == len(s.segs)-1 {
			part = path
			if strings.IndexByte(part, '/') >= 0 {
				return false
			}
		} else {
			j := strings.IndexByte(path, '/')
			if j < 0 {
				return false
			}
			part, path = path[:j], path[j+1:]
		}
		if len(vars) == 0 || vars[0].at != i {
			if part != want {
				return false
			}
			continue
		}
		v := vars[0]
		vars = vars[1:]
		if len(part) <= v.prefix+v.suffix || part[:v.prefix] != want[:v.prefix] || part[len(part)-v.suffix:] != want[len(want)-v.suffix:] {
			return false
		}
		values = append(values, part[v.prefix:len(part)-v.suffix])
	}
	m := make(map[string]string, len(values))
	for i, v := range values {
		m[s.vars[i].name] = v
	}
	rm.Vars = m
	return true
}
