package odataschema_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odataschema"
	"github.com/xeipuuv/gojsonschema"
)

func v10(t testing.TB) *csdl.Model {
	t.Helper()
	m, err := csdl.Embedded("v1.0")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// body is what one test validates: a type's object, an operation's
// parameters or an entity reference.
type body struct {
	typ       string // a structured type
	operation string // or a bound operation: "binding type/name"
	reference bool   // or an entity reference
}

func (b body) of(t *testing.T, s *odataschema.Set) *odataschema.Body {
	t.Helper()
	switch {
	case b.reference:
		return s.Reference()
	case b.operation != "":
		typ, name, _ := strings.Cut(b.operation, "/")
		m := s.Model()
		op := m.BoundOperation(m.Type(typ), false, name, false)
		if op == nil {
			t.Fatalf("no operation %s", b.operation)
		}
		pb, err := s.Parameters(op)
		if err != nil {
			t.Fatal(err)
		}
		return pb
	}
	tb, err := s.Type(b.typ)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestValidate(t *testing.T) {
	sendMail := body{operation: "microsoft.graph.user/sendMail"}
	message := body{typ: "microsoft.graph.message"}
	attachment := body{typ: "microsoft.graph.attachment"}
	group := body{typ: "microsoft.graph.group"}
	tests := []struct {
		name   string
		strict bool
		body   body
		json   string
		want   []string // "pointer code", in order; none: valid
	}{
		{"Microsoft's sendMail example is accepted", false, sendMail,
			`{"message": {"subject": "Meet for lunch?", "body": {"contentType": "Text", "content": "The new cafeteria is open."},
			  "toRecipients": [{"emailAddress": {"address": "frannis@contoso.com"}}]}, "saveToSentItems": "false"}`, nil},
		{"parameter names keep their case strictly", true, sendMail,
			`{"message": {"subject": "x"}}`, []string{"/Message required", "/message unknownProperty"}},
		{"the declared parameter spelling is accepted strictly", true, sendMail,
			`{"Message": {"subject": "x"}, "SaveToSentItems": false}`, nil},
		{"a required parameter is required", false, sendMail,
			`{"saveToSentItems": true}`, []string{"/Message required"}},
		{"a violation inside a renamed parameter names the client's spelling", false, sendMail,
			`{"message": {"subject": 5}}`, []string{"/message/subject invalidType"}},
		{"an unknown parameter is refused", false, sendMail,
			`{"message": {}, "urgent": true}`, []string{"/urgent unknownProperty"}},
		{"enum members are matched without regard to case", false, message,
			`{"importance": "HIGH", "body": {"contentType": "html"}}`, nil},
		{"enum members keep their case strictly", true, message,
			`{"importance": "HIGH"}`, []string{"/importance invalidEnumMember"}},
		{"a bad enum member is refused", false, message,
			`{"importance": "urgent"}`, []string{"/importance invalidEnumMember"}},
		{"a boolean string is refused strictly", true, message,
			`{"isRead": "false"}`, []string{"/isRead invalidType"}},
		{"a boolean string other than true or false is refused", false, message,
			`{"isRead": "no"}`, []string{"/isRead invalidType"}},
		{"a derived type is chosen by @odata.type", false, attachment,
			`{"@odata.type": "#microsoft.graph.fileAttachment", "name": "a.txt", "contentBytes": "SGVsbG8="}`, nil},
		{"a derived type's property is checked as that type", false, attachment,
			`{"@odata.type": "#microsoft.graph.fileAttachment", "contentBytes": "not base64!"}`, []string{"/contentBytes invalidBinary"}},
		{"a derived type's property is unknown to the base type", false, attachment,
			`{"name": "a.txt", "contentBytes": "SGVsbG8="}`, []string{"/contentBytes unknownProperty"}},
		{"a type that is not derived is refused at /@odata.type", false, attachment,
			`{"@odata.type": "#microsoft.graph.user"}`, []string{"/@odata.type invalidODataType"}},
		{"an unknown type is refused at /@odata.type", false, attachment,
			`{"@odata.type": "#microsoft.graph.nope"}`, []string{"/@odata.type invalidODataType"}},
		{"a non-string @odata.type is refused", false, attachment,
			`{"@odata.type": 7}`, []string{"/@odata.type invalidType"}},
		{"a nested derived type is chosen by @odata.type", false, message,
			`{"attachments": [{"@odata.type": "#microsoft.graph.fileAttachment", "contentBytes": "SGk="}, {"@odata.type": "#microsoft.graph.itemAttachment", "contentBytes": "SGk="}]}`,
			[]string{"/attachments/1/contentBytes unknownProperty"}},
		{"an alias-qualified @odata.type is accepted", false, attachment,
			`{"@odata.type": "#graph.fileAttachment", "contentBytes": "SGk="}`, nil},
		{"a group with owners and members bound is accepted", false, group,
			`{"displayName": "Ops", "mailEnabled": false, "mailNickname": "ops", "securityEnabled": true, "groupTypes": [],
			  "owners@odata.bind": ["https://graph.microsoft.com/v1.0/users/26be1845-4119-4801-a799-aea79d09f1a2"],
			  "members@odata.bind": ["https://graph.microsoft.com/v1.0/users/ff7cb387-6688-423c-8188-3da9532a73cc"]}`, nil},
		{"a collection bind must be an array of URLs", false, group,
			`{"members@odata.bind": "https://graph.microsoft.com/v1.0/users/x"}`, []string{"/members@odata.bind invalidType"}},
		{"a bind of something that is not a navigation property is refused", false, group,
			`{"displayName@odata.bind": "https://graph.microsoft.com/v1.0/users/x"}`, []string{"/displayName@odata.bind unknownProperty"}},
		{"instance and property annotations are accepted", false, group,
			`{"@odata.etag": "W/\"1\"", "displayName@odata.type": "#String", "@contoso.flag": true}`, nil},
		{"a nested entity is checked against its type", false, body{typ: "microsoft.graph.chat"},
			`{"chatType": "group", "members": [{"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": ["owner"],
			  "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8b081ef6')"}, {"roles": "owner"}]}`,
			[]string{"/members/1/roles invalidType"}},
		{"a single-valued bind must be one URL", false, body{typ: "microsoft.graph.aadUserConversationMember"},
			`{"user@odata.bind": ["https://graph.microsoft.com/v1.0/users/x"]}`, []string{"/user@odata.bind invalidType"}},
		{"a flags enum takes a list of members", false, body{typ: "microsoft.graph.application"},
			`{"signInAudience": "AzureADMyOrg"}`, nil},
		{"null is refused where not nullable", false, body{typ: "microsoft.graph.chat"},
			`{"chatType": null, "topic": null}`, []string{"/chatType invalidType"}},
		{"a collection is not null", false, group,
			`{"groupTypes": null}`, []string{"/groupTypes invalidType"}},
		{"an Int32 out of range is refused", false, body{typ: "microsoft.graph.attachment"},
			`{"size": 2147483648}`, []string{"/size numberLte"}},
		{"a fraction is not an Int32", false, body{typ: "microsoft.graph.attachment"},
			`{"size": 1.5}`, []string{"/size invalidType"}},
		{"an open type accepts undeclared properties", false, body{typ: "microsoft.graph.identitySet"},
			`{"user": {"id": "1", "tenantId": "t"}, "phone": {"id": "2"}}`, nil},
		{"a closed complex type refuses them", false, body{typ: "microsoft.graph.emailAddress"},
			`{"address": "a@b.c", "nick": "a"}`, []string{"/nick unknownProperty"}},
		{"a pointer escapes / and ~", false, body{typ: "microsoft.graph.emailAddress"},
			`{"a/b~c": 1}`, []string{"/a~1b~0c unknownProperty"}},
		{"a reference is accepted", false, body{reference: true},
			`{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/x"}`, nil},
		{"a reference needs @odata.id", false, body{reference: true},
			`{"id": "x"}`, []string{"/@odata.id required", "/id unknownProperty"}},
		{"a body that is not an object is refused", false, group, `[]`, []string{" invalidType"}},
		{"a huge number is refused before schema validation", false, group,
			`{"displayName": "x", "n": 1e999999999}`, []string{"/n invalidNumber"}},
		{"Double takes INF", false, body{typ: "microsoft.graph.geoCoordinates"},
			`{"latitude": "INF", "longitude": -1.5, "altitude": "NaN"}`, nil},
		{"Double refuses other strings", false, body{typ: "microsoft.graph.geoCoordinates"},
			`{"latitude": "north"}`, []string{"/latitude invalidDouble"}},
	}
	sets := map[bool]*odataschema.Set{
		false: odataschema.New(v10(t), odataschema.Options{}),
		true:  odataschema.New(v10(t), odataschema.Options{Strict: true}),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := decode([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range tt.body.of(t, sets[tt.strict]).Validate(doc) {
				got = append(got, v.Field+" "+v.Code)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestStrictAbstract checks the one rule strict OData adds for abstract
// types: @odata.type must name the derived type.
func TestStrictAbstract(t *testing.T) {
	s := odataschema.New(v10(t), odataschema.Options{Strict: true})
	b, err := s.Type("microsoft.graph.attachment")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Model().Type("microsoft.graph.attachment").Abstract {
		t.Fatal("attachment is not abstract in the v1.0 metadata")
	}
	doc, _ := decode([]byte(`{"name": "a"}`))
	if got := b.Validate(doc); len(got) != 1 || got[0].Field != "/@odata.type" {
		t.Errorf("Validate() = %v, want one violation at /@odata.type", got)
	}
}

func TestValidateIsSafeForConcurrentUse(t *testing.T) {
	s := odataschema.New(v10(t), odataschema.Options{})
	doc, _ := decode([]byte(`{"subject": "x", "attachments": [{"@odata.type": "#microsoft.graph.fileAttachment", "contentBytes": "SGk="}]}`))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			b, err := s.Type("microsoft.graph.message")
			if err != nil {
				t.Error(err)
				return
			}
			if got := b.Validate(doc); got != nil {
				t.Errorf("Validate() = %v", got)
			}
		})
	}
	wg.Wait()
}

func TestDocumentIsJSONSchema(t *testing.T) {
	s := odataschema.New(v10(t), odataschema.Options{})
	b, err := s.Type("graph.chatViewpoint")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := b.Document()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"$schema": "http://json-schema.org/draft-07/schema#"`, `"format": "graph-datetimeoffset"`, `"isHidden"`} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("Document() lacks %s:\n%s", want, doc)
		}
	}
}

// TestStandaloneDocumentRefusesWhatTheWalkRefuses: the document a user
// vendors (graphmock schema) refuses an undeclared property of a closed
// type by itself, and says so, while an open type's stays open.
func TestStandaloneDocumentRefusesWhatTheWalkRefuses(t *testing.T) {
	s := odataschema.New(v10(t), odataschema.Options{})
	for name, closed := range map[string]bool{"microsoft.graph.emailAddress": true, "microsoft.graph.identitySet": false} {
		b, err := s.Type(name)
		if err != nil {
			t.Fatal(err)
		}
		data, err := b.StandaloneDocument()
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		comment, _ := doc["$comment"].(string)
		if _, has := doc["propertyNames"]; has != closed || strings.Contains(comment, "refused by propertyNames") != closed || strings.Contains(comment, "by the walk") {
			t.Errorf("%s: propertyNames present = %v, $comment %q; want propertyNames and a comment naming it for a closed type only", name, has, comment)
		}
		res, err := gojsonschema.Validate(gojsonschema.NewGoLoader(doc), gojsonschema.NewStringLoader(`{"address": "a@b.c", "nick": "a", "@odata.type": "#x"}`))
		if err != nil {
			t.Fatal(err)
		}
		if res.Valid() == closed {
			t.Errorf("%s: the standalone document says valid = %v for an undeclared property, want %v", name, res.Valid(), !closed)
		}
	}
}
