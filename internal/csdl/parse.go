package csdl

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A ParseError is a problem in a CSDL document, at a line of it.
type ParseError struct {
	Line int
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("csdl: line %d: %v", e.Line, e.Err) }

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads a CSDL XML document. Elements graphmock has no use for
// (annotations, terms) are skipped. A document that is not well-formed XML,
// lacks a name where CSDL requires one, or names a type it does not
// declare is an error naming the line.
func Parse(r io.Reader) (*Model, error) {
	p := newParser(r)
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.m, nil
}

func newParser(r io.Reader) *parser {
	return &parser{
		d: xml.NewDecoder(r),
		m: &Model{
			Types:   make(map[string]*StructuredType),
			Enums:   make(map[string]*EnumType),
			aliases: make(map[string]string),
			bound:   make(map[string][]*Operation),
		},
	}
}

// parse reads the document, then links what it declares.
func (p *parser) parse() error {
	if err := p.run(); err != nil {
		return err
	}
	return p.link()
}

type parser struct {
	d *xml.Decoder
	m *Model

	namespace string
	typ       *StructuredType
	enum      *EnumType
	op        *Operation
	param     *Parameter
	set       *[]NavigationPropertyBinding
	sawEdmx   bool
	sawRoot   bool
	// open holds the names of the elements started and not yet ended:
	// RawToken, faster than Token, leaves that check to the caller.
	open []xml.Name
	// baseSteps counts the steps link takes along base types, which a
	// test holds to a multiple of the number of types.
	baseSteps int
}

func (p *parser) line() int {
	line, _ := p.d.InputPos()
	return line
}

func (p *parser) fail(format string, args ...any) error {
	return &ParseError{Line: p.line(), Err: fmt.Errorf(format, args...)}
}

func (p *parser) run() error {
	for {
		tok, err := p.token()
		if err == io.EOF {
			if !p.sawEdmx {
				return &ParseError{Line: p.line(), Err: errors.New("no edmx:Edmx element: not a CSDL document")}
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			p.end(t.Name.Local)
		}
	}
}

// token returns the next token, checking that elements nest as XML
// requires. Errors are *ParseError; the end of the input is io.EOF.
func (p *parser) token() (xml.Token, error) {
	tok, err := p.d.RawToken()
	if err == io.EOF {
		if len(p.open) > 0 {
			return nil, p.fail("unexpected end of file: element <%s> is not closed", qname(p.open[len(p.open)-1]))
		}
		return nil, io.EOF
	}
	if err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, &ParseError{Line: se.Line, Err: errors.New(se.Msg)}
		}
		return nil, &ParseError{Line: p.line(), Err: err}
	}
	switch t := tok.(type) {
	case xml.StartElement:
		if len(p.open) == 0 && p.sawRoot {
			return nil, p.fail("a second root element <%s>", qname(t.Name))
		}
		p.sawRoot = true
		p.open = append(p.open, t.Name)
	case xml.EndElement:
		if len(p.open) == 0 {
			return nil, p.fail("unexpected end element </%s>", qname(t.Name))
		}
		if top := p.open[len(p.open)-1]; top != t.Name {
			return nil, p.fail("element <%s> closed by </%s>", qname(top), qname(t.Name))
		}
		p.open = p.open[:len(p.open)-1]
	case xml.CharData:
		if len(p.open) == 0 && len(bytes.TrimSpace(t)) > 0 {
			return nil, p.fail("text outside the root element")
		}
	}
	return tok, nil
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// start reads the start of element e: the declaration it opens, or one
// part of the declaration open.
func (p *parser) start(e xml.StartElement) error {
	switch e.Name.Local {
	case "Edmx":
		p.sawEdmx = true
	case "Schema":
		return p.schema(e)
	case "EntityType", "ComplexType":
		return p.structuredType(e)
	case "PropertyRef", "Property", "NavigationProperty":
		return p.typeMember(e)
	case "EnumType":
		return p.enumType(e)
	case "Member":
		return p.enumMember(e)
	case "Action", "Function":
		return p.operation(e)
	case "Parameter", "ReturnType":
		return p.operationPart(e)
	case "EntityContainer", "EntitySet", "Singleton", "NavigationPropertyBinding":
		return p.container(e)
	case "Annotation":
		if p.param != nil && attr(e, "Term") == "Org.OData.Core.V1.OptionalParameter" {
			p.param.Optional = true
		}
		return p.skip()
	case "Annotations", "Term":
		return p.skip()
	}
	return nil
}

