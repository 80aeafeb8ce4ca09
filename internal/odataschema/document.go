package odataschema

import (
	"regexp"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/schema"
)

// A level is the compiled schema of one level of a body: the properties of
// one structured type, the parameters of one action, or an entity
// reference. It never changes once built.
type level struct {
	doc    map[string]any
	schema compiledSchema
	fast   *schema.Fast // decides valid objects without schema; nil when it cannot
	// typ is the structured type, nil for parameters and references.
	typ *csdl.StructuredType
	// props maps each declared property (or parameter) name to what
	// Validate descends into; primitive and enum properties map to the zero
	// value.
	props map[string]nested
	// fold maps lower-cased parameter names to their declared spelling,
	// when names are matched without regard to case.
	fold map[string]string
	// open accepts undeclared properties; annotations only is the
	// reference's rule.
	open            bool
	annotationsOnly bool
	// enums maps each enum pattern of doc to the enum type: the walk
	// checks enum values, so the compiled document leaves them out.
	enums map[string]*csdl.EnumType
}

// nested is what a property's values are checked against beyond the
// level's document: a structured type, or an enum's members.
type nested struct {
	typ        *csdl.StructuredType // nil: nothing to descend into
	enum       *enumCheck           // nil: not an enum
	collection bool
}

func newLevel() *level {
	return &level{props: make(map[string]nested), enums: make(map[string]*csdl.EnumType)}
}

// typeLevel builds the document of structured type t.
func (s *Set) typeLevel(t *csdl.StructuredType) *level {
	l := newLevel()
	l.typ = t
	l.open = t.OpenType
	props := make(map[string]any)
	for _, p := range t.AllProperties() {
		props[p.Name] = s.valueSchema(l, p.Type, p.Nullable)
		l.props[p.Name] = s.nestedOf(p.Type)
	}
	for _, n := range t.AllNavigationProperties() {
		target := s.model.Types[n.Type.Name]
		if n.Type.Collection {
			props[n.Name] = map[string]any{"type": "array", "items": map[string]any{"type": "object"}}
			props[n.Name+"@odata.bind"] = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
		} else {
			props[n.Name] = map[string]any{"type": nullable("object", n.Nullable)}
			props[n.Name+"@odata.bind"] = map[string]any{"type": "string"}
		}
		l.props[n.Name] = nested{typ: target, collection: n.Type.Collection}
	}
	annotations(props)
	l.doc = map[string]any{
		"$schema":    "http://json-schema.org/draft-07/schema#",
		"title":      t.Name,
		"$comment":   typeComment(t, t.OpenType, "the walk, not by this document"),
		"type":       "object",
		"properties": props,
	}
	return l
}

// typeComment is the $comment of t's document: what it describes, and
// what refuses the undeclared properties of a closed type (refusedBy).
func typeComment(t *csdl.StructuredType, open bool, refusedBy string) string {
	kind := "entity"
	if t.Kind == csdl.ComplexKind {
		kind = "complex"
	}
	comment := "One level of " + kind + " type " + t.Name + ". Nested objects are checked against the document of their own type, chosen by @odata.type; "
	if open {
		return comment + "open type: undeclared properties are allowed."
	}
	return comment + "closed type: properties other than the declared ones and annotations (names with @) are refused by " + refusedBy + "."
}

// standalone returns a copy of the document of t's level that refuses
// undeclared properties itself, as the walk does for a closed type: a
// propertyNames pattern of the declared names and annotations.
func standalone(l *level) map[string]any {
	t := l.typ
	open := false
	for b := t; b != nil; b = b.Base {
		open = open || b.OpenType
	}
	if open {
		return l.doc
	}
	doc := make(map[string]any, len(l.doc)+1)
	for k, v := range l.doc {
		doc[k] = v
	}
	var names []string
	for _, p := range t.AllProperties() {
		names = append(names, regexp.QuoteMeta(p.Name))
	}
	for _, n := range t.AllNavigationProperties() {
		names = append(names, regexp.QuoteMeta(n.Name))
	}
	names = append(names, `[A-Za-z0-9_.]*@[A-Za-z0-9_.]+`)
	doc["propertyNames"] = map[string]any{"pattern": "^(" + strings.Join(names, "|") + ")$"}
	doc["$comment"] = typeComment(t, false, "propertyNames")
	return doc
}

// parameterLevel builds the document of the parameters of op.
func (s *Set) parameterLevel(op *csdl.Operation) *level {
	l := newLevel()
	props := make(map[string]any)
	var required []any
	if !s.opts.Strict {
		l.fold = make(map[string]string)
	}
	for _, p := range op.Unbound() {
		props[p.Name] = s.valueSchema(l, p.Type, p.Nullable)
		l.props[p.Name] = s.nestedOf(p.Type)
		if l.fold != nil {
			l.fold[strings.ToLower(p.Name)] = p.Name
		}
		if !p.Nullable && !p.Optional {
			required = append(required, p.Name)
		}
	}
	annotations(props)
	l.doc = map[string]any{
		"$schema":    "http://json-schema.org/draft-07/schema#",
		"title":      "parameters of " + op.Name,
		"$comment":   "The body of a call of " + op.Name + ": its parameters but the binding one. Parameters neither nullable nor marked optional are required.",
		"type":       "object",
		"properties": props,
	}
	if len(required) > 0 {
		l.doc["required"] = required
	}
	return l
}

