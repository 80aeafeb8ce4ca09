package yamlsubset

import (
	"runtime"
	"strings"
	"testing"
)

// hostile are inputs built to make a parser slow or greedy, each with
// whether the fast reader takes it.
var hostile = []struct {
	name   string
	data   func() string
	accept bool
}{
	{"1MB of [", func() string { return strings.Repeat("[", 1<<20) }, false},
	{"1MB of {", func() string { return strings.Repeat("{", 1<<20) }, false},
	{"a key then 1MB of [", func() string { return "a: " + strings.Repeat("[", 1<<20) }, false},
	{"a key then 1MB of {", func() string { return "a: " + strings.Repeat("{", 1<<20) }, false},
	{"1MB of - ", func() string { return strings.Repeat("- ", 1<<19) }, false},
	{"indentation 10,000 deep", func() string { return nested(10000) }, false},
	{"1MB of indentation", func() string { return strings.Repeat(" ", 1<<20) + "a: 1\n" }, true},
	{"a 1MB line", func() string { return "a: " + strings.Repeat("x", 1<<20) + "\n" }, true},
	{"a 1MB key", func() string { return strings.Repeat("k", 1<<20) + ": v\n" }, false},
	{"a 1MB quoted line", func() string { return "a: \"" + strings.Repeat("\\n", 1<<19) + "\"\n" }, true},
	{"a 1MB line of flow items", func() string { return "a: [" + strings.Repeat("é, ", 1<<18) + "é]\n" }, true},
	{"a 1MB line unclosed", func() string { return "a: [" + strings.Repeat("x, ", 1<<18) + "\n" }, false},
	{"100,000 short keys", func() string { return strings.Repeat("a: b\n", 100000) }, true},
	{"100,000 short keys in a flow mapping", func() string { return "a: {" + strings.Repeat("a: b, ", 100000) + "a: b}\n" }, true},
}

// TestHostile reads each hostile input, accepting or declining it as
// expected, and allocating no more than a fixed multiple of its size.
func TestHostile(t *testing.T) {
	for _, h := range hostile {
		data := []byte(h.data())
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
		if _, problem := same([]byte(h.data())); problem != "" {
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
