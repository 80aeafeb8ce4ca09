package mockserver

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/gorilla/mux"
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/graphwire"
)

// A miss explains why a request matched no scenario.
type miss struct {
	status  int       // 404, or 405 when the path is known with other methods
	allow   []string  // for 405: the methods the path answers
	message string    // names the closest scenario and what differed
	closest string    // the closest scenario's name, "" when there are none
	near    *NearMiss // the closest scenario and what differed; nil when there are none
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
					near = append(near, nearMiss{c, nil})
				}
				continue
			}
			if why := c.unmet(in, h.vars); why != nil {
				near = append(near, nearMiss{c, why})
				continue
			}
			if st := c.spec.State; st != nil && st.When != "" {
				if cur := flows.get(st.flow()); cur != st.When {
					near = append(near, nearMiss{c, &MissPart{Kind: kindState, Name: st.flow(), Rule: ruleDiffers, Expected: st.When, Got: cur}})
					continue
				}
			}
			return c, h.vars, nil
		}
	}
	return nil, nil, s.explainMiss(r, canon, near)
}

// nearMiss is a scenario whose path matched a request, and the part that
// did not (nil when the method differed).
type nearMiss struct {
	scenario *compiledScenario
	why      *MissPart
}

// routeHits asks which scenarios' path templates match the request path.
// The answer depends on the path alone, so match memoizes it. Graph reads
// the names in a path without regard to case, keys keeping theirs
// (https://learn.microsoft.com/en-us/graph/use-the-api): when no template
// matches the path as written, a template also matches when both, with
// their names spelt as Graph's metadata declares them, match. A path a
// template matches as written never loads the metadata.
func (s *ScenarioSet) routeHits(r *http.Request) []pathHit {
	candidates := s.index.routeCandidates(r.URL.Path) // the index folds case, so it finds a folded match's candidates too
	match := func(c *compiledScenario, rm *mux.RouteMatch) bool { return c.route.Match(r, rm) }
	hits := collectHits(candidates, match)
	if len(hits) == 0 && len(candidates) > 0 {
		folded := s.foldedRequest(r)
		hits = collectHits(candidates, func(c *compiledScenario, rm *mux.RouteMatch) bool {
			return c.foldedMatch(s.catalog, r, folded, rm)
		})
	}
	return hits
}

// collectHits returns the candidates match accepts, with their decoded
// path variables.
func collectHits(candidates []*compiledScenario, match func(*compiledScenario, *mux.RouteMatch) bool) []pathHit {
	var hits []pathHit
	for _, c := range candidates {
		var rm mux.RouteMatch
		if !match(c, &rm) {
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
		if n.why != nil && answers(n.scenario.method, r.Method) {
			return newMiss(http.StatusNotFound, target, n.scenario.nearMiss(*n.why))
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
		nm := near[0].scenario.nearMiss(MissPart{Kind: kindMethod, Rule: ruleDiffers, Expected: strings.Join(methods, ", "), Got: r.Method})
		nm.Allow = methods
		m := newMiss(http.StatusMethodNotAllowed, target, nm)
		m.allow = methods
		return m
	}
	best, why := s.index.closest(r.Method, strings.Split(canon, "/"))
	if best == nil {
		return &miss{status: http.StatusNotFound, message: fmt.Sprintf(missEmptySet, target)}
	}
	return newMiss(http.StatusNotFound, target, best.nearMiss(why...))
}

// newMiss returns the miss of a request with a near miss, worded.
func newMiss(status int, target string, nm *NearMiss) *miss {
	return &miss{status: status, closest: nm.Scenario, near: nm, message: nm.message(target)}
}

// nearMiss returns the scenario's near miss with these parts.
func (c *compiledScenario) nearMiss(parts ...MissPart) *NearMiss {
	return &NearMiss{Scenario: c.spec.Name, Method: c.method, Path: c.spec.Request.Path, Parts: parts}
}

// closeness scores how near the request path segments are to the
// scenario's template and says where they first differ.
func (c *compiledScenario) closeness(segs []string) (int, []MissPart) {
	score := 0
	var diff *MissPart
	n := min(len(segs), len(c.segments))
	for i := range n {
		want, got := c.segments[i], segs[i]
		if segmentMatches(want, got) {
			score += 2
			continue
		}
		if diff == nil {
			diff = &MissPart{Kind: kindPath, Segment: i, Rule: ruleDiffers, Expected: want, Got: graphwire.PathVar(got)}
		}
	}
	switch {
	case len(segs) > len(c.segments):
		score -= len(segs) - len(c.segments)
		if diff == nil {
			diff = &MissPart{Kind: kindPath, Rule: ruleLonger, Got: "/" + strings.Join(segs[len(c.segments):], "/")}
		}
	case len(segs) < len(c.segments):
		score -= len(c.segments) - len(segs)
		if diff == nil {
			diff = &MissPart{Kind: kindPath, Rule: ruleShorter, Expected: "/" + strings.Join(c.segments[len(segs):], "/")}
		}
	}
	if diff == nil {
		diff = &MissPart{Kind: kindPath, Rule: rulePattern}
	}
	return score, []MissPart{*diff}
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

// foldedRoute is the route of a scenario's path template with the names
// Graph knows spelt as its metadata declares them, built on first use.
type foldedRoute struct {
	once  sync.Once
	route *mux.Route // nil when the template is spelt so already, or is no path of Graph's
}

// foldedRequest returns r with the names Graph knows in its path spelt as
// the metadata declares them, or nil when they are spelt so already or
// the path is none of Graph's.
func (s *ScenarioSet) foldedRequest(r *http.Request) *http.Request {
	canonical := s.catalog.CanonicalPath(r.URL.Path)
	if canonical == r.URL.Path {
		return nil
	}
	u := *r.URL
	u.Path, u.RawPath = canonical, ""
	shallow := *r
	shallow.URL = &u
	return &shallow
}

// foldedMatch reports whether the scenario's template matches the request
// once both have Graph's names spelt as declared: folded is the request
// so spelt, nil when it reads as r does.
func (c *compiledScenario) foldedMatch(cat *graphmeta.Catalog, r, folded *http.Request, rm *mux.RouteMatch) bool {
	c.folded.once.Do(func() {
		tpl := strings.Join(c.segments, "/")
		if canonical := cat.CanonicalPath(tpl); canonical != tpl {
			if route := mux.NewRouter().NewRoute().Path(canonical); route.GetError() == nil {
				c.folded.route = route
			}
		}
	})
	route := c.route
	if c.folded.route != nil {
		route = c.folded.route
	}
	if folded == nil {
		if c.folded.route == nil {
			return false // the first match said it already
		}
		folded = r
	}
	*rm = mux.RouteMatch{}
	return route.Match(folded, rm)
}
