package odataschema_test

import (
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/odataschema"
)

// TestJsonIsUntyped checks Graph's microsoft.graph.Json, declared as an
// empty complex type and read by Microsoft's metadata pipeline as
// Edm.Untyped (https://github.com/microsoft/api-guidelines/issues/488,
// https://github.com/microsoftgraph/msgraph-metadata/issues/596): it takes
// any JSON value, as the Excel examples of Graph's documentation send it,
// in Graph's reading and in strict OData alike. The properties around it
// are still checked.
func TestJsonIsUntyped(t *testing.T) {
	tests := []struct {
		name    string
		binding string // the collection an action is bound to, or "" for a type
		action  string // the action, or the type
		json    string
		want    []string // "pointer code"; none: valid
	}{
		// https://learn.microsoft.com/en-us/graph/api/tablerowcollection-add
		{"rows/add takes an array of arrays", "microsoft.graph.workbookTableRow", "add",
			`{"values": [[1, 2, 3], [4, 5, 6]], "index": null}`, nil},
		// https://learn.microsoft.com/en-us/graph/api/chartcollection-add
		{"charts/add takes a string", "microsoft.graph.workbookChart", "add",
			`{"type": "ColumnStacked", "sourceData": "A1:B1", "seriesBy": "Auto"}`, nil},
		{"a number and null are JSON values too", "microsoft.graph.workbookChart", "add",
			`{"type": "Pie", "sourceData": 7, "seriesBy": "Auto"}`, nil},
		// The near misses: the parameters beside the value are still typed.
		{"a misspelt parameter beside it is refused", "microsoft.graph.workbookTableRow", "add",
			`{"valuess": [[1, 2, 3]]}`, []string{"/valuess unknownProperty"}},
		{"a parameter beside it keeps its type", "microsoft.graph.workbookTableRow", "add",
			`{"values": [[1]], "index": "first"}`, []string{"/index invalidType"}},
		// https://learn.microsoft.com/en-us/graph/api/range-update
		{"a range's values take an array of arrays", "", "microsoft.graph.workbookRange",
			`{"values": [["Hello", "100"], ["1/1/2016", null]], "formulas": [[null, null], [null, "=B1*2"]], "numberFormat": [[null, null], ["m-ddd", null]]}`, nil},
		{"a range's other properties keep their types", "", "microsoft.graph.workbookRange",
			`{"values": [[1]], "rowCount": "two"}`, []string{"/rowCount invalidType"}},
	}
	for _, strict := range []bool{false, true} {
		s := odataschema.New(v10(t), odataschema.Options{Strict: strict})
		m := s.Model()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var b *odataschema.Body
				var err error
				if tt.binding == "" {
					b, err = s.Type(tt.action)
				} else {
					op := m.BoundOperation(m.Type(tt.binding), true, tt.action, false)
					if op == nil {
						t.Fatalf("no action %s bound to a collection of %s", tt.action, tt.binding)
					}
					b, err = s.Parameters(op)
				}
				if err != nil {
					t.Fatal(err)
				}
				doc, err := decode([]byte(tt.json))
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, v := range b.Validate(doc) {
					got = append(got, v.Field+" "+v.Code)
				}
				if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("strict %v: Validate(%s) = %q, want %q", strict, tt.json, got, tt.want)
				}
			})
		}
	}
}
