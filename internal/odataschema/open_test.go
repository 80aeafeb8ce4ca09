package odataschema_test

import (
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/odataschema"
)

// TestOpenTypesTakeWhatGraphTakes: user, message and planner's types are
// open in Graph's metadata, but the workloads take only what Graph's
// documentation shows being sent: declared properties, annotations,
// directory extension properties and schema extension values where the
// type supports them, and any member of a dictionary. A typo is refused
// in the workload's words.
func TestOpenTypesTakeWhatGraphTakes(t *testing.T) {
	const registered = "extension_b7d8e648520f41d3b9c0fdeb91768a0a_jobGroup"
	tests := []struct {
		name, typ, json string
		opts            odataschema.Options
		want            []string // "pointer code message"
	}{
		// https://learn.microsoft.com/en-us/graph/api/user-post-users
		{"the documented user", "microsoft.graph.user",
			`{"accountEnabled": true, "displayName": "Adele Vance", "mailNickname": "AdeleV", "userPrincipalName": "AdeleV@contoso.com",
			  "passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "xWwvJ]6NMw+bWH-d"}}`, odataschema.Options{}, nil},
		{"a typo on a user is refused in the directory's words", "microsoft.graph.user",
			`{"displayName": "A", "favouriteColour": "teal"}`, odataschema.Options{},
			[]string{"/favouriteColour unknownProperty Invalid property 'favouriteColour'."}},
		// https://learn.microsoft.com/en-us/graph/api/user-post-messages
		{"the documented message", "microsoft.graph.message",
			`{"subject": "Did you see last night's game?", "importance": "Low", "body": {"contentType": "HTML", "content": "They were <b>awesome</b>!"},
			  "toRecipients": [{"emailAddress": {"address": "AdeleV@contoso.com"}}]}`, odataschema.Options{}, nil},
		{"a typo on a message is refused in Outlook's words", "microsoft.graph.message",
			`{"subjct": "Lunch?"}`, odataschema.Options{},
			[]string{"/subjct unknownProperty The property 'subjct' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type."}},
		// https://learn.microsoft.com/en-us/graph/extensibility-overview
		// (directory extensions: extension_{appId}_{name}).
		{"a directory extension property passes", "microsoft.graph.user",
			`{"displayName": "A", "` + registered + `": "JobGroupN"}`, odataschema.Options{}, nil},
		{"a registered one passes", "microsoft.graph.user",
			`{"` + registered + `": "JobGroupN"}`, odataschema.Options{Extensions: []string{registered}}, nil},
		{"one the tenant has not registered is refused", "microsoft.graph.user",
			`{"extension_b7d8e648520f41d3b9c0fdeb91768a0a_costCenter": "42"}`, odataschema.Options{Extensions: []string{registered}},
			[]string{"/extension_b7d8e648520f41d3b9c0fdeb91768a0a_costCenter unknownProperty The following extension properties are not available: extension_b7d8e648520f41d3b9c0fdeb91768a0a_costCenter."}},
		{"a name that is no extension's is refused as one", "microsoft.graph.user",
			`{"extension_abc_costCenter": "42"}`, odataschema.Options{},
			[]string{"/extension_abc_costCenter unknownProperty The following extension properties are not available: extension_abc_costCenter."}},
		{"a directory extension on a message is no extension", "microsoft.graph.message",
			`{"` + registered + `": "x"}`, odataschema.Options{},
			[]string{"/" + registered + " unknownProperty The property '" + registered + "' does not exist on type 'microsoft.graph.message'. Make sure to only use property names that are defined by the type or mark the type as open type."}},
		// Schema extensions: the value is an object
		// (https://learn.microsoft.com/en-us/graph/extensibility-overview#schema-extensions).
		{"a schema extension value passes", "microsoft.graph.user",
			`{"ext91mqj146_app1schema": {"prop1": 456}}`, odataschema.Options{}, nil},
		{"a schema extension value on a group passes", "microsoft.graph.group",
			`{"displayName": "New Managed Group", "extkm24fcs_courses": {"courseId": 123, "courseName": "New Managed Course", "courseType": "Online"}}`, odataschema.Options{}, nil},
		{"a schema extension value is an object", "microsoft.graph.user",
			`{"ext91mqj146_app1schema": "456"}`, odataschema.Options{},
			[]string{"/ext91mqj146_app1schema unknownProperty Invalid property 'ext91mqj146_app1schema'."}},
		// Dictionaries: https://learn.microsoft.com/en-us/graph/api/planner-post-tasks,
		// https://learn.microsoft.com/en-us/graph/api/plannertaskdetails-update.
		{"planner's assignments are a dictionary", "microsoft.graph.plannerTask",
			`{"planId": "xqQg5FS2LkCp935s-FIFm2QAFkHM", "bucketId": "hsOf2dhOJkqyYYZEtdzDe2QAIUCR", "title": "Update client list",
			  "assignments": {"fbab97d0-4932-4511-b675-204639209557": {"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}}}`, odataschema.Options{}, nil},
		{"planner's checklist is a dictionary", "microsoft.graph.plannerTaskDetails",
			`{"previewType": "noPreview", "checklist": {"95e27074-6c4a-447a-aa24-9d718a0b86fa": {"@odata.type": "microsoft.graph.plannerChecklistItem", "title": "Update task details", "isChecked": true}}}`, odataschema.Options{}, nil},
		// openTypes: lenient restores OData's reading.
		{"lenient open types take a typo", "microsoft.graph.user",
			`{"favouriteColour": "teal"}`, odataschema.Options{LenientOpenTypes: true}, nil},
		{"a closed type refuses it still", "microsoft.graph.emailAddress",
			`{"adress": "a@b.c"}`, odataschema.Options{LenientOpenTypes: true},
			[]string{`/adress unknownProperty property "adress" is not declared (only declared properties and annotations are allowed)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := odataschema.New(v10(t), tt.opts).Type(tt.typ)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := decode([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range b.Validate(doc) {
				got = append(got, v.Field+" "+v.Code+" "+v.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Validate(%s) =\n%q\nwant\n%q", tt.json, got, tt.want)
			}
		})
	}
}
