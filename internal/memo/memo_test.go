package memo

import (
	"strings"
	"sync"
	"testing"
)

func TestMemoRemembersWithinItsBounds(t *testing.T) {
	m := New[int](2, 4)
	m.Put("a", 1)
	if v, ok := m.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) = %d, %v; want 1, true", v, ok)
	}
	if v, ok := m.GetBytes([]byte("a")); !ok || v != 1 {
		t.Fatalf("GetBytes(a) = %d, %v; want 1, true", v, ok)
	}
	m.Put("toolong", 2)
	if _, ok := m.Get("toolong"); ok || m.Len() != 1 {
		t.Errorf("a key over maxKey was kept (len %d)", m.Len())
	}
	m.Put("b", 2)
	m.Put("c", 3)
	if m.Len() != 2 {
		t.Errorf("Len() = %d after three puts with room for two, want 2", m.Len())
	}
	if v, ok := m.Get("c"); !ok || v != 3 {
		t.Errorf("the newest key was evicted: Get(c) = %d, %v", v, ok)
	}
}

func TestMemoIsSafeForConcurrentUse(t *testing.T) {
	m := New[string](64, 16)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				k := strings.Repeat("k", (g+i)%10+1)
				m.Put(k, k)
				if v, ok := m.Get(k); ok && v != k {
					t.Errorf("Get(%q) = %q", k, v)
				}
			}
		})
	}
	wg.Wait()
	if m.Len() > 64 {
		t.Errorf("Len() = %d, over the bound of 64", m.Len())
	}
}

func TestSightingsTellAKeySeenBeforeFromANewOne(t *testing.T) {
	s := NewSightings(64)
	if s.Again([]byte("a")) {
		t.Fatal("a key never noted was seen before")
	}
	if !s.Again([]byte("a")) {
		t.Fatal("a key noted once was not seen again")
	}
	if s.Again([]byte("b")) {
		t.Fatal("another key was seen before")
	}
	one := NewSightings(0) // one slot: each new key pushes out the last
	one.Again([]byte("a"))
	one.Again([]byte("b"))
	if one.Again([]byte("a")) {
		t.Fatal("a key pushed out of the only slot was still seen")
	}
}
