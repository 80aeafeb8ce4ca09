package odataquery

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Eval reports whether entity matches f, spending from b; it fails only
// when b runs out. entity holds JSON values as encoding/json decodes them
// (numbers as float64 or json.Number).
func (f *Filter) Eval(entity map[string]any, b *Budget) (bool, error) {
	ev := evaluator{entity: entity, b: b}
	v, err := ev.eval(f.Root)
	if err != nil {
		return false, err
	}
	return v == true, nil
}

// An evaluator evaluates one filter over one entity.
type evaluator struct {
	entity map[string]any
	vars   []binding
	b      *Budget
}

// A binding is a lambda variable and the member it stands for.
type binding struct {
	name  string
	value any
}

func (ev *evaluator) eval(e Expr) (any, error) {
	if err := ev.b.spend(1); err != nil {
		return nil, err
	}
	switch e := e.(type) {
	case Literal:
		return e.Value, nil
	case Path:
		v := ev.lookup(e.Segments)
		if e.Count {
			arr, _ := v.([]any)
			if err := ev.b.spend(len(arr)); err != nil {
				return nil, err
			}
			return float64(len(arr)), nil
		}
		return v, nil
	case Not:
		x, err := ev.eval(e.X)
		if err != nil {
			return nil, err
		}
		return x != true, nil
	case Binary:
		return ev.binary(e)
	case In:
		x, err := ev.eval(e.X)
		if err != nil {
			return nil, err
		}
		for _, item := range e.List {
			if equal(x, item.(Literal).Value) {
				return true, nil
			}
		}
		return false, nil
	case Call:
		x, err := ev.eval(e.Args[0])
		if err != nil {
			return nil, err
		}
		return call(e.Name, x, e.Args[1].(Literal).Value.(string)), nil
	case Lambda:
		return ev.lambda(e)
	}
	return nil, nil
}

func (ev *evaluator) binary(e Binary) (any, error) {
	l, err := ev.eval(e.L)
	if err != nil {
		return nil, err
	}
	switch e.Op {
	case "and":
		if l != true {
			return false, nil
		}
		r, err := ev.eval(e.R)
		return r == true, err
	case "or":
		if l == true {
			return true, nil
		}
		r, err := ev.eval(e.R)
		return r == true, err
	}
	r, err := ev.eval(e.R)
	if err != nil {
		return nil, err
	}
	switch e.Op {
	case "eq":
		return equal(l, r), nil
	case "ne":
		return !equal(l, r), nil
	}
	c, ok := compare(l, r)
	if !ok {
		return false, nil
	}
	switch e.Op {
	case "lt":
		return c < 0, nil
	case "le":
		return c <= 0, nil
	case "gt":
		return c > 0, nil
	}
	return c >= 0, nil // ge
}

func (ev *evaluator) lambda(e Lambda) (any, error) {
	arr, _ := ev.lookup(e.Path.Segments).([]any)
	if e.Body == nil {
		return len(arr) > 0, nil
	}
	all := e.Op == "all"
	for _, m := range arr {
		if err := ev.b.spend(1); err != nil {
			return nil, err
		}
		ev.vars = append(ev.vars, binding{e.Var, m})
		v, err := ev.eval(e.Body)
		ev.vars = ev.vars[:len(ev.vars)-1]
		if err != nil {
			return nil, err
		}
		if (v == true) != all {
			return !all, nil
		}
	}
	return all, nil
}

// lookup follows segs from a lambda variable or the entity.
func (ev *evaluator) lookup(segs []string) any {
	var cur any = ev.entity
	rest := segs
	for i := len(ev.vars) - 1; i >= 0; i-- {
		if ev.vars[i].name == segs[0] {
			cur, rest = ev.vars[i].value, segs[1:]
			break
		}
	}
	for _, s := range rest {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[s]
	}
	return cur
}

// Value returns what path names in entity, normalized (numbers as float64),
// nil when the entity does not hold it.
func Value(entity map[string]any, path []string) any {
	ev := evaluator{entity: entity}
	return normalize(ev.lookup(path))
}

// normalize turns JSON numbers of any Go type into float64.
func normalize(v any) any {
	switch n := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return string(n)
		}
		return f
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case int32:
		return float64(n)
	case float32:
		return float64(n)
	}
	return v
}

// equal compares l and r for eq: null equals only null; a collection
// equals a value one of its members equals.
func equal(l, r any) bool {
	l, r = normalize(l), normalize(r)
	if l == nil || r == nil {
		return l == nil && r == nil
	}
	if arr, ok := l.([]any); ok {
		for _, m := range arr {
			if equal(m, r) {
				return true
			}
		}
		return false
	}
	c, ok := compare(l, r)
	return ok && c == 0
}

// compare orders l and r, false when they do not compare (a null, values
// of different kinds).
func compare(l, r any) (int, bool) {
	l, r = normalize(l), normalize(r)
	switch a := l.(type) {
	case string:
		switch b := r.(type) {
		case string:
			return strings.Compare(strings.ToLower(a), strings.ToLower(b)), true
		case time.Time:
			if t, ok := timeOf(a); ok {
				return t.Compare(b), true
			}
		}
	case float64:
		if b, ok := r.(float64); ok {
			switch {
			case a < b:
				return -1, true
			case a > b:
				return 1, true
			}
			return 0, true
		}
	case bool:
		if b, ok := r.(bool); ok {
			switch {
			case a == b:
				return 0, true
			case !a:
				return -1, true
			}
			return 1, true
		}
	case time.Time:
		switch b := r.(type) {
		case time.Time:
			return a.Compare(b), true
		case string:
			if t, ok := timeOf(b); ok {
				return a.Compare(t), true
			}
		}
	}
	return 0, false
}

// call evaluates a string function, ignoring case; false for a value that
// is not a string.
func call(name string, v any, arg string) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	s, arg = strings.ToLower(s), strings.ToLower(arg)
	switch name {
	case "startswith":
		return strings.HasPrefix(s, arg)
	case "endswith":
		return strings.HasSuffix(s, arg)
	}
	return strings.Contains(s, arg)
}
