package store

import (
	"fmt"
	"strings"
)

// A Step is one segment of a Path: a collection or singleton Name, and for
// an entity of a collection its Key.
type Step struct {
	Name string
	Key  string
}

// A Path leads from the service root to a collection, a singleton or an
// entity.
type Path []Step

// Collection returns the path of the collection named name under p.
func (p Path) Collection(name string) Path {
	return append(p[:len(p):len(p)], Step{Name: name})
}

// Entity returns the path of the entity with key under collection p: p's
// last step with its Key set.
func (p Path) Entity(key string) Path {
	q := append(Path(nil), p...)
	if len(q) > 0 {
		q[len(q)-1].Key = key
	}
	return q
}

// Parent returns p without its last step.
func (p Path) Parent() Path {
	if len(p) == 0 {
		return nil
	}
	return p[: len(p)-1 : len(p)-1]
}

// String renders p as Graph writes it: users/{id}/messages.
func (p Path) String() string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(s.Name)
		if s.Key != "" {
			b.WriteByte('/')
			b.WriteString(s.Key)
		}
	}
	return b.String()
}

// Separators of encoded paths. Names and keys may not contain them.
const (
	sepStep = "\x1e"
	sepKey  = "\x1f"
)

// encode renders p as a map key: name US key, joined by RS. A collection's
// encoding ends in US; the key of its entity k is encoding+k; everything
// under entity e starts with encode(e)+RS.
func encode(p Path) string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 {
			b.WriteString(sepStep)
		}
		b.WriteString(s.Name)
		b.WriteString(sepKey)
		b.WriteString(s.Key)
	}
	return b.String()
}

// check reports whether p is well formed: not empty, every name set, no
// separator in a name or key.
func check(p Path) error {
	if len(p) == 0 {
		return fmt.Errorf("%w: empty path", ErrBadPath)
	}
	for i, s := range p {
		if s.Name == "" {
			return fmt.Errorf("%w: %s: step %d has no name", ErrBadPath, p, i+1)
		}
		if strings.ContainsAny(s.Name, sepStep+sepKey) || strings.ContainsAny(s.Key, sepStep+sepKey) {
			return fmt.Errorf("%w: %q: control character in step %d", ErrBadPath, p.String(), i+1)
		}
	}
	return nil
}

// checkCollection is check plus: the last step has no key.
func checkCollection(p Path) error {
	if err := check(p); err != nil {
		return err
	}
	if p[len(p)-1].Key != "" {
		return fmt.Errorf("%w: %s is an entity, not a collection", ErrBadPath, p)
	}
	return nil
}
