// Package yamlsubset reads the subset of YAML that scenario files are
// written in into the very node tree gopkg.in/yaml.v3 builds for them,
// several times faster, or answers that a document lies outside it.
//
// The subset is: block mappings and block sequences indented with spaces
// (compact "- key: value" entries and indentless sequences under a key
// included), plain, single-quoted and double-quoted scalars on one line,
// flow mappings and flow sequences on one line, nested, empty values,
// comments and blank lines. Anything else (block scalars, anchors,
// aliases, tags, complex keys, scalars or flow collections over several
// lines, directives, document markers, tabs, a byte order mark, carriage
// returns, control characters, invalid UTF-8, the merge key, nesting
// deeper than MaxDepth) and every malformed document are outside it: the
// reader reports no errors, it only declines, and the caller parses the
// document with yaml.v3, which does.
package yamlsubset

import (
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxDepth is how deeply collections may nest in a document the reader
// accepts.
const MaxDepth = 64

// maxKey bounds a key's length in bytes: yaml.v3 looks no further than
// 1024 characters for the ':' after a key.
const maxKey = 1000

const (
	nullTag = "!!null"
	strTag  = "!!str"
	intTag  = "!!int"
	mapTag  = "!!map"
	seqTag  = "!!seq"
)

// decline is the panic value with which the parser gives up.
type decline struct{}

// Parse returns the document node yaml.v3 builds for data, and true; or
// nil and false when data is outside the subset, malformed ones
// included. The nodes carry no comments (HeadComment, LineComment and
// FootComment are empty) and no anchors; everything else is as yaml.v3
// gives it.
func Parse(data []byte) (*yaml.Node, bool) {
	ascii, ok := check(data)
	if !ok {
		return nil, false
	}
	p := &parser{s: string(data), line: 1, ascii: ascii}
	// About a node for every 8 bytes: a slab of nodes is a power of two
	// of them, from 16 to 4096, for a node's index to find its slab.
	for 1<<p.shift < min(max(len(data)/8, 16), 4096) {
		p.shift++
	}
	return p.run()
}

// check reports whether data holds only characters the subset allows
// (printable ones and line feeds, in valid UTF-8, with no tab, carriage
// return or byte order mark, nor a character yaml.v3 takes for a line
// break), and whether they are all ASCII.
func check(data []byte) (ascii, ok bool) {
	ascii = true
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false, false
			}
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRune(data[i:])
		if r < 0xA0 || (r > 0xD7FF && r < 0xE000) || r > 0xFFFD || r == 0xFEFF || r == 0x2028 || r == 0x2029 {
			return false, false // RuneError is 0xFFFD with size 1
		}
		if r == utf8.RuneError && size == 1 {
			return false, false
		}
		i += size
	}
	return ascii, true
}

// A parser reads one document. Its position is always on a line; block
// parsers return with it at the first character of the next line holding
// content (indent its indentation) or at the end (indent -1).
type parser struct {
	s      string
	pos    int
	line   int // of pos, from 1
	ls     int // where pos's line starts
	indent int // of the line at pos, once positioned by advance

	ascii          bool // s has no multi-byte character: columns are byte offsets
	colPos, colNum int  // a column known on the current line, for counting on

	depth    int
	comments bool // a comment was seen
	keyStart int  // where the last key read starts

	// The nodes are numbered in the order they are made and kept in
	// slabs of 1<<shift. A collection's children are pushed on stack by
	// number, which holds no pointer for the collector to follow, and
	// stored as pointers once, in the Content of their collection.
	shift uint
	slabs [][]yaml.Node
	count int32        // nodes made
	ptrs  []*yaml.Node // free room for Content
	stack []int32      // children of the collections being read
}

