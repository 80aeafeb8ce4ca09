package mockserver

import (
	"strings"
	"sync"
)

// A setIndex finds, without looking at every scenario of a set, the
// scenarios whose path template can match a path (routing) and the
// scenario closest to a request no scenario answers (the near miss). It is
// built on first use and is read-only afterwards; the answers are those
// of a scan of the whole set, in set order.
type setIndex struct {
	once      sync.Once
	scenarios []*compiledScenario

	// Routing. A template whose variables all use the default pattern
	// matches only paths with as many segments as it has, and a literal
	// segment only itself; the index keeps such templates by segment count
	// and literal. Literals are kept case-folded, so the candidates are a
	// superset of the scenarios that match, which the route then decides.
	routeAny []int32             // set indexes of templates with a custom pattern: always candidates
	routeBy  map[int]*routeGroup // by segment count

	// The near miss: scenarios by segment count and method.
	near    []*nearGroup
	scratch sync.Pool // *nearScratch
}

// routeGroup holds the templates of one segment count.
type routeGroup struct {
	pos []routePos // one per segment
}

// routePos holds, for one segment position, the templates by what they
// have there.
type routePos struct {
	lit  map[string][]int32 // folded literal -> set indexes, ascending
	vars []int32            // a segment holding a variable, ascending
}

// nearGroup holds the scenarios of one segment count and method.
type nearGroup struct {
	segs    int
	method  string
	members []int32   // set indexes, ascending
	pos     []nearPos // one per segment
}

// nearPos holds, for one segment position of a nearGroup, its members by
// what their template has there. The numbers are places in members.
type nearPos struct {
	lit  map[string][]int32 // literal segment -> members, ascending
	vars []int32            // a segment holding a variable
}

// nearScratch is the per-search memory of a near-miss search.
type nearScratch struct {
	delta   []int32  // per member: matches above or below the base
	stamp   []uint32 // per member: the epoch it was last touched in
	epoch   uint32
	touched []int32
}

// newSetIndex returns the index of scenarios, built on first use.
func newSetIndex(scenarios []*compiledScenario) *setIndex {
	return &setIndex{scenarios: scenarios}
}

// build builds the index, once.
func (x *setIndex) build() {
	x.once.Do(func() {
		x.routeBy = make(map[int]*routeGroup)
		type groupKey struct {
			method string
			segs   int
		}
		groups := make(map[groupKey]*nearGroup)
		maxMembers := 0
		for i, c := range x.scenarios {
			idx := int32(i)
			if c.segments == nil {
				continue
			}
			x.addRoute(idx, c.segments)
			key := groupKey{c.method, len(c.segments)}
			g := groups[key]
			if g == nil {
				g = &nearGroup{segs: len(c.segments), method: c.method, pos: make([]nearPos, len(c.segments))}
				groups[key] = g
				x.near = append(x.near, g)
			}
			member := int32(len(g.members))
			g.members = append(g.members, idx)
			maxMembers = max(maxMembers, len(g.members))
			for p, seg := range c.segments {
				np := &g.pos[p]
				if isVarSegment(seg) {
					np.vars = append(np.vars, member)
					continue
				}
				if np.lit == nil {
					np.lit = make(map[string][]int32)
				}
				np.lit[seg] = append(np.lit[seg], member)
			}
		}
		x.scratch.New = func() any {
			return &nearScratch{delta: make([]int32, maxMembers), stamp: make([]uint32, maxMembers)}
		}
	})
}

// addRoute indexes one template for routing.
func (x *setIndex) addRoute(idx int32, segs []string) {
	for _, seg := range segs {
		if isVarSegment(seg) && strings.Contains(seg, ":") {
			x.routeAny = append(x.routeAny, idx)
			return
		}
	}
	g := x.routeBy[len(segs)]
	if g == nil {
		g = &routeGroup{pos: make([]routePos, len(segs))}
		x.routeBy[len(segs)] = g
	}
	for p, seg := range segs {
		rp := &g.pos[p]
		if isVarSegment(seg) {
			rp.vars = append(rp.vars, idx)
			continue
		}
		if rp.lit == nil {
			rp.lit = make(map[string][]int32)
		}
		k := foldSegment(seg)
		rp.lit[k] = append(rp.lit[k], idx)
	}
}

// isVarSegment reports whether a template segment holds a variable.
func isVarSegment(seg string) bool { return strings.Contains(seg, "{") }

// foldSegment is the case-folded form the routing index keeps literals in.
func foldSegment(seg string) string { return strings.ToLower(seg) }

