package schema

import (
	"fmt"
	"sort"
	"strings"

	"github.com/graphmock/graphmock/internal/edm"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// DateTimeOffsetPattern is Graph's pattern for Edm.DateTimeOffset, as
// hand-written schemas use it; violations of it get a readable message.
const DateTimeOffsetPattern = `^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$`

// violations turns gojsonschema's errors into Graph error details: JSON
// pointers, camelCase codes, and without the noise of combinators whose
// branches already explain the problem. Its cost is linear in the number
// of errors and the depth of their pointers.
func violations(errs []gojsonschema.ResultError) []graphwire.Violation {
	type found struct {
		graphwire.Violation
		typ   string
		value any
	}
	all := make([]found, 0, len(errs))
	for _, e := range errs {
		ptr := ContextPointer(e.Context())
		typ := e.Type()
		code := CamelCase(typ)
		msg := e.Description()
		switch typ {
		case "required":
			prop, _ := e.Details()["property"].(string)
			ptr += "/" + strictjson.EscapeToken(prop)
			msg = fmt.Sprintf("property %q is required", prop)
		case "additional_property_not_allowed", "invalid_property_name":
			prop, _ := e.Details()["property"].(string)
			ptr += "/" + strictjson.EscapeToken(prop)
			msg = fmt.Sprintf("property %q is not defined by the schema (only declared properties and @odata annotations are allowed)", prop)
			code = "unknownProperty"
		case "invalid_type":
			msg = fmt.Sprintf("want %s, got %v", TypeList(e.Details()["expected"]), e.Details()["given"])
		case "pattern":
			if fmt.Sprint(e.Details()["pattern"]) == DateTimeOffsetPattern {
				msg = fmt.Sprintf("%s is not a DateTimeOffset: want an RFC 3339 date-time with an offset, such as 2026-11-27T10:00:00Z", strictjson.Quote(e.Value()))
				code = "invalidDateTimeOffset"
			} else {
				msg = fmt.Sprintf("%s does not match the pattern %v", strictjson.Quote(e.Value()), e.Details()["pattern"])
			}
		case "format":
			format := fmt.Sprint(e.Details()["format"])
			if name, ok := edmNames[format]; ok {
				msg = fmt.Sprintf("%s is not %s", strictjson.Quote(e.Value()), name)
				code = "invalid" + strings.TrimPrefix(name[strings.IndexByte(name, ' ')+1:], "Edm.")
				if format == edm.FormatDateTimeOffset {
					msg = fmt.Sprintf("%s is not a DateTimeOffset: want an RFC 3339 date-time that exists, with an offset of at most ±14:00, such as 2026-11-27T10:00:00Z", strictjson.Quote(e.Value()))
					code = "invalidDateTimeOffset"
				}
			} else {
				msg = fmt.Sprintf("%s is not a valid %v", strictjson.Quote(e.Value()), format)
			}
		}
		all = append(all, found{graphwire.Violation{Field: ptr, Code: code, Message: msg}, typ, e.Value()})
	}
	// Drop errors that only echo a more specific one: combinators whose
	// branches reported, the pattern error behind an unknown property name
	// (propertyNames reports both), and a format error beside a pattern
	// error on the same value. Indexes keep this linear: under counts the
	// errors at or below each pointer, byField the kinds at each pointer.
	under := make(map[string]int, len(all))
	byField := make(map[string]map[string]bool, len(all))
	for _, f := range all {
		for p := f.Field; ; {
			under[p]++
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
		}
		if byField[f.Field] == nil {
			byField[f.Field] = make(map[string]bool, 1)
		}
		byField[f.Field][f.typ] = true
	}
	keep := all[:0]
	for _, f := range all {
		redundant := false
		switch f.typ {
		case "number_any_of", "number_one_of", "number_all_of":
			redundant = under[f.Field] > 1
		case "pattern":
			redundant = byField[f.Field+"/"+strictjson.EscapeToken(fmt.Sprint(f.value))]["invalid_property_name"]
		case "format":
			redundant = byField[f.Field]["pattern"]
		}
		if !redundant {
			keep = append(keep, f)
		}
	}
	out := make([]graphwire.Violation, len(keep))
	for i, f := range keep {
		out[i] = f.Violation
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// edmNames names the Edm formats in messages.
var edmNames = map[string]string{
	edm.FormatDateTimeOffset: "an Edm.DateTimeOffset",
	edm.FormatDate:           "an Edm.Date",
	edm.FormatTimeOfDay:      "an Edm.TimeOfDay",
	edm.FormatDuration:       "an Edm.Duration",
	edm.FormatGuid:           "an Edm.Guid",
	edm.FormatBinary:         "an Edm.Binary",
	edm.FormatDouble:         "an Edm.Double",
}

// TypeList turns gojsonschema's "[string,null]" into "string or null".
func TypeList(v any) string {
	s := strings.Trim(fmt.Sprint(v), "[]")
	return strings.ReplaceAll(s, ",", " or ")
}

// ContextPointer converts a gojsonschema context such as (root).a.b into
// the JSON pointer /a/b. A NUL delimiter keeps keys containing dots intact.
func ContextPointer(c *gojsonschema.JsonContext) string {
	if c == nil {
		return ""
	}
	parts := strings.Split(c.String("\x00"), "\x00")
	var b strings.Builder
	for _, p := range parts[1:] { // parts[0] is "(root)"
		b.WriteByte('/')
		b.WriteString(strictjson.EscapeToken(p))
	}
	return b.String()
}

// CamelCase turns gojsonschema's snake_case error types into Graph-style
// codes: invalid_type becomes invalidType.
func CamelCase(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
