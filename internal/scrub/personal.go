package scrub

import (
	_ "embed"
	"fmt"
	"strings"
)

// personalData is the list of Graph's personal properties: see the file
// for its form and sources.
//
//go:embed personal.txt
var personalData string

// A Personal is one line of the list of personal properties: a property
// of a Graph type whose values are personal data, and how they are
// replaced.
type Personal struct {
	Type     string // the type that declares it, such as user
	Parent   string // the property it must be under, "" for anywhere
	Property string // such as displayName
	Kind     Kind
}

// PersonalProperties returns the list of Graph's properties whose values
// the scrubber replaces.
func PersonalProperties() []Personal { return personal }

var personal, personalByName = mustParsePersonal(personalData)

// mustParsePersonal reads the list; a malformed line is a bug of the
// list, found by any test.
func mustParsePersonal(data string) ([]Personal, map[string][]Personal) {
	var list []Personal
	byName := map[string][]Personal{}
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || !kindNames[Kind(f[2])] {
			panic(fmt.Sprintf("scrub: personal.txt:%d: want TYPE PROPERTY KIND with KIND one of name, mail, phone, text, secret, address: %q", i+1, line))
		}
		p := Personal{Type: f[0], Property: f[1], Kind: Kind(f[2])}
		if parent, prop, ok := strings.Cut(f[1], "."); ok {
			p.Parent, p.Property = parent, prop
		}
		list = append(list, p)
		byName[p.Property] = append(byName[p.Property], p)
	}
	return list, byName
}

// personalKind returns how the value of property key under parent is
// replaced, "" when it is not a personal property.
func personalKind(parent, key string) Kind {
	var any Kind
	for _, p := range personalByName[key] {
		if p.Parent == parent {
			return p.Kind
		}
		if p.Parent == "" {
			any = p.Kind
		}
	}
	return any
}
