package mockserver

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlDecoder decodes a yaml.Node tree into Go values strictly: unknown and
// duplicate keys and values of the wrong kind are errors, each with the
// line and column of the node at fault. It collects every error instead of
// stopping at the first, and remembers the node of each field so that later
// checks can point at it too.
type yamlDecoder struct {
	errs   []*LoadError
	nodes  map[string]*yaml.Node // field path -> node
	budget int                   // nodes left to visit, against alias bombs
}

// maxYAMLNodes bounds the nodes a document may expand to through aliases.
// A real scenario file has thousands; "billion laughs" has billions.
const maxYAMLNodes = 1_000_000

var errTooManyNodes = fmt.Errorf("the document expands to more than %d values (aliases referring to aliases?)", maxYAMLNodes)

// yamlNodeDecoder is implemented by types with their own scenario-file
// syntax, such as Match.
type yamlNodeDecoder interface {
	decodeYAML(n *yaml.Node, d *yamlDecoder, field string)
}

func newYAMLDecoder() *yamlDecoder {
	return &yamlDecoder{nodes: make(map[string]*yaml.Node), budget: maxYAMLNodes}
}

func (d *yamlDecoder) errorf(n *yaml.Node, field, format string, args ...any) {
	d.errs = append(d.errs, &LoadError{Line: n.Line, Column: n.Column, Field: field, Err: fmt.Errorf(format, args...)})
}

func joinField(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "." + child
}

var nodeDecoderType = reflect.TypeFor[yamlNodeDecoder]()

func (d *yamlDecoder) decode(n *yaml.Node, v reflect.Value, field string) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if d.budget--; d.budget < 0 {
		if d.budget == -1 {
			d.errorf(n, field, "%v", errTooManyNodes)
		}
		return
	}
	d.nodes[field] = n
	if v.CanAddr() && v.Addr().Type().Implements(nodeDecoderType) {
		if isNull(n) {
			return
		}
		v.Addr().Interface().(yamlNodeDecoder).decodeYAML(n, d, field)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem(), field)
		v.Set(p)
	case reflect.Struct:
		d.decodeStruct(n, v, field)
	case reflect.Slice:
		if isNull(n) {
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, field, "want a list, got %s", describeNode(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", field, i))
		}
		v.Set(s)
	case reflect.Map:
		if isNull(n) {
			return
		}
		if n.Kind != yaml.MappingNode {
			d.errorf(n, field, "want a mapping, got %s", describeNode(n))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		for _, kv := range d.pairs(n, field) {
			elem := reflect.New(v.Type().Elem()).Elem()
			d.decode(kv[1], elem, joinField(field, kv[0].Value))
			m.SetMapIndex(reflect.ValueOf(kv[0].Value), elem)
		}
		v.Set(m)
	case reflect.Interface:
		if isNull(n) {
			return
		}
		val, err := d.jsonValue(n)
		if err != nil {
			d.errorf(n, field, "%v", err)
			return
		}
		v.Set(reflect.ValueOf(val))
	case reflect.String:
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.errorf(n, field, "want a string, got %s", describeNode(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			d.errorf(n, field, "want an integer, got %s", describeNode(n))
			return
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		u, err := strconv.ParseUint(n.Value, 0, 64)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			d.errorf(n, field, "want a whole number of 0 or more, got %s", describeNode(n))
			return
		}
		v.SetUint(u)
	case reflect.Float64, reflect.Float32:
		var f float64
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&f) != nil {
			d.errorf(n, field, "want a number, got %s", describeNode(n))
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
			d.errorf(n, field, "want true or false, got %s", describeNode(n))
			return
		}
		v.SetBool(b)
	default:
		panic(fmt.Sprintf("mockserver: yamlDecoder cannot decode %s", v.Type()))
	}
}

func (d *yamlDecoder) decodeStruct(n *yaml.Node, v reflect.Value, field string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, field, "want a mapping, got %s", describeNode(n))
		return
	}
	fields := yamlFields(v.Type())
	for _, kv := range d.pairs(n, field) {
		k, val := kv[0], kv[1]
		idx, ok := fields[k.Value]
		if !ok {
			known := make([]string, 0, len(fields))
			for name := range fields {
				known = append(known, name)
			}
			d.errorf(k, field, "unknown field %q%s", k.Value, suggest(k.Value, known))
			continue
		}
		d.decode(val, v.Field(idx), joinField(field, k.Value))
	}
}

// pairs returns the key/value pairs of a mapping, with YAML merge keys
// (<<: *anchor) expanded: keys written in the mapping win over merged
// ones. Duplicate keys are reported and dropped.
func (d *yamlDecoder) pairs(n *yaml.Node, field string) [][2]*yaml.Node {
	var out [][2]*yaml.Node
	seen := make(map[string]*yaml.Node)
	var merged [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			sources := []*yaml.Node{val}
			if resolved := resolveAlias(val); resolved.Kind == yaml.SequenceNode {
				sources = resolved.Content
			}
			for _, src := range sources {
				src = resolveAlias(src)
				if src.Kind != yaml.MappingNode {
					d.errorf(val, field, "<< merges mappings only, got %s", describeNode(src))
					continue
				}
				merged = append(merged, d.pairs(src, field)...)
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, field, "want a plain key, got %s", describeNode(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.errorf(k, field, "duplicate key %q (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, [2]*yaml.Node{k, val})
	}
	for _, kv := range merged {
		if _, written := seen[kv[0].Value]; !written {
			seen[kv[0].Value] = kv[0]
			out = append(out, kv)
		}
	}
	return out
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// yamlFields maps the yaml names of a struct's fields to their index.
func yamlFields(t reflect.Type) map[string]int {
	fields := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			fields[name] = i
		}
	}
	return fields
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing (null)"
		}
		return strconv.Quote(n.Value)
	default:
		return "a YAML node of another kind"
	}
}

// jsonValue converts a YAML node into the value its JSON form
// decodes to. Scalars keep their text: an unquoted 2026-11-27 stays that
// string instead of becoming a time, and numbers keep their digits.
func (d *yamlDecoder) jsonValue(n *yaml.Node) (any, error) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if d.budget--; d.budget < 0 {
		return nil, errTooManyNodes
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: JSON object keys must be strings", k.Line)
			}
			if _, dup := m[k.Value]; dup {
				return nil, fmt.Errorf("line %d: duplicate key %q", k.Line, k.Value)
			}
			v, err := d.jsonValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, item := range n.Content {
			v, err := d.jsonValue(item)
			if err != nil {
				return nil, err
			}
			s[i] = v
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, err
			}
			return b, nil
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, err
			}
			if json.Valid([]byte(n.Value)) {
				return json.Number(n.Value), nil
			}
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
		default:
			return n.Value, nil
		}
	default:
		return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
	}
}