// routeCandidates returns, in set order, the scenarios whose template may
// match the canonical path canon: every one that does, and perhaps more.
func (x *setIndex) routeCandidates(canon string) []*compiledScenario {
	x.build()
	segs := strings.Split(canon, "/")
	var best []int32
	var vars []int32
	if g := x.routeBy[len(segs)]; g != nil {
		found := false
		for p, seg := range segs {
			rp := &g.pos[p]
			lit := rp.lit[foldSegment(seg)]
			if !found || len(lit)+len(rp.vars) < len(best)+len(vars) {
				best, vars, found = lit, rp.vars, true
			}
		}
	}
	if len(best)+len(vars)+len(x.routeAny) == 0 {
		return nil
	}
	out := make([]*compiledScenario, 0, len(best)+len(vars)+len(x.routeAny))
	for _, i := range mergeAscending(mergeAscending(best, vars), x.routeAny) {
		out = append(out, x.scenarios[i])
	}
	return out
}

// mergeAscending merges two ascending lists of distinct indexes.
func mergeAscending(a, b []int32) []int32 {
	switch {
	case len(a) == 0:
		return b
	case len(b) == 0:
		return a
	}
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// closest returns the scenario closest to a request with this method and
// canonical path segments, and what differs, as closestExhaustive does:
// the highest closeness score, the first in set order among equals; nil
// for an empty set.
func (x *setIndex) closest(method string, segs []string) (*compiledScenario, []MissPart) {
	x.build()
	sc := x.scratch.Get().(*nearScratch)
	defer x.scratch.Put(sc)
	bestIdx, bestScore := int32(-1), 0
	for _, g := range x.near {
		matches, member := g.mostMatches(segs, sc)
		score := 2*matches - abs(len(segs)-g.segs)
		if g.method == method {
			score++
		}
		idx := g.members[member]
		if bestIdx < 0 || score > bestScore || (score == bestScore && idx < bestIdx) {
			bestIdx, bestScore = idx, score
		}
	}
	if bestIdx < 0 {
		return nil, nil
	}
	c := x.scenarios[bestIdx]
	_, why := c.closeness(segs)
	if c.method != method {
		why = append(why, MissPart{Kind: kindMethod, Rule: ruleDiffers, Expected: c.method, Got: method})
	}
	return c, why
}

// mostMatches returns the most segments of segs any member matches, and
// the first member to match that many. For each position it counts the
// smaller side: the members that match there, or those that do not
// (counted against a base every member starts from).
func (g *nearGroup) mostMatches(segs []string, sc *nearScratch) (matches int, member int) {
	sc.epoch++
	if sc.epoch == 0 { // wrapped: forget every stamp
		clear(sc.stamp)
		sc.epoch = 1
	}
	sc.touched = sc.touched[:0]
	touch := func(m int32, d int32) {
		if sc.stamp[m] != sc.epoch {
			sc.stamp[m] = sc.epoch
			sc.delta[m] = 0
			sc.touched = append(sc.touched, m)
		}
		sc.delta[m] += d
	}
	base := 0
	n := min(len(segs), g.segs)
	for p := range n {
		seg, np := segs[p], &g.pos[p]
		hit := np.lit[seg]
		hits := len(hit)
		if seg != "" {
			hits += len(np.vars)
		}
		if 2*hits <= len(g.members) {
			for _, m := range hit {
				touch(m, 1)
			}
			if seg != "" {
				for _, m := range np.vars {
					touch(m, 1)
				}
			}
			continue
		}
		base++
		for lit, ms := range np.lit {
			if lit == seg {
				continue
			}
			for _, m := range ms {
				touch(m, -1)
			}
		}
		if seg == "" {
			for _, m := range np.vars {
				touch(m, -1)
			}
		}
	}
	// The first member no list touched scores the base.
	best, bestMember := -1, int32(-1)
	for m := range int32(len(g.members)) {
		if sc.stamp[m] != sc.epoch {
			best, bestMember = base, m
			break
		}
	}
	for _, m := range sc.touched {
		s := base + int(sc.delta[m])
		if s > best || (s == best && m < bestMember) {
			best, bestMember = s, m
		}
	}
	return best, int(bestMember)
}

// closestExhaustive is closest by looking at every scenario: what the
// index must agree with.
func closestExhaustive(scenarios []*compiledScenario, method string, segs []string) (*compiledScenario, []MissPart) {
	best, bestScore, why := (*compiledScenario)(nil), 0, []MissPart(nil)
	for _, c := range scenarios {
		score, diff := c.closeness(segs)
		if c.method == method {
			score++
		} else {
			diff = append(diff, MissPart{Kind: kindMethod, Rule: ruleDiffers, Expected: c.method, Got: method})
		}
		if best == nil || score > bestScore {
			best, bestScore, why = c, score, diff
		}
	}
	return best, why
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
