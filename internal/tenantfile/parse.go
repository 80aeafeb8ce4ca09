package tenantfile

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/graphrules"
	"github.com/graphmock/graphmock/internal/store"
	"github.com/graphmock/graphmock/internal/strictyaml"
	"github.com/graphmock/graphmock/internal/suggest"
	"gopkg.in/yaml.v3"
)

// topKeys are the keys of a tenant file, in the order Encode writes them.
var topKeys = []string{"version", "me", "generate", "entities"}

// bindSuffix ends the name of a property that binds navigation
// properties to existing entities, as in a Graph create body.
const bindSuffix = "@odata.bind"

// A parser reads one tenant file.
type parser struct {
	name   string
	d      *strictyaml.Decoder
	errs   []*Error
	budget int // value nodes left to visit
	f      *File
	binds  []pendingBind
	// suggestions left: a did-you-mean compares a name with up to
	// maxSuggest users, so a file gets maxSuggestions of them.
	suggestions int
	section     bool // a tenant: section of another file, which has the version
}

// A pendingBind is an @odata.bind value inside a property, checked once
// every entity of the file is known.
type pendingBind struct {
	refs   []*yaml.Node
	single bool
	where  strictyaml.Path
	bind   *Bind // the top-level bind whose targets these are; nil inside a property
}

// Parse reads a tenant file. name is the file's name, for positions and
// for the ids derived for entities written without one. Every problem is
// reported, each an *Error with the file, line and column, joined with
// errors.Join and sorted by place; the checks that need the whole file
// (ids, unique values, keys in paths, references, me) run once the rest
// of it reads well. A file larger than MaxFileSize is refused unread.
func Parse(name string, data []byte) (*File, error) {
	if len(data) > MaxFileSize {
		return nil, &Error{Pos: Pos{File: name}, Err: fmt.Errorf("the file is %d bytes, more than the %d MiB a tenant file may hold: split it into several files and merge them", len(data), MaxFileSize>>20)}
	}
	root, serr := strictyaml.ParseDocument(data)
	if serr != nil {
		e := &Error{Pos: Pos{File: name, Line: serr.Line, Column: serr.Column}, Err: serr.Err}
		switch {
		case errors.Is(serr.Err, strictyaml.ErrEmpty):
			e.Err = fmt.Errorf("the file is empty: a tenant file starts with version: %d", Version)
		case errors.Is(serr.Err, strictyaml.ErrManyDocuments):
			e.Err = fmt.Errorf("%w: a tenant file holds exactly one; give each document a file of its own", strictyaml.ErrManyDocuments)
		}
		return nil, e
	}
	p := &parser{name: name, d: strictyaml.NewDecoder(), budget: strictyaml.MaxNodes, suggestions: maxSuggestions, f: &File{Name: name}}
	p.file(root)
	for _, e := range p.d.Errors() {
		p.errs = append(p.errs, &Error{Pos: Pos{File: name, Line: e.Line, Column: e.Column}, Where: where(e.Path), Err: e.Err})
	}
	if err := join(p.errs); err != nil {
		return nil, err
	}
	return p.f, nil
}

// ParseSection reads a tenant written as a section of another YAML file,
// such as the tenant: section of a scenario file: section is the
// section's mapping node, with its positions in that file, name. The
// section is a tenant file without a version of its own (the enclosing
// file's applies); every problem is reported as Parse reports them, at
// the enclosing file's lines and columns.
func ParseSection(name string, section *yaml.Node) (*File, error) {
	p := &parser{name: name, d: strictyaml.NewDecoder(), budget: strictyaml.MaxNodes, suggestions: maxSuggestions, f: &File{Name: name}, section: true}
	p.file(section)
	for _, e := range p.d.Errors() {
		p.errs = append(p.errs, &Error{Pos: Pos{File: name, Line: e.Line, Column: e.Column}, Where: where(e.Path), Err: e.Err})
	}
	if err := join(p.errs); err != nil {
		return nil, err
	}
	return p.f, nil
}

func (p *parser) pos(n *yaml.Node) Pos { return Pos{File: p.name, Line: n.Line, Column: n.Column} }

func (p *parser) errorf(n *yaml.Node, at strictyaml.Path, format string, args ...any) {
	p.errs = append(p.errs, &Error{Pos: p.pos(n), Where: where(at), Err: fmt.Errorf(format, args...)})
}

