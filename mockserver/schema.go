package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonreference"
	"github.com/xeipuuv/gojsonschema"
)

// A Violation is one way a request body breaks its scenario's JSON Schema.
// It becomes one entry of the Graph error's details.
type Violation struct {
	// Field is the JSON pointer (RFC 6901) of the offending value; "" is the
	// whole body.
	Field string `json:"target"`
	// Code names the broken rule, such as "required", "enum" or
	// "invalidType".
	Code string `json:"code"`
	// Message says what is wrong in words.
	Message string `json:"message"`
}

// String renders the violation as "/pointer: message".
func (v Violation) String() string {
	field := v.Field
	if field == "" {
		field = "(body)"
	}
	return field + ": " + v.Message
}

// bodySchema is a compiled JSON Schema. It is safe for concurrent use.
type bodySchema struct {
	path     string   // the schema file, relative to the scenario folder
	files    []string // the schema file and every file its $refs reached
	schema   *gojsonschema.Schema
	verdicts *memo[verdict]
}

// schemaCompiler compiles the schema files of one scenario folder, each at
// most once, and resolves $ref between them. It never reads outside fsys.
// It is safe for concurrent use: sets derived from one another share it.
type schemaCompiler struct {
	fsys fs.FS

	mu       sync.Mutex // guards compiled
	compiled map[string]*bodySchema
}

func newSchemaCompiler(fsys fs.FS) *schemaCompiler {
	return &schemaCompiler{fsys: fsys, compiled: make(map[string]*bodySchema)}
}

// compile returns the compiled schema in file name (a slash-separated path
// relative to the scenario folder).
func (c *schemaCompiler) compile(name string) (*bodySchema, error) {
	clean, err := folderPath(name)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.compiled[clean]; ok {
		return s, nil
	}
	if c.fsys == nil {
		return nil, fmt.Errorf("%s: no folder to read files from (pass an fs.FS)", clean)
	}
	if _, err := fs.Stat(c.fsys, clean); err != nil {
		return nil, fileError(clean, err)
	}
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	// sl.Validate stays false: it would compile the metaschema through the
	// same pool and swap in gojsonschema's default loader, which reads any
	// file and fetches URLs. fsSchemaLoader checks each file instead.
	read := new(readFiles)
	s, err := sl.Compile(&fsSchemaLoader{fsys: c.fsys, source: "file:///" + clean, read: read})
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", clean, err)
	}
	bs := &bodySchema{path: clean, files: read.names, schema: s, verdicts: newMemo[verdict](verdictMemoEntries, verdictMemoMaxBody)}
	c.compiled[clean] = bs
	return bs, nil
}

// folderPath turns a path written in a scenario file into an fs.FS path
// inside the scenario folder. Absolute paths and paths that climb out with
// ".." are refused.
func folderPath(name string) (string, error) {
	if name == "" {
		return "", errors.New("empty file name")
	}
	if strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || (len(name) > 1 && name[1] == ':') {
		return "", fmt.Errorf("%q: file names are relative to the scenario file's folder; absolute paths are not allowed", name)
	}
	clean := path.Clean(name)
	if !fs.ValidPath(clean) || clean == "." {
		return "", fmt.Errorf("%q: file names must stay inside the scenario file's folder", name)
	}
	return clean, nil
}

