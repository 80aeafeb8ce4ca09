package odataschema

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

// A Violation is one way a body breaks its schema.
type Violation struct {
	// Pointer is the JSON pointer (RFC 6901) of the offending value, as the
	// client wrote it; "" is the whole body.
	Pointer string
	// Code names the broken rule in Graph's camelCase: invalidType,
	// unknownProperty, invalidODataType, required, invalidEnumMember, …
	Code string
	// Message says what is wrong in words.
	Message string
}

// String renders the violation as "/pointer: message".
func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "(body)"
	}
	return p + ": " + v.Message
}

// violations turns gojsonschema's errors on one level into Violations with
// pointers relative to the level.
func violations(errs []gojsonschema.ResultError, l *level) []Violation {
	out := make([]Violation, 0, len(errs))
	for _, e := range errs {
		ptr := contextPointer(e.Context())
		code := camelCase(e.Type())
		var msg string
		switch e.Type() {
		case "required":
			prop, _ := e.Details()["property"].(string)
			ptr += "/" + token(prop)
			msg = fmt.Sprintf("%q is required", prop)
		case "invalid_type":
			msg = fmt.Sprintf("want %s, got %v", typeList(e.Details()["expected"]), e.Details()["given"])
		case "pattern":
			pattern := fmt.Sprint(e.Details()["pattern"])
			if en, ok := l.enums[pattern]; ok {
				code = "invalidEnumMember"
				names := make([]string, len(en.Members))
				for i, m := range en.Members {
					names[i] = m.Name
				}
				msg = fmt.Sprintf("%s is not a member of %s: %s", quote(e.Value()), en.Name, strings.Join(names, ", "))
				if en.IsFlags {
					msg = fmt.Sprintf("%s is not a comma-separated list of members of %s: %s", quote(e.Value()), en.Name, strings.Join(names, ", "))
				}
			} else if pattern == "^(?:true|false)$" {
				code = "invalidType"
				msg = fmt.Sprintf("want a boolean, got %s", quote(e.Value()))
			} else {
				msg = fmt.Sprintf("%s does not match %s", quote(e.Value()), pattern)
			}
		case "format":
			format, _ := e.Details()["format"].(string)
			code = "invalidValue"
			msg = fmt.Sprintf("%s is not %s", quote(e.Value()), edmName[format])
		default:
			msg = e.Description()
		}
		out = append(out, Violation{Pointer: ptr, Code: code, Message: msg})
	}
	return out
}

// contextPointer converts a gojsonschema context such as (root).a.b into
// the JSON pointer /a/b. A NUL delimiter keeps keys containing dots intact.
func contextPointer(c *gojsonschema.JsonContext) string {
	if c == nil {
		return ""
	}
	parts := strings.Split(c.String("\x00"), "\x00")
	var b strings.Builder
	for _, p := range parts[1:] { // parts[0] is "(root)"
		b.WriteByte('/')
		b.WriteString(token(p))
	}
	return b.String()
}

// token escapes s as a JSON pointer token.
func token(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// unescape reverses token.
func unescape(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
}

// typeList turns gojsonschema's "[string,null]" into "string or null".
func typeList(v any) string {
	s := strings.Trim(fmt.Sprint(v), "[]")
	return strings.ReplaceAll(s, ",", " or ")
}

// camelCase turns gojsonschema's snake_case error types into Graph-style
// codes: invalid_type becomes invalidType.
func camelCase(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func quote(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