// file reads the document's top mapping and then checks what needs the
// whole file: ids, unique values, keys in paths, binds and me.
func (p *parser) file(root *yaml.Node) {
	var at strictyaml.Path
	if root.Kind != yaml.MappingNode {
		p.errorf(root, at, "want a mapping with version, me, generate and entities, got %s", strictyaml.Describe(root))
		return
	}
	var version, me, gen, entities *yaml.Node
	for _, kv := range p.d.Pairs(root, at) {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "version":
			version = v
		case "me":
			me = v
			p.f.MePos = p.pos(v)
		case "generate":
			gen = v
			p.f.Generate = &Generate{Pos: p.pos(k)}
		case "entities":
			entities = v
		default:
			p.errorf(k, at, "unknown key %q%s: a tenant file has version, me, generate and entities", k.Value, suggest.DidYouMean(k.Value, topKeys))
		}
	}
	switch {
	case version == nil && p.section:
		p.f.Version = Version // the enclosing file's version applies
	case version == nil:
		p.errorf(root, at, "no version: write version: %d at the top of the file", Version)
	default:
		p.d.Decode(version, reflectOf(&p.f.Version), at.Key("version"))
		if v := p.f.Version; v != Version && version.Tag == "!!int" {
			p.errorf(version, at.Key("version"), "version %d is not one this graphmock reads: write version: %d", v, Version)
		}
	}
	if me != nil {
		p.d.Decode(me, reflectOf(&p.f.Me), at.Key("me"))
		if me.Kind == yaml.ScalarNode && me.Tag == "!!str" && me.Value == "" {
			p.errorf(me, at.Key("me"), "empty: write the userPrincipalName or id of a user under /users, or leave me out for the first user")
		}
	}
	if gen != nil {
		p.generateSpec(gen, at.Key("generate"))
	}
	if entities != nil {
		p.entities(entities, at.Key("entities"))
	}
	if len(p.errs) > 0 || len(p.d.Errors()) > 0 {
		// Ids and references are checked on a file that reads well, so
		// that one mistake is not reported again as its consequences.
		return
	}
	p.assignIDs()
	ix := newIndex()
	for _, c := range p.f.Collections {
		if isTop(c.Path) {
			for _, e := range c.Entities {
				ix.add(c.Path, e)
			}
		}
	}
	if g := p.f.Generate; g != nil {
		generate(p.f, g, ix)
	}
	p.f.idx = ix
	p.resolvePaths(ix)
	p.errs = append(p.errs, checkUnique(p.f.Collections)...)
	p.resolveBinds(ix)
	if p.f.Me != "" {
		users := ix.colls["users"]
		switch {
		case users == nil:
			p.errorf(me, at.Key("me"), "no user %q: the file seeds no users; write them under /users or generate some", p.f.Me)
		default:
			if _, ok := ix.user(p.f.Me); !ok {
				p.errorf(me, at.Key("me"), "no user %q in this file: write the userPrincipalName or id of a user under /users%s", p.f.Me, ix.suggestUser(p.f.Me, &p.suggestions))
			}
		}
	}
}

// generateSpec reads the generate block.
func (p *parser) generateSpec(n *yaml.Node, at strictyaml.Path) {
	var spec struct {
		Users  int    `yaml:"users"`
		Groups int    `yaml:"groups"`
		Seed   int64  `yaml:"seed"`
		Domain string `yaml:"domain"`
	}
	p.d.Decode(n, reflectOf(&spec), at)
	g := p.f.Generate
	g.Users, g.Groups, g.Seed, g.Domain = spec.Users, spec.Groups, spec.Seed, spec.Domain
	count := func(key string, v, limit int) {
		if !p.d.Has(at.Key(key)) {
			return
		}
		vn, _ := p.d.Node(at.Key(key))
		if v < 0 || v > limit {
			p.errorf(vn, at.Key(key), "%d %s: want 0 to %d", v, key, limit)
		}
	}
	count("users", g.Users, MaxUsers)
	count("groups", g.Groups, MaxGroups)
	if p.d.Has(at.Key("domain")) {
		if err := checkDomain(g.Domain); err != nil {
			vn, _ := p.d.Node(at.Key("domain"))
			p.errorf(vn, at.Key("domain"), "%v", err)
		}
	}
	if g.Domain == "" {
		g.Domain = DefaultDomain
	}
}

// checkDomain accepts a DNS name of two labels or more.
func checkDomain(d string) error {
	bad := fmt.Errorf("%q is not a domain name: write one such as %s", d, DefaultDomain)
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return bad
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return bad
		}
		for _, r := range l {
			if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-') {
				return bad
			}
		}
	}
	return nil
}

// entities reads the entities mapping: collection path → list.
func (p *parser) entities(n *yaml.Node, at strictyaml.Path) {
	n = resolve(n)
	if strictyaml.IsNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, at, "want a mapping of collection paths (such as /users) to lists of entities, got %s", strictyaml.Describe(n))
		return
	}
	for _, kv := range p.d.Pairs(n, at) {
		k, v := kv[0], kv[1]
		cat := at.Key(k.Value)
		c := &Collection{Written: k.Value, Pos: p.pos(k)}
		path, err := parsePath(k.Value)
		if err != nil {
			p.errorf(k, cat, "%v", err)
		}
		c.Path = path
		v = resolve(v)
		switch {
		case strictyaml.IsNull(v):
		case v.Kind != yaml.SequenceNode:
			p.errorf(v, cat, "want a list of entities (each line starting with -), got %s", strictyaml.Describe(v))
		default:
			for i, item := range v.Content {
				if e := p.entity(item, cat.Index(i)); e != nil {
					c.Entities = append(c.Entities, e)
				}
			}
		}
		if err == nil {
			p.f.Collections = append(p.f.Collections, c)
		}
	}
}

