package graphmeta

import (
	"fmt"
	"slices"
	"strings"

	"github.com/graphmock/graphmock/internal/suggest"
)

// SuggestType names the version's entity or complex type closest to a
// misspelt qualified name, as ` (did you mean "microsoft.graph.user"?)`:
// the same name in another case, or one within two edits. It returns ""
// when no type is that close. Of two types as close, it names the first
// in lexical order.
func (v *Version) SuggestType(name string) string {
	names := make([]string, 0, len(v.Model.Types))
	for _, t := range v.Model.Types {
		qualified := t.Namespace() + "." + t.SimpleName()
		if strings.EqualFold(qualified, name) {
			return fmt.Sprintf(" (did you mean %q?)", qualified)
		}
		names = append(names, qualified)
	}
	slices.Sort(names) // of two names as close, the first in order, on every run
	return suggest.DidYouMean(name, names)
}
