package odataschema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odataschema"
	"github.com/xeipuuv/gojsonschema"
)

// chatVectors are the chat request bodies and the verdicts graphmock's
// default scenario gives them: one file, beside the tests of mockserver
// (which owns the default scenarios), read here as internal/schema's
// fast check tests read it.
const chatVectors = "../../mockserver/testdata/chat-vectors.json"

// chatVector is one request body of chatVectors with the verdict
// graphmock's hand-written chat contract gives it.
type chatVector struct {
	Name  string          `json:"name"`
	Valid bool            `json:"valid"`
	Field string          `json:"field"`
	Body  json.RawMessage `json:"body"`
	Raw   *string         `json:"raw"`
}

func loadChatVectors(t testing.TB) []chatVector {
	t.Helper()
	data, err := os.ReadFile(chatVectors)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []chatVector `json:"vectors"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	return file.Vectors
}

// decode parses a body as the validation layer does: numbers kept as
// json.Number, nothing after the document.
func decode(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON document")
	}
	return v, nil
}

func (v chatVector) bytes() []byte {
	if v.Raw != nil {
		return []byte(*v.Raw)
	}
	return v.Body
}

// handWritten compiles testdata/schemas/chat.json, graphmock's
// hand-written chat contract.
func handWritten(t testing.TB) *gojsonschema.Schema {
	t.Helper()
	abs, err := filepath.Abs("testdata/schemas/chat.json")
	if err != nil {
		t.Fatal(err)
	}
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	s, err := sl.Compile(gojsonschema.NewReferenceLoader("file://" + filepath.ToSlash(abs)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func generatedChat(t testing.TB, opts odataschema.Options) *odataschema.Body {
	t.Helper()
	m, err := csdl.Embedded("beta")
	if err != nil {
		t.Fatal(err)
	}
	b, err := odataschema.New(m, opts).Type("microsoft.graph.chat")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGeneratedChatAgreesWithTheHandWrittenContract runs every chat vector
// through schemas/chat.json and through the schema generated from the
// embedded beta metadata, in Graph's lenient reading and in strict OData.
// The verdicts agree but where listed, each exception with its reason.
func TestGeneratedChatAgreesWithTheHandWrittenContract(t *testing.T) {
	const (
		seedRequires = "the seed contract requires chatType; Graph's metadata requires no property on create"
		caseFolded   = `Graph matches enum members without regard to case ("contentType": "Text" in the sendMail example); the seed contract does not`
	)
	tests := []struct {
		name       string
		opts       odataschema.Options
		exceptions map[string]string // vector name → why the generated verdict differs
		// elsewhere lists vectors whose verdicts agree but whose violation
		// is elsewhere than the vector's field, and why.
		elsewhere map[string]string
	}{
		{"lenient, Graph's reading", odataschema.Options{}, map[string]string{
			"chatType missing":    seedRequires,
			"chatType wrong case": caseFolded,
		}, nil},
		{"strict OData", odataschema.Options{Strict: true}, map[string]string{
			// The layered beta takes chat's migrationMode and
			// originalCreatedDateTime from the public beta of 2021, so
			// Graph's reading agrees; strict OData refuses the namespace.
			"beta properties absent from the seed page": "strict OData knows no Microsoft.Teams.GraphSvc namespace",
			// Strict OData wants the leading # of @odata.type and knows no
			// internal namespace.
			"seed example with realistic values":                  "strict OData knows no Microsoft.Teams.GraphSvc namespace",
			"date-time with 7 fractional digits and an offset":    "strict OData knows no Microsoft.Teams.GraphSvc namespace",
			"organizer is an open type: extra properties allowed": "strict OData knows no Microsoft.Teams.GraphSvc namespace",
			"@odata.context annotation":                           "strict OData knows no Microsoft.Teams.GraphSvc namespace",
			"seed example with public @odata.type":                "strict OData requires the # of @odata.type (viewpoint's is microsoft.graph.chatViewpoint)",
		}, map[string]string{
			"chatType missing": "refused for its @odata.type #Microsoft.Teams.GraphSvc.chat: the metadata does not require chatType",
		}},
	}
	hand := handWritten(t)
	vectors := loadChatVectors(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := generatedChat(t, tt.opts)
			used := map[string]bool{}
			for _, v := range vectors {
				doc, err := decode(v.bytes())
				if err != nil {
					if v.Valid {
						t.Errorf("%s: the body does not parse (%v) but the vector is valid", v.Name, err)
					}
					continue // neither schema sees a body that does not parse
				}
				res, err := hand.Validate(gojsonschema.NewRawLoader(doc))
				if err != nil {
					t.Fatal(err)
				}
				if res.Valid() != v.Valid {
					t.Fatalf("%s: schemas/chat.json says valid=%v, the vector says %v", v.Name, res.Valid(), v.Valid)
				}
				got := gen.Validate(doc)
				genValid := len(got) == 0
				if reason, ok := tt.exceptions[v.Name]; ok {
					used[v.Name] = true
					if genValid == v.Valid {
						t.Errorf("%s: listed as an exception (%s) but the verdicts agree", v.Name, reason)
					}
					continue
				}
				if genValid != v.Valid {
					t.Errorf("%s: generated schema says valid=%v (%v), schemas/chat.json says %v", v.Name, genValid, got, v.Valid)
					continue
				}
				if _, ok := tt.elsewhere[v.Name]; ok {
					continue
				}
				if v.Field != "" && !slices.ContainsFunc(got, func(g graphwire.Violation) bool { return g.Field == v.Field }) {
					t.Errorf("%s: violations %v do not name %s", v.Name, got, v.Field)
				}
			}
			for name := range tt.exceptions {
				if !used[name] {
					t.Errorf("exception %q names no vector", name)
				}
			}
		})
	}
}

func TestTwoViolationsAreBothReported(t *testing.T) {
	gen := generatedChat(t, odataschema.Options{})
	doc, _ := decode([]byte(`{"chatType": "direct", "topic": 7}`))
	got := gen.Validate(doc)
	if len(got) != 2 || got[0].Field != "/chatType" || got[1].Field != "/topic" {
		t.Errorf("Validate() = %v, want violations at /chatType and /topic", got)
	}
}

// TestPublicBetaChat checks the vectors against chat as the public beta
// metadata declares it (testdata/beta-prod-chat.csdl), which has every
// property schemas/chat.json names: only the seed's required chatType and
// its case-sensitive enum members remain exceptions.
func TestPublicBetaChat(t *testing.T) {
	f, err := os.Open("testdata/beta-prod-chat.csdl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := csdl.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := odataschema.New(m, odataschema.Options{}).Type("microsoft.graph.chat")
	if err != nil {
		t.Fatal(err)
	}
	exceptions := map[string]bool{"chatType missing": true, "chatType wrong case": true}
	for _, v := range loadChatVectors(t) {
		doc, err := decode(v.bytes())
		if err != nil {
			continue
		}
		if valid := len(gen.Validate(doc)) == 0; valid != v.Valid && !exceptions[v.Name] {
			t.Errorf("%s: generated schema says valid=%v (%v), want %v", v.Name, valid, gen.Validate(doc), v.Valid)
		}
	}
}
