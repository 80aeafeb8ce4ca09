package odataquery

import "strings"

// An ExpandItem is one navigation property $expand names, with the
// options in parentheses after it.
type ExpandItem struct {
	// Path is the property and, for an item written a/b, the properties
	// after it: more than one element is an expansion of more than one
	// level.
	Path []string
	// Options are the options in parentheses, by name as written
	// ("$select"), their values unparsed; nil without parentheses.
	Options map[string]string
}

// Property returns the navigation property the item expands: the first
// of its path.
func (it ExpandItem) Property() string { return it.Path[0] }

// ParseExpand reads $expand: a comma-separated list of navigation
// properties, each optionally followed by options in parentheses
// (members($select=id,displayName)), as OData writes it
// (https://learn.microsoft.com/en-us/graph/query-parameters#expand).
// It reads the syntax only: which properties and options a service takes
// is the caller's to check.
func ParseExpand(s string, limits Limits) ([]ExpandItem, error) {
	limits = limits.withDefaults()
	if len(s) > limits.MaxLength {
		return nil, errorf("$expand", "The query specified in the URI is not valid: $expand is longer than %d characters.", limits.MaxLength)
	}
	parts, ok := splitTop(s, ',')
	if !ok {
		return nil, errorf("$expand", "Syntax error: the parentheses of $expand '%s' do not balance.", s)
	}
	out := make([]ExpandItem, 0, len(parts))
	for _, part := range parts {
		part = strings.TrimSpace(part)
		name, opts, hasOpts := strings.Cut(part, "(")
		it := ExpandItem{}
		for _, seg := range strings.Split(strings.TrimSpace(name), "/") {
			if seg != "*" && !identifier(seg) {
				return nil, errorf("$expand", "Syntax error: '%s' is not a navigation property in $expand.", part)
			}
			it.Path = append(it.Path, seg)
		}
		if hasOpts {
			if !strings.HasSuffix(opts, ")") {
				return nil, errorf("$expand", "Syntax error: '%s' in $expand does not end with ')'.", part)
			}
			it.Options = map[string]string{}
			inner, ok := splitTop(opts[:len(opts)-1], ';')
			if !ok {
				return nil, errorf("$expand", "Syntax error: the parentheses of $expand '%s' do not balance.", part)
			}
			for _, o := range inner {
				k, v, ok := strings.Cut(strings.TrimSpace(o), "=")
				if !ok || k == "" {
					return nil, errorf("$expand", "Syntax error: '%s' in $expand is not an option=value pair.", o)
				}
				it.Options[k] = v
			}
		}
		out = append(out, it)
	}
	return out, nil
}

// splitTop splits s at each sep outside parentheses; false when the
// parentheses do not balance.
func splitTop(s string, sep byte) ([]string, bool) {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return nil, false
			}
		case sep:
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, false
	}
	return append(out, s[start:]), true
}
