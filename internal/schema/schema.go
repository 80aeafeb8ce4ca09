// Package schema compiles the JSON Schemas request and response bodies
// are checked against, and checks documents against them. Schemas are
// read through a loader confined to one folder: a $ref can reach a sibling
// file, never a file outside the folder nor the network. A compiled
// Schema is safe for concurrent use and remembers its verdicts on bodies
// it has seen.
//
// The package also holds the vocabulary of violations that both of
// graphmock's body checks speak, this one and package odataschema's check
// against Graph's metadata: the codes (CodeRequired, …), the message
// builders (EnumMessage, FormatViolation, …), the one translator of
// gojsonschema's errors (Findings), and Findings whose messages are
// written only for the violations an answer lists (First).
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/graphmock/graphmock/internal/edm"
	"github.com/graphmock/graphmock/internal/folder"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/memo"
	"github.com/xeipuuv/gojsonreference"
	"github.com/xeipuuv/gojsonschema"
)

// A Schema is a compiled JSON Schema. It is safe for concurrent use.
type Schema struct {
	// Path is the schema file, relative to the folder it was read from.
	Path string
	// Files are the schema file and every file its $refs reached.
	Files    []string
	schema   *gojsonschema.Schema
	fast     *fastCheck // nil when the schema uses what fastCheck does not know
	verdicts *memo.Memo[Verdict]
	seen     *sightings
}

// A Compiler compiles the schema files of one folder, each at most once,
// and resolves $ref between them. It never reads outside its folder. It is
// safe for concurrent use: scenario sets derived from one another share
// one.
type Compiler struct {
	fsys  fs.FS
	base  string // what file names are relative to, for messages
	cache *compiled
}

// compiled holds the schemas a compiler, and the compilers made from it
// with WithBase, compiled.
type compiled struct {
	mu      sync.Mutex // guards schemas
	schemas map[string]*Schema
}

// NewCompiler returns a compiler for the schema files in fsys, which may be
// nil when there are none. base says what names are relative to, in
// messages, such as "the scenario file's folder".
func NewCompiler(fsys fs.FS, base string) *Compiler {
	edm.Register() // Graph's own formats, such as graph-datetimeoffset
	return &Compiler{fsys: fsys, base: base, cache: &compiled{schemas: make(map[string]*Schema)}}
}

// WithBase returns a compiler over the same folder and the same compiled
// schemas, whose messages say that names are relative to base.
func (c *Compiler) WithBase(base string) *Compiler {
	return &Compiler{fsys: c.fsys, base: base, cache: c.cache}
}

// Compile returns the compiled schema in file name, a slash-separated
// path relative to the compiler's folder.
func (c *Compiler) Compile(name string) (*Schema, error) {
	clean, err := folder.Path(name, c.base)
	if err != nil {
		return nil, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	if s, ok := c.cache.schemas[clean]; ok {
		return s, nil
	}
	if c.fsys == nil {
		return nil, fmt.Errorf("%s: no folder to read files from (pass an fs.FS)", clean)
	}
	if _, err := fs.Stat(c.fsys, clean); err != nil {
		return nil, folder.FileError(clean, err, c.base)
	}
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	// sl.Validate stays false: it would compile the metaschema through the
	// same pool and swap in gojsonschema's default loader, which reads any
	// file and fetches URLs. fsSchemaLoader checks each file instead.
	read := new(readFiles)
	s, err := sl.Compile(&fsSchemaLoader{fsys: c.fsys, base: c.base, source: "file:///" + clean, read: read})
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", clean, err)
	}
	bs := &Schema{Path: clean, Files: read.names, schema: s, fast: buildFast(c.fsys, c.base, clean), verdicts: memo.New[Verdict](verdictMemoEntries, verdictMemoMaxBody), seen: newSightings()}
	c.cache.schemas[clean] = bs
	return bs, nil
}

// Validate checks a parsed document and returns every violation, in
// pointer order.
func (s *Schema) Validate(doc any) []graphwire.Violation {
	vs, _ := s.ValidateFirst(doc, -1)
	return vs
}

// ValidateFirst checks a parsed document and returns its first n
// violations in pointer order (all of them when n < 0), and how many it
// has in all. Only the violations returned get a message.
func (s *Schema) ValidateFirst(doc any, n int) ([]graphwire.Violation, int) {
	// gojsonschema reads numbers as exact rationals, at a cost that grows
	// with their digits: refuse numbers no Graph type holds first.
	if vs := NumberViolations(doc); vs != nil {
		return vs, len(vs)
	}
	if s.fast != nil && s.fast.valid(doc) {
		return nil, 0 // gojsonschema would agree: FuzzFastCheck
	}
	res, err := s.schema.Validate(gojsonschema.NewRawLoader(doc))
	if err != nil {
		return []graphwire.Violation{{Code: CodeInvalidBody, Message: err.Error()}}, 1
	}
	if res.Valid() {
		return nil, 0
	}
	found := Findings(res.Errors(), nil)
	return First(found, n), len(found)
}

// fsSchemaLoader loads schema documents from an fs.FS under file:/// URLs,
// so that relative $refs resolve to sibling files. Any other reference (an
// http URL, say) is refused: schemas never reach the network.
type fsSchemaLoader struct {
	fsys   fs.FS
	base   string
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
	return fsSchemaLoaderFactory{l.fsys, l.base, l.read}
}

func (l *fsSchemaLoader) LoadJSON() (any, error) {
	u, err := url.Parse(l.source)
	if err != nil {
		return nil, fmt.Errorf("schema reference %q: %w", l.source, err)
	}
	if u.Scheme != "file" || u.Host != "" {
		return nil, fmt.Errorf("schema reference %q: only files beside the scenario file can be referenced", l.source)
	}
	name, err := folder.Path(strings.TrimPrefix(u.Path, "/"), l.base)
	if err != nil {
		return nil, err
	}
	l.read.add(name)
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		return nil, folder.FileError(name, err, l.base)
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
	for _, v := range First(Findings(res.Errors(), nil), -1) {
		msgs = append(msgs, v.String())
	}
	return fmt.Errorf("%s is not a valid JSON Schema (draft-07): %s", name, strings.Join(msgs, "; "))
}

type fsSchemaLoaderFactory struct {
	fsys fs.FS
	base string
	read *readFiles
}

func (f fsSchemaLoaderFactory) New(source string) gojsonschema.JSONLoader {
	return &fsSchemaLoader{fsys: f.fsys, base: f.base, source: source, read: f.read}
}
