package mockserver

// A verdict is what checking one request body against one schema found:
// the body is not JSON (syntax), or it breaks the schema (violations), or
// it is valid (neither).
type verdict struct {
	syntax     error
	violations []Violation
}

// Bounds of a schema's verdict memo.
const (
	verdictMemoEntries = 1024     // bodies remembered per schema
	verdictMemoMaxBody = 16 << 10 // larger bodies are always checked afresh
)

// check parses body and validates it, or recalls the verdict on the same
// bytes: a verdict depends on nothing but the schema and the bytes. The
// verdict's slices are shared: callers must not modify them.
func (s *bodySchema) check(in *incoming) verdict {
	if v, ok := s.verdicts.getBytes(in.body); ok {
		return v
	}
	var v verdict
	doc, err := in.json()
	if err != nil {
		v.syntax = err
	} else {
		v.violations = s.validate(doc)
	}
	s.verdicts.put(string(in.body), v)
	return v
}
