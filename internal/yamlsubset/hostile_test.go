package yamlsubset

import (
	"runtime"
	"strings"
	"testing"
)

// hostile are inputs built to make a parser slow or greedy, each with
// whether the fast reader takes it. Each is built at a size of about
// unit bytes (1 MB where only the fast reader reads it, less where
// yaml.v3 reads it too, for the comparison).
var hostile = []struct {
	name   string
	data   func(unit int) string
	accept bool
}{
	{"a run of [", func(unit int) string { return strings.Repeat("[", unit) }, false},
	{"a run of {", func(unit int) string { return strings.Repeat("{", unit) }, false},
	{"a key then a run of [", func(unit int) string { return "a: " + strings.Repeat("[", unit) }, false},
	{"a key then a run of {", func(unit int) string { return "a: " + strings.Repeat("{", unit) }, false},
	{"a run of - ", func(unit int) string { return strings.Repeat("- ", unit/2) }, false},
	{"indentation a unit/100 deep", func(unit int) string { return nested(unit / 100) }, false},
	{"a run of indentation", func(unit int) string { return strings.Repeat(" ", unit) + "a: 1\n" }, true},
	{"a unit-long line", func(unit int) string { return "a: " + strings.Repeat("x", unit) + "\n" }, true},
	{"a unit-long key", func(unit int) string { return strings.Repeat("k", unit) + ": v\n" }, false},
	{"a unit-long quoted line", func(unit int) string { return "a: \"" + strings.Repeat("\\n", unit/2) + "\"\n" }, true},
	{"a unit-long line of flow items", func(unit int) string { return "a: [" + strings.Repeat("é, ", unit/4) + "é]\n" }, true},
	{"a unit-long line unclosed", func(unit int) string { return "a: [" + strings.Repeat("x, ", unit/4) + "\n" }, false},
	{"unit/10 short keys", func(unit int) string { return strings.Repeat("a: b\n", unit/10) }, true},
	{"unit/10 short keys in a flow mapping", func(unit int) string { return "a: {" + strings.Repeat("a: b, ", unit/10) + "a: b}\n" }, true},
}

// TestHostile reads each hostile input, accepting or declining it as
// expected, and allocating no more than a fixed multiple of its size.
func TestHostile(t *testing.T) {
	for _, h := range hostile {
		data := []byte(h.data(1 << 20))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, ok := Parse(data)
		runtime.ReadMemStats(&after)
		if ok != h.accept {
			t.Errorf("%s: accepted %v, want %v", h.name, ok, h.accept)
		}
		// A node takes at least two bytes of text (a character and what
		// separates it from the next) and some 160 bytes of memory.
		if got, limit := after.TotalAlloc-before.TotalAlloc, 100*uint64(len(data))+1<<20; got > limit {
			t.Errorf("%s: allocated %d bytes for %d of text, more than %d", h.name, got, len(data), limit)
		}
	}
}

// TestHostileEqual checks that the hostile inputs the fast reader takes
// read as yaml.v3 reads them.
func TestHostileEqual(t *testing.T) {
	for _, h := range hostile {
		if !h.accept {
			continue
		}
		if _, problem := same([]byte(h.data(1 << 15))); problem != "" {
			t.Errorf("%s: %.2000s", h.name, problem)
		}
	}
}

// BenchmarkHostile parses a million short keys with the fast reader and
// with yaml.v3, for their time and memory side by side.
func BenchmarkHostile(b *testing.B) {
	data := []byte(strings.Repeat("a: b\n", 1000000))
	b.Run("yamlv3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := reference(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("yamlsubset", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := Parse(data); !ok {
				b.Fatal("declined")
			}
		}
	})
}