func (p *parser) run() (doc *yaml.Node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(decline); !is {
				panic(r)
			}
			doc, ok = nil, false
		}
	}()
	p.startLine()
	p.advance()
	if p.indent < 0 {
		return nil, false
	}
	line, col := p.line, p.col(p.pos)
	var r int32
	switch {
	case p.isDash():
		r = p.blockSeq(false)
	default:
		k := p.key()
		if k < 0 {
			p.fail()
		}
		r = p.blockMap(k)
	}
	root := p.at(r)
	if p.indent >= 0 {
		p.fail()
	}
	if p.comments && root.Kind == yaml.MappingNode {
		// A scenario file's tenant: section is marshalled again, comments
		// and all, to tell whether a reload changed it: keep yaml.v3's.
		for i := 0; i < len(root.Content); i += 2 {
			if root.Content[i].Value == "tenant" {
				p.fail()
			}
		}
	}
	_, doc = p.node()
	doc.Kind, doc.Line, doc.Column = yaml.DocumentNode, line, col
	p.stack = append(p.stack, r)
	p.finish(doc, 0)
	return doc, true
}

func (p *parser) fail() { panic(decline{}) }

// node returns a new zero node from the slabs, and its number.
func (p *parser) node() (int32, *yaml.Node) {
	i := p.count
	if int(i>>p.shift) == len(p.slabs) {
		p.slabs = append(p.slabs, make([]yaml.Node, 1<<p.shift))
	}
	p.count++
	return i, p.at(i)
}

// at returns node number i.
func (p *parser) at(i int32) *yaml.Node {
	return &p.slabs[i>>p.shift][i&(1<<p.shift-1)]
}

// finish gives n the children pushed since base, in room taken from the
// slab of Content, capped so that appending to the result never writes
// over a neighbour.
func (p *parser) finish(n *yaml.Node, base int) {
	children := p.stack[base:]
	p.stack = p.stack[:base]
	k := len(children)
	if k == 0 {
		return
	}
	if k > len(p.ptrs) {
		p.ptrs = make([]*yaml.Node, max(1<<p.shift, k))
	}
	c := p.ptrs[:k:k]
	p.ptrs = p.ptrs[k:]
	for j, i := range children {
		c[j] = p.at(i)
	}
	n.Content = c
}

func (p *parser) enter() {
	p.depth++
	if p.depth > MaxDepth {
		p.fail()
	}
}

// col is the column, from 1 and in characters, of pos on the current
// line.
func (p *parser) col(pos int) int {
	if p.ascii {
		return pos - p.ls + 1
	}
	if pos < p.colPos {
		p.colPos, p.colNum = p.ls, 1
	}
	p.colNum += utf8.RuneCountInString(p.s[p.colPos:pos])
	p.colPos = pos
	return p.colNum
}

// startLine notes that pos starts a line, declining the lines that may
// start a directive or mark a document's start or end.
func (p *parser) startLine() {
	p.ls, p.colPos, p.colNum = p.pos, p.pos, 1
	if p.pos < len(p.s) {
		switch p.s[p.pos] {
		case '%', '-', '.':
			if rest := p.s[p.pos:]; len(rest) >= 3 && (rest[:3] == "---" || rest[:3] == "...") {
				p.fail()
			}
			if p.s[p.pos] == '%' {
				p.fail()
			}
		}
	}
}

// advance moves from the end of a line (pos at its '\n' or at the end)
// or from the start of one to the next line holding content, skipping
// blank lines and comments.
func (p *parser) advance() {
	s := p.s
	for {
		if p.pos < len(s) && s[p.pos] == '\n' {
			p.pos++
			p.line++
			p.startLine()
		}
		i := p.pos
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) {
			p.pos, p.indent = i, -1
			return
		}
		switch s[i] {
		case '\n':
			p.pos = i
			continue
		case '#':
			p.comments = true
			for i < len(s) && s[i] != '\n' {
				i++
			}
			p.pos = i
			if i == len(s) {
				p.indent = -1
				return
			}
			continue
		}
		p.pos, p.indent = i, i-p.ls
		return
	}
}

// endLine accepts the rest of the line after a value: spaces, then
// perhaps a comment after at least one of them. It leaves pos at the
// line's end.
func (p *parser) endLine() {
	s := p.s
	i := p.pos
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i < len(s) && s[i] != '\n' {
		if s[i] != '#' || i == p.pos {
			p.fail()
		}
		p.comments = true
		for i < len(s) && s[i] != '\n' {
			i++
		}
	}
	p.pos = i
}

// blankAt reports whether i is a space, a line's end or the end.
func (p *parser) blankAt(i int) bool {
	return i >= len(p.s) || p.s[i] == ' ' || p.s[i] == '\n'
}