// fileError words an fs error for a file named in a scenario file.
func fileError(name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: file does not exist (paths are relative to the scenario file's folder)", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied", name)
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s: %v", name, pe.Err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
}

// validate checks a parsed body and returns every violation, most specific
// first, in a stable order.
func (s *bodySchema) validate(doc any) []Violation {
	res, err := s.schema.Validate(gojsonschema.NewRawLoader(doc))
	if err != nil {
		return []Violation{{Code: "invalidBody", Message: err.Error()}}
	}
	if res.Valid() {
		return nil
	}
	return violations(res.Errors())
}

// violations turns gojsonschema's errors into Graph error details: JSON
// pointers, camelCase codes, and without the noise of combinators whose
// branches already explain the problem.
func violations(errs []gojsonschema.ResultError) []Violation {
	type found struct {
		Violation
		typ   string
		value any
	}
	all := make([]found, 0, len(errs))
	for _, e := range errs {
		ptr := contextPointer(e.Context())
		typ := e.Type()
		code := camelCase(typ)
		msg := e.Description()
		switch typ {
		case "required":
			prop, _ := e.Details()["property"].(string)
			ptr += "/" + escapePointerToken(prop)
			msg = fmt.Sprintf("property %q is required", prop)
		case "additional_property_not_allowed", "invalid_property_name":
			prop, _ := e.Details()["property"].(string)
			ptr += "/" + escapePointerToken(prop)
			msg = fmt.Sprintf("property %q is not defined by the schema (only declared properties and @odata annotations are allowed)", prop)
			code = "unknownProperty"
		case "invalid_type":
			msg = fmt.Sprintf("want %s, got %v", typeList(e.Details()["expected"]), e.Details()["given"])
		case "pattern":
			if fmt.Sprint(e.Details()["pattern"]) == dateTimeOffsetPattern {
				msg = fmt.Sprintf("%s is not a DateTimeOffset: want an RFC 3339 date-time with an offset, such as 2026-11-27T10:00:00Z", quoteValue(e.Value()))
				code = "invalidDateTimeOffset"
			} else {
				msg = fmt.Sprintf("%s does not match the pattern %v", quoteValue(e.Value()), e.Details()["pattern"])
			}
		case "format":
			msg = fmt.Sprintf("%s is not a valid %v", quoteValue(e.Value()), e.Details()["format"])
		}
		all = append(all, found{Violation{Field: ptr, Code: code, Message: msg}, typ, e.Value()})
	}
	// Drop errors that only echo a more specific one: combinators whose
	// branches reported, the pattern error behind an unknown property name
	// (propertyNames reports both), and a format error beside a pattern
	// error on the same value.
	keep := all[:0]
	for i, f := range all {
		redundant := false
		for j, g := range all {
			if i == j {
				continue
			}
			switch f.typ {
			case "number_any_of", "number_one_of", "number_all_of":
				redundant = g.Field == f.Field || strings.HasPrefix(g.Field, f.Field+"/")
			case "pattern":
				redundant = g.typ == "invalid_property_name" && g.Field == f.Field+"/"+escapePointerToken(fmt.Sprint(f.value))
			case "format":
				redundant = g.typ == "pattern" && g.Field == f.Field
			}
			if redundant {
				break
			}
		}
		if !redundant {
			keep = append(keep, f)
		}
	}
	out := make([]Violation, len(keep))
	for i, f := range keep {
		out[i] = f.Violation
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// dateTimeOffsetPattern is Graph's pattern for Edm.DateTimeOffset, as used
// in schemas/dateTimeOffset.json; violations of it get a readable message.
const dateTimeOffsetPattern = `^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$`

// typeList turns gojsonschema's "[string,null]" into "string or null".
func typeList(v any) string {
	s := strings.Trim(fmt.Sprint(v), "[]")
	return strings.ReplaceAll(s, ",", " or ")
}

func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// contextPointer converts a gojsonschema context such as (root).a.b into
// the JSON pointer /a/b. A NUL delimiter keeps keys containing dots intact.
func contextPointer(c *gojsonschema.JsonContext) string {
	if c == nil {
		return ""
	}
	parts := strings.Split(c.String("\x00"), "\x00")
	var b strings.Builder
	for _, p := range parts[1:] { // parts[0] is "(root)"
		b.WriteByte('/')
		b.WriteString(escapePointerToken(p))
	}
	return b.String()
}

func escapePointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// camelCase turns gojsonschema's snake_case error types into Graph-style
// codes: invalid_type becomes invalidType.
func camelCase(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// fsSchemaLoader loads schema documents from an fs.FS under file:/// URLs,
// so that relative $refs resolve to sibling files. Any other reference (an
// http URL, say) is refused: schemas never reach the network.
type fsSchemaLoader struct {
	fsys   fs.FS
	source string
	read   *readFiles // notes each file read, for ScenarioSet.Files
}

// readFiles lists the files one schema compilation read, each once.
// gojsonschema loads documents one after another on the compiling
// goroutine, so it needs no lock.
type readFiles struct {
	names []string
}

func (r *readFiles) add(name string) {
	if !slices.Contains(r.names, name) {
		r.names = append(r.names, name)
	}
}

func (l *fsSchemaLoader) JsonSource() any { return l.source }

func (l *fsSchemaLoader) JsonReference() (gojsonreference.JsonReference, error) {
	return gojsonreference.NewJsonReference(l.source)
}

func (l *fsSchemaLoader) LoaderFactory() gojsonschema.JSONLoaderFactory {
	return fsSchemaLoaderFactory{l.fsys, l.read}
}

func (l *fsSchemaLoader) LoadJSON() (any, error) {
	u, err := url.Parse(l.source)
	if err != nil {
		return nil, fmt.Errorf("schema reference %q: %w", l.source, err)
	}
	if u.Scheme != "file" || u.Host != "" {
		return nil, fmt.Errorf("schema reference %q: only files beside the scenario file can be referenced", l.source)
	}
	name, err := folderPath(strings.TrimPrefix(u.Path, "/"))
	if err != nil {
		return nil, err
	}
	l.read.add(name)
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		return nil, fileError(name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: not valid JSON: %w", name, err)
	}
	if err := checkMetaschema(name, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// draft7 is the JSON Schema draft-07 metaschema, which gojsonschema has
// built in. A compiled schema is immutable, so one serves every load.
var draft7 = sync.OnceValues(func() (*gojsonschema.Schema, error) {
	return gojsonschema.NewSchema(gojsonschema.NewReferenceLoader("http://json-schema.org/draft-07/schema#"))
})

// checkMetaschema reports every way doc is not a valid draft-07 schema.
func checkMetaschema(name string, doc any) error {
	meta, err := draft7()
	if err != nil {
		return fmt.Errorf("loading the draft-07 metaschema: %w", err)
	}
	res, err := meta.Validate(gojsonschema.NewRawLoader(doc))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if res.Valid() {
		return nil
	}
	msgs := make([]string, 0, len(res.Errors()))
	for _, v := range violations(res.Errors()) {
		msgs = append(msgs, v.String())
	}
	return fmt.Errorf("%s is not a valid JSON Schema (draft-07): %s", name, strings.Join(msgs, "; "))
}

type fsSchemaLoaderFactory struct {
	fsys fs.FS
	read *readFiles
}

func (f fsSchemaLoaderFactory) New(source string) gojsonschema.JSONLoader {
	return &fsSchemaLoader{fsys: f.fsys, source: source, read: f.read}
}
