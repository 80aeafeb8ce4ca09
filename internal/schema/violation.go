package schema

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// DateTimeOffsetPattern is Graph's pattern for Edm.DateTimeOffset, as
// hand-written schemas use it; violations of it get a readable message.
const DateTimeOffsetPattern = `^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$`

// A Pattern names the rule behind a regular expression that a schema's
// author or generator wrote for a known purpose, for violations of it:
// their Code, and their Message for the refused value.
type Pattern struct {
	Code    string
	Message func(value any) string
}

// knownPatterns are the patterns every schema may use.
var knownPatterns = map[string]Pattern{
	DateTimeOffsetPattern: {Code: "invalidDateTimeOffset", Message: func(v any) string {
		return fmt.Sprintf("%s is not an Edm.DateTimeOffset (an RFC 3339 date-time with an offset, such as 2026-11-27T10:00:00Z)", Show(v))
	}},
}

// Findings turns gojsonschema's errors into Findings in Graph's terms:
// JSON pointers, the codes and messages of this package's vocabulary, and
// without the noise of combinators whose branches already explain the
// problem. patterns names the patterns the caller generated (nil: none).
// Its cost is linear in the number of errors and the depth of their
// pointers; no message is written until a Finding's Violation is asked
// for. It is the one translator of gojsonschema's errors: JSON Schemas
// and Graph's metadata both go through it.
func Findings(errs []gojsonschema.ResultError, patterns map[string]Pattern) []Finding {
	type found struct {
		Finding
		typ   string
		value any
	}
	all := make([]found, 0, len(errs))
	for _, e := range errs {
		f := found{Finding: Lazy(contextPointer(e.Context()), camelCase(e.Type()), e.Description), typ: e.Type(), value: e.Value()}
		switch f.typ {
		case "required":
			prop, _ := e.Details()["property"].(string)
			f.Field += "/" + strictjson.EscapeToken(prop)
			f.Finding = Found(f.Field, CodeRequired, RequiredMessage(prop))
		case "additional_property_not_allowed", "invalid_property_name":
			prop, _ := e.Details()["property"].(string)
			f.Field += "/" + strictjson.EscapeToken(prop)
			f.Finding = Found(f.Field, CodeUnknownProperty, UnknownPropertyMessage(prop))
		case "invalid_type":
			f.Code = CodeInvalidType
			f.write = func() string { return TypeMessage(typeList(e.Details()["expected"]), fmt.Sprint(e.Details()["given"])) }
		case "enum":
			f.Code = CodeInvalidEnumMember
			f.write = func() string { return enumMessage(e) }
		case "pattern":
			pattern := fmt.Sprint(e.Details()["pattern"])
			if p, ok := knownPatterns[pattern]; ok {
				f.Code, f.write = p.Code, func() string { return p.Message(e.Value()) }
			} else if p, ok := patterns[pattern]; ok {
				f.Code, f.write = p.Code, func() string { return p.Message(e.Value()) }
			} else {
				f.write = func() string { return fmt.Sprintf("%s does not match the pattern %s", Show(e.Value()), pattern) }
			}
		case "format":
			format := fmt.Sprint(e.Details()["format"])
			if code, _, ok := FormatViolation(format, nil); ok {
				f.Code = code
				f.write = func() string { _, msg, _ := FormatViolation(format, e.Value()); return msg }
			} else {
				f.write = func() string { return fmt.Sprintf("%s is not a valid %s", Show(e.Value()), format) }
			}
		}
		all = append(all, f)
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
	out := make([]Finding, 0, len(all))
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
			out = append(out, f.Finding)
		}
	}
	return out
}

// enumMessage writes the message of gojsonschema's enum error e, whose
// "allowed" detail is the enum's members in JSON, joined by ", ".
func enumMessage(e gojsonschema.ResultError) string {
	allowed, _ := e.Details()["allowed"].(string)
	var members []any
	dec := json.NewDecoder(strings.NewReader("[" + allowed + "]"))
	dec.UseNumber()
	if err := dec.Decode(&members); err != nil {
		return fmt.Sprintf("%s is not a member of the enum: %s", Show(e.Value()), allowed)
	}
	return EnumMessage(e.Value(), len(members), func(i int) string { return quoteMember(members[i]) }, false)
}

// typeList turns gojsonschema's "[string,null]" into "string or null".
func typeList(v any) string {
	s := strings.Trim(fmt.Sprint(v), "[]")
	return strings.ReplaceAll(s, ",", " or ")
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
		b.WriteString(strictjson.EscapeToken(p))
	}
	return b.String()
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
