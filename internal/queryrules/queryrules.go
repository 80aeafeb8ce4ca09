// Package queryrules holds Microsoft Graph's rules for querying directory
// objects as data: which property supports which $filter operator and
// which $orderby by default, which only in an advanced query
// (ConsistencyLevel: eventual with $count=true), and which not at all,
// with the errors Graph answers. The data, queryrules.yaml, copies
// Microsoft's per-property tables from "Advanced query capabilities on
// Microsoft Entra ID objects"
// (https://learn.microsoft.com/en-us/graph/aad-advanced-queries), each
// rule with its source; a change in Graph is a change of that file.
package queryrules

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/graphmock/graphmock/internal/graphrules"
	"gopkg.in/yaml.v3"
)

//go:embed queryrules.yaml
var embedded []byte

var defaults = mustParse("queryrules.yaml", embedded)

func mustParse(name string, data []byte) *Rules {
	r, err := Parse(name, data)
	if err != nil {
		panic("queryrules: " + err.Error())
	}
	return r
}

// Default returns the rules embedded in the package, the same value on
// every call. It must not be changed.
func Default() *Rules { return defaults }

// A Support is how Graph answers a query option on a property.
type Support int

// Supports, weakest first.
const (
	// Refused: Graph answers 400 whatever the headers.
	Refused Support = iota
	// Advanced: only with ConsistencyLevel: eventual and $count=true.
	Advanced
	// ByDefault: always.
	ByDefault
)

// String names the support as the tables' legend does.
func (s Support) String() string {
	switch s {
	case ByDefault:
		return "default"
	case Advanced:
		return "advanced"
	}
	return "not supported"
}

// Rules is a loaded rules file. Its values must not be changed.
type Rules struct {
	Source string `yaml:"source"`
	// Derived lists operators whose support follows another's.
	Derived []Derived `yaml:"derived"`
	// Only lists operators supported on a few properties only.
	Only []Only `yaml:"only"`
	// Errors are Graph's refusals, by name.
	Errors    map[string]*graphrules.ErrorRule `yaml:"errors"`
	Resources []*Resource                      `yaml:"resources"`

	byCollection map[string]*Resource
}

// A Derived rule gives operator the support of operator From, made
// Advanced where that is ByDefault when AtLeast is "advanced".
type Derived struct {
	Operator string `yaml:"operator"`
	From     string `yaml:"from"`
	AtLeast  string `yaml:"atLeast"`
	// OperatorError is set when Graph's refusal names the operator
	// rather than the property.
	OperatorError   bool `yaml:"operatorError"`
	graphrules.Cite `yaml:",inline"`
}

// An Only rule supports Operator on Properties ("*" for every property
// the tables list) with Support, and on no other property.
type Only struct {
	Operator        string   `yaml:"operator"`
	Support         string   `yaml:"support"`
	Properties      []string `yaml:"properties"`
	OperatorError   bool     `yaml:"operatorError"`
	graphrules.Cite `yaml:",inline"`
}

// A Resource holds the rules of one kind of directory object.
type Resource struct {
	// Name is the resource as Graph's messages name it: User, Group.
	Name        string   `yaml:"resource"`
	Collections []string `yaml:"collections"`
	// Search lists the properties a $search term may name.
	Search []string `yaml:"search"`
	// FilterColumns names the operators of the filter table's columns.
	FilterColumns []string `yaml:"filterColumns"`
	// FilterTable holds one row per property, a cell per column: D, A,
	// N, -.
	FilterTable map[string]string `yaml:"filter"`
	// OrderByTable holds the $orderby support of each property: D or A.
	OrderByTable map[string]string `yaml:"orderby"`

	rules *Rules
	cells map[string]map[string]Support // property → operator → support
}

