package odataschema

import (
	"fmt"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// violations turns gojsonschema's errors on one level into Violations with
// pointers relative to the level.
func violations(errs []gojsonschema.ResultError, l *level) []graphwire.Violation {
	out := make([]graphwire.Violation, 0, len(errs))
	for _, e := range errs {
		ptr := schema.ContextPointer(e.Context())
		code := schema.CamelCase(e.Type())
		var msg string
		switch e.Type() {
		case "required":
			prop, _ := e.Details()["property"].(string)
			ptr += "/" + token(prop)
			msg = fmt.Sprintf("%q is required", prop)
		case "invalid_type":
			msg = fmt.Sprintf("want %s, got %v", schema.TypeList(e.Details()["expected"]), e.Details()["given"])
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
		out = append(out, graphwire.Violation{Field: ptr, Code: code, Message: msg})
	}
	return out
}

// token escapes s as a JSON pointer token.
func token(s string) string { return strictjson.EscapeToken(s) }

// unescape reverses token.
func unescape(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
}

func quote(v any) string { return strictjson.Quote(v) }
