package strictyaml

import (
	"strconv"
	"strings"
)

// A Path locates a value in a document by the mapping keys and list
// indexes that lead to it, such as scenarios[0].request.path. The zero
// Path is the document itself. Paths are values: Key and Index return new
// ones and never change the receiver.
type Path struct {
	elems []elem
}

type elem struct {
	key   string
	index int // -1 for a key
}

// Key returns the path of the value under key k.
func (p Path) Key(k string) Path { return p.with(elem{key: k, index: -1}) }

// Index returns the path of the list item at i.
func (p Path) Index(i int) Path { return p.with(elem{index: i}) }

func (p Path) with(e elem) Path {
	elems := make([]elem, len(p.elems), len(p.elems)+1)
	copy(elems, p.elems)
	return Path{elems: append(elems, e)}
}

// Join returns the path of rel, taken from the value at p.
func (p Path) Join(rel Path) Path {
	elems := make([]elem, 0, len(p.elems)+len(rel.elems))
	return Path{elems: append(append(elems, p.elems...), rel.elems...)}
}

// Len returns the number of keys and indexes in the path.
func (p Path) Len() int { return len(p.elems) }

// KeyAt returns the key at position i, and false when it is an index.
func (p Path) KeyAt(i int) (string, bool) {
	e := p.elems[i]
	return e.key, e.index < 0
}

// IndexAt returns the index at position i, and false when it is a key.
func (p Path) IndexAt(i int) (int, bool) {
	e := p.elems[i]
	return e.index, e.index >= 0
}

// From returns the part of the path from position i on.
func (p Path) From(i int) Path { return Path{elems: p.elems[i:]} }

// Parent returns the path without its last element.
func (p Path) Parent() Path {
	if len(p.elems) == 0 {
		return p
	}
	return Path{elems: p.elems[:len(p.elems)-1]}
}

// String renders the path as a scenario file's reader would write it:
// keys joined with dots, indexes in brackets.
func (p Path) String() string {
	var b strings.Builder
	for i, e := range p.elems {
		if e.index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(e.index))
			b.WriteByte(']')
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(e.key)
	}
	return b.String()
}

// ParsePath reads a path in the form String writes, for paths written by
// people (a key holding '.' or '[' cannot be written this way).
func ParsePath(s string) Path {
	var p Path
	for s != "" {
		switch {
		case s[0] == '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return p.Key(s)
			}
			i, err := strconv.Atoi(s[1:end])
			if err != nil {
				p = p.Key(s[:end+1])
			} else {
				p = p.Index(i)
			}
			s = strings.TrimPrefix(s[end+1:], ".")
		default:
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				return p.Key(s)
			}
			p = p.Key(s[:end])
			s = strings.TrimPrefix(s[end:], ".")
		}
	}
	return p
}