// schema opens a Schema: the namespace of the declarations in it.
func (p *parser) schema(e xml.StartElement) error {
	p.namespace = attr(e, "Namespace")
	if p.namespace == "" {
		return p.fail("Schema without a Namespace")
	}
	alias := attr(e, "Alias")
	if alias != "" {
		p.m.aliases[alias] = p.namespace
	}
	p.m.Namespaces = append(p.m.Namespaces, Namespace{Name: p.namespace, Alias: alias})
	return nil
}

// structuredType opens the declaration of an entity or complex type.
func (p *parser) structuredType(e xml.StartElement) error {
	name, err := p.qualified(e)
	if err != nil {
		return err
	}
	t := &StructuredType{
		Name:      name,
		Kind:      EntityKind,
		BaseType:  attr(e, "BaseType"),
		Abstract:  attr(e, "Abstract") == "true",
		OpenType:  attr(e, "OpenType") == "true",
		HasStream: attr(e, "HasStream") == "true",
		Line:      p.line(),
	}
	if e.Name.Local == "ComplexType" {
		t.Kind = ComplexKind
	}
	if p.m.Types[name] != nil || p.m.Enums[name] != nil {
		return p.fail("type %s declared twice", name)
	}
	p.m.Types[name] = t
	p.typ = t
	return nil
}

// typeMember reads a key, a property or a navigation property of the
// structured type open.
func (p *parser) typeMember(e xml.StartElement) error {
	switch e.Name.Local {
	case "PropertyRef":
		if p.typ == nil {
			return p.fail("PropertyRef outside an entity type")
		}
		p.typ.Key = append(p.typ.Key, attr(e, "Name"))
	case "Property":
		if p.typ == nil {
			return p.fail("Property outside an entity or complex type")
		}
		name, typ, err := p.nameAndType(e)
		if err != nil {
			return err
		}
		p.typ.Properties = append(p.typ.Properties, &Property{Name: name, Type: typ, Nullable: attr(e, "Nullable") != "false", line: p.line()})
	case "NavigationProperty":
		if p.typ == nil {
			return p.fail("NavigationProperty outside an entity or complex type")
		}
		name, typ, err := p.nameAndType(e)
		if err != nil {
			return err
		}
		p.typ.NavigationProperties = append(p.typ.NavigationProperties, &NavigationProperty{
			Name: name, Type: typ, Nullable: attr(e, "Nullable") != "false",
			ContainsTarget: attr(e, "ContainsTarget") == "true", line: p.line(),
		})
	}
	return nil
}

// enumType opens the declaration of an enum type.
func (p *parser) enumType(e xml.StartElement) error {
	name, err := p.qualified(e)
	if err != nil {
		return err
	}
	underlying := attr(e, "UnderlyingType")
	if underlying == "" {
		underlying = "Edm.Int32"
	}
	if p.m.Types[name] != nil || p.m.Enums[name] != nil {
		return p.fail("type %s declared twice", name)
	}
	p.enum = &EnumType{Name: name, IsFlags: attr(e, "IsFlags") == "true", UnderlyingType: underlying, Line: p.line()}
	p.m.Enums[name] = p.enum
	return nil
}

// enumMember reads a member of the enum type open.
func (p *parser) enumMember(e xml.StartElement) error {
	if p.enum == nil {
		return p.fail("Member outside an enum type")
	}
	name := attr(e, "Name")
	if name == "" {
		return p.fail("Member without a Name")
	}
	value := int64(len(p.enum.Members))
	if v := attr(e, "Value"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return p.fail("Member %s: Value %q is not an integer", name, v)
		}
		value = n
	}
	p.enum.Members = append(p.enum.Members, EnumMember{Name: name, Value: value})
	return nil
}

// operation opens the declaration of an action or a function.
func (p *parser) operation(e xml.StartElement) error {
	name, err := p.qualified(e)
	if err != nil {
		return err
	}
	p.op = &Operation{
		Name:          name,
		IsBound:       attr(e, "IsBound") == "true",
		IsComposable:  attr(e, "IsComposable") == "true",
		EntitySetPath: attr(e, "EntitySetPath"),
		Line:          p.line(),
	}
	if e.Name.Local == "Function" {
		p.op.Kind = FunctionKind
	}
	p.m.Operations = append(p.m.Operations, p.op)
	return nil
}

