package mockserver

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/gorilla/mux"
	"github.com/graphmock/graphmock/internal/graphwire"
)

// The words the generated templates and paths are made of: few, so that
// scenarios share segments, disagree on some and tie often.
var (
	genMethods  = []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete}
	genLiterals = []string{"v1.0", "beta", "users", "Users", "groups", "me", "messages", "items", "item-1", "item-2", "$ref", "a%2Fb", "x.json"}
	genVars     = []string{"{id}", "{userId}", "items('{key}')", "{file}.json", "{id:[0-9]+}", "{rest:.*}"}
)

// genTemplate returns a random path template of 1 to 6 segments.
func genTemplate(rng *rand.Rand) string {
	n := 1 + rng.IntN(6)
	var b strings.Builder
	for range n {
		b.WriteByte('/')
		if rng.IntN(3) == 0 {
			b.WriteString(genVars[rng.IntN(len(genVars))])
		} else {
			b.WriteString(genLiterals[rng.IntN(len(genLiterals))])
		}
	}
	return b.String()
}

// genPath returns a random request path of 0 to 7 segments, some of them
// empty, some of them no template has.
func genPath(rng *rand.Rand) string {
	n := rng.IntN(8)
	var b strings.Builder
	for range n {
		b.WriteByte('/')
		switch rng.IntN(8) {
		case 0: // empty segment
		case 1:
			fmt.Fprintf(&b, "%d", rng.IntN(100))
		case 2:
			b.WriteString("nowhere")
		case 3:
			b.WriteString("items('k')")
		default:
			b.WriteString(genLiterals[rng.IntN(len(genLiterals))])
		}
	}
	if n == 0 {
		b.WriteByte('/')
	}
	return b.String()
}

// genSet compiles n random scenarios, some with priorities so that set
// order differs from declaration order.
func genSet(t *testing.T, rng *rand.Rand, n int) *ScenarioSet {
	t.Helper()
	specs := make([]Scenario, n)
	for i := range specs {
		specs[i] = Scenario{
			Name:     fmt.Sprintf("s%d", i),
			Priority: rng.IntN(3) - 1,
			Request:  Request{Method: genMethods[rng.IntN(len(genMethods))], Path: genTemplate(rng)},
			Response: Response{Status: 200, Body: map[string]any{"id": i}},
		}
	}
	set, err := Compile(nil, specs...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestTheIndexedNearMissIsTheExhaustiveOne compares, on generated sets and
// requests, the near miss the index finds with a scan of every scenario:
// the same scenario, the same parts.
func TestTheIndexedNearMissIsTheExhaustiveOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 1))
	for _, size := range []int{1, 2, 5, 20, 100, 400} {
		for range 20 {
			set := genSet(t, rng, size)
			for range 50 {
				method := genMethods[rng.IntN(len(genMethods))]
				if rng.IntN(10) == 0 {
					method = http.MethodHead
				}
				segs := strings.Split(genPath(rng), "/")
				got, gotWhy := set.index.closest(method, segs)
				want, wantWhy := closestExhaustive(set.scenarios, method, segs)
				if got != want {
					t.Fatalf("%d scenarios, %s %s: the index names %q, a full scan %q", size, method, strings.Join(segs, "/"), got.spec.Name, want.spec.Name)
				}
				if !reflect.DeepEqual(gotWhy, wantWhy) {
					t.Fatalf("%d scenarios, %s %s: the index says %+v, a full scan %+v", size, method, strings.Join(segs, "/"), gotWhy, wantWhy)
				}
			}
		}
	}
}

func TestTheNearMissOfAnEmptyIndexIsNone(t *testing.T) {
	x := newSetIndex(nil)
	if c, why := x.closest(http.MethodGet, []string{"", "v1.0"}); c != nil || why != nil {
		t.Fatalf("an empty index names %v, %v", c, why)
	}
	if got := x.routeCandidates("/v1.0/me"); got != nil {
		t.Fatalf("an empty index has route candidates %v", got)
	}
}

// TestTheRouteIndexKeepsEveryScenarioThatMatches matches generated paths
// against every scenario's route and against the index's candidates alone:
// the same hits, in the same order.
func TestTheRouteIndexKeepsEveryScenarioThatMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 2))
	matched := 0
	for _, size := range []int{1, 10, 200} {
		for range 20 {
			set := genSet(t, rng, size)
			for range 50 {
				path := genPath(rng)
				if rng.IntN(2) == 0 { // a path some template surely matches
					c := set.scenarios[rng.IntN(len(set.scenarios))]
					path = fillTemplate(rng, c.spec.Request.Path)
				}
				r := httptest.NewRequest(http.MethodGet, "http://graph.test/", nil)
				r.URL.Path = graphwire.CanonicalPath(path)
				want := allRouteHits(set, r)
				got := set.routeHits(r)
				if len(want) > 0 {
					matched++
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: the index's hits %v, a full scan's %v", path, names(got), names(want))
				}
			}
		}
	}
	if matched < 100 {
		t.Fatalf("only %d generated paths matched a scenario: the test proves little", matched)
	}
}

// fillTemplate returns a path the template matches, or nearly does.
func fillTemplate(rng *rand.Rand, tpl string) string {
	r := strings.NewReplacer("{id:[0-9]+}", "42", "{rest:.*}", "a/b/c", "{id}", "7", "{userId}", "u", "{key}", "k", "{file}", "f")
	p := r.Replace(tpl)
	if rng.IntN(4) == 0 {
		p = strings.ToUpper(p)
	}
	return p
}

// allRouteHits is routeHits over every scenario of the set.
func allRouteHits(s *ScenarioSet, r *http.Request) []pathHit {
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

func names(hits []pathHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.scenario.spec.Name)
	}
	return out
}