// entity reads one entity mapping.
func (p *parser) entity(n *yaml.Node, at strictyaml.Path) *Entity {
	n = resolve(n)
	if !p.spend(n, at) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, at, "want a mapping of properties (such as displayName: Adele Vance), got %s", strictyaml.Describe(n))
		return nil
	}
	e := &Entity{Data: map[string]any{}, Pos: p.pos(n), at: where(at)}
	for _, kv := range p.d.Pairs(n, at) {
		k, v := kv[0], kv[1]
		pat := at.Key(k.Value)
		e.Props = append(e.Props, Prop{Name: k.Value, Pos: p.pos(k), ValuePos: p.pos(resolve(v))})
		if nav, ok := strings.CutSuffix(k.Value, bindSuffix); ok {
			if b := p.bind(nav, v, pat); b != nil {
				e.Binds = append(e.Binds, b)
			}
			continue
		}
		val, ok := p.value(v, pat)
		if !ok {
			continue
		}
		if k.Value == "id" {
			id, isString := val.(string)
			if !isString || id == "" {
				p.errorf(v, pat, "want the entity's id as a string that is not empty, got %s", strictyaml.Describe(resolve(v)))
				continue
			}
			if err := checkKey(id); err != nil {
				p.errorf(v, pat, "%v", err)
				continue
			}
			e.ID = id
		}
		e.Data[k.Value] = val
	}
	return e
}

// bind reads a top-level nav@odata.bind property.
func (p *parser) bind(nav string, n *yaml.Node, at strictyaml.Path) *Bind {
	if !isIdentifier(nav) {
		p.errorf(n, at, "%q is not a navigation property: write such as members%s", nav, bindSuffix)
		return nil
	}
	refs, single, ok := p.refs(n, at)
	if !ok {
		return nil
	}
	b := &Bind{Nav: nav, Single: single}
	for _, r := range refs {
		b.Refs = append(b.Refs, r.Value)
	}
	p.binds = append(p.binds, pendingBind{refs: refs, single: single, where: at, bind: b})
	return b
}

// refs reads the value of an @odata.bind property: one reference or a
// list of them.
func (p *parser) refs(n *yaml.Node, at strictyaml.Path) (refs []*yaml.Node, single, ok bool) {
	n = resolve(n)
	if !p.spend(n, at) {
		return nil, false, false
	}
	isRef := func(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!str" }
	switch {
	case isRef(n):
		return []*yaml.Node{n}, true, true
	case n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			item = resolve(item)
			if !p.spend(item, at.Index(i)) {
				return nil, false, false
			}
			if !isRef(item) {
				p.errorf(item, at.Index(i), "want a reference such as \"users/{id}\", got %s", strictyaml.Describe(item))
				ok = false
				continue
			}
			refs = append(refs, item)
		}
		return refs, false, len(refs) == len(n.Content)
	default:
		p.errorf(n, at, "want a reference such as \"users/{id}\" or a list of them, got %s", strictyaml.Describe(n))
		return nil, false, false
	}
}

// value converts n into the JSON value it writes. Scalars keep their
// text: an unquoted 2026-11-27 stays that string, numbers keep their
// digits as json.Number. Binds inside are kept as written and checked
// later.
func (p *parser) value(n *yaml.Node, at strictyaml.Path) (any, bool) {
	n = resolve(n)
	if !p.spend(n, at) {
		return nil, false
	}
	switch n.Kind {
	case yaml.MappingNode:
		pairs := p.d.Pairs(n, at)
		m := make(map[string]any, len(pairs))
		ok := true
		for _, kv := range pairs {
			k, v := kv[0], kv[1]
			if strings.HasSuffix(k.Value, bindSuffix) {
				refs, single, rok := p.refs(v, at.Key(k.Value))
				if !rok {
					ok = false
					continue
				}
				p.binds = append(p.binds, pendingBind{refs: refs, single: single, where: at.Key(k.Value)})
				if single {
					m[k.Value] = refs[0].Value
				} else {
					list := make([]any, len(refs))
					for i, r := range refs {
						list[i] = r.Value
					}
					m[k.Value] = list
				}
				continue
			}
			val, vok := p.value(v, at.Key(k.Value))
			ok = ok && vok
			m[k.Value] = val
		}
		return m, ok
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		ok := true
		for i, item := range n.Content {
			val, vok := p.value(item, at.Index(i))
			ok = ok && vok
			s[i] = val
		}
		return s, ok
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, true
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				p.errorf(n, at, "%v", err)
				return nil, false
			}
			return b, true
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				p.errorf(n, at, "want a number, got %q", n.Value)
				return nil, false
			}
			if math.IsInf(f, 0) || math.IsNaN(f) {
				p.errorf(n, at, "%s is not a number JSON can hold: write a finite number, or quote it for a string", n.Value)
				return nil, false
			}
			if json.Valid([]byte(n.Value)) {
				return json.Number(n.Value), true
			}
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), true
		default:
			return n.Value, true
		}
	default:
		p.errorf(n, at, "want a JSON value, got %s", strictyaml.Describe(n))
		return nil, false
	}
}

