package schema

import (
	"encoding/json"
	"os"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// chatSchema compiles the shipped chat schema.
func chatSchema(t testing.TB) *Schema {
	t.Helper()
	s, err := NewCompiler(os.DirFS("../.."), "the repository").Compile("schemas/chat.json")
	if err != nil {
		t.Fatal(err)
	}
	if s.fast == nil {
		t.Fatal("the chat schema got no fastCheck: it uses only keywords fastCheck knows")
	}
	return s
}

// slowVerdict is gojsonschema's own verdict.
func slowVerdict(t testing.TB, s *Schema, doc any) bool {
	t.Helper()
	res, err := s.schema.Validate(gojsonschema.NewRawLoader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return res.Valid()
}

// chatVectors are the request bodies of mockserver's chat vectors.
func chatVectors(t testing.TB) [][]byte {
	t.Helper()
	data, err := os.ReadFile("../../mockserver/testdata/chat-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []struct {
			Body json.RawMessage `json:"body"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, v := range file.Vectors {
		out = append(out, v.Body)
	}
	if len(out) < 20 {
		t.Fatalf("only %d vectors", len(out))
	}
	return out
}

// TestFastCheckAgreesOnTheVectors: on every chat vector, the fastCheck
// calls valid exactly what gojsonschema calls valid, so the fast path is
// taken for every valid body and never for an invalid one.
func TestFastCheckAgreesOnTheVectors(t *testing.T) {
	s := chatSchema(t)
	valid := 0
	for _, body := range chatVectors(t) {
		doc, err := strictjson.Parse(body)
		if err != nil {
			continue
		}
		fast, slow := s.fast.valid(doc), slowVerdict(t, s, doc)
		if fast != slow {
			t.Errorf("%s: fastCheck says %v, gojsonschema %v", body, fast, slow)
		}
		if slow {
			valid++
		}
	}
	if valid == 0 {
		t.Error("no vector is valid: the test proves nothing")
	}
}

// FuzzFastCheck feeds documents to the chat schema: whatever the
// fastCheck calls valid, gojsonschema must call valid.
func FuzzFastCheck(f *testing.F) {
	for _, body := range chatVectors(f) {
		f.Add(body)
	}
	f.Add([]byte(`{"chatType":"group","topic":1.0,"viewpoint":{"isHidden":"false"}}`))
	f.Add([]byte(`{"chatType":"group","createdBy":{"user":{"id":"x","displayName":null,"@odata.type":"#microsoft.graph.teamworkUserIdentity"}}}`))
	f.Add([]byte(`{"chatType":"group","onlineMeetingInfo":{"calendarEventId":null,"organizer":{"id":"1","userIdentityType":"aadUser"}}}`))
	s := chatSchema(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		doc, err := strictjson.Parse(body)
		if err != nil {
			return
		}
		if s.fast.valid(doc) && !slowVerdict(t, s, doc) {
			t.Fatalf("fastCheck calls %s valid; gojsonschema does not", body)
		}
	})
}

func TestFastCheckGivesUpOnKeywordsItDoesNotKnow(t *testing.T) {
	for name, schema := range map[string]string{
		"maxLength":            `{"type": "string", "maxLength": 3}`,
		"a $ref with siblings": `{"$ref": "#/definitions/x", "type": "object", "definitions": {"x": {}}}`,
		"an unknown format":    `{"type": "string", "format": "no-such-format"}`,
		"an enum of numbers":   `{"enum": [1, 2]}`,
	} {
		fsys := testFolderWith("s.json", schema)
		if buildFast(fsys, "here", "s.json") != nil {
			t.Errorf("%s: a fastCheck was built", name)
		}
	}
}

func testFolderWith(name, data string) fstest.MapFS {
	return fstest.MapFS{name: {Data: []byte(data)}}
}
