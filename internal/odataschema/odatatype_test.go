package odataschema_test

import (
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/odataschema"
)

// TestODataTypeInAnotherCase: Microsoft's page for creating a channel
// sends "@odata.type": "#Microsoft.Graph.channel"
// (https://learn.microsoft.com/en-us/graph/api/channel-post), and Graph
// takes it. Graph's reading matches the name without regard to case,
// among the expected type and those derived from it; strict OData does
// not, and a misspelt or unrelated type is refused in either.
func TestODataTypeInAnotherCase(t *testing.T) {
	tests := []struct {
		name, typ, json string
		strict          bool
		want            []string
	}{
		{"the documented channel", "microsoft.graph.channel",
			`{"@odata.type": "#Microsoft.Graph.channel", "membershipType": "standard", "displayName": "Architecture Discussion", "description": "This channel is where we debate all future architecture plans"}`, false, nil},
		{"a derived type in another case", "microsoft.graph.attachment",
			`{"@odata.type": "#Microsoft.Graph.FileAttachment", "name": "a.txt", "contentBytes": "SGk="}`, false, nil},
		{"strict OData keeps the case", "microsoft.graph.channel",
			`{"@odata.type": "#Microsoft.Graph.channel"}`, true, []string{"/@odata.type invalidODataType"}},
		{"a misspelt type is refused", "microsoft.graph.channel",
			`{"@odata.type": "#Microsoft.Graph.chanel"}`, false, []string{"/@odata.type invalidODataType"}},
		{"an unrelated type in another case is refused", "microsoft.graph.attachment",
			`{"@odata.type": "#Microsoft.Graph.User"}`, false, []string{"/@odata.type invalidODataType"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := odataschema.New(v10(t), odataschema.Options{Strict: tt.strict}).Type(tt.typ)
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
				t.Errorf("Validate(%s) = %q, want %q", tt.json, got, tt.want)
			}
		})
	}
}
