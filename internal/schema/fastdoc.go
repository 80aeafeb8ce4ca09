package schema

import "strings"

// A Fast decides, for a JSON Schema document built in memory, that a
// document is valid, without gojsonschema: the fast path of a bodySchema,
// for other validators of package schema's vocabulary. Valid never says
// "invalid": false means "ask gojsonschema", which gives every verdict
// with violations.
type Fast struct{ check *fastCheck }

// NewFast returns the Fast of a schema document (map[string]any, []any,
// strings, bools and numbers: json.Number, int, int64 or float64) whose
// $refs, if any, point inside it, or nil when it uses a keyword a fast
// check does not know.
func NewFast(doc any) *Fast {
	b := &fastBuilder{docs: map[string]any{"": doc}, nodes: map[string]*fastCheck{}}
	root, err := b.at("", "")
	if err != nil {
		return nil
	}
	for i := 0; i < len(b.refs); i++ {
		p := b.refs[i]
		file, ptr, _ := strings.Cut(p.target, "#")
		if file != "" {
			return nil
		}
		target, err := b.at(file, ptr)
		if err != nil {
			return nil
		}
		p.node.ref = target
	}
	return &Fast{check: root}
}

// Valid reports whether doc, a parsed JSON document, is surely valid.
func (f *Fast) Valid(doc any) bool { return f.check.valid(doc) }
