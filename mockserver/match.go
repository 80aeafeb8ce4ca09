package mockserver

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/gorilla/mux"
	"github.com/graphmock/graphmock/internal/graphwire"
)

// A miss explains why a request matched no scenario.
type miss struct {
	status  int      // 404, or 405 when the path is known with other methods
	allow   []string // for 405: the methods the path answers
	message string   // names the closest scenario and what differed
	closest string   // the closest scenario's name, "" when there are none
}

// pathHit is a scenario whose path template matches a path, with the
// path's variables.
type pathHit struct {
	scenario *compiledScenario
	vars     map[string]string // decoded; shared, read-only
}

// Bounds of a set's route memo.
const (
	routeMemoEntries = 4096
	routeMemoMaxPath = 2048
)

// match finds the scenario that answers the request: the first, in set
// order (priority, then file order), whose path, method, conditions and
// state all hold. Otherwise it explains the miss.
func (s *ScenarioSet) match(in *incoming, flows *flowStates) (*compiledScenario, map[string]string, *miss) {
	r := in.r
	// r.URL.Path is already decoded, which is the canonical form unless the
	// path holds an encoded slash or percent sign. Those are found in the
	// path as sent: r.URL.EscapedPath re-escapes the decoded path (an
	// encoded slash become a separator) when the path also holds a byte
	// it would have escaped, such as a raw '"', '{' or '|'.
	canon := r.URL.Path
	mr := r
	if sent := in.sentPath(); graphwire.HasEncodedSlashOrPercent(sent) {
		canon = graphwire.CanonicalPath(sent)
		u := *r.URL
		u.Path, u.RawPath = canon, ""
		shallow := *r
		shallow.URL = &u
		mr = &shallow
	}
	hits, ok := s.routes.Get(canon)
	if !ok {
		hits = s.routeHits(mr)
		s.routes.Put(canon, hits)
	}
	var near []nearMiss // path matched, something else did not
	// A HEAD request is answered by a HEAD scenario, or else by a GET
	// scenario, as HTTP requires (RFC 9110 §9.3.2: the GET's status and
	// headers, without the body).
	methods := []string{r.Method}
	if r.Method == http.MethodHead {
		methods = append(methods, http.MethodGet)
	}
	for pass, method := range methods {
		for _, h := range hits {
			c := h.scenario
			if c.method != method {
				if pass == 0 {
					near = append(near, nearMiss{c, ""})
				}
				continue
			}
			if why := c.unmet(in, h.vars); why != "" {
				near = append(near, nearMiss{c, why})
				continue
			}
			if st := c.spec.State; st != nil && st.When != "" {
				if cur := flows.get(st.flow()); cur != st.When {
					near = append(near, nearMiss{c, fmt.Sprintf("flow %q is in state %q and the scenario needs %q", st.flow(), cur, st.When)})
					continue
				}
			}
			return c, h.vars, nil
		}
	}
	return nil, nil, s.explainMiss(r, canon, near)
}

// nearMiss is a scenario whose path matched a request, and why the rest
// did not ("" when the method differed).
type nearMiss struct {
	scenario *compiledScenario
	why      string
}

// routeHits asks gorilla/mux which scenarios' path templates match the
// request path. The answer depends on the path alone, so match memoizes it.
func (s *ScenarioSet) routeHits(r *http.Request) []pathHit {
	var hits []pathHit
	for _, c := range s.scenarios {
		var rm mux.RouteMatch
		if !c.route.Match(r, &rm) {
			continue
		}
		for k, v := range rm.Vars {
			rm.Vars[k] = graphwire.PathVar(v)
		}
		hits = append(hits, pathHit{scenario: c, vars: rm.Vars})
	}
	return hits
}

// explainMiss builds the 404 or 405 for a request no scenario answers.
func (s *ScenarioSet) explainMiss(r *http.Request, canon string, near []nearMiss) *miss {
	target := r.Method + " " + graphwire.EscapedPath(r)
	for _, n := range near {
		if n.why != "" && answers(n.scenario.method, r.Method) {
			return &miss{
				status:  http.StatusNotFound,
				closest: n.scenario.spec.Name,
				message: fmt.Sprintf("No scenario matches %s. Closest: %s, but %s.", target, n.scenario.describe(), n.why),
			}
		}
	}
	if len(near) > 0 {
		methods := make([]string, 0, len(near))
		seen := map[string]bool{}
		for _, n := range near {
			if m := n.scenario.method; !seen[m] {
				seen[m] = true
				methods = append(methods, m)
			}
		}
		sort.Strings(methods)
		first := near[0].scenario
		return &miss{
			status:  http.StatusMethodNotAllowed,
			allow:   methods,
			closest: first.spec.Name,
			message: fmt.Sprintf("No scenario answers %s on this path. Closest: %s, which expects %s.",
				r.Method, first.describe(), strings.Join(methods, " or ")),
		}
	}
	best, bestScore, why := (*compiledScenario)(nil), 0, ""
	segs := strings.Split(canon, "/")
	for _, c := range s.scenarios {
		score, diff := c.closeness(segs)
		if c.method == r.Method {
			score++
		} else {
			diff += fmt.Sprintf("; the method is %s, not %s", r.Method, c.method)
		}
		if best == nil || score > bestScore {
			best, bestScore, why = c, score, diff
		}
	}
	if best == nil {
		return &miss{status: http.StatusNotFound, message: fmt.Sprintf("No scenario matches %s: the scenario set is empty.", target)}
	}
	return &miss{
		status:  http.StatusNotFound,
		closest: best.spec.Name,
		message: fmt.Sprintf("No scenario matches %s. Closest: %s, but %s.", target, best.describe(), why),
	}
}

// describe names a scenario with its method and path template.
func (c *compiledScenario) describe() string {
	return fmt.Sprintf("scenario %q (%s %s)", c.spec.Name, c.method, c.spec.Request.Path)
}

// closeness scores how near the request path segments are to the
// scenario's template and says where they first differ.
func (c *compiledScenario) closeness(segs []string) (int, string) {
	score, diff := 0, ""
	n := min(len(segs), len(c.segments))
	for i := range n {
		want, got := c.segments[i], segs[i]
		if segmentMatches(want, got) {
			score += 2
			continue
		}
		if diff == "" {
			diff = fmt.Sprintf("path segment %d is %q where the template has %q", i, graphwire.PathVar(got), want)
		}
	}
	switch {
	case len(segs) > len(c.segments):
		score -= len(segs) - len(c.segments)
		if diff == "" {
			diff = fmt.Sprintf("the path goes on after the template ends (extra %q)", "/"+strings.Join(segs[len(c.segments):], "/"))
		}
	case len(segs) < len(c.segments):
		score -= len(c.segments) - len(segs)
		if diff == "" {
			diff = fmt.Sprintf("the path stops where the template goes on with %q", "/"+strings.Join(c.segments[len(segs):], "/"))
		}
	}
	if diff == "" {
		diff = "a path variable does not fit its pattern"
	}
	return score, diff
}

// segmentMatches compares one path segment with one template segment; a
// segment holding a variable matches any non-empty text.
func segmentMatches(tpl, seg string) bool {
	if strings.Contains(tpl, "{") {
		return seg != ""
	}
	return tpl == seg
}

// answers reports whether a scenario for method answers a request with
// method requested: the same method, or GET for HEAD.
func answers(method, requested string) bool {
	return method == requested || (requested == http.MethodHead && method == http.MethodGet)
}
