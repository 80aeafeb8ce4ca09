package tenantfile

import (
	"fmt"
	"strings"
	"sync"

	"github.com/graphmock/graphmock/internal/graphrules"
	"github.com/graphmock/graphmock/internal/store"
)

// shapes are the collections and singletons graphrules knows, by rules
// name ("users", "users/todo"), to tell a singleton step from a
// collection step in a path.
var shapes = sync.OnceValue(func() (s struct{ collections, singletons map[string]bool }) {
	s.collections, s.singletons = map[string]bool{}, map[string]bool{}
	for _, c := range graphrules.Default().Collections() {
		s.collections[c.Path] = true
	}
	for _, c := range graphrules.Default().Collections() {
		for i := range len(c.Path) {
			if c.Path[i] == '/' && !s.collections[c.Path[:i]] {
				s.singletons[c.Path[:i]] = true
			}
		}
	}
	return s
})

// parsePath reads the path of a collection as a tenant file writes it:
// /users, /users/{id or userPrincipalName}/messages, /planner/plans,
// /users/{id}/todo/lists. A step is a singleton when graphrules knows it
// as one (planner, todo), and a collection otherwise, so the step after it
// is a key. Keys are not resolved here.
func parsePath(text string) (store.Path, error) {
	if !strings.HasPrefix(text, "/") {
		if text == "" {
			return nil, fmt.Errorf("empty path: write a collection such as /users")
		}
		return nil, fmt.Errorf("a path starts with a slash: write %q", "/"+text)
	}
	segs := strings.Split(text[1:], "/")
	var p store.Path
	var names []string
	wantKey := false
	for i, seg := range segs {
		if seg == "" {
			return nil, fmt.Errorf("step %d is empty: remove the doubled or trailing slash", i+1)
		}
		if wantKey {
			if err := checkKey(seg); err != nil {
				return nil, fmt.Errorf("step %d: %w", i+1, err)
			}
			p[len(p)-1].Key = seg
			wantKey = false
			continue
		}
		if !isIdentifier(seg) {
			return nil, fmt.Errorf("step %d: %q is not a collection name: want letters, digits and underscores, such as users or messages", i+1, seg)
		}
		p = append(p, store.Step{Name: seg})
		names = append(names, seg)
		wantKey = !shapes().singletons[strings.Join(names, "/")]
	}
	if !wantKey {
		last := p[len(p)-1]
		if last.Key != "" {
			parent := store.Path(p[: len(p)-1 : len(p)-1]).Collection(last.Name)
			return nil, fmt.Errorf("the path names one entity, not a collection: write the entity in the list under /%s", parent)
		}
		return nil, fmt.Errorf("%s is a singleton, not a collection: write one of the collections under it", last.Name)
	}
	return p, nil
}

// isIdentifier reports whether s is an OData simple identifier in ASCII.
func isIdentifier(s string) bool {
	for i, r := range s {
		switch {
		case r == '_', 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case '0' <= r && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// checkKey refuses keys the store cannot hold: control characters.
func checkKey(k string) error {
	for _, r := range k {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("key %q holds a control character: remove it", k)
		}
	}
	return nil
}