// spend counts one node against the file's budget, reporting the file
// once when it runs out.
func (p *parser) spend(n *yaml.Node, at strictyaml.Path) bool {
	p.budget--
	if p.budget == -1 {
		p.errorf(n, at, "%w", strictyaml.ErrTooManyNodes)
	}
	return p.budget >= 0
}

// reflectOf returns the value v points to, for strictyaml's Decode.
func reflectOf[T any](v *T) reflect.Value { return reflect.ValueOf(v).Elem() }

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// fallbackShape is the shape of ids in a collection graphrules does not
// know: a GUID, as the directory's.
var fallbackShape = func() *graphrules.IDShape {
	c, _ := graphrules.Default().Collection("users")
	return c.IDShape()
}()

// idEpoch is the instant ids of time-shaped collections (chat messages)
// count from: 2026-01-01.
var idEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// assignIDs gives every written entity without an id one of its
// collection's shape, derived from the file's name, the collection's path
// as written and the entity's place in it: the same file gives the same
// ids on every load.
func (p *parser) assignIDs() {
	for _, c := range p.f.Collections {
		shape := fallbackShape
		if r, ok := graphrules.Default().Collection(rulesName(c.Path)); ok {
			shape = r.IDShape()
		}
		for i, e := range c.Entities {
			if e.ID != "" {
				continue
			}
			h := fnv.New64a()
			fmt.Fprintf(h, "%s\x00%s\x00%d", p.name, c.Written, i)
			n := h.Sum64()
			var at time.Time
			if shape.Kind == graphrules.EpochMillis {
				at = idEpoch.Add(time.Duration(n>>40)*time.Second + time.Duration(i)*time.Millisecond)
			} else {
				var b [8]byte
				binary.BigEndian.PutUint64(b[:], n*0x9e3779b97f4a7c15)
				at = time.Unix(0, int64(binary.BigEndian.Uint64(b[:])>>1))
			}
			e.ID = shape.New(n, at)
			e.Data["id"] = e.ID
		}
	}
}

// resolvePaths replaces the key in each path that names an entity of a
// top-level collection of the file (a user by id or userPrincipalName)
// with the entity's id, reporting a key that names none. Keys deeper in a
// path (a mail folder's well-known name) are kept as written.
func (p *parser) resolvePaths(ix *index) {
	for _, c := range p.f.Collections {
		for i, s := range c.Path {
			if s.Key == "" {
				continue
			}
			top := store.Path(c.Path[: i+1 : i+1]).Entity("")
			name := rulesName(top)
			at := strictyaml.Path{}.Key("entities").Key(c.Written)
			k := ix.colls[name]
			switch e, ok := ix.find(name, s.Key); {
			case k == nil:
				p.errs = append(p.errs, &Error{Pos: c.Pos, Where: where(at), Err: fmt.Errorf("no /%s in this file to find %q in: seed the entity under /%s", name, s.Key, name)})
			case !ok && name == "users":
				p.errs = append(p.errs, &Error{Pos: c.Pos, Where: where(at), Err: fmt.Errorf("no user %q in this file: write the id or userPrincipalName of a user under /users%s", s.Key, ix.suggestUser(s.Key, &p.suggestions))})
			case !ok:
				p.errs = append(p.errs, &Error{Pos: c.Pos, Where: where(at), Err: fmt.Errorf("no entity %q in /%s in this file: write the id of one", s.Key, name)})
			default:
				c.Path[i].Key = e.ID
			}
			break
		}
	}
}

// resolveBinds checks every reference of every bind and fills the
// targets of the top-level ones.
func (p *parser) resolveBinds(ix *index) {
	for _, pb := range p.binds {
		for i, r := range pb.refs {
			at := pb.where
			if !pb.single {
				at = at.Index(i)
			}
			t, err := ix.resolve(r.Value, &p.suggestions)
			if err != nil {
				p.errorf(r, at, "%v", err)
				continue
			}
			if pb.bind != nil {
				pb.bind.Targets = append(pb.bind.Targets, t)
			}
		}
	}
}
