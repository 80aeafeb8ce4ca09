package mockserver

import (
	"bytes"
	"encoding/json"
	"testing"
)

// shapeByDecoding is what shapeOf must answer: the shape of the body
// decoded into a map, as encoding/json reads it.
func shapeByDecoding(body []byte) bodyShape {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil || obj == nil {
		return bodyShape{}
	}
	sh := bodyShape{object: true, empty: len(obj) == 0, hasContext: obj["@odata.context"] != nil,
		collection: bytes.HasPrefix(bytes.TrimSpace(obj["value"]), []byte("["))}
	_ = json.Unmarshal(obj["id"], &sh.id)
	return sh
}

// shapeBodies are bodies of every shape shapeOf tells apart, and bodies
// that are not JSON objects.
var shapeBodies = []string{
	`{"id":"x1"}`,
	` { "id" : "x1" , "value" : [ 1 ] } `,
	"{\n\t\"@odata.context\": null\r\n}",
	`{}`, ` {} `, `[]`, `null`, `"id"`, `5`, `true`, ``, ` `, `{`, `{"id":"a"`, `{"id":"a"}x`, `{"id" "a"}`,
	`{"value":{"a":[1,2]}}`, `{"value":"[x"}`, `{"value":[]}`, `{"value":[],"value":{}}`, `{"value":{},"value":[]}`,
	`{"id":"first","id":"last"}`, `{"id":"first","id":5}`, `{"id":5,"id":"last"}`, `{"id":null}`, `{"id":{"a":"b"}}`,
	`{"id":"a\"b\\c\u00e9\n"}`, `{"\u0069d":"escaped key"}`, `{"i\"d":"x"}`, "{\"id\":\"caf\xc3\xa9\"}", "{\"id\":\"bad \xff utf-8\"}",
	`{"nested":{"id":"inner","value":[],"@odata.context":"x"},"list":[{"id":"y"},"]}"],"s":"}{"}`,
	`{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","value":[{"id":"1"}]}`,
	`{"n":-1.5e+10,"t":true,"f":false,"z":null,"id":"after scalars"}`,
	`{"ID":"case","Value":[1],"@ODATA.CONTEXT":"x"}`,
}

// TestShapeOf checks that shapeOf reads each body as decoding it would.
func TestShapeOf(t *testing.T) {
	for _, body := range shapeBodies {
		if got, want := shapeOf([]byte(body)), shapeByDecoding([]byte(body)); got != want {
			t.Errorf("shapeOf(%q) = %+v, want %+v", body, got, want)
		}
	}
}

// FuzzShapeOf checks shapeOf against decoding on any body.
func FuzzShapeOf(f *testing.F) {
	for _, body := range shapeBodies {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if got, want := shapeOf(body), shapeByDecoding(body); got != want {
			t.Errorf("shapeOf(%q) = %+v, want %+v", body, got, want)
		}
	})
}

// TestShapeOfAllocates checks that looking at a body whose id needs no
// unescaping allocates only the id.
func TestShapeOfAllocates(t *testing.T) {
	body := []byte(`{"@odata.context":"x","id":"x1","value":[{"id":"y"}],"n":5}`)
	if n := testing.AllocsPerRun(100, func() { shapeOf(body) }); n > 1+poolAllocs {
		t.Errorf("shapeOf allocated %v times, want at most %d", n, 1+poolAllocs)
	}
}
