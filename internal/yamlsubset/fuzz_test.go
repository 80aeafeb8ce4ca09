package yamlsubset

import (
	"reflect"
	"testing"
)

// FuzzParse checks that whenever the fast reader takes a document,
// yaml.v3 parses it without error into a deeply equal tree.
func FuzzParse(f *testing.F) {
	for _, data := range repoYAML(f) {
		f.Add(data)
	}
	for _, s := range []string{
		"a: 1\n", "- a: [b, {c: d}]\n  e: 'f'\n", "a:\n- \"x\\u00e9\"\n", "k:\n  -\n  - x # c\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ok := Parse(data)
		if !ok {
			if fast != nil {
				t.Fatal("declined with a node")
			}
			return
		}
		ref, err := reference(data)
		if err != nil {
			t.Fatalf("accepted %q, but yaml.v3 says: %v", data, err)
		}
		if !reflect.DeepEqual(fast, ref) {
			t.Fatalf("%q: trees differ\nfast:\n%s\nyaml.v3:\n%s", data, dump(fast), dump(ref))
		}
	})
}
