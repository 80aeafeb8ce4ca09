package strictjson

import (
	"reflect"
	"testing"
)

func TestParseKeysGivesWhatParseGives(t *testing.T) {
	keys := NewKeys(2)
	for _, doc := range []string{
		`{"chatType":"group","topic":"a"}`,
		`{"chatType":"oneOnOne","topic":"b","tenantId":"c"}`,
		`{"a\u0062":1,"ab":2}`,
		`{"é":{"chatType":true}}`,
	} {
		want, werr := Parse([]byte(doc))
		got, gerr := ParseKeys([]byte(doc), keys)
		if !reflect.DeepEqual(got, want) || (werr == nil) != (gerr == nil) {
			t.Errorf("ParseKeys(%s) = %v, %v; Parse gives %v, %v", doc, got, gerr, want, werr)
		}
	}
	if n := len(keys.m); n != 2 {
		t.Errorf("Keys holds %d keys, want its bound of 2", n)
	}
	if _, err := ParseKeys([]byte(`{"a":1,"a":2}`), keys); err == nil {
		t.Error("a duplicate key went unnoticed through Keys")
	}
}