// isDash reports whether pos holds a block sequence's entry indicator.
func (p *parser) isDash() bool {
	return p.pos < len(p.s) && p.s[p.pos] == '-' && p.blankAt(p.pos+1)
}

// blockSeq reads the block sequence whose first '-' is at pos. An
// indentless sequence (the value of a key, at the key's indentation)
// ends at the first line of its indentation without a '-'.
func (p *parser) blockSeq(indentless bool) int32 {
	n := p.pos - p.ls
	id, seq := p.node()
	seq.Kind, seq.Tag, seq.Line, seq.Column = yaml.SequenceNode, seqTag, p.line, p.col(p.pos)
	p.enter()
	base := len(p.stack)
	for {
		p.pos++ // the '-'
		v := p.value(n, false)
		p.stack = append(p.stack, v)
		if p.indent < n {
			break
		}
		if p.indent > n {
			p.fail()
		}
		if !p.isDash() {
			if indentless {
				break
			}
			p.fail()
		}
	}
	p.finish(seq, base)
	p.depth--
	return id
}

// blockMap reads the block mapping whose first key, node k, was just
// read, pos being after its ':'.
func (p *parser) blockMap(k int32) int32 {
	n := p.keyStart - p.ls
	kn := p.at(k)
	id, m := p.node()
	m.Kind, m.Tag, m.Line, m.Column = yaml.MappingNode, mapTag, kn.Line, kn.Column
	p.enter()
	base := len(p.stack)
	for {
		v := p.value(n, true)
		p.stack = append(p.stack, k, v)
		if p.indent < n {
			break
		}
		if p.indent > n {
			p.fail()
		}
		if k = p.key(); k < 0 {
			p.fail()
		}
	}
	p.finish(m, base)
	p.depth--
	return id
}

// value reads what follows a sequence's '-' or a key's ':' (pos is just
// after it), the indicator being in a collection indented n.
func (p *parser) value(n int, inMap bool) int32 {
	s := p.s
	line, markCol := p.line, p.col(p.pos) // the null's place: just after the indicator
	start := p.pos
	i := p.pos
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i == len(s) || s[i] == '\n' || (s[i] == '#' && i > start) {
		p.endLine()
		p.advance()
		switch {
		case p.indent > n:
			if p.isDash() {
				return p.blockSeq(false)
			}
			if k := p.key(); k >= 0 {
				return p.blockMap(k)
			}
			p.fail() // a scalar on the next line
		case p.indent == n && inMap && p.isDash():
			return p.blockSeq(true)
		}
		id, v := p.node()
		v.Kind, v.Tag, v.Line, v.Column = yaml.ScalarNode, nullTag, line, markCol
		return id
	}
	if i == start {
		p.fail() // "-x" or "a:b" is read elsewhere; this is a value glued on
	}
	p.pos = i
	if !inMap {
		if p.isDash() {
			return p.blockSeq(false)
		}
		if k := p.key(); k >= 0 {
			return p.blockMap(k)
		}
	}
	var v int32
	switch s[i] {
	case '[':
		v = p.flowSeq()
	case '{':
		v = p.flowMap()
	case '"', '\'':
		v = p.quoted()
	default:
		v = p.plain(false)
	}
	p.endLine()
	p.advance()
	if p.indent > n {
		p.fail() // a continuation line, or a stray one
	}
	return v
}

// key reads a mapping key at pos, and the ':' after it, returning its
// node's number, or -1 (pos unchanged) when pos holds none.
func (p *parser) key() int32 {
	s := p.s
	start := p.pos
	var k int32
	switch s[start] {
	case '"', '\'':
		k = p.quoted()
		for p.pos < len(s) && s[p.pos] == ' ' {
			p.pos++
		}
		if p.pos < len(s) && s[p.pos] == ':' && p.blankAt(p.pos+1) {
			break
		}
		p.pos = start
		return -1
	default:
		if !p.plainStart() {
			return -1
		}
		i := start
		end := start // after the last non-space
		for {
			if i == len(s) || s[i] == '\n' {
				return -1
			}
			c := s[i]
			if c == ':' && p.blankAt(i+1) {
				break
			}
			if c == ' ' {
				if i+1 < len(s) && s[i+1] == '#' {
					return -1
				}
			} else {
				end = i + 1
			}
			i++
		}
		v := s[start:end]
		if v == "<<" {
			p.fail()
		}
		var kn *yaml.Node
		k, kn = p.node()
		kn.Kind, kn.Tag, kn.Value, kn.Line, kn.Column = yaml.ScalarNode, plainTag(v), v, p.line, p.col(start)
		p.pos = i
	}
	if p.pos-start > maxKey {
		p.fail()
	}
	p.keyStart = start
	p.pos++ // the ':'
	return k
}

