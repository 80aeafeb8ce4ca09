package odataquery

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// A person is the typed form of the entities of the differential test:
// the test evaluates each generated filter over it directly, in Go,
// without the package's evaluator.
type person struct {
	name  *string
	n     float64
	on    bool
	tags  []string
	when  time.Time
	owner string // nested: manager/name
}

func (p person) entity() map[string]any {
	m := map[string]any{
		"n":       json.Number(fmt.Sprint(p.n)),
		"on":      p.on,
		"when":    p.when.Format(time.RFC3339),
		"manager": map[string]any{"name": p.owner},
	}
	if p.name != nil {
		m["name"] = *p.name
	}
	tags := make([]any, len(p.tags))
	for i, t := range p.tags {
		tags[i] = t
	}
	m["tags"] = tags
	return m
}

var words5 = []string{"alpha", "Beta", "gamma", "al", "O'Neil", "delta"}

func randomPerson(r *rand.Rand) person {
	p := person{
		n:     float64(r.IntN(10)),
		on:    r.IntN(2) == 0,
		when:  time.Date(2024, 1, 1+r.IntN(28), 0, 0, 0, 0, time.UTC),
		owner: words5[r.IntN(len(words5))],
	}
	if r.IntN(5) > 0 {
		s := words5[r.IntN(len(words5))] + " " + words5[r.IntN(len(words5))]
		p.name = &s
	}
	for range r.IntN(4) {
		p.tags = append(p.tags, words5[r.IntN(len(words5))])
	}
	return p
}

// gen makes a random filter and the Go function that decides it.
func gen(r *rand.Rand, depth int) (string, func(person) bool) {
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	lower := strings.ToLower
	if depth > 0 {
		switch r.IntN(4) {
		case 0:
			a, fa := gen(r, depth-1)
			b, fb := gen(r, depth-1)
			return "(" + a + ") and (" + b + ")", func(p person) bool { return fa(p) && fb(p) }
		case 1:
			a, fa := gen(r, depth-1)
			b, fb := gen(r, depth-1)
			return "(" + a + ") or (" + b + ")", func(p person) bool { return fa(p) || fb(p) }
		case 2:
			a, fa := gen(r, depth-1)
			return "not (" + a + ")", func(p person) bool { return !fa(p) }
		}
	}
	w := words5[r.IntN(len(words5))]
	k := float64(r.IntN(10))
	day := time.Date(2024, 1, 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	switch r.IntN(12) {
	case 0:
		return "name eq null", func(p person) bool { return p.name == nil }
	case 1:
		return "name ne null", func(p person) bool { return p.name != nil }
	case 2:
		return "startswith(name, " + quote(w) + ")", func(p person) bool { return p.name != nil && strings.HasPrefix(lower(*p.name), lower(w)) }
	case 3:
		return "endswith(name, " + quote(w) + ")", func(p person) bool { return p.name != nil && strings.HasSuffix(lower(*p.name), lower(w)) }
	case 4:
		return "contains(name, " + quote(w) + ")", func(p person) bool { return p.name != nil && strings.Contains(lower(*p.name), lower(w)) }
	case 5:
		ops := []string{"eq", "ne", "lt", "gt", "le", "ge"}
		op := ops[r.IntN(len(ops))]
		return fmt.Sprintf("n %s %v", op, k), func(p person) bool {
			switch op {
			case "eq":
				return p.n == k
			case "ne":
				return p.n != k
			case "lt":
				return p.n < k
			case "gt":
				return p.n > k
			case "le":
				return p.n <= k
			}
			return p.n >= k
		}
	case 6:
		return fmt.Sprintf("on eq %v", k > 4), func(p person) bool { return p.on == (k > 4) }
	case 7:
		return "tags/any(t: t eq " + quote(w) + ")", func(p person) bool {
			for _, t := range p.tags {
				if lower(t) == lower(w) {
					return true
				}
			}
			return false
		}
	case 8:
		n := r.IntN(3)
		return fmt.Sprintf("tags/$count eq %d", n), func(p person) bool { return len(p.tags) == n }
	case 9:
		return "when ge " + day.Format("2006-01-02T15:04:05Z"), func(p person) bool { return !p.when.Before(day) }
	case 10:
		w2 := words5[r.IntN(len(words5))]
		return "manager/name in (" + quote(w) + ", " + quote(w2) + ")", func(p person) bool {
			return lower(p.owner) == lower(w) || lower(p.owner) == lower(w2)
		}
	}
	return "tags/all(t: startswith(t, " + quote(w) + "))", func(p person) bool {
		for _, t := range p.tags {
			if !strings.HasPrefix(lower(t), lower(w)) {
				return false
			}
		}
		return true
	}
}

// TestFilterAgreesWithAnIndependentEvaluation generates filters and
// people, and checks that the evaluator decides every pair as the Go
// function written beside the filter does.
func TestFilterAgreesWithAnIndependentEvaluation(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	people := make([]person, 60)
	for i := range people {
		people[i] = randomPerson(r)
	}
	for range 400 {
		text, want := gen(r, 3)
		f, err := ParseFilter(text, Limits{})
		if err != nil {
			t.Fatalf("ParseFilter(%q) error = %v", text, err)
		}
		for _, p := range people {
			got, err := f.Eval(p.entity(), NewBudget(10_000))
			if err != nil {
				t.Fatalf("Eval(%q) error = %v", text, err)
			}
			if got != want(p) {
				t.Fatalf("Eval(%q) over %v = %v, the independent evaluation says %v", text, p.entity(), got, want(p))
			}
		}
	}
}
