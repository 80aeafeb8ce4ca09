package odataschema_test

import (
	"testing"
	"time"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/odataschema"
)

// TestEveryTypeCompiles generates and compiles the schema of every entity
// and complex type of both embedded metadata files, and of every action's
// parameters.
func TestEveryTypeCompiles(t *testing.T) {
	for _, version := range csdl.Versions {
		m, err := csdl.Embedded(version)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		s := odataschema.New(m, odataschema.Options{})
		for name := range m.Types {
			if err := s.Compile(name); err != nil {
				t.Errorf("%s: %v", version, err)
			}
		}
		actions := 0
		for _, op := range m.Operations {
			if op.Kind != csdl.ActionKind {
				continue
			}
			actions++
			if _, err := s.Parameters(op); err != nil {
				t.Errorf("%s: %v", version, err)
			}
		}
		t.Logf("%s: %d types and %d actions compiled in %v", version, len(m.Types), actions, time.Since(start))
	}
}
