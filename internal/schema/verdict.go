package schema

// A Verdict is what checking one body against one schema found: the body
// is not JSON (Syntax), or it breaks the schema (Violations), or it is
// valid (neither).
type Verdict struct {
	Syntax     error
	Violations []Violation
}

// Bounds of a schema's verdict memo.
const (
	verdictMemoEntries = 1024     // bodies remembered per schema
	verdictMemoMaxBody = 16 << 10 // larger bodies are always checked afresh
)

// Check validates body, parsed by parse (which is called at most once,
// and not at all when the verdict is remembered), or recalls the verdict
// on the same bytes: a verdict depends on nothing but the schema and the
// bytes. The verdict's slices are shared: callers must not modify them.
func (s *Schema) Check(body []byte, parse func() (any, error)) Verdict {
	if v, ok := s.verdicts.GetBytes(body); ok {
		return v
	}
	var v Verdict
	doc, err := parse()
	if err != nil {
		v.Syntax = err
	} else {
		v.Violations = s.Validate(doc)
	}
	s.verdicts.Put(string(body), v)
	return v
}
