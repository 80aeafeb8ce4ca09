package graphmeta

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/internal/csdl"
)

// BenchmarkFirstUse measures everything the first bodyType: auto check
// of a version pays in a new process: the model (decoded from the
// compact form Embedded carries, or, as the baseline, built from the XML
// as it was before), the version's schema sets and path resolvers, the
// first resolve of a path (Path) and the first body schema of a type
// (RequestBody with Auto, which resolves its path and compiles the
// schema). "graphmeta" is the same without the model, decoded once
// before: what graphmeta itself adds.
func BenchmarkFirstUse(b *testing.B) {
	sources := fstest.MapFS{}
	for _, name := range []string{"v1.0.csdl.gz", "beta.csdl.gz", "beta-2021.csdl.gz"} {
		data, err := os.ReadFile(filepath.Join("..", "csdl", "metadata", name))
		if err != nil {
			b.Fatal(err)
		}
		sources[name] = &fstest.MapFile{Data: data}
	}
	for _, version := range csdl.Versions {
		models := map[string]func() (*csdl.Model, error){
			"xml":     func() (*csdl.Model, error) { return csdl.FromSources(fs.FS(sources), version) },
			"compact": func() (*csdl.Model, error) { return csdl.DecodeEmbedded(version) },
		}
		decoded, err := csdl.DecodeEmbedded(version)
		if err != nil {
			b.Fatal(err)
		}
		models["graphmeta"] = func() (*csdl.Model, error) { return decoded, nil }
		for _, how := range []string{"xml", "compact", "graphmeta"} {
			b.Run(version+"/"+how, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					m, err := models[how]()
					if err != nil {
						b.Fatal(err)
					}
					c := &Catalog{own: map[string]*Version{version: newVersion(version, m)}}
					if a := c.Path("/" + version + "/me/messages/{id}/attachments"); !a.Has {
						b.Fatalf("Path: %+v", a)
					}
					body, err := c.RequestBody("POST", "/"+version+"/chats/{id}/members", Auto, false)
					if err != nil || body.Body.Name() != "microsoft.graph.conversationMember" {
						b.Fatalf("RequestBody: %+v, %v", body, err)
					}
				}
			})
		}
	}
}
