package odataquery

import (
	"strings"
	"unicode"
)

// A Search is a parsed $search: terms joined by AND or by OR.
type Search struct {
	Terms []SearchTerm
	// Any is set when the terms are joined by OR; otherwise every term
	// must match.
	Any bool
}

// A SearchTerm is "property:words" (the directory's form) or free text
// (Property "").
type SearchTerm struct {
	Property string
	Text     string
}

// ParseSearch parses $search: quoted terms joined by AND or OR (not
// both), each "property:words" or words, as Graph's $search page writes
// them (https://learn.microsoft.com/en-us/graph/search-query-parameter).
func ParseSearch(s string, limits Limits) (*Search, error) {
	limits = limits.withDefaults()
	if len(s) > limits.MaxLength {
		return nil, errorf("$search", "The query specified in the URI is not valid: $search is longer than %d characters.", limits.MaxLength)
	}
	out := &Search{}
	rest := strings.TrimSpace(s)
	joiner := ""
	for rest != "" {
		var term string
		if rest[0] == '"' {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return nil, errorf("$search", "Syntax error: the quoted term of $search is not closed.")
			}
			term, rest = rest[1:end+1], strings.TrimSpace(rest[end+2:])
		} else {
			n := strings.IndexFunc(rest, unicode.IsSpace)
			if n < 0 {
				n = len(rest)
			}
			term, rest = rest[:n], strings.TrimSpace(rest[n:])
		}
		if strings.TrimSpace(term) == "" {
			return nil, errorf("$search", "Syntax error: $search has an empty term.")
		}
		t := SearchTerm{Text: term}
		if prop, text, ok := strings.Cut(term, ":"); ok && identifier(prop) {
			t = SearchTerm{Property: prop, Text: text}
		}
		out.Terms = append(out.Terms, t)
		if len(out.Terms) > limits.MaxDepth {
			return nil, errorf("$search", "The query specified in the URI is not valid: $search has more than %d terms.", limits.MaxDepth)
		}
		if rest == "" {
			break
		}
		n := strings.IndexFunc(rest, unicode.IsSpace)
		if n < 0 {
			return nil, errorf("$search", "Syntax error: $search ends after '%s'.", rest)
		}
		op := strings.ToUpper(rest[:n])
		if op != "AND" && op != "OR" {
			return nil, errorf("$search", "Syntax error: '%s' is not AND or OR in $search.", rest[:n])
		}
		if joiner != "" && joiner != op {
			return nil, errorf("$search", "Syntax error: $search mixes AND and OR.")
		}
		joiner, rest = op, strings.TrimSpace(rest[n:])
		if rest == "" {
			return nil, errorf("$search", "Syntax error: $search ends with %s.", op)
		}
	}
	if len(out.Terms) == 0 {
		return nil, errorf("$search", "Syntax error: $search is empty.")
	}
	out.Any = joiner == "OR"
	return out, nil
}

// Match reports whether entity matches the search. A directory term
// matches when each of its words starts a word of the property's value
// (words split at spaces, punctuation and lower-to-upper case changes,
// ignoring case), as the directory tokenizes displayName; a free-text term
// matches when one of fields holds its text.
func (s *Search) Match(entity map[string]any, fields []string) bool {
	for _, t := range s.Terms {
		ok := t.match(entity, fields)
		if ok && s.Any {
			return true
		}
		if !ok && !s.Any {
			return false
		}
	}
	return !s.Any
}

func (t SearchTerm) match(entity map[string]any, fields []string) bool {
	if t.Property != "" {
		v, _ := entity[t.Property].(string)
		tokens := words(v)
		for _, w := range words(t.Text) {
			found := false
			for _, tok := range tokens {
				if strings.HasPrefix(tok, w) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	text := strings.ToLower(t.Text)
	for _, f := range fields {
		v, _ := Value(entity, strings.Split(f, "/")).(string)
		if strings.Contains(strings.ToLower(v), text) {
			return true
		}
	}
	return false
}

// words splits s into lower-case words at spaces, punctuation and
// lower-to-upper case changes.
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range s {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return out
}
