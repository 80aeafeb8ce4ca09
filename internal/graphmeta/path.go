package graphmeta

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odatapath"
	"github.com/graphmock/graphmock/internal/suggest"
)

// A PathAnswer says whether Graph has a path.
type PathAnswer struct {
	// Metadata is set when the path's API version has metadata; the other
	// fields are empty when it has not.
	Metadata bool
	// Has is set when Graph has the path; Target is what it addresses.
	Has    bool
	Target odatapath.Target
	// Unknown is the first segment Graph does not know, when it does not
	// have the path.
	Unknown *odatapath.UnknownSegmentError
	// Suggestion is the name Graph knows at Unknown's place that is
	// closest to it (within two edits, ignoring case), or "".
	Suggestion string
}

// What describes what the path addresses: its type, as "a collection of
// T" for a collection; "" when Graph does not have the path or the path
// addresses nothing typed (an action without a result, $batch).
func (a PathAnswer) What() string {
	if !a.Has || a.Target.Type == "" {
		return ""
	}
	if a.Target.Collection {
		return "a collection of " + a.Target.Type
	}
	return a.Target.Type
}

// Path answers whether Graph has path, a full URL path such as
// /v1.0/groups/{id}/members, read as Graph reads it (not strictly). A
// query string is ignored.
func (c *Catalog) Path(path string) PathAnswer {
	version, rest := SplitVersion(path)
	ver, err := c.Version(version)
	if ver == nil || err != nil {
		return PathAnswer{}
	}
	paths := ver.Paths(false)
	target, err := paths.Resolve(rest)
	var unknown *odatapath.UnknownSegmentError
	switch {
	case errors.As(err, &unknown):
		return PathAnswer{Metadata: true, Unknown: unknown, Suggestion: ver.suggestSegment(rest, unknown)}
	case err != nil:
		return PathAnswer{Metadata: true}
	}
	return PathAnswer{Metadata: true, Has: true, Target: target}
}

// suggestSegment names what Graph knows at the place of the unknown
// segment of path closest to it: an entity set or singleton first, then a
// property, navigation property or bound operation of what the segments
// before it address.
func (v *Version) suggestSegment(path string, unknown *odatapath.UnknownSegmentError) string {
	if unknown.Segment == "" {
		return ""
	}
	var names []string
	if unknown.Index == 0 {
		if c := v.Model.Container; c != nil {
			for _, s := range c.EntitySets {
				names = append(names, s.Name)
			}
			for _, s := range c.Singletons {
				names = append(names, s.Name)
			}
		}
	} else {
		path, _, _ = strings.Cut(path, "?")
		segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
		before, err := v.Paths(false).Resolve("/" + strings.Join(segs[:unknown.Index], "/"))
		if err != nil || before.Structured == nil {
			return ""
		}
		names = memberNames(v.Model, before.Structured, before.Collection)
	}
	slices.Sort(names)
	segment, _, _ := strings.Cut(unknown.Segment, "(") // a call: delta()
	// DidYouMean answers ` (did you mean "x"?)`; the answer is x.
	quoted := strings.TrimSuffix(strings.TrimPrefix(suggest.DidYouMean(segment, names), " (did you mean "), "?)")
	name, err := strconv.Unquote(quoted)
	if err != nil {
		return ""
	}
	return name
}

// memberNames lists what may follow a value of t: its properties and
// navigation properties, those of the types derived from it, and the
// operations bound to it or its base types.
func memberNames(m *csdl.Model, t *csdl.StructuredType, collection bool) []string {
	var names []string
	if !collection {
		for _, p := range t.AllProperties() {
			names = append(names, p.Name)
		}
		for _, n := range t.AllNavigationProperties() {
			names = append(names, n.Name)
		}
		// What a derived type inherits is t's or declared by a type
		// between: each declares its own, once, however deep the tree.
		for _, d := range t.Descendants() {
			for _, p := range d.Properties {
				names = append(names, p.Name)
			}
			for _, n := range d.NavigationProperties {
				names = append(names, n.Name)
			}
		}
	}
	for b := t; b != nil; b = b.Base {
		for _, op := range m.BoundOperations(b.Name) {
			if op.Parameters[0].Type.Collection == collection {
				names = append(names, op.SimpleName())
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// CanonicalPath returns path, a full URL path or path template such as
// /v1.0/me/mailfolders/{id}, with each name Graph knows spelt as its
// metadata declares it (/v1.0/me/mailFolders/{id}), as Graph reads names
// without regard to case while keys keep theirs. A path Graph does not
// have, or of a version without metadata, is returned as given, and so is
// a query string.
func (c *Catalog) CanonicalPath(path string) string {
	version, rest := SplitVersion(path)
	if version == "" || strings.ContainsAny(path, "?#") {
		return path
	}
	ver, err := c.Version(version)
	if ver == nil || err != nil {
		return path
	}
	canonical, ok := ver.Paths(false).Canonical(rest)
	if !ok {
		return path
	}
	return "/" + version + canonical
}