// Parse reads a rules file; name is used in errors.
func Parse(name string, data []byte) (*Rules, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	r := &Rules{}
	if err := dec.Decode(r); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	r.byCollection = map[string]*Resource{}
	for _, need := range []string{"advancedOperator", "unsupportedProperty", "allLambda", "sorting", "countSegment", "search", "skip", "pageToken", "unknownProperty", "deltaOption", "deltaToken"} {
		if e := r.Errors[need]; e == nil || e.Status == 0 || e.Message == "" || e.Source == "" {
			return nil, fmt.Errorf("%s: errors.%s: missing, or without status, message or source", name, need)
		}
	}
	for _, d := range r.Derived {
		if d.Operator == "" || d.From == "" || d.Source == "" || (d.AtLeast != "" && d.AtLeast != "advanced") {
			return nil, fmt.Errorf("%s: derived %q: needs operator, from, source, and atLeast empty or advanced", name, d.Operator)
		}
	}
	for _, o := range r.Only {
		if _, ok := supportOf(o.Support); !ok || o.Source == "" {
			return nil, fmt.Errorf("%s: only %q: support must be default, advanced or none, with a source", name, o.Operator)
		}
	}
	for i, res := range r.Resources {
		res.rules = r
		res.cells = map[string]map[string]Support{}
		for prop, row := range res.FilterTable {
			cells := strings.Fields(row)
			if len(cells) != len(res.FilterColumns) {
				return nil, fmt.Errorf("%s: resources[%d].filter.%s: %d cells for %d columns", name, i, prop, len(cells), len(res.FilterColumns))
			}
			res.cells[prop] = map[string]Support{}
			for j, c := range cells {
				s, ok := map[string]Support{"D": ByDefault, "A": Advanced, "N": Refused, "-": Refused}[c]
				if !ok {
					return nil, fmt.Errorf("%s: resources[%d].filter.%s: cell %q is not D, A, N or -", name, i, prop, c)
				}
				res.cells[prop][res.FilterColumns[j]] = s
			}
		}
		for prop, c := range res.OrderByTable {
			if c != "D" && c != "A" {
				return nil, fmt.Errorf("%s: resources[%d].orderby.%s: %q is not D or A", name, i, prop, c)
			}
		}
		for _, coll := range res.Collections {
			r.byCollection[coll] = res
		}
	}
	return r, nil
}

func supportOf(s string) (Support, bool) {
	switch s {
	case "default":
		return ByDefault, true
	case "advanced":
		return Advanced, true
	case "none":
		return Refused, true
	}
	return Refused, false
}

// For returns the rules of the directory collection coll (users, groups),
// false for a collection the tables do not cover.
func (r *Rules) For(coll string) (*Resource, bool) {
	res, ok := r.byCollection[coll]
	return res, ok
}

// Error renders the error called name with its placeholders filled:
// pairs of name and value.
func (r *Rules) Error(name string, pairs ...string) graphrules.GraphError {
	return r.Errors[name].Render(pairs...)
}

// Operators lists the operators Filter answers for, in the order of
// Microsoft's tables and then the rest.
func (r *Rules) Operators() []string {
	return []string{"eq", "ne", "not", "in", "lt", "le", "gt", "ge", "startsWith", "endsWith", "contains", "null", "any", "all", "count"}
}

// Properties lists the properties the filter table has a row for, sorted.
func (res *Resource) Properties() []string {
	out := make([]string, 0, len(res.cells))
	for p := range res.cells {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// listed reports whether the table has property, or rows for members of
// it (assignedLicenses for assignedLicenses/skuId).
func (res *Resource) listed(property string) bool {
	if _, ok := res.cells[property]; ok {
		return true
	}
	for p := range res.cells {
		if strings.HasPrefix(p, property+"/") {
			return true
		}
	}
	return false
}

// Filter returns how Graph answers operator on property in $filter, and
// whether its refusal names the operator (Operator 'ne' is not
// supported…) rather than the property. property is a path as the filter
// writes it, lambda variables resolved: assignedLicenses/skuId for
// assignedLicenses/any(a:a/skuId eq …).
func (res *Resource) Filter(property, operator string) (Support, bool) {
	switch operator {
	case "any":
		if res.listed(property) {
			return ByDefault, false
		}
		return Refused, false
	case "all":
		return Refused, false
	}
	for _, o := range res.rules.Only {
		if o.Operator != operator {
			continue
		}
		s, _ := supportOf(o.Support)
		if (slices.Contains(o.Properties, "*") && res.listed(property)) || slices.Contains(o.Properties, property) {
			return s, o.OperatorError
		}
		return Refused, o.OperatorError
	}
	for _, d := range res.rules.Derived {
		if d.Operator != operator {
			continue
		}
		s, _ := res.Filter(property, d.From)
		if d.AtLeast == "advanced" && s == ByDefault {
			s = Advanced
		}
		return s, d.OperatorError && s != Refused
	}
	return res.cells[property][operator], false
}

// Sort returns how Graph answers $orderby on property.
func (res *Resource) Sort(property string) Support {
	switch res.OrderByTable[property] {
	case "D":
		return ByDefault
	case "A":
		return Advanced
	}
	return Refused
}
