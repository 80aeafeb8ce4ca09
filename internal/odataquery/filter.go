package odataquery

import (
	"strconv"
	"strings"
	"time"
)

// An Expr is a node of a parsed $filter.
type Expr interface{ node() }

// A Binary is a comparison (eq ne lt gt le ge) or a logical and/or.
type Binary struct {
	Op   string // lower case: eq ne lt gt le ge and or
	L, R Expr
}

// A Not negates X.
type Not struct{ X Expr }

// An In is X in (List…).
type In struct {
	X    Expr
	List []Expr
}

// A Call is a string function: startswith, endswith or contains (Name is
// lower case), with its two arguments.
type Call struct {
	Name string
	Args []Expr
}

// A Lambda is Path/any(Var: Body) or Path/all(Var: Body); an any without
// a body (Path/any()) asks whether the collection is not empty.
type Lambda struct {
	Path Path
	Op   string // any, all
	Var  string
	Body Expr // nil for any()
}

// A Path names a property: its segments, from/emailAddress/address, the
// first of which may be a lambda's variable. Count is set for
// Path/$count, the number of members of a collection.
type Path struct {
	Segments []string
	Count    bool
}

// String returns the path as a filter writes it.
func (p Path) String() string {
	s := strings.Join(p.Segments, "/")
	if p.Count {
		s += "/$count"
	}
	return s
}

// A LiteralKind is the kind of a Literal.
type LiteralKind int

// Kinds of literals.
const (
	NullLiteral LiteralKind = iota
	BoolLiteral
	StringLiteral
	NumberLiteral
	GUIDLiteral
	DateLiteral
	EnumLiteral
)

// A Literal is a constant: null, true, 'text', 12.5, a GUID, a date-time
// or an enum member (Type'value').
type Literal struct {
	Kind  LiteralKind
	Value any // nil, bool, string (text, GUID, enum member), float64, time.Time
	Type  string
}

func (Binary) node()  {}
func (Not) node()     {}
func (In) node()      {}
func (Call) node()    {}
func (Lambda) node()  {}
func (Path) node()    {}
func (Literal) node() {}

// A Filter is a parsed $filter.
type Filter struct {
	Root  Expr
	nodes int
}

// Nodes returns how many nodes the filter holds, the cost of evaluating
// it once without lambdas.
func (f *Filter) Nodes() int { return f.nodes }

// parser reads a $filter.
type parser struct {
	lx     lexer
	tok    token
	peeked bool
	limits Limits
	depth  int
	nodes  int
	vars   []string // lambda variables in scope
}

// ParseFilter parses the value of $filter within limits.
func ParseFilter(s string, limits Limits) (*Filter, error) {
	limits = limits.withDefaults()
	if len(s) > limits.MaxLength {
		return nil, errorf("$filter", "The query specified in the URI is not valid: $filter is longer than %d characters.", limits.MaxLength)
	}
	if strings.TrimSpace(s) == "" {
		return nil, errorf("$filter", "Invalid filter clause: the filter is empty.")
	}
	p := &parser{lx: lexer{option: "$filter", src: s}, limits: limits}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	t, err := p.peek()
	if err != nil {
		return nil, err
	}
	if t.kind != tEOF {
		return nil, p.unexpected(t)
	}
	if !boolean(e) {
		return nil, errorf("$filter", "Invalid filter clause: the expression does not evaluate to true or false.")
	}
	return &Filter{Root: e, nodes: p.nodes}, nil
}

func (p *parser) peek() (token, *Error) {
	if !p.peeked {
		t, err := p.lx.next()
		if err != nil {
			return token{}, err
		}
		p.tok, p.peeked = t, true
	}
	return p.tok, nil
}

func (p *parser) take() (token, *Error) {
	t, err := p.peek()
	p.peeked = false
	return t, err
}

