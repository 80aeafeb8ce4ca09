package mockserver

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/gorilla/mux"
	"github.com/graphmock/graphmock/internal/graphwire"
)

// TestASimpleRouteMatchesAsGorillaMuxDoes matches generated paths against
// each generated template both ways: a simpleRoute, when the template has
// its shape, and the gorilla/mux route of the template.
func TestASimpleRouteMatchesAsGorillaMuxDoes(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 3))
	simple, matched := 0, 0
	for range 3000 {
		tpl := graphwire.CanonicalPath(genTemplate(rng))
		sr := newSimpleRoute(strings.Split(tpl, "/"))
		if sr == nil {
			continue
		}
		simple++
		mr := mux.NewRouter().NewRoute().Path(tpl)
		if err := mr.GetError(); err != nil {
			t.Fatalf("%s: gorilla/mux refuses a template of the simple shape: %v", tpl, err)
		}
		for range 20 {
			path := genPath(rng)
			if rng.IntN(2) == 0 {
				path = fillTemplate(rng, tpl)
			}
			r := httptest.NewRequest(http.MethodGet, "http://graph.test/", nil)
			r.URL.Path = path
			var got, want mux.RouteMatch
			gotOK, wantOK := sr.Match(r, &got), mr.Match(r, &want)
			if gotOK != wantOK || gotOK && !reflect.DeepEqual(got.Vars, want.Vars) {
				t.Fatalf("%s on %s: simple %v %v, gorilla/mux %v %v", tpl, path, gotOK, got.Vars, wantOK, want.Vars)
			}
			if gotOK {
				matched++
			}
		}
	}
	if simple < 500 || matched < 500 {
		t.Fatalf("%d simple templates, %d matches: the test proves little", simple, matched)
	}
}

func TestTemplatesASimpleRouteLeavesToGorillaMux(t *testing.T) {
	for _, tpl := range []string{"/v1.0/{id:[0-9]+}", "/v1.0/{a}{b}", "/v1.0/{a}/{a}", "/v1.0/{}", "/v1.0/a}b", "/v1.0/{a", "/v1.0/}{a}", "v1.0/me", "/v1.0/{a b}"} {
		if newSimpleRoute(strings.Split(tpl, "/")) != nil {
			t.Errorf("%s: a simple route, where gorilla/mux decides", tpl)
		}
	}
	if newSimpleRoute(strings.Split("/v1.0/users/{id}/items('{key}')", "/")) == nil {
		t.Error("a template of plain variables is not simple")
	}
}
