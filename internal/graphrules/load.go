package graphrules

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed rules.yaml
var embedded []byte

// defaults is the embedded file, loaded at init.
var defaults = mustParse("rules.yaml", embedded)

func mustParse(name string, data []byte) *Rules {
	r, err := Parse(name, data)
	if err != nil {
		panic("graphrules: " + err.Error())
	}
	return r
}

// Default returns the rules embedded in the package. It is the same value
// on every call.
func Default() *Rules { return defaults }

// An Error is one problem with a rules file, where it is and what is
// wrong.
type Error struct {
	File string
	Line int    // 1-based; 0 when unknown
	Path string // the value at fault, such as collections[2].pageSize
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns what is wrong.
func (e *Error) Unwrap() error { return e.Err }

// ErrNoSource is the error of a rule without a source.
var ErrNoSource = errors.New("no source: say which page states the rule, or write guess: true with the page that comes closest")

type file struct {
	Workloads   []*Workload   `yaml:"workloads"`
	Collections []*Collection `yaml:"collections"`
}

// yamlLine finds the line in yaml.v3's messages ("line 12: field x not
// found in type …", "yaml: line 3: …").
var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// Parse reads and checks a rules file. name is the file's name for
// messages. Every problem is reported, joined, each an *Error with its
// line; unknown keys are problems.
func Parse(name string, data []byte) (*Rules, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: name, Err: errors.New("empty file")}
		}
		return nil, yamlErrors(name, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlErrors(name, err)
	}
	c := checker{file: name, root: &root}
	r := &Rules{workloads: map[string]*Workload{}, collections: map[string]*Collection{}}
	for i, w := range f.Workloads {
		at := []any{"workloads", i}
		if w == nil {
			c.fail(at, "empty workload")
			continue
		}
		if w.Name == "" {
			c.fail(at, "no name")
		} else if _, dup := r.workloads[w.Name]; dup {
			c.fail(append(at, "name"), "workload %q is defined twice", w.Name)
		}
		r.workloads[w.Name] = w
		c.status(at, "update", w.Update, true)
		c.status(at, "delete", w.Delete, true)
		c.errorRule(at, "notFound", w.NotFound, true, "id")
		c.errorRule(at, "duplicateRef", w.DuplicateRef, false, "nav")
		c.errorRule(at, "notUnique", w.NotUnique, false, "property")
		c.limit(at, "maxBindRefs", w.MaxBindRefs)
		c.idShape(at, "id", w.ID, true)
	}
	for i, col := range f.Collections {
		at := []any{"collections", i}
		if col == nil {
			c.fail(at, "empty collection")
			continue
		}
		if col.Path == "" {
			c.fail(at, "no path")
		} else if _, dup := r.collections[col.Path]; dup {
			c.fail(append(at, "path"), "collection %q is defined twice", col.Path)
		}
		if col.Type == "" {
			c.fail(at, "no type")
		}
		w, ok := r.workloads[col.Workload]
		if !ok {
			c.fail(append(at, "workload"), "unknown workload %q", col.Workload)
			w = &Workload{}
		}
		col.workload = w
		r.collections[col.Path] = col
		r.order = append(r.order, col)
		c.status(at, "update", col.Update, false)
		c.status(at, "delete", col.Delete, false)
		c.errorRule(at, "notFound", col.NotFound, false, "id")
		c.errorRule(at, "duplicateRef", col.DuplicateRef, false, "nav")
		c.errorRule(at, "notUnique", col.NotUnique, false, "property")
		c.limit(at, "maxBindRefs", col.MaxBindRefs)
		c.idShape(at, "id", col.ID, false)
		if p := col.PageSize; p != nil {
			c.cite(append(at, "pageSize"), p.Cite)
			if p.Default < 1 || p.Max < p.Default {
				c.fail(append(at, "pageSize"), "want 1 <= default <= max, got default %d, max %d", p.Default, p.Max)
			}
		}
		for _, k := range []struct {
			key string
			p   *Properties
		}{{"required", col.Required}, {"defaultSelect", col.DefaultSelect}, {"writeOnly", col.WriteOnly}, {"computed", col.Computed}} {
			c.properties(append(at, k.key), k.p)
		}
		for j, u := range col.Unique {
			uat := append(at, "unique", j)
			c.cite(uat, u.Cite)
			if u.Property == "" {
				c.fail(uat, "no property")
			}
		}
	}
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return r, nil
}

// contextErrors are yaml.v3's parser errors, whose line it gives from the
// 0-based mark of the construct left open (a flow list, a mapping): one
// less than the line of that construct, which is what Parse reports (the
// list of collections for a badly indented key in one of them).
// Scanner errors and decoding errors carry the right line.
var contextErrors = map[string]bool{
	"did not find expected key":           true,
	"did not find expected node content":  true,
	"did not find expected ',' or ']'":    true,
	"did not find expected ',' or '}'":    true,
	"did not find expected '-' indicator": true,
}

