package odataquery

import (
	"strings"
)

// An OrderKey is one key of $orderby: a property path and its direction.
type OrderKey struct {
	Path []string
	Desc bool
}

// Property returns the key's path as $orderby writes it.
func (k OrderKey) Property() string { return strings.Join(k.Path, "/") }

// ParseOrderBy parses the value of $orderby: keys separated by commas,
// each a property path and an optional asc or desc.
func ParseOrderBy(s string, limits Limits) ([]OrderKey, error) {
	limits = limits.withDefaults()
	if len(s) > limits.MaxLength {
		return nil, errorf("$orderby", "The query specified in the URI is not valid: $orderby is longer than %d characters.", limits.MaxLength)
	}
	var keys []OrderKey
	for _, part := range strings.Split(s, ",") {
		fields := strings.Fields(part)
		if len(fields) == 0 || len(fields) > 2 {
			return nil, errorf("$orderby", "Syntax error: '%s' is not a valid $orderby clause.", strings.TrimSpace(part))
		}
		k := OrderKey{}
		if len(fields) == 2 {
			switch strings.ToLower(fields[1]) {
			case "asc":
			case "desc":
				k.Desc = true
			default:
				return nil, errorf("$orderby", "Syntax error: '%s' is not asc or desc in $orderby.", fields[1])
			}
		}
		for _, seg := range strings.Split(fields[0], "/") {
			if !identifier(seg) {
				return nil, errorf("$orderby", "Syntax error: '%s' is not a property path in $orderby.", fields[0])
			}
			k.Path = append(k.Path, seg)
		}
		if len(k.Path) > limits.MaxDepth || len(keys) >= limits.MaxDepth {
			return nil, errorf("$orderby", "The query specified in the URI is not valid: $orderby has too many keys or segments.")
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// identifier reports whether s is an OData identifier.
func identifier(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdent(s[i]) {
			return false
		}
	}
	return true
}

// Compare orders entities a and b by keys: nulls first in ascending order,
// strings ignoring case, values that do not compare as equal. It returns
// -1, 0 or 1.
func Compare(a, b map[string]any, keys []OrderKey) int {
	for _, k := range keys {
		c := compareValues(Value(a, k.Path), Value(b, k.Path))
		if k.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	c, _ := compare(a, b)
	return c
}

// ParseSelect parses the value of $select: property names separated by
// commas. It checks only the syntax; whether the type has them is the
// caller's question.
func ParseSelect(s string, limits Limits) ([]string, error) {
	limits = limits.withDefaults()
	if len(s) > limits.MaxLength {
		return nil, errorf("$select", "The query specified in the URI is not valid: $select is longer than %d characters.", limits.MaxLength)
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		name := strings.TrimSpace(part)
		if name != "*" && !identifier(name) {
			return nil, errorf("$select", "Syntax error: '%s' is not a property name in $select.", name)
		}
		out = append(out, name)
	}
	return out, nil
}
