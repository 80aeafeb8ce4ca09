package odataschema

import (
	"fmt"
	"github.com/graphmock/graphmock/internal/graphwire"
	"slices"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/edm"
	"github.com/xeipuuv/gojsonschema"
)

// Validate checks a parsed JSON body — map[string]any, []any,
// json.Number, string, bool and nil, as json.Decoder.UseNumber or
// graphmock's own parser produce — and returns every violation, ordered by
// JSON pointer. Pointers name the body as the client wrote it. A nil result
// means the body is acceptable.
func (b *Body) Validate(doc any) []graphwire.Violation {
	if ptr, err := edm.OversizedNumber(doc); err != nil {
		return []graphwire.Violation{{Field: ptr, Code: "numberTooLarge", Message: "the number is refused: " + err.Error()}}
	}
	w := walk{set: b.set}
	obj, ok := doc.(map[string]any)
	if !ok {
		w.add("", "invalidType", fmt.Sprintf("want a JSON object (%s), got %s", b.name, jsonType(doc)))
		return w.out
	}
	switch key := b.key.(type) {
	case *csdl.StructuredType:
		w.object(key, obj, "")
	default:
		l, err := b.set.level(key)
		if err != nil {
			w.add("", "schemaError", err.Error())
			return w.out
		}
		w.level(l, obj, "")
	}
	slices.SortStableFunc(w.out, func(a, b graphwire.Violation) int { return strings.Compare(a.Field, b.Field) })
	return w.out
}

// walk holds the state of one Validate call.
type walk struct {
	set *Set
	out []graphwire.Violation
}

func (w *walk) add(ptr, code, msg string) {
	w.out = append(w.out, graphwire.Violation{Field: ptr, Code: code, Message: msg})
}

// object checks obj, declared to be of type t, at pointer ptr.
func (w *walk) object(t *csdl.StructuredType, obj map[string]any, ptr string) {
	actual := t
	if v, ok := obj["@odata.type"]; ok {
		if name, ok := v.(string); ok { // other values: the schema says
			if r, ok := w.set.resolveODataType(name, t); ok {
				actual = r
			} else if w.set.opts.Strict && !strings.HasPrefix(name, "#") {
				w.add(ptr+"/@odata.type", "invalidODataType", fmt.Sprintf("%q lacks the leading # that OData's JSON format requires", name))
			} else {
				w.add(ptr+"/@odata.type", "invalidODataType", fmt.Sprintf("%q is not %s or a type derived from it", name, t.Name))
			}
		}
	} else if t.Abstract && w.set.opts.Strict {
		w.add(ptr+"/@odata.type", "required", fmt.Sprintf("%s is abstract: @odata.type must name the type derived from it", t.Name))
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
	res, err := l.schema.Validate(gojsonschema.NewRawLoader(obj))
	if err != nil {
		w.add(ptr, "invalidBody", err.Error())
		return
	}
	if !res.Valid() {
		for _, v := range violations(res.Errors(), l) {
			v.Field = ptr + renameFirst(v.Field, renamed)
			w.out = append(w.out, v)
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
					w.add(ptr+"/"+token(name), "unknownProperty", fmt.Sprintf("%q binds %q, which is not a navigation property of %s", name, prop, levelName(l)))
				}
			}
			continue
		case l.open:
			continue
		default:
			w.add(ptr+"/"+token(name), "unknownProperty", fmt.Sprintf("property %q is not declared by %s (only its properties and annotations are allowed)", name, levelName(l)))
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
	written, ok := renamed[unescape(first)]
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
