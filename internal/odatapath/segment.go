package odatapath

import (
	"fmt"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
)

// SegmentKind says what one step of a resolved path is.
type SegmentKind int

// The kinds of Segment.
const (
	// EntitySetSegment is an entity set of the entity container: users.
	EntitySetSegment SegmentKind = iota
	// SingletonSegment is a singleton of the entity container: me.
	SingletonSegment
	// NavigationSegment is a navigation property: members, manager.
	NavigationSegment
	// PropertySegment is a structural property: displayName.
	PropertySegment
	// KeySegment is a key: the {id} of /users/{id}, or the ('id') of
	// users('id').
	KeySegment
	// CastSegment is a type cast: microsoft.graph.user.
	CastSegment
	// FunctionSegment is a call of a bound function: delta().
	FunctionSegment
	// ActionSegment is a call of a bound action: sendMail.
	ActionSegment
	// RefSegment is $ref.
	RefSegment
	// ValueSegment is $value.
	ValueSegment
	// CountSegment is $count.
	CountSegment
	// BatchSegment is $batch.
	BatchSegment
	// PathSegment is OneDrive's and SharePoint's path-based addressing:
	// the /FolderA/FileB.txt of root:/FolderA/FileB.txt:, or the
	// /sites/marketing of sites/contoso.sharepoint.com:/sites/marketing:,
	// in Args. What it addresses is of the type of the item before it.
	PathSegment
)

var segmentKindNames = [...]string{"entity set", "singleton", "navigation", "property", "key", "cast", "function", "action", "$ref", "$value", "$count", "$batch", "path"}

// String names the kind.
func (k SegmentKind) String() string {
	if int(k) < len(segmentKindNames) {
		return segmentKindNames[k]
	}
	return fmt.Sprintf("SegmentKind(%d)", int(k))
}

// A Segment is one step of a resolved path, with what the path addresses
// once it is taken.
type Segment struct {
	Kind SegmentKind
	// Name is the name of the entity set, singleton, property or
	// navigation property as the metadata declares it; the qualified name
	// of a cast's type or of an operation; $ref, $value, $count or $batch;
	// "" for a key.
	Name string
	// Type is the qualified name of the type addressed after this segment
	// ("" after an action without a result).
	Type string
	// Collection is set when what is addressed after this segment is a
	// collection.
	Collection bool
	// Contained is set when the entities addressed are contained in the
	// entity before them: a navigation property with ContainsTarget, and
	// the key or cast that follows it.
	Contained bool
	// EntitySet is where the entities addressed after this segment are
	// kept, as the metadata says: the entity set of an EntitySetSegment;
	// for a navigation property, the Target of the entity set's or
	// singleton's NavigationPropertyBinding for the path to it (an entity
	// set such as directoryObjects, or a path such as planner/tasks);
	// carried on through keys, casts and $ref, $count, $value. "" where the
	// metadata binds nothing, as for contained entities.
	EntitySet string
	// Key holds the key's values, for a KeySegment: one, or one for each
	// name=value pair.
	Key []KeyValue
	// Args is the text inside an operation's parentheses as decoded from
	// the path, such as q='report' for search(q='report'); for a
	// PathSegment, the path between the colons, such as /FolderA/FileB.txt.
	Args string
	// Structured is the entity or complex type named by Type, nil for
	// primitive and enum values.
	Structured *csdl.StructuredType
	// Operation is the called action or function, for FunctionSegment
	// and ActionSegment.
	Operation *csdl.Operation
}

// A KeyValue is one value of a key.
type KeyValue struct {
	// Property is the key property the value is for: the one named, as
	// in users(id='x'), or else the entity type's key property when it has
	// exactly one; "" otherwise.
	Property string
	// Value is the key as given: decoded from the URL, its case kept; a
	// quoted string without its quotes, a doubled quote inside read as
	// one.
	Value string
	// Variable is the name of a path template variable, id for {id}, and
	// "" for a literal key. Value is then the text, {id}.
	Variable string
}

// onlyKey returns the name of t's key property when it has exactly one.
func onlyKey(t *csdl.StructuredType) string {
	if t != nil && len(t.Key) == 1 {
		return t.Key[0]
	}
	return ""
}

// key reads the inside of a key's parentheses: 'x', x, name='x', {var}
// or a list of name=value pairs. property names the key of a value given
// without a name.
func key(args, property string) ([]KeyValue, bool) {
	if args == "" {
		return nil, false
	}
	if len(args) >= 2 && args[0] == '\'' && args[len(args)-1] == '\'' {
		// One quoted key, commas and all.
		return []KeyValue{{Property: property, Value: unquote(args)}}, true
	}
	var out []KeyValue
	for part := range strings.SplitSeq(args, ",") {
		kv := KeyValue{Property: property}
		if name, v, ok := strings.Cut(part, "="); ok && !strings.HasPrefix(part, "'") {
			kv.Property, part = strings.TrimSpace(name), v
		}
		part = strings.TrimSpace(part)
		kv.Value = part
		if v, ok := variable(part); ok {
			kv.Variable = v
			out = append(out, kv)
			continue
		}
		if strings.HasPrefix(part, "'") != strings.HasSuffix(part, "'") || part == "'" || part == "" {
			return nil, false
		}
		if strings.HasPrefix(part, "'") {
			kv.Value = unquote(part)
		}
		out = append(out, kv)
	}
	return out, true
}

// unquote reads an OData string literal: the text between its quotes,
// each doubled quote inside read as one.
func unquote(s string) string {
	return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
}

// variable reports whether s is a path template variable, {name}.
func variable(s string) (string, bool) {
	if len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' && !strings.ContainsAny(s[1:len(s)-1], "{}/") {
		return s[1 : len(s)-1], true
	}
	return "", false
}
