package odataschema

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// Validate checks a parsed JSON body — map[string]any, []any,
// json.Number, string, bool and nil, as json.Decoder.UseNumber or
// graphmock's own parser produce — and returns every violation, ordered by
// JSON pointer. Pointers name the body as the client wrote it. A nil result
// means the body is acceptable.
func (b *Body) Validate(doc any) []graphwire.Violation {
	vs, _ := b.ValidateFirst(doc, -1)
	return vs
}

// ValidateFirst checks a parsed JSON body as Validate does, and returns
// its first n violations in pointer order (all of them when n < 0) and
// how many it has in all. Only the violations returned get a message, so
// a body that breaks a rule thousands of times costs little more than one
// that breaks it once.
func (b *Body) ValidateFirst(doc any, n int) ([]graphwire.Violation, int) {
	if vs := schema.NumberViolations(doc); vs != nil {
		return vs, len(vs)
	}
	w := walk{set: b.set}
	if obj, ok := doc.(map[string]any); !ok {
		w.add("", schema.CodeInvalidType, fmt.Sprintf("want a JSON object (%s), got %s", b.name, jsonType(doc)))
	} else if t, ok := b.key.(*csdl.StructuredType); ok {
		w.object(t, obj, "")
	} else if l, err := b.set.level(b.key); err != nil {
		w.add("", "schemaError", err.Error())
	} else {
		w.level(l, obj, "")
	}
	return schema.First(w.found, n), len(w.found)
}

// walk holds the state of one Validate call.
type walk struct {
	set   *Set
	found []schema.Finding
}

func (w *walk) add(ptr, code, msg string) {
	w.found = append(w.found, schema.Found(ptr, code, msg))
}

// object checks obj, declared to be of type t, at pointer ptr.
func (w *walk) object(t *csdl.StructuredType, obj map[string]any, ptr string) {
	actual := t
	if v, ok := obj["@odata.type"]; ok {
		if name, ok := v.(string); ok { // other values: the schema says
			if r, ok := w.set.resolveODataType(name, t); ok {
				actual = r
			} else if w.set.opts.Strict && !strings.HasPrefix(name, "#") {
				w.add(ptr+"/@odata.type", codeInvalidODataType, fmt.Sprintf("%q lacks the leading # that OData's JSON format requires", name))
			} else {
				w.add(ptr+"/@odata.type", codeInvalidODataType, fmt.Sprintf("%q is not %s or a type derived from it", name, t.Name))
			}
		}
	} else if t.Abstract && w.set.opts.Strict {
		w.add(ptr+"/@odata.type", schema.CodeRequired, fmt.Sprintf("%s is abstract: @odata.type must name the type derived from it", t.Name))
	}
	l, err := w.set.level(actual)
	if err != nil {
		w.add(ptr, "schemaError", err.Error())
		return
	}
	w.level(l, obj, ptr)
}

// level checks obj against one compiled level and descends into its
// structured values.
func (w *walk) level(l *level, obj map[string]any, ptr string) {
	// Parameter names in another case than declared are renamed for the
	// schema, and the violations renamed back.
	var renamed map[string]string // declared → as written
	if l.fold != nil {
		for k := range obj {
			if _, ok := l.props[k]; ok {
				continue
			}
			if declared, ok := l.fold[strings.ToLower(k)]; ok {
				if _, both := obj[declared]; both {
					continue // the declared spelling wins; k is unknown
				}
				if renamed == nil {
					renamed = make(map[string]string)
				}
				renamed[declared] = k
			}
		}
		if renamed != nil {
			copied := make(map[string]any, len(obj))
			for k, v := range obj {
				copied[k] = v
			}
			for declared, written := range renamed {
				copied[declared] = copied[written]
				delete(copied, written)
			}
			obj = copied
		}
	}
	if l.fast != nil && l.fast.Valid(obj) {
		// valid: nothing for gojsonschema to find
	} else if res, err := l.schema.Validate(gojsonschema.NewRawLoader(obj)); err != nil {
		w.add(ptr, schema.CodeInvalidBody, err.Error())
		return
	} else if !res.Valid() {
		for _, f := range schema.Findings(res.Errors(), patterns) {
			f.Field = ptr + renameFirst(f.Field, renamed)
			w.found = append(w.found, f)
		}
	}
	for k, v := range obj {
		name := k
		if written, ok := renamed[k]; ok {
			name = written
		}
		p, declared := l.props[k]
		switch {
		case declared:
		case strings.IndexByte(k, '@') >= 0:
			if prop, ok := strings.CutSuffix(k, "@odata.bind"); ok && !l.annotationsOnly {
				if l.typ == nil || l.typ.NavigationProperty(prop) == nil {
					w.add(ptr+"/"+token(name), schema.CodeUnknownProperty, fmt.Sprintf("%q binds %q, which is not a navigation property of %s", name, prop, levelName(l)))
				}
			}
			continue
		case l.open:
			if f, refused := w.set.dynamic(l.typ, name, v); refused {
				f.Field = ptr + "/" + token(name)
				w.found = append(w.found, f)
			}
			continue
		default:
			w.add(ptr+"/"+token(name), schema.CodeUnknownProperty, schema.UnknownPropertyMessage(name))
			continue
		}
		if p.enum != nil {
			w.enum(p, v, ptr+"/"+token(name))
			continue
		}
		if p.typ == nil || v == nil {
			continue
		}
		child := ptr + "/" + token(name)
		if !p.collection {
			if o, ok := v.(map[string]any); ok {
				w.object(p.typ, o, child)
			}
			continue
		}
		items, _ := v.([]any)
		for i, item := range items {
			if o, ok := item.(map[string]any); ok {
				w.object(p.typ, o, child+"/"+strconv.Itoa(i))
			}
		}
	}
}

// enum checks the enum value v (a collection of them when p says so) at
// ptr. Values that are not strings are the document's to refuse.
func (w *walk) enum(p nested, v any, ptr string) {
	if !p.collection {
		if s, ok := v.(string); ok && !p.enum.valid(s) {
			w.found = append(w.found, p.enum.finding(ptr, s))
		}
		return
	}
	items, _ := v.([]any)
	for i, item := range items {
		if s, ok := item.(string); ok && !p.enum.valid(s) {
			w.found = append(w.found, p.enum.finding(ptr+"/"+strconv.Itoa(i), s))
		}
	}
}

func levelName(l *level) string {
	if l.typ != nil {
		return l.typ.Name
	}
	return l.doc["title"].(string)
}

// renameFirst puts back the name the client wrote for the first token of a
// pointer that a parameter renaming changed.
func renameFirst(ptr string, renamed map[string]string) string {
	if len(renamed) == 0 || ptr == "" {
		return ptr
	}
	first, rest, hasRest := strings.Cut(ptr[1:], "/")
	written, ok := renamed[strictjson.UnescapeToken(first)]
	if !ok {
		return ptr
	}
	if hasRest {
		return "/" + token(written) + "/" + rest
	}
	return "/" + token(written)
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	}
	return "a number"
}
