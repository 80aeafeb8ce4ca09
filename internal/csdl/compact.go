package csdl

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// The compact form is how this package carries Graph's metadata: the
// Models Embedded returns, built from the CSDL documents of metadata/ by
// go generate (gen_compact.go) and written to one file that decodes in a
// few allocations, without XML.
//
// The file is
//
//	magic
//	the string table: its count n, n lengths, then the n strings' bytes
//	the versions: their count, and for each its name and the length and
//	bytes of its model
//
// Every number is an unsigned varint (a signed one zigzag-encoded), and
// every string is its index in the table, whose first string is "" and
// whose others come most used first, so that the names met most often
// take one byte. A model is
//
//	its layers' names: count, names
//	namespaces: count, (name, alias)...
//	aliases: count, (alias, namespace)... in the aliases' order
//	types: count, then the totals of their properties, navigation
//	properties and key names; for each type, in the order of their names:
//	name, flags, base type name, base type's index + 1 (0 for none), line,
//	layer, key names (count, names), properties (count, (name, type name,
//	flags, line, layer)...), navigation properties (likewise)
//	enums: count, total of their members; for each, in the order of their
//	names: name, flags, underlying type, line, layer, members (count,
//	(name, value)...)
//	operations: count, total of their parameters, count of those with a
//	return type; for each in the model's order: name, flags, entity set
//	path, line, layer, the return type's name if it has one, parameters
//	(count, (name, type name, flags, line)...)
//	the bound operations: count, total; for each binding type in the
//	order of their names: its name, (count, operations' indices...)
//	the container: 0 for none, else 1, name, total of bindings, entity
//	sets (count, (name, type, line, layer, bindings (count,
//	(path, target)...))...), singletons (likewise)
//
// Layers appear only in a layered model (one whose layers' count is not
// zero). Each line is written as the signed difference from the line
// written before it in the same model.
const compactMagic = "graphmock csdl compact 1\n"

// Flags of the compact form.
const (
	flagComplex  = 1 << 0 // a type
	flagAbstract = 1 << 1
	flagOpen     = 1 << 2
	flagStream   = 1 << 3
	flagColl     = 1 << 0 // a property, navigation property or parameter
	flagNullable = 1 << 1
	flagContains = 1 << 2 // a navigation property
	flagOptional = 1 << 2 // a parameter
	flagIsFlags  = 1 << 0 // an enum
	flagFunction = 1 << 0 // an operation
	flagBound    = 1 << 1
	flagCompose  = 1 << 2
	flagReturns  = 1 << 3
	flagRetColl  = 1 << 4
	flagRetNull  = 1 << 5
)

// A versionModel is one version's model to write in the compact form.
type versionModel struct {
	version string
	model   *Model
}

