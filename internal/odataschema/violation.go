package odataschema

import (
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// booleanPattern is the pattern of the strings "true" and "false" in any
// case, which Graph reads as an Edm.Boolean: its reader converts a string
// to the declared type as .NET's Boolean.Parse does
// (ODataPayloadValueConverter.ConvertStringValue, OData/odata.net), and
// Microsoft's examples send "True"
// (https://learn.microsoft.com/en-us/graph/api/event-post-attachments?view=graph-rest-beta,
// a referenceAttachment's "isFolder": "True") and "false" (sendMail's
// "saveToSentItems"). Written without (?i) so that the schema graphmock
// prints stays ECMA-262.
const booleanPattern = "^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"

// patterns names the patterns the generated documents use besides those
// of enums, which the walk checks itself.
var patterns = map[string]schema.Pattern{
	booleanPattern: {Code: schema.CodeInvalidType, Message: func(v any) string {
		return schema.TypeMessage("a boolean", schema.Show(v))
	}},
}

// An enumCheck checks the values of one enum type: a member's name, or
// for a flags enum a comma-separated list of names. A map lookup costs
// less than a pattern of the hundreds of members some enums have.
type enumCheck struct {
	typ     *csdl.EnumType
	fold    bool                // names are matched without regard to case
	members map[string]struct{} // lower-cased when fold
}

func newEnumCheck(e *csdl.EnumType, fold bool) *enumCheck {
	c := &enumCheck{typ: e, fold: fold, members: make(map[string]struct{}, len(e.Members))}
	for _, m := range e.Members {
		c.members[c.key(m.Name)] = struct{}{}
	}
	return c
}

func (c *enumCheck) key(s string) string {
	if c.fold {
		return strings.ToLower(s)
	}
	return s
}

// valid reports whether s is a member (for flags, a list of members), as
// the enum's pattern in the level's document says.
func (c *enumCheck) valid(s string) bool {
	if !c.typ.IsFlags {
		_, ok := c.members[c.key(s)]
		return ok
	}
	// The pattern allows white space around each comma, not around the
	// list: \s is [\t\n\f\r ].
	const space = " \t\n\f\r"
	names := strings.Split(s, ",")
	for i, name := range names {
		if i > 0 {
			name = strings.TrimLeft(name, space)
		}
		if i < len(names)-1 {
			name = strings.TrimRight(name, space)
		}
		if _, ok := c.members[c.key(name)]; !ok {
			return false
		}
	}
	return true
}

// finding reports value, at ptr, as not valid. Its message, written only
// if the finding is kept, lists at most schema.MaxListedMembers members.
func (c *enumCheck) finding(ptr, value string) schema.Finding {
	return schema.Lazy(ptr, schema.CodeInvalidEnumMember, func() string {
		return schema.EnumMessage(value, len(c.typ.Members), func(i int) string { return c.typ.Members[i].Name }, c.typ.IsFlags)
	})
}

// token escapes s as a JSON pointer token.
func token(s string) string { return strictjson.EscapeToken(s) }

// codeInvalidODataType is the code of an @odata.type that names no type
// the body may hold.
const codeInvalidODataType = "invalidODataType"
