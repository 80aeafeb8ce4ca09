package mockserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// BenchmarkLoadBodyTypes loads a scenario document of ten scenarios with
// and without a bodyType each, side by side: what naming ten Graph types
// adds to a load once the process has read Graph's metadata (which
// happens once, on first use).
func BenchmarkLoadBodyTypes(b *testing.B) {
	types := []string{"user", "group", "chat", "message", "event", "team", "channel", "chatMessage", "driveItem", "application"}
	doc := func(withTypes bool) []byte {
		var sb strings.Builder
		sb.WriteString("version: 1\nscenarios:\n")
		for i, t := range types {
			fmt.Fprintf(&sb, "  - name: s%d\n    request: {method: POST, path: /v1.0/things%d", i, i)
			if withTypes {
				fmt.Fprintf(&sb, ", bodyType: microsoft.graph.%s", t)
			}
			sb.WriteString("}\n    response: {status: 201}\n")
		}
		return []byte(sb.String())
	}
	if _, err := mockserver.Parse(nil, "warm.yaml", doc(true)); err != nil {
		b.Fatal(err) // reads the metadata, once
	}
	for _, tt := range []struct {
		name  string
		types bool
	}{{"no-types", false}, {"ten-types", true}} {
		data := doc(tt.types)
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := mockserver.Parse(nil, "s.yaml", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
