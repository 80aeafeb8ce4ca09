package odatapath_test

import (
	"testing"

	"github.com/graphmock/graphmock/internal/odatapath"
)

// BenchmarkResolve resolves paths of each shape: the cost of a request no
// scenario answers, which mockserver resolves to say whether Graph has the
// path.
func BenchmarkResolve(b *testing.B) {
	r := resolver(b, "v1.0", odatapath.Options{})
	for _, path := range []string{
		"/users",
		"/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')/messages/{id}/attachments/{id}/microsoft.graph.fileAttachment",
		"/groups/{id}/members/$ref",
		"/chats/{id}/installedApps/{id}/chat",
		"/me/drive/root/search(q='report')",
		"/userz",
	} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Resolve(path)
			}
		})
	}
}
