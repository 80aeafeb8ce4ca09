package tenantfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Encode writes f as a tenant file that Parse reads back as f: the same
// me, generate block, collections and entities with the same ids, data
// and binds (only positions differ). Entities f.Generate made are left
// out, the generate block making them again; every other entity is
// written with its id, its properties in the order the file wrote them
// and then the rest sorted. Data values are JSON values as Parse gives
// them; Go integers and float64 are accepted too.
func Encode(f *File) ([]byte, error) {
	root := mapping()
	root.HeadComment = "A graphmock tenant file: the entities that seed a simulated Microsoft Graph tenant."
	version := f.Version
	if version == 0 {
		version = Version
	}
	add(root, "version", scalar("!!int", strconv.Itoa(version)))
	if f.Me != "" {
		add(root, "me", str(f.Me))
	}
	skipGenerated := f.Generate != nil
	if g := f.Generate; g != nil {
		gen := mapping()
		add(gen, "users", scalar("!!int", strconv.Itoa(g.Users)))
		add(gen, "groups", scalar("!!int", strconv.Itoa(g.Groups)))
		add(gen, "seed", scalar("!!int", strconv.FormatInt(g.Seed, 10)))
		domain := g.Domain
		if domain == "" {
			domain = DefaultDomain
		}
		add(gen, "domain", scalar("!!str", domain))
		add(root, "generate", gen)
	}
	entities := mapping()
	for _, c := range f.Collections {
		if skipGenerated && c.Generated {
			continue
		}
		list := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, e := range c.Entities {
			if skipGenerated && e.Generated {
				continue
			}
			n, err := entityNode(e)
			if err != nil {
				return nil, fmt.Errorf("%s: entity %q: %w", c.Written, e.ID, err)
			}
			list.Content = append(list.Content, n)
		}
		written := c.Written
		if written == "" {
			written = "/" + c.Path.String()
		}
		add(entities, written, list)
	}
	if len(entities.Content) > 0 {
		add(root, "entities", entities)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

func scalar(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, str(key), v)
}

// str writes a string, double-quoted when it holds a line break, a tab
// or a character YAML escapes: yaml.v3 would write a literal block,
// which keeps neither a leading line break nor carriage returns.
func str(s string) *yaml.Node {
	n := scalar("!!str", s)
	if strings.ContainsAny(s, "\n\r\t") || !isPrintable(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// entityNode writes e: its id, the properties it was written with in
// their order, then the others sorted, then binds not yet written.
func entityNode(e *Entity) (*yaml.Node, error) {
	m := mapping()
	done := map[string]bool{}
	binds := map[string]*Bind{}
	for _, b := range e.Binds {
		binds[b.Nav+bindSuffix] = b
	}
	put := func(name string) error {
		if done[name] {
			return nil
		}
		if b, ok := binds[name]; ok {
			done[name] = true
			add(m, name, bindNode(b))
			return nil
		}
		v, ok := e.Data[name]
		if !ok {
			return nil
		}
		done[name] = true
		n, err := valueNode(v)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		add(m, name, n)
		return nil
	}
	if _, written := e.Prop("id"); !written {
		if _, ok := e.Data["id"]; !ok && e.ID != "" {
			add(m, "id", str(e.ID))
			done["id"] = true
		} else if err := put("id"); err != nil {
			return nil, err
		}
	}
	for _, p := range e.Props {
		if err := put(p.Name); err != nil {
			return nil, err
		}
	}
	for _, k := range sortedKeys(e.Data) {
		if err := put(k); err != nil {
			return nil, err
		}
	}
	for _, b := range e.Binds {
		if err := put(b.Nav + bindSuffix); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// bindNode writes a bind's references: as written, or the paths of its
// targets for a Bind made by hand.
func bindNode(b *Bind) *yaml.Node {
	refs := b.Refs
	if len(refs) == 0 {
		for _, t := range b.Targets {
			refs = append(refs, t.String())
		}
	}
	if b.Single && len(refs) == 1 {
		return str(refs[0])
	}
	list := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, r := range refs {
		list.Content = append(list.Content, str(r))
	}
	return list
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// valueNode writes a JSON value.
func valueNode(v any) (*yaml.Node, error) {
	switch v := v.(type) {
	case nil:
		return scalar("!!null", "null"), nil
	case bool:
		return scalar("!!bool", strconv.FormatBool(v)), nil
	case string:
		return str(v), nil
	case json.Number:
		if !json.Valid([]byte(v)) {
			return nil, fmt.Errorf("%q is not a JSON number", string(v))
		}
		if strings.ContainsAny(string(v), ".eE") {
			return scalar("!!float", string(v)), nil
		}
		return scalar("!!int", string(v)), nil
	case float64:
		return valueNode(json.Number(strconv.FormatFloat(v, 'g', -1, 64)))
	case int:
		return scalar("!!int", strconv.Itoa(v)), nil
	case int64:
		return scalar("!!int", strconv.FormatInt(v, 10)), nil
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i, item := range v {
			c, err := valueNode(item)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			n.Content = append(n.Content, c)
		}
		return n, nil
	case map[string]any:
		n := mapping()
		for _, k := range sortedKeys(v) {
			c, err := valueNode(v[k])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			add(n, k, c)
		}
		return n, nil
	default:
		return nil, fmt.Errorf("%T is not a JSON value", v)
	}
}

// isPrintable reports whether s holds only what YAML writes unescaped.
func isPrintable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfeff || r == 0x2028 || r == 0x2029 || r == 0xfffd {
			return false
		}
	}
	return true
}