// referenceLevel builds the document of an entity reference, the body of
// POST or PUT to $ref; clearable takes {} too (ClearableReference).
func referenceLevel(clearable bool) *level {
	l := newLevel()
	l.annotationsOnly = true
	props := make(map[string]any)
	annotations(props)
	props["@odata.id"] = map[string]any{"type": "string", "minLength": 1}
	l.doc = map[string]any{
		"$schema":    "http://json-schema.org/draft-07/schema#",
		"title":      "entity reference",
		"$comment":   `The body of POST or PUT to $ref: {"@odata.id": "https://graph.microsoft.com/v1.0/users/{id}"}. Other annotations are allowed, properties are not.`,
		"type":       "object",
		"required":   []any{"@odata.id"},
		"properties": props,
	}
	if clearable {
		l.doc["title"] = "entity reference, or {} to remove it"
		l.doc["$comment"] = `The body of PUT to the $ref of a single-valued navigation property that takes {} to remove the reference, or {"@odata.id": "https://graph.microsoft.com/v1.0/..."} to set it. Other annotations are allowed, properties are not.`
		delete(l.doc, "required")
	}
	return l
}

// annotations adds the instance annotations every object may carry.
func annotations(props map[string]any) {
	for _, name := range []string{"@odata.type", "@odata.id", "@odata.etag", "@odata.context", "@odata.editLink", "@odata.readLink"} {
		props[name] = map[string]any{"type": "string"}
	}
}

// nestedOf tells what Validate descends into for a value of type r.
func (s *Set) nestedOf(r csdl.TypeRef) nested {
	if s.untyped(r.Name) {
		return nested{collection: r.Collection}
	}
	n := nested{typ: s.model.Types[r.Name], collection: r.Collection}
	if e := s.model.Enums[r.Name]; e != nil {
		n.enum = s.enumCheck(e)
	}
	return n
}

// valueSchema returns the schema of a property or parameter of type r.
// Structured values are only required to be objects here: Validate checks
// them against their own type's document.
func (s *Set) valueSchema(l *level, r csdl.TypeRef, isNullable bool) map[string]any {
	var item map[string]any
	switch {
	case s.untyped(r.Name):
		item = map[string]any{} // any JSON value: see untyped
	case s.model.Types[r.Name] != nil:
		item = map[string]any{"type": "object"}
	case s.model.Enums[r.Name] != nil:
		item = s.enumSchema(l, s.model.Enums[r.Name])
	default:
		item = s.primitive(r.Name)
	}
	if isNullable {
		if t, ok := item["type"]; ok {
			item["type"] = withNull(t)
		}
	}
	if r.Collection {
		// A collection is never null; Nullable speaks of its items.
		return map[string]any{"type": "array", "items": item}
	}
	return item
}

// enumSchema returns the schema of a member (or, for flags, a
// comma-separated list of members) of e.
func (s *Set) enumSchema(l *level, e *csdl.EnumType) map[string]any {
	names := make([]string, len(e.Members))
	for i, m := range e.Members {
		names[i] = regexp.QuoteMeta(m.Name)
	}
	alt := "(?:" + strings.Join(names, "|") + ")"
	if !s.opts.Strict {
		alt = "(?i:" + strings.Join(names, "|") + ")"
	}
	pattern := "^" + alt + "$"
	if e.IsFlags {
		pattern = "^" + alt + `(?:\s*,\s*` + alt + ")*$"
	}
	l.enums[pattern] = e
	return map[string]any{"type": "string", "pattern": pattern}
}

// untypedName is the type Graph's metadata declares as an empty complex
// type for values of any shape, mostly Excel's: a workbook range's values
// ([[1, 2, 3]]), a chart's sourceData ("A1:B1").
const untypedName = "microsoft.graph.Json"

// untyped reports whether the type named name is Graph's Json: an empty
// complex type that Microsoft's metadata pipeline and API guidelines read
// as Edm.Untyped, any JSON value
// (https://github.com/microsoft/api-guidelines/issues/488,
// https://github.com/microsoftgraph/msgraph-metadata/issues/596).
func (s *Set) untyped(name string) bool {
	if name != untypedName {
		return false
	}
	t := s.model.Types[name]
	return t != nil && t.Kind == csdl.ComplexKind && t.Base == nil && len(t.Properties) == 0 && len(t.NavigationProperties) == 0
}

func nullable(t string, isNullable bool) any {
	if isNullable {
		return []any{t, "null"}
	}
	return t
}

func withNull(t any) any {
	switch t := t.(type) {
	case string:
		return []any{t, "null"}
	case []any:
		return append(t, "null")
	}
	return t
}

// withoutEnumPatterns returns a copy of doc without the enum patterns of
// l, which the walk checks by name instead.
func withoutEnumPatterns(doc any, l *level) any {
	switch d := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(d))
		for k, v := range d {
			if p, ok := v.(string); ok && k == "pattern" && l.enums[p] != nil {
				continue
			}
			out[k] = withoutEnumPatterns(v, l)
		}
		return out
	case []any:
		out := make([]any, len(d))
		for i, v := range d {
			out[i] = withoutEnumPatterns(v, l)
		}
		return out
	}
	return doc
}