// operationPart reads a parameter or the return type of the operation
// open.
func (p *parser) operationPart(e xml.StartElement) error {
	switch e.Name.Local {
	case "Parameter":
		if p.op == nil {
			return p.fail("Parameter outside an action or function")
		}
		name, typ, err := p.nameAndType(e)
		if err != nil {
			return err
		}
		p.param = &Parameter{Name: name, Type: typ, Nullable: attr(e, "Nullable") != "false", line: p.line()}
		p.op.Parameters = append(p.op.Parameters, p.param)
	case "ReturnType":
		if p.op == nil {
			return p.fail("ReturnType outside an action or function")
		}
		typ, err := p.typeRef(e)
		if err != nil {
			return err
		}
		p.op.ReturnType = &ReturnType{Type: typ, Nullable: attr(e, "Nullable") != "false"}
	}
	return nil
}

// container reads the entity container and what it holds: entity sets,
// singletons and their navigation property bindings.
func (p *parser) container(e xml.StartElement) error {
	switch e.Name.Local {
	case "EntityContainer":
		if p.m.Container != nil {
			return p.fail("a second EntityContainer")
		}
		p.m.Container = &EntityContainer{Name: attr(e, "Name")}
	case "EntitySet":
		if p.m.Container == nil {
			return p.fail("EntitySet outside the EntityContainer")
		}
		s := &EntitySet{Name: attr(e, "Name"), EntityType: attr(e, "EntityType"), line: p.line()}
		if s.Name == "" || s.EntityType == "" {
			return p.fail("EntitySet without a Name or an EntityType")
		}
		p.m.Container.EntitySets = append(p.m.Container.EntitySets, s)
		p.set = &s.Bindings
	case "Singleton":
		if p.m.Container == nil {
			return p.fail("Singleton outside the EntityContainer")
		}
		s := &Singleton{Name: attr(e, "Name"), Type: attr(e, "Type"), line: p.line()}
		if s.Name == "" || s.Type == "" {
			return p.fail("Singleton without a Name or a Type")
		}
		p.m.Container.Singletons = append(p.m.Container.Singletons, s)
		p.set = &s.Bindings
	case "NavigationPropertyBinding":
		if p.set == nil {
			return p.fail("NavigationPropertyBinding outside an entity set or singleton")
		}
		*p.set = append(*p.set, NavigationPropertyBinding{Path: attr(e, "Path"), Target: attr(e, "Target")})
	}
	return nil
}

// skip reads past the end of the element just started.
func (p *parser) skip() error {
	depth := len(p.open)
	for len(p.open) >= depth {
		if _, err := p.token(); err != nil {
			if err == io.EOF {
				return p.fail("unexpected end of file")
			}
			return err
		}
	}
	return nil
}

func (p *parser) end(local string) {
	switch local {
	case "EntityType", "ComplexType":
		p.typ = nil
	case "EnumType":
		p.enum = nil
	case "Action", "Function":
		p.op = nil
	case "Parameter":
		p.param = nil
	case "EntitySet", "Singleton":
		p.set = nil
	case "Schema":
		p.namespace = ""
	}
}

func (p *parser) qualified(e xml.StartElement) (string, error) {
	name := attr(e, "Name")
	if name == "" {
		return "", p.fail("%s without a Name", e.Name.Local)
	}
	if p.namespace == "" {
		return "", p.fail("%s %s outside a Schema", e.Name.Local, name)
	}
	return p.namespace + "." + name, nil
}

func (p *parser) nameAndType(e xml.StartElement) (string, TypeRef, error) {
	name := attr(e, "Name")
	if name == "" {
		return "", TypeRef{}, p.fail("%s without a Name", e.Name.Local)
	}
	typ, err := p.typeRef(e)
	if err != nil {
		return "", TypeRef{}, fmt.Errorf("%w (%s %s)", err, e.Name.Local, name)
	}
	return name, typ, nil
}

func (p *parser) typeRef(e xml.StartElement) (TypeRef, error) {
	s := attr(e, "Type")
	if s == "" {
		return TypeRef{}, p.fail("%s without a Type", e.Name.Local)
	}
	if inner, ok := strings.CutPrefix(s, "Collection("); ok {
		inner, ok = strings.CutSuffix(inner, ")")
		if !ok || inner == "" {
			return TypeRef{}, p.fail("type %q: unbalanced Collection(", s)
		}
		return TypeRef{Name: inner, Collection: true}, nil
	}
	return TypeRef{Name: s}, nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