func yamlErrors(name string, err error) error {
	var lines []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		lines = te.Errors
	} else {
		lines = []string{err.Error()}
	}
	var errs []error
	for _, l := range lines {
		e := &Error{File: name, Err: errors.New(l)}
		if m := yamlLine.FindStringSubmatch(l); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Err = errors.New(m[2])
			if contextErrors[m[2]] {
				e.Line++
			}
		}
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

// A checker collects the problems of one file.
type checker struct {
	file string
	root *yaml.Node
	errs []error
}

func (c *checker) fail(at []any, format string, args ...any) {
	c.errs = append(c.errs, &Error{File: c.file, Line: c.line(at), Path: render(at), Err: fmt.Errorf(format, args...)})
}

// line returns the line of the value at path at (keys and indexes from the
// document's root), or of its closest parent that exists.
func (c *checker) line(at []any) int {
	n := c.root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, step := range at {
		var next *yaml.Node
		switch s := step.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == s {
						next = n.Content[i+1]
						line = n.Content[i].Line
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && s < len(n.Content) {
				next = n.Content[s]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}

func render(at []any) string {
	var b strings.Builder
	for _, s := range at {
		switch s := s.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s)
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		}
	}
	return b.String()
}

func (c *checker) cite(at []any, ct Cite) {
	if ct.Source == "" {
		c.fail(at, "%w", ErrNoSource)
	} else if !strings.HasPrefix(ct.Source, "https://") {
		c.fail(append(at, "source"), "source %q is not an https address", ct.Source)
	}
}

func (c *checker) status(parent []any, key string, s *Status, required bool) {
	at := append(slices.Clone(parent), key)
	if s == nil {
		if required {
			c.fail(parent, "no %s rule", key)
		}
		return
	}
	c.cite(at, s.Cite)
	if s.Status < 200 || s.Status > 299 {
		c.fail(at, "status %d is not a success", s.Status)
	}
}

func (c *checker) errorRule(parent []any, key string, e *ErrorRule, required bool, allowed ...string) {
	at := append(slices.Clone(parent), key)
	if e == nil {
		if required {
			c.fail(parent, "no %s rule", key)
		}
		return
	}
	c.cite(at, e.Cite)
	if e.Status < 400 || e.Status > 599 {
		c.fail(at, "status %d is not an error", e.Status)
	}
	if e.Message == "" {
		c.fail(at, "no message")
	}
	for _, m := range regexp.MustCompile(`\{([^}]*)\}`).FindAllStringSubmatch(e.Message, -1) {
		if !slices.Contains(allowed, m[1]) {
			c.fail(append(at, "message"), "placeholder {%s} is not one of %v", m[1], allowed)
		}
	}
}

func (c *checker) limit(parent []any, key string, l *Limit) {
	if l == nil {
		return
	}
	at := append(slices.Clone(parent), key)
	c.cite(at, l.Cite)
	if l.Value < 1 {
		c.fail(at, "value %d is not positive", l.Value)
	}
}

func (c *checker) properties(at []any, p *Properties) {
	if p == nil {
		return
	}
	c.cite(at, p.Cite)
	if len(p.Properties) == 0 {
		c.fail(at, "no properties")
	}
	seen := map[string]bool{}
	for _, n := range p.Properties {
		if n == "" || seen[n] {
			c.fail(append(at, "properties"), "property %q is empty or named twice", n)
		}
		seen[n] = true
	}
}

func (c *checker) idShape(parent []any, key string, s *IDShape, required bool) {
	at := append(slices.Clone(parent), key)
	if s == nil {
		if required {
			c.fail(parent, "no %s rule", key)
		}
		return
	}
	c.cite(at, s.Cite)
	if !slices.Contains(kinds, s.Kind) {
		c.fail(append(at, "kind"), "unknown id kind %q (want one of %v)", s.Kind, kinds)
		return
	}
	re, err := regexp.Compile(`^(?:` + s.Pattern + `)$`)
	if err != nil || s.Pattern == "" {
		c.fail(append(at, "pattern"), "bad pattern %q: %v", s.Pattern, err)
		return
	}
	s.re = re
	if !s.Match(s.Example) {
		c.fail(append(at, "example"), "example %q does not match pattern %q", s.Example, s.Pattern)
	}
	if (s.Kind == Thread) != (s.Suffix != "") {
		c.fail(at, "a suffix is for thread ids, and thread ids need one")
	}
	for n := range uint64(3) {
		if id := s.New(n, time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)); !s.Match(id) {
			c.fail(append(at, "pattern"), "id %q made for kind %s does not match pattern %q", id, s.Kind, s.Pattern)
			break
		}
	}
}