// plainStart reports whether pos may start a plain scalar.
func (p *parser) plainStart() bool {
	s := p.s
	switch c := s[p.pos]; c {
	case '-':
		if p.pos+1 >= len(s) {
			return false
		}
		switch s[p.pos+1] {
		case ' ', '\n', ',', '[', ']', '{', '}', ':', '#', '?':
			return false
		}
		return true
	case ' ', '\n', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// plain reads a plain scalar value at pos, in a flow collection when flow
// is set, up to its end on the line.
func (p *parser) plain(flow bool) int32 {
	s := p.s
	start := p.pos
	if !p.plainStart() {
		p.fail()
	}
	i := start
	end := start
	for i < len(s) {
		c := s[i]
		if c == '\n' {
			break
		}
		if c == ' ' {
			if i+1 < len(s) && s[i+1] == '#' {
				if flow {
					p.fail()
				}
				break
			}
			i++
			continue
		}
		if c == ':' {
			if p.blankAt(i + 1) {
				if flow {
					goto done // the value indicator
				}
				p.fail() // "a: b: c"
			}
			if flow {
				p.fail() // "a:b" in a flow collection: leave it to yaml.v3
			}
		}
		if flow {
			switch c {
			case ',', '[', ']', '{', '}':
				goto done
			case '?':
				p.fail()
			}
		}
		i++
		end = i
	}
	if flow {
		p.fail() // a flow collection continued on the next line
	}
done:
	v := s[start:end]
	if v == "<<" {
		p.fail()
	}
	id, n := p.node()
	n.Kind, n.Tag, n.Value, n.Line, n.Column = yaml.ScalarNode, plainTag(v), v, p.line, p.col(start)
	p.pos = end
	return id
}

// quoted reads a single- or double-quoted scalar at pos that ends on its
// line.
func (p *parser) quoted() int32 {
	s := p.s
	start := p.pos
	q := s[start]
	i := start + 1
	var buf []byte // the value, once unescaping is needed
	from := i      // what is not yet in buf
	for {
		if i >= len(s) || s[i] == '\n' {
			p.fail()
		}
		c := s[i]
		if c == q {
			if q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
				buf = append(buf, s[from:i+1]...)
				i += 2
				from = i
				continue
			}
			break
		}
		if c == '\\' && q == '"' {
			if i+1 >= len(s) {
				p.fail()
			}
			buf = append(buf, s[from:i]...)
			var e byte
			switch s[i+1] {
			case '0':
				e = 0
			case 'a':
				e = '\a'
			case 'b':
				e = '\b'
			case 't':
				e = '\t'
			case 'n':
				e = '\n'
			case 'v':
				e = '\v'
			case 'f':
				e = '\f'
			case 'r':
				e = '\r'
			case 'e':
				e = 0x1b
			case ' ', '"', '\\':
				e = s[i+1]
			case 'u':
				r, ok := hex4(s, i+2)
				if !ok {
					p.fail()
				}
				buf = utf8.AppendRune(buf, r)
				i += 6
				from = i
				continue
			default:
				p.fail()
			}
			buf = append(buf, e)
			i += 2
			from = i
			continue
		}
		i++
	}
	var v string
	if buf == nil {
		v = s[start+1 : i]
	} else {
		v = string(append(buf, s[from:i]...))
	}
	id, n := p.node()
	n.Kind, n.Tag, n.Value, n.Line, n.Column = yaml.ScalarNode, strTag, v, p.line, p.col(start)
	n.Style = yaml.DoubleQuotedStyle
	if q == '\'' {
		n.Style = yaml.SingleQuotedStyle
	}
	p.pos = i + 1
	return id
}

// hex4 decodes the four hexadecimal digits at i, refusing surrogates.
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	if r >= 0xD800 && r <= 0xDFFF {
		return 0, false
	}
	return r, true
}

