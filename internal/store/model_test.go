package store_test

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/store"
)

// model is the naive store the real one is checked against: every entity
// in one map keyed by its path string, order kept by a counter.
type model struct {
	ents map[string]modelEntity
	seq  int
	refs map[string][]string // "from|nav" → target path strings, in order
}

type modelEntity struct {
	path store.Path
	seq  int
	data map[string]any
}

func newModel() *model {
	return &model{ents: map[string]modelEntity{}, refs: map[string][]string{}}
}

func (m *model) clone() *model {
	n := &model{ents: maps.Clone(m.ents), seq: m.seq, refs: map[string][]string{}}
	for k, v := range m.refs {
		n.refs[k] = slices.Clone(v)
	}
	return n
}

func (m *model) create(coll store.Path, key string, data map[string]any) error {
	if len(coll) > 1 {
		if _, ok := m.ents[coll.Parent().String()]; !ok {
			return store.ErrNotFound
		}
	}
	p := coll.Entity(key)
	if _, ok := m.ents[p.String()]; ok {
		return store.ErrExists
	}
	m.seq++
	m.ents[p.String()] = modelEntity{path: p, seq: m.seq, data: data}
	return nil
}

func (m *model) delete(p store.Path) error {
	k := p.String()
	if _, ok := m.ents[k]; !ok {
		return store.ErrNotFound
	}
	for q := range m.ents {
		if q == k || strings.HasPrefix(q, k+"/") {
			delete(m.ents, q)
			for r := range m.refs {
				if strings.HasPrefix(r, q+"|") {
					delete(m.refs, r)
				}
			}
			for r, ts := range m.refs {
				m.refs[r] = slices.DeleteFunc(ts, func(t string) bool { return t == q })
			}
		}
	}
	return nil
}

func (m *model) list(coll store.Path) ([]string, error) {
	if len(coll) > 1 {
		if _, ok := m.ents[coll.Parent().String()]; !ok {
			return nil, store.ErrNotFound
		}
	}
	var es []modelEntity
	for _, e := range m.ents {
		if len(e.path) == len(coll) && e.path.Parent().Collection(e.path[len(e.path)-1].Name).String() == coll.String() {
			es = append(es, e)
		}
	}
	slices.SortFunc(es, func(a, b modelEntity) int { return a.seq - b.seq })
	out := []string{}
	for _, e := range es {
		out = append(out, e.path[len(e.path)-1].Key)
	}
	return out, nil
}

func (m *model) addRef(from store.Path, nav string, to store.Path) error {
	if _, ok := m.ents[from.String()]; !ok {
		return store.ErrNotFound
	}
	if _, ok := m.ents[to.String()]; !ok {
		return store.ErrNotFound
	}
	k := from.String() + "|" + nav
	if slices.Contains(m.refs[k], to.String()) {
		return store.ErrRefExists
	}
	m.refs[k] = append(m.refs[k], to.String())
	return nil
}

// runOps applies a sequence of operations chosen by next to a store and
// the model side by side, failing at the first difference.
func runOps(t *testing.T, next func(n int) int, steps int) {
	t.Helper()
	s, m := store.New(store.Limits{}), newModel()
	var clones []struct {
		s *store.Store
		m *model
	}
	keys := []string{"a", "b", "c", "d"}
	navs := []string{"members", "owners"}
	randColl := func() store.Path {
		switch next(4) {
		case 0, 1:
			return users
		case 2:
			return user(keys[next(len(keys))]).Collection("messages")
		default:
			return user(keys[next(len(keys))]).Collection("messages").Entity(keys[next(len(keys))]).Collection("attachments")
		}
	}
	randEntity := func() store.Path { return randColl().Entity(keys[next(len(keys))]) }
	same := func(what string, got, want error) {
		t.Helper()
		if (got == nil) != (want == nil) || (want != nil && !errors.Is(got, want)) {
			t.Fatalf("%s: store error = %v, model error = %v", what, got, want)
		}
	}
	for i := range steps {
		switch next(8) {
		case 0, 1, 2:
			c, k := randColl(), keys[next(len(keys))]
			d := map[string]any{"i": float64(i)}
			same(fmt.Sprintf("step %d: Create(%s, %s)", i, c, k), s.Create(c, k, d), m.create(c, k, d))
		case 3:
			p := randEntity()
			same(fmt.Sprintf("step %d: Delete(%s)", i, p), s.Delete(p), m.delete(p))
		case 4:
			p := randEntity()
			got := s.Update(p, func(d map[string]any) error { d["u"] = float64(i); return nil })
			e, ok := m.ents[p.String()]
			var want error = store.ErrNotFound
			if ok {
				want = nil
				d := maps.Clone(e.data)
				d["u"] = float64(i)
				e.data = d
				m.ents[p.String()] = e
			}
			same(fmt.Sprintf("step %d: Update(%s)", i, p), got, want)
		case 5:
			from, nav, to := randEntity(), navs[next(2)], randEntity()
			same(fmt.Sprintf("step %d: AddRefs(%s, %s, %s)", i, from, nav, to), s.AddRefs(from, nav, to), m.addRef(from, nav, to))
		case 6:
			if len(clones) < 3 {
				clones = append(clones, struct {
					s *store.Store
					m *model
				}{s.Clone(), m.clone()})
			} else {
				// Continue on an older clone: the original must not have
				// leaked into it.
				c := clones[next(len(clones))]
				s, m = c.s, c.m
			}
		case 7:
			// Checked below.
		}
		// Compare every collection and every entity.
		for _, c := range []store.Path{users} {
			got, err := s.List(c)
			want, _ := m.list(c)
			if err != nil || !slices.Equal(keys2(got), want) {
				t.Fatalf("step %d: List(%s) = %v, %v; model %v", i, c, keys2(got), err, want)
			}
		}
		for _, k := range keys {
			c := user(k).Collection("messages")
			got, gerr := s.List(c)
			want, werr := m.list(c)
			same(fmt.Sprintf("step %d: List(%s)", i, c), gerr, werr)
			if !slices.Equal(keys2(got), want) {
				t.Fatalf("step %d: List(%s) = %v; model %v", i, c, keys2(got), want)
			}
		}
		if s.Len() != len(m.ents) {
			t.Fatalf("step %d: Len() = %d, model %d", i, s.Len(), len(m.ents))
		}
		for k, e := range m.ents {
			got, err := s.Get(e.path)
			if err != nil || !reflect.DeepEqual(got.Data, e.data) {
				t.Fatalf("step %d: Get(%s) = %v, %v; model %v", i, k, got.Data, err, e.data)
			}
			for _, nav := range navs {
				ps, err := s.Refs(e.path, nav)
				var gotRefs []string
				for _, p := range ps {
					gotRefs = append(gotRefs, p.String())
				}
				if want := m.refs[k+"|"+nav]; err != nil || !slices.Equal(gotRefs, want) && len(want)+len(gotRefs) > 0 {
					t.Fatalf("step %d: Refs(%s, %s) = %v, %v; model %v", i, k, nav, gotRefs, err, want)
				}
			}
		}
	}
}

func keys2(es []store.Entity) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Key)
	}
	return out
}

func TestAgainstModel(t *testing.T) {
	for seed := range uint64(50) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			runOps(t, r.IntN, 300)
		})
	}
}

func FuzzAgainstModel(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("create a user then delete it, clone, go on"))
	f.Fuzz(func(t *testing.T, ops []byte) {
		i := 0
		next := func(n int) int {
			if i >= len(ops) {
				return 0
			}
			i++
			return int(ops[i-1]) % n
		}
		runOps(t, next, len(ops)/2)
	})
}
