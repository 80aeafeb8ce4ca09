package csdl

import (
	"testing"
)

func TestEmbeddedParsesEveryVersion(t *testing.T) {
	for _, v := range Versions {
		m, err := Embedded(v)
		if err != nil {
			t.Fatalf("Embedded(%q) error = %v", v, err)
		}
		entities, complexes := 0, 0
		for _, typ := range m.Types {
			if typ.Kind == EntityKind {
				entities++
			} else {
				complexes++
			}
		}
		t.Logf("%s: %d entity, %d complex, %d enum types, %d operations, %d entity sets, %d singletons",
			v, entities, complexes, len(m.Enums), len(m.Operations), len(m.Container.EntitySets), len(m.Container.Singletons))
		if again, _ := Embedded(v); again != m {
			t.Errorf("Embedded(%q) returned a new Model on the second call", v)
		}
	}
}

func TestEmbeddedRefusesAnUnknownVersion(t *testing.T) {
	if m, err := Embedded("v2.0"); err == nil {
		t.Errorf("Embedded(v2.0) = %v, nil, want an error", m)
	}
}