func (p *parser) unexpected(t token) *Error {
	if t.kind == tEOF {
		return errorf("$filter", "Syntax error at position %d in '%s': the expression ends too soon.", t.pos, p.lx.src)
	}
	text := t.text
	if t.kind == tString {
		text = "'" + strings.ReplaceAll(text, "'", "''") + "'"
	}
	return errorf("$filter", "Syntax error at position %d in '%s': '%s' is not expected here.", t.pos, p.lx.src, text)
}

// keyword reports whether t is the word kw, ignoring case.
func keyword(t token, kw string) bool { return t.kind == tIdent && strings.EqualFold(t.text, kw) }

func punct(t token, c string) bool { return t.kind == tPunct && t.text == c }

func (p *parser) expect(c string) *Error {
	t, err := p.take()
	if err != nil {
		return err
	}
	if !punct(t, c) {
		return p.unexpected(t)
	}
	return nil
}

// add counts a node against the limits.
func (p *parser) add(e Expr) (Expr, *Error) {
	p.nodes++
	if p.nodes > p.limits.MaxNodes {
		return nil, errorf("$filter", "The query specified in the URI is not valid: the filter has more than %d nodes.", p.limits.MaxNodes)
	}
	return e, nil
}

func (p *parser) enter() *Error {
	p.depth++
	if p.depth > p.limits.MaxDepth {
		return errorf("$filter", "The query specified in the URI is not valid: the filter nests deeper than %d.", p.limits.MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) or() (Expr, *Error) { return p.logical("or", p.and) }

func (p *parser) and() (Expr, *Error) { return p.logical("and", p.unary) }

// logical parses operands joined by the logical operator op, left to
// right, each operand read by operand; both sides must be true or false.
func (p *parser) logical(op string, operand func() (Expr, *Error)) (Expr, *Error) {
	l, err := operand()
	if err != nil {
		return nil, err
	}
	for {
		t, err := p.peek()
		if err != nil {
			return nil, err
		}
		if !keyword(t, op) {
			return l, nil
		}
		p.take()
		r, err := operand()
		if err != nil {
			return nil, err
		}
		if !boolean(l) || !boolean(r) {
			return nil, errorf("$filter", "Invalid filter clause: the operands of '%s' must be true or false.", op)
		}
		if l, err = p.add(Binary{Op: op, L: l, R: r}); err != nil {
			return nil, err
		}
	}
}

func (p *parser) unary() (Expr, *Error) {
	t, err := p.peek()
	if err != nil {
		return nil, err
	}
	if keyword(t, "not") {
		p.take()
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if !boolean(x) {
			return nil, errorf("$filter", "Invalid filter clause: the operand of 'not' must be true or false.")
		}
		return p.add(Not{X: x})
	}
	return p.comparison()
}

var comparisons = map[string]bool{"eq": true, "ne": true, "lt": true, "gt": true, "le": true, "ge": true}

func (p *parser) comparison() (Expr, *Error) {
	l, err := p.primary()
	if err != nil {
		return nil, err
	}
	t, err := p.peek()
	if err != nil {
		return nil, err
	}
	if t.kind != tIdent {
		return l, nil
	}
	op := strings.ToLower(t.text)
	switch {
	case comparisons[op]:
		p.take()
		r, err := p.primary()
		if err != nil {
			return nil, err
		}
		if boolean(r) && !isLiteral(r) {
			return nil, errorf("$filter", "Invalid filter clause: '%s' compares with an expression that is true or false.", op)
		}
		return p.add(Binary{Op: op, L: l, R: r})
	case op == "in":
		p.take()
		if err := p.expect("("); err != nil {
			return nil, err
		}
		var list []Expr
		for {
			v, err := p.primary()
			if err != nil {
				return nil, err
			}
			if !isLiteral(v) {
				return nil, errorf("$filter", "Invalid filter clause: the list of 'in' must hold literals.")
			}
			list = append(list, v)
			t, err := p.take()
			if err != nil {
				return nil, err
			}
			if punct(t, ")") {
				break
			}
			if !punct(t, ",") {
				return nil, p.unexpected(t)
			}
		}
		return p.add(In{X: l, List: list})
	}
	return l, nil
}

func isLiteral(e Expr) bool { _, ok := e.(Literal); return ok }

// boolean reports whether e can be true or false: a comparison, a logical
// operator, a function, a lambda, a boolean literal, or a property (which
// may hold a boolean).
func boolean(e Expr) bool {
	switch e := e.(type) {
	case Binary, Not, In, Call, Lambda:
		return true
	case Path:
		return !e.Count
	case Literal:
		return e.Kind == BoolLiteral
	}
	return false
}

var functions = map[string]bool{"startswith": true, "endswith": true, "contains": true}

func (p *parser) primary() (Expr, *Error) {
	t, err := p.take()
	if err != nil {
		return nil, err
	}
	switch t.kind {
	case tPunct:
		if !punct(t, "(") {
			return nil, p.unexpected(t)
		}
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return e, nil
	case tString:
		return p.add(Literal{Kind: StringLiteral, Value: t.text})
	case tGUID:
		return p.add(Literal{Kind: GUIDLiteral, Value: strings.ToLower(t.text)})
	case tEnum:
		return p.add(Literal{Kind: EnumLiteral, Value: t.text, Type: t.enum})
	case tDate:
		tm, _ := parseTime(t.text)
		return p.add(Literal{Kind: DateLiteral, Value: tm})
	case tNumber:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, errorf("$filter", "Syntax error at position %d in '%s': '%s' is not a number.", t.pos, p.lx.src, t.text)
		}
		return p.add(Literal{Kind: NumberLiteral, Value: f})
	case tIdent:
		switch strings.ToLower(t.text) {
		case "null":
			return p.add(Literal{Kind: NullLiteral})
		case "true", "false":
			return p.add(Literal{Kind: BoolLiteral, Value: strings.EqualFold(t.text, "true")})
		}
		if nt, err := p.peek(); err != nil {
			return nil, err
		} else if punct(nt, "(") {
			return p.call(t)
		}
		return p.path(t)
	}
	return nil, p.unexpected(t)
}

func (p *parser) call(name token) (Expr, *Error) {
	fn := strings.ToLower(name.text)
	if !functions[fn] {
		return nil, errorf("$filter", "Invalid filter clause: '%s' is not a function Graph supports in $filter.", name.text)
	}
	p.take() // (
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	var args []Expr
	for {
		a, err := p.primary()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		t, err := p.take()
		if err != nil {
			return nil, err
		}
		if punct(t, ")") {
			break
		}
		if !punct(t, ",") {
			return nil, p.unexpected(t)
		}
	}
	if len(args) != 2 {
		return nil, errorf("$filter", "Invalid filter clause: '%s' takes 2 arguments, not %d.", name.text, len(args))
	}
	if _, ok := args[0].(Path); !ok {
		return nil, errorf("$filter", "Invalid filter clause: the first argument of '%s' must be a property.", name.text)
	}
	if l, ok := args[1].(Literal); !ok || l.Kind != StringLiteral {
		return nil, errorf("$filter", "Invalid filter clause: the second argument of '%s' must be a string.", name.text)
	}
	return p.add(Call{Name: fn, Args: args})
}

// path reads a property path starting at first, and a lambda or /$count
// that ends it.
func (p *parser) path(first token) (Expr, *Error) {
	path := Path{Segments: []string{first.text}}
	for {
		t, err := p.peek()
		if err != nil {
			return nil, err
		}
		if !punct(t, "/") {
			return p.add(path)
		}
		p.take()
		seg, err := p.take()
		if err != nil {
			return nil, err
		}
		if seg.kind != tIdent {
			return nil, p.unexpected(seg)
		}
		if seg.text == "$count" {
			path.Count = true
			return p.add(path)
		}
		op := strings.ToLower(seg.text)
		if op == "any" || op == "all" {
			if nt, err := p.peek(); err != nil {
				return nil, err
			} else if punct(nt, "(") {
				return p.lambda(path, op)
			}
		}
		if len(path.Segments) >= p.limits.MaxDepth {
			return nil, errorf("$filter", "The query specified in the URI is not valid: the property path is longer than %d.", p.limits.MaxDepth)
		}
		path.Segments = append(path.Segments, seg.text)
	}
}

func (p *parser) lambda(path Path, op string) (Expr, *Error) {
	p.take() // (
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t, err := p.take()
	if err != nil {
		return nil, err
	}
	if punct(t, ")") {
		if op == "all" {
			return nil, errorf("$filter", "Invalid filter clause: 'all' needs a lambda expression.")
		}
		return p.add(Lambda{Path: path, Op: op})
	}
	if t.kind != tIdent || strings.Contains(t.text, ".") {
		return nil, p.unexpected(t)
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	p.vars = append(p.vars, t.text)
	defer func() { p.vars = p.vars[:len(p.vars)-1] }()
	body, err := p.or()
	if err != nil {
		return nil, err
	}
	if !boolean(body) {
		return nil, errorf("$filter", "Invalid filter clause: the body of '%s' must be true or false.", op)
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	return p.add(Lambda{Path: path, Op: op, Var: t.text, Body: body})
}

// A Use is one way a filter uses a property: the property path (from the
// entity, lambda variables resolved to the collection they range over)
// and the operator: eq ne lt gt le ge in not startsWith endsWith contains
// any all count, or "null" for a comparison with null.
type Use struct {
	Property string
	Operator string
}

// Uses lists the uses of properties in f, in the order they appear, each
// once. A comparison under not is reported as "not"; a comparison of a
// path's /$count as "count"; eq null as "null" alone, ne null as "null"
// and "ne".
func (f *Filter) Uses() []Use {
	var out []Use
	seen := map[Use]bool{}
	add := func(prop, op string) {
		u := Use{Property: prop, Operator: op}
		if prop != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	var walk func(e Expr, scope map[string]string, negated bool)
	name := func(e Expr, scope map[string]string) string {
		pth, ok := e.(Path)
		if !ok {
			return ""
		}
		segs := pth.Segments
		if coll, ok := scope[segs[0]]; ok {
			if len(segs) == 1 {
				return coll
			}
			return coll + "/" + strings.Join(segs[1:], "/")
		}
		return strings.Join(segs, "/")
	}
	walk = func(e Expr, scope map[string]string, negated bool) {
		switch e := e.(type) {
		case Binary:
			if e.Op == "and" || e.Op == "or" {
				walk(e.L, scope, negated)
				walk(e.R, scope, negated)
				return
			}
			prop := name(e.L, scope)
			if pth, ok := e.L.(Path); ok && pth.Count {
				add(prop, "count")
				return
			}
			op := e.Op
			if negated {
				op = "not"
			}
			if l, ok := e.R.(Literal); ok && l.Kind == NullLiteral {
				// A comparison with null is a use of null; ne null and
				// not(… eq null) are also the negation's.
				add(prop, "null")
				if op == "eq" {
					return
				}
			}
			add(prop, op)
		case Not:
			walk(e.X, scope, true)
		case In:
			if negated {
				add(name(e.X, scope), "not")
				return
			}
			add(name(e.X, scope), "in")
		case Call:
			op := map[string]string{"startswith": "startsWith", "endswith": "endsWith", "contains": "contains"}[e.Name]
			if negated {
				add(name(e.Args[0], scope), "not")
			}
			add(name(e.Args[0], scope), op)
		case Lambda:
			coll := name(e.Path, scope)
			add(coll, e.Op)
			if e.Body != nil {
				inner := map[string]string{}
				for k, v := range scope {
					inner[k] = v
				}
				inner[e.Var] = coll
				walk(e.Body, inner, negated)
			}
		case Path:
			if negated {
				add(name(e, scope), "not")
			}
			add(name(e, scope), "eq")
		}
	}
	walk(f.Root, map[string]string{}, false)
	return out
}

// timeOf reads v as a time, for comparing with a date literal.
func timeOf(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return v, true
	case string:
		return parseTime(v)
	}
	return time.Time{}, false
}