// skipSpaces moves pos past spaces, declining a line's end (a flow
// collection continued on the next line).
func (p *parser) skipSpaces() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
	if p.pos == len(p.s) || p.s[p.pos] == '\n' {
		p.fail()
	}
}

// flowValue reads a node in a flow collection.
func (p *parser) flowValue() int32 {
	switch p.s[p.pos] {
	case '[':
		return p.flowSeq()
	case '{':
		return p.flowMap()
	case '"', '\'':
		return p.quoted()
	}
	return p.plain(true)
}

// flowSeq reads the flow sequence at pos.
func (p *parser) flowSeq() int32 {
	id, seq := p.node()
	seq.Kind, seq.Tag, seq.Style, seq.Line, seq.Column = yaml.SequenceNode, seqTag, yaml.FlowStyle, p.line, p.col(p.pos)
	p.enter()
	base := len(p.stack)
	p.pos++
	p.skipSpaces()
	if p.s[p.pos] != ']' {
		for {
			v := p.flowValue()
			p.stack = append(p.stack, v)
			p.skipSpaces()
			c := p.s[p.pos]
			if c == ']' {
				break
			}
			if c != ',' {
				p.fail()
			}
			p.pos++
			p.skipSpaces()
			if p.s[p.pos] == ']' {
				p.fail() // a trailing comma
			}
		}
	}
	p.pos++
	p.finish(seq, base)
	p.depth--
	return id
}

// flowMap reads the flow mapping at pos.
func (p *parser) flowMap() int32 {
	id, m := p.node()
	m.Kind, m.Tag, m.Style, m.Line, m.Column = yaml.MappingNode, mapTag, yaml.FlowStyle, p.line, p.col(p.pos)
	p.enter()
	base := len(p.stack)
	p.pos++
	p.skipSpaces()
	if p.s[p.pos] != '}' {
		for {
			start := p.pos
			var k int32
			switch p.s[p.pos] {
			case '"', '\'':
				k = p.quoted()
			case '[', '{':
				p.fail()
			default:
				k = p.plain(true)
			}
			p.skipSpaces()
			if p.s[p.pos] != ':' || !p.blankAt(p.pos+1) || p.pos-start > maxKey {
				p.fail()
			}
			p.pos++
			p.skipSpaces()
			switch p.s[p.pos] {
			case ',', '}':
				p.fail() // an empty value
			}
			v := p.flowValue()
			p.stack = append(p.stack, k, v)
			p.skipSpaces()
			c := p.s[p.pos]
			if c == '}' {
				break
			}
			if c != ',' {
				p.fail()
			}
			p.pos++
			p.skipSpaces()
			if p.s[p.pos] == '}' {
				p.fail() // a trailing comma
			}
		}
	}
	p.pos++
	p.finish(m, base)
	p.depth--
	return id
}

// hints classifies the first bytes of plain scalars as yaml.v3's
// resolver does: hintStr for those it resolves to strings without
// looking further, hintMap for those it only looks up among true, false,
// null and their spellings.
var hints = func() (t [256]byte) {
	for i := range t {
		t[i] = hintStr
	}
	for _, c := range "+-0123456789.<" {
		t[c] = hintOther
	}
	for _, c := range "yYnNtTfFoO~" {
		t[c] = hintMap
	}
	return t
}()

const (
	hintStr = iota
	hintMap
	hintOther
)

// plainTag is the tag yaml.v3 resolves the plain scalar v to.
func plainTag(v string) string {
	switch hints[v[0]] {
	case hintStr:
		return strTag
	case hintMap:
		switch v {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool"
		case "~", "null", "Null", "NULL":
			return nullTag
		}
		return strTag
	}
	if len(v) <= 18 && (v[0] != '0' || len(v) == 1) {
		digits := true
		for i := 0; i < len(v); i++ {
			if v[i] < '0' || v[i] > '9' {
				digits = false
				break
			}
		}
		if digits {
			return intTag
		}
	}
	return (&yaml.Node{Kind: yaml.ScalarNode, Value: v}).ShortTag()
}