// encodeCompact writes models in the compact form Embedded reads. It is
// deterministic: the same models give the same bytes.
func encodeCompact(models ...versionModel) []byte {
	// The first pass counts how often each string is used, the second
	// writes with the table that count orders.
	count := &encoder{uses: map[string]int{"": 0}}
	for _, vm := range models {
		count.str(vm.version)
		count.model(vm.model)
	}
	table := slices.Collect(maps.Keys(count.uses))
	slices.SortFunc(table, func(a, b string) int {
		if a == "" || b == "" {
			return cmp.Compare(len(a), len(b)) // "" first
		}
		if c := cmp.Compare(count.uses[b], count.uses[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	index := make(map[string]int, len(table))
	for i, s := range table {
		index[s] = i
	}
	out := &encoder{index: index}
	out.buf.WriteString(compactMagic)
	out.uv(len(table))
	for _, s := range table {
		out.uv(len(s))
	}
	for _, s := range table {
		out.buf.WriteString(s)
	}
	out.uv(len(models))
	for _, vm := range models {
		section := &encoder{index: index}
		section.model(vm.model)
		out.str(vm.version)
		out.uv(section.buf.Len())
		out.buf.Write(section.buf.Bytes())
	}
	return out.buf.Bytes()
}

// An encoder writes the compact form, or, when index is nil, counts the
// uses of each string.
type encoder struct {
	buf     bytes.Buffer
	uses    map[string]int
	index   map[string]int
	line    int
	layered bool
	scratch [binary.MaxVarintLen64]byte
}

func (e *encoder) uv(x int) {
	if e.index == nil {
		return
	}
	e.buf.Write(binary.AppendUvarint(e.scratch[:0], uint64(x)))
}

func (e *encoder) sv(x int64) {
	if e.index == nil {
		return
	}
	e.buf.Write(binary.AppendVarint(e.scratch[:0], x))
}

func (e *encoder) str(s string) {
	if e.index == nil {
		e.uses[s]++
		return
	}
	e.uv(e.index[s])
}

func (e *encoder) lineAt(line int) {
	e.sv(int64(line - e.line))
	e.line = line
}

func (e *encoder) layer(l uint8) {
	if e.layered {
		e.uv(int(l))
	}
}

func (e *encoder) typeRef(r TypeRef) (flags int) {
	e.str(r.Name)
	if r.Collection {
		return flagColl
	}
	return 0
}

func (e *encoder) model(m *Model) {
	e.line = 0
	e.layered = len(m.layerNames) > 0
	e.uv(len(m.layerNames))
	for _, l := range m.layerNames {
		e.str(l)
	}
	e.uv(len(m.Namespaces))
	for _, ns := range m.Namespaces {
		e.str(ns.Name)
		e.str(ns.Alias)
	}
	aliases := slices.Sorted(maps.Keys(m.aliases))
	e.uv(len(aliases))
	for _, a := range aliases {
		e.str(a)
		e.str(m.aliases[a])
	}

	names := slices.Sorted(maps.Keys(m.Types))
	at := make(map[*StructuredType]int, len(names))
	props, navs, keys := 0, 0, 0
	for i, name := range names {
		t := m.Types[name]
		at[t] = i
		props += len(t.Properties)
		navs += len(t.NavigationProperties)
		keys += len(t.Key)
	}
	e.uv(len(names))
	e.uv(props)
	e.uv(navs)
	e.uv(keys)
	for _, name := range names {
		t := m.Types[name]
		e.str(t.Name)
		flags := 0
		if t.Kind == ComplexKind {
			flags |= flagComplex
		}
		if t.Abstract {
			flags |= flagAbstract
		}
		if t.OpenType {
			flags |= flagOpen
		}
		if t.HasStream {
			flags |= flagStream
		}
		e.uv(flags)
		e.str(t.BaseType)
		if t.Base != nil {
			e.uv(at[t.Base] + 1)
		} else {
			e.uv(0)
		}
		e.lineAt(t.Line)
		e.layer(t.layer)
		e.uv(len(t.Key))
		for _, k := range t.Key {
			e.str(k)
		}
		e.uv(len(t.Properties))
		for _, p := range t.Properties {
			e.str(p.Name)
			flags := e.typeRef(p.Type)
			if p.Nullable {
				flags |= flagNullable
			}
			e.uv(flags)
			e.lineAt(p.line)
			e.layer(p.layer)
		}
		e.uv(len(t.NavigationProperties))
		for _, p := range t.NavigationProperties {
			e.str(p.Name)
			flags := e.typeRef(p.Type)
			if p.Nullable {
				flags |= flagNullable
			}
			if p.ContainsTarget {
				flags |= flagContains
			}
			e.uv(flags)
			e.lineAt(p.line)
			e.layer(p.layer)
		}
	}

	enums := slices.Sorted(maps.Keys(m.Enums))
	members := 0
	for _, name := range enums {
		members += len(m.Enums[name].Members)
	}
	e.uv(len(enums))
	e.uv(members)
	for _, name := range enums {
		en := m.Enums[name]
		e.str(en.Name)
		flags := 0
		if en.IsFlags {
			flags |= flagIsFlags
		}
		e.uv(flags)
		e.str(en.UnderlyingType)
		e.lineAt(en.Line)
		e.layer(en.layer)
		e.uv(len(en.Members))
		for _, mem := range en.Members {
			e.str(mem.Name)
			e.sv(mem.Value)
		}
	}

	params, returns := 0, 0
	opAt := make(map[*Operation]int, len(m.Operations))
	for i, op := range m.Operations {
		opAt[op] = i
		params += len(op.Parameters)
		if op.ReturnType != nil {
			returns++
		}
	}
	e.uv(len(m.Operations))
	e.uv(params)
	e.uv(returns)
	for _, op := range m.Operations {
		e.str(op.Name)
		flags := 0
		if op.Kind == FunctionKind {
			flags |= flagFunction
		}
		if op.IsBound {
			flags |= flagBound
		}
		if op.IsComposable {
			flags |= flagCompose
		}
		if rt := op.ReturnType; rt != nil {
			flags |= flagReturns
			if rt.Type.Collection {
				flags |= flagRetColl
			}
			if rt.Nullable {
				flags |= flagRetNull
			}
		}
		e.uv(flags)
		e.str(op.EntitySetPath)
		e.lineAt(op.Line)
		e.layer(op.layer)
		if op.ReturnType != nil {
			e.str(op.ReturnType.Type.Name)
		}
		e.uv(len(op.Parameters))
		for _, p := range op.Parameters {
			e.str(p.Name)
			flags := e.typeRef(p.Type)
			if p.Nullable {
				flags |= flagNullable
			}
			if p.Optional {
				flags |= flagOptional
			}
			e.uv(flags)
			e.lineAt(p.line)
		}
	}

	bindings := slices.Sorted(maps.Keys(m.bound))
	bound := 0
	for _, b := range bindings {
		bound += len(m.bound[b])
	}
	e.uv(len(bindings))
	e.uv(bound)
	for _, b := range bindings {
		e.str(b)
		e.uv(len(m.bound[b]))
		for _, op := range m.bound[b] {
			e.uv(opAt[op])
		}
	}

	c := m.Container
	if c == nil {
		e.uv(0)
		return
	}
	e.uv(1)
	e.str(c.Name)
	total := 0
	for _, s := range c.EntitySets {
		total += len(s.Bindings)
	}
	for _, s := range c.Singletons {
		total += len(s.Bindings)
	}
	e.uv(total)
	writeBindings := func(bs []NavigationPropertyBinding) {
		e.uv(len(bs))
		for _, b := range bs {
			e.str(b.Path)
			e.str(b.Target)
		}
	}
	e.uv(len(c.EntitySets))
	for _, s := range c.EntitySets {
		e.str(s.Name)
		e.str(s.EntityType)
		e.lineAt(s.line)
		e.layer(s.layer)
		writeBindings(s.Bindings)
	}
	e.uv(len(c.Singletons))
	for _, s := range c.Singletons {
		e.str(s.Name)
		e.str(s.Type)
		e.lineAt(s.line)
		e.layer(s.layer)
		writeBindings(s.Bindings)
	}
}

// A compactFile is a compact form read as far as its string table and
// the places of its versions' models.
type compactFile struct {
	strs     []string
	sections map[string]string // version → its model's bytes
}

var errCorrupt = errors.New("csdl: the compact metadata is corrupt")

// openCompact reads data's string table and finds its versions. The
// strings are substrings of data: they cost no allocation of their own.
func openCompact(data string) (*compactFile, error) {
	rest, ok := cutPrefix(data, compactMagic)
	if !ok {
		return nil, errCorrupt
	}
	r := &reader{s: rest}
	n := r.count()
	lengths := r.i
	size := 0
	for range n {
		if size += r.uv(); size > len(r.s) {
			return nil, errCorrupt
		}
	}
	if r.err != nil || size > len(r.s)-r.i {
		return nil, errCorrupt
	}
	f := &compactFile{strs: make([]string, n), sections: map[string]string{}}
	text := r.i
	r.i = lengths
	for i := range f.strs {
		l := r.uv()
		f.strs[i] = r.s[text : text+l]
		text += l
	}
	r.i = text
	r.strs = f.strs
	versions := r.count()
	for range versions {
		name := r.str()
		l := r.count()
		if r.err != nil {
			return nil, errCorrupt
		}
		f.sections[name] = r.s[r.i : r.i+l]
		r.i += l
	}
	if r.err != nil || r.i != len(r.s) {
		return nil, errCorrupt
	}
	return f, nil
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || s[:len(prefix)] != prefix {
		return s, false
	}
	return s[len(prefix):], true
}

// A reader reads the numbers and strings of the compact form. A read past
// the end or of a string not in the table sets err and gives zero values.
type reader struct {
	s    string
	i    int
	strs []string
	err  error
}

func (r *reader) uv() int {
	if r.i < len(r.s) {
		if b := r.s[r.i]; b < 0x80 {
			r.i++
			return int(b)
		}
	}
	x := r.uv64()
	if x > 1<<40 { // no count, index, length or line is near that
		r.fail()
		return 0
	}
	return int(x)
}

func (r *reader) uv64() uint64 {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if r.i >= len(r.s) {
			break
		}
		b := r.s[r.i]
		r.i++
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x
		}
	}
	r.fail()
	return 0
}

func (r *reader) sv() int64 {
	u := r.uv64()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads the number of things that follow, each at least a byte.
func (r *reader) count() int {
	n := r.uv()
	if n > len(r.s)-r.i {
		r.fail()
		return 0
	}
	return n
}

func (r *reader) str() string {
	i := r.uv()
	if i >= len(r.strs) {
		r.fail()
		return ""
	}
	return r.strs[i]
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errCorrupt
	}
	r.i = len(r.s)
}

// decodeModel reads the model of one version. Each kind of element is
// allocated at once for the whole model: one slice of every property,
// one of pointers to them that each type's Properties is a part of, and
// so on.
func (f *compactFile) decodeModel(version string) (m *Model, err error) {
	data, ok := f.sections[version]
	if !ok {
		return nil, fmt.Errorf("csdl: the compact metadata has no version %q", version)
	}
	r := &reader{s: data, strs: f.strs}
	line := 0
	lineAt := func() int {
		line += int(r.sv())
		return line
	}
	m = &Model{}
	if n := r.count(); n > 0 {
		m.layerNames = make([]string, n)
		for i := range m.layerNames {
			m.layerNames[i] = r.str()
		}
	}
	layered := len(m.layerNames) > 0
	layer := func() uint8 {
		if !layered {
			return 0
		}
		l := r.uv()
		if l > len(m.layerNames) {
			r.fail()
		}
		return uint8(l)
	}
	if n := r.count(); n > 0 {
		m.Namespaces = make([]Namespace, n)
		for i := range m.Namespaces {
			m.Namespaces[i] = Namespace{Name: r.str(), Alias: r.str()}
		}
	}
	n := r.count()
	m.aliases = make(map[string]string, n)
	for range n {
		a := r.str()
		m.aliases[a] = r.str()
	}

	// Types.
	nt, np, nn, nk := r.count(), r.count(), r.count(), r.count()
	types := make([]StructuredType, nt)
	props := make([]Property, np)
	propPtrs := make([]*Property, np)
	navs := make([]NavigationProperty, nn)
	navPtrs := make([]*NavigationProperty, nn)
	keys := make([]string, nk)
	bases := make([]int, nt)
	m.Types = make(map[string]*StructuredType, nt)
	pi, ni, ki := 0, 0, 0
	for i := range types {
		t := &types[i]
		t.Name = r.str()
		flags := r.uv()
		if flags&flagComplex != 0 {
			t.Kind = ComplexKind
		}
		t.Abstract = flags&flagAbstract != 0
		t.OpenType = flags&flagOpen != 0
		t.HasStream = flags&flagStream != 0
		t.BaseType = r.str()
		bases[i] = r.uv()
		t.Line = lineAt()
		t.layer = layer()
		if k := r.count(); k > 0 {
			if ki+k > nk {
				return nil, errCorrupt
			}
			t.Key = keys[ki : ki+k : ki+k]
			for j := range t.Key {
				t.Key[j] = r.str()
			}
			ki += k
		}
		if k := r.count(); k > 0 {
			if pi+k > np {
				return nil, errCorrupt
			}
			t.Properties = propPtrs[pi : pi+k : pi+k]
			for j := range t.Properties {
				p := &props[pi+j]
				p.Name = r.str()
				p.Type.Name = r.str()
				flags := r.uv()
				p.Type.Collection = flags&flagColl != 0
				p.Nullable = flags&flagNullable != 0
				p.line = lineAt()
				p.layer = layer()
				t.Properties[j] = p
			}
			pi += k
		}
		if k := r.count(); k > 0 {
			if ni+k > nn {
				return nil, errCorrupt
			}
			t.NavigationProperties = navPtrs[ni : ni+k : ni+k]
			for j := range t.NavigationProperties {
				p := &navs[ni+j]
				p.Name = r.str()
				p.Type.Name = r.str()
				flags := r.uv()
				p.Type.Collection = flags&flagColl != 0
				p.Nullable = flags&flagNullable != 0
				p.ContainsTarget = flags&flagContains != 0
				p.line = lineAt()
				p.layer = layer()
				t.NavigationProperties[j] = p
			}
			ni += k
		}
		m.Types[t.Name] = t
		if r.err != nil {
			return nil, r.err
		}
	}
	// Base and derived types: each type's derived ones in the order of
	// their names, as link gives them.
	derivedCount := make([]int32, nt)
	nd := 0
	for i, b := range bases {
		if b > nt || b == i+1 {
			return nil, errCorrupt
		}
		if b > 0 {
			types[i].Base = &types[b-1]
			derivedCount[b-1]++
			nd++
		}
	}
	if nd > 0 {
		derived := make([]*StructuredType, nd)
		at := 0
		for i := range types {
			if c := int(derivedCount[i]); c > 0 {
				types[i].Derived = derived[at : at : at+c]
				at += c
			}
		}
		for i := range types {
			if b := types[i].Base; b != nil {
				b.Derived = append(b.Derived, &types[i])
			}
		}
	}

	// Enums.
	ne, nm := r.count(), r.count()
	enums := make([]EnumType, ne)
	members := make([]EnumMember, nm)
	m.Enums = make(map[string]*EnumType, ne)
	mi := 0
	for i := range enums {
		en := &enums[i]
		en.Name = r.str()
		en.IsFlags = r.uv()&flagIsFlags != 0
		en.UnderlyingType = r.str()
		en.Line = lineAt()
		en.layer = layer()
		if k := r.count(); k > 0 {
			if mi+k > nm {
				return nil, errCorrupt
			}
			en.Members = members[mi : mi+k : mi+k]
			for j := range en.Members {
				en.Members[j] = EnumMember{Name: r.str(), Value: r.sv()}
			}
			mi += k
		}
		m.Enums[en.Name] = en
	}

	// Operations.
	no, npar, nret := r.count(), r.count(), r.count()
	ops := make([]Operation, no)
	params := make([]Parameter, npar)
	paramPtrs := make([]*Parameter, npar)
	rets := make([]ReturnType, nret)
	if no > 0 {
		m.Operations = make([]*Operation, no)
	}
	ri, qi := 0, 0
	for i := range ops {
		op := &ops[i]
		op.Name = r.str()
		flags := r.uv()
		if flags&flagFunction != 0 {
			op.Kind = FunctionKind
		}
		op.IsBound = flags&flagBound != 0
		op.IsComposable = flags&flagCompose != 0
		op.EntitySetPath = r.str()
		op.Line = lineAt()
		op.layer = layer()
		if flags&flagReturns != 0 {
			if ri >= nret {
				return nil, errCorrupt
			}
			rt := &rets[ri]
			ri++
			rt.Type = TypeRef{Name: r.str(), Collection: flags&flagRetColl != 0}
			rt.Nullable = flags&flagRetNull != 0
			op.ReturnType = rt
		}
		if k := r.count(); k > 0 {
			if qi+k > npar {
				return nil, errCorrupt
			}
			op.Parameters = paramPtrs[qi : qi+k : qi+k]
			for j := range op.Parameters {
				p := &params[qi+j]
				p.Name = r.str()
				p.Type.Name = r.str()
				flags := r.uv()
				p.Type.Collection = flags&flagColl != 0
				p.Nullable = flags&flagNullable != 0
				p.Optional = flags&flagOptional != 0
				p.line = lineAt()
				op.Parameters[j] = p
			}
			qi += k
		}
		m.Operations[i] = op
	}

	// Bound operations.
	nb, total := r.count(), r.count()
	m.bound = make(map[string][]*Operation, nb)
	boundOps := make([]*Operation, total)
	bi := 0
	for range nb {
		name := r.str()
		k := r.count()
		if bi+k > total {
			return nil, errCorrupt
		}
		list := boundOps[bi : bi+k : bi+k]
		for j := range list {
			o := r.uv()
			if o >= no {
				return nil, errCorrupt
			}
			list[j] = &ops[o]
		}
		bi += k
		m.bound[name] = list
	}

	// The container.
	if r.uv() == 1 {
		c := &EntityContainer{Name: r.str()}
		nbind := r.count()
		bindings := make([]NavigationPropertyBinding, nbind)
		bi := 0
		readBindings := func() []NavigationPropertyBinding {
			k := r.count()
			if k == 0 {
				return nil
			}
			if bi+k > nbind {
				r.fail()
				return nil
			}
			bs := bindings[bi : bi+k : bi+k]
			for j := range bs {
				bs[j] = NavigationPropertyBinding{Path: r.str(), Target: r.str()}
			}
			bi += k
			return bs
		}
		if k := r.count(); k > 0 {
			sets := make([]EntitySet, k)
			c.EntitySets = make([]*EntitySet, k)
			for i := range sets {
				s := &sets[i]
				s.Name, s.EntityType = r.str(), r.str()
				s.line = lineAt()
				s.layer = layer()
				s.Bindings = readBindings()
				c.EntitySets[i] = s
			}
		}
		if k := r.count(); k > 0 {
			singletons := make([]Singleton, k)
			c.Singletons = make([]*Singleton, k)
			for i := range singletons {
				s := &singletons[i]
				s.Name, s.Type = r.str(), r.str()
				s.line = lineAt()
				s.layer = layer()
				s.Bindings = readBindings()
				c.Singletons[i] = s
			}
		}
		m.Container = c
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.i != len(r.s) {
		return nil, errCorrupt
	}
	return m, nil
}
