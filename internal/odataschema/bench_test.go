package odataschema_test

import (
	"encoding/json"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odataschema"
	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// seedChat returns the first chat vector: the seed example with realistic
// values, parsed.
func seedChat(b *testing.B) any {
	for _, v := range loadChatVectors(b) {
		if v.Name == "seed example with realistic values" {
			doc, err := decode(v.bytes())
			if err != nil {
				b.Fatal(err)
			}
			return doc
		}
	}
	b.Fatal("no seed vector")
	return nil
}

// BenchmarkValidateChat validates the seed chat body against the generated
// beta chat schema and against the hand-written schemas/chat.json, side by
// side.
func BenchmarkValidateChat(b *testing.B) {
	doc := seedChat(b)
	b.Run("hand-written", func(b *testing.B) {
		s := handWritten(b)
		b.ReportAllocs()
		for b.Loop() {
			res, err := s.Validate(gojsonschema.NewRawLoader(doc))
			if err != nil || !res.Valid() {
				b.Fatal(err, res.Errors())
			}
		}
	})
	b.Run("generated", func(b *testing.B) {
		gen := generatedChat(b, odataschema.Options{})
		b.ReportAllocs()
		for b.Loop() {
			if v := gen.Validate(doc); v != nil {
				b.Fatal(v)
			}
		}
	})
	// From the bytes: parsed and validated, as a body ValidBytes leaves to
	// ValidateFirst, and decided in one pass.
	body, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("generated-parse", func(b *testing.B) {
		gen := generatedChat(b, odataschema.Options{})
		b.ReportAllocs()
		for b.Loop() {
			doc, err := strictjson.Parse(body)
			if err != nil {
				b.Fatal(err)
			}
			if _, n := gen.ValidateFirst(doc, 20); n != 0 {
				b.Fatal(n)
			}
		}
	})
	b.Run("generated-one-pass", func(b *testing.B) {
		gen := generatedChat(b, odataschema.Options{})
		b.ReportAllocs()
		for b.Loop() {
			if !gen.ValidBytes(body, nil) {
				b.Fatal("not decided")
			}
		}
	})
}

// BenchmarkCompileTenTypes generates and compiles the schemas of ten beta
// types (each Set starts empty), as the first requests of a run do.
func BenchmarkCompileTenTypes(b *testing.B) {
	m, err := csdl.Embedded("beta")
	if err != nil {
		b.Fatal(err)
	}
	names := []string{
		"microsoft.graph.chat", "microsoft.graph.chatViewpoint", "microsoft.graph.teamworkOnlineMeetingInfo",
		"microsoft.graph.teamworkUserIdentity", "microsoft.graph.identitySet", "microsoft.graph.user",
		"microsoft.graph.group", "microsoft.graph.message", "microsoft.graph.event", "microsoft.graph.team",
	}
	b.ReportAllocs()
	for b.Loop() {
		s := odataschema.New(m, odataschema.Options{})
		for _, n := range names {
			if err := s.Compile(n); err != nil {
				b.Fatal(err)
			}
		}
	}
}
