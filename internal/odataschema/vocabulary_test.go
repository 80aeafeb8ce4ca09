package odataschema_test

import (
	"os"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odataschema"
	"github.com/graphmock/graphmock/internal/schema"
)

// TestOneVocabulary sends the same faulty body to a JSON Schema and to the
// equivalent type of Graph's metadata (testdata/vocabulary: thing.json
// and paint.json are the twins of thing.csdl's types) and wants the same
// violation from both: same pointer, same code, same message. A client
// sees one vocabulary whichever check a scenario uses. Faults one side
// cannot express have no row: CSDL has no facet bounding how many items a
// collection holds (maxItems), JSON Schema no flags enum nor Graph's
// reading of "true" as a boolean.
func TestOneVocabulary(t *testing.T) {
	f, err := os.Open("testdata/vocabulary/thing.csdl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := csdl.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	set := odataschema.New(m, odataschema.Options{Strict: true})
	thing, err := set.Type("microsoft.graph.thing")
	if err != nil {
		t.Fatal(err)
	}
	paint, err := set.Parameters(m.BoundOperation(m.Type("microsoft.graph.box"), false, "paint", false))
	if err != nil {
		t.Fatal(err)
	}
	compiler := schema.NewCompiler(os.DirFS("testdata/vocabulary"), "testdata/vocabulary")
	tests := []struct {
		name       string
		jsonSchema string
		metadata   *odataschema.Body
		body       string
		want       graphwire.Violation // Field and Code; the message is compared between the two
	}{
		{"a required property is missing", "paint.json", paint, `{}`, graphwire.Violation{Field: "/colour", Code: "required"}},
		{"a value has the wrong type", "thing.json", thing, `{"name": 5}`, graphwire.Violation{Field: "/name", Code: "invalidType"}},
		{"null where not nullable", "thing.json", thing, `{"name": null}`, graphwire.Violation{Field: "/name", Code: "invalidType"}},
		{"a fraction where an integer goes", "thing.json", thing, `{"size": 1.5}`, graphwire.Violation{Field: "/size", Code: "invalidType"}},
		{"an Int32 out of range", "thing.json", thing, `{"size": 2147483648}`, graphwire.Violation{Field: "/size", Code: "numberLte"}},
		{"a number no Graph type holds", "thing.json", thing, `{"size": 1e400}`, graphwire.Violation{Field: "/size", Code: "invalidNumber"}},
		{"a value that is no member of the enum", "thing.json", thing, `{"colour": "purple"}`, graphwire.Violation{Field: "/colour", Code: "invalidEnumMember"}},
		{"a bad enum value in parameters", "paint.json", paint, `{"colour": "purple"}`, graphwire.Violation{Field: "/colour", Code: "invalidEnumMember"}},
		{"an enum value of the wrong type", "thing.json", thing, `{"colour": 1}`, graphwire.Violation{Field: "/colour", Code: "invalidType"}},
		{"a DateTimeOffset without an offset", "thing.json", thing, `{"when": "2026-11-27T10:00:00"}`, graphwire.Violation{Field: "/when", Code: "invalidDateTimeOffset"}},
		{"a date that does not exist", "thing.json", thing, `{"day": "2026-02-30"}`, graphwire.Violation{Field: "/day", Code: "invalidDate"}},
		{"a Guid too short", "thing.json", thing, `{"ref": "b33cbe9f"}`, graphwire.Violation{Field: "/ref", Code: "invalidGuid"}},
		{"a Double written as a word", "thing.json", thing, `{"ratio": "north"}`, graphwire.Violation{Field: "/ratio", Code: "invalidDouble"}},
		{"an unknown property", "thing.json", thing, `{"nick": "a"}`, graphwire.Violation{Field: "/nick", Code: "unknownProperty"}},
		{"an unknown property whose name needs escaping", "thing.json", thing, `{"a/b~c": 1}`, graphwire.Violation{Field: "/a~1b~0c", Code: "unknownProperty"}},
		{"a collection item of the wrong type", "thing.json", thing, `{"tags": ["a", 7]}`, graphwire.Violation{Field: "/tags/1", Code: "invalidType"}},
		{"a collection that is not an array", "thing.json", thing, `{"tags": "a"}`, graphwire.Violation{Field: "/tags", Code: "invalidType"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js, err := compiler.Compile(tt.jsonSchema)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := decode([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			fromSchema, fromMetadata := js.Validate(doc), tt.metadata.Validate(doc)
			if len(fromSchema) != 1 || len(fromMetadata) != 1 {
				t.Fatalf("JSON Schema gives %v, metadata gives %v; want one violation from each", fromSchema, fromMetadata)
			}
			if fromSchema[0] != fromMetadata[0] {
				t.Errorf("JSON Schema gives  %+v\nmetadata gives     %+v\nwant them equal", fromSchema[0], fromMetadata[0])
			}
			if got := fromMetadata[0]; got.Field != tt.want.Field || got.Code != tt.want.Code || got.Message == "" {
				t.Errorf("violation = %+v, want %s %s with a message", got, tt.want.Field, tt.want.Code)
			}
		})
	}
}
