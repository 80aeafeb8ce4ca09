package csdl

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// writeDecompressed writes the embedded metadata of version to a
// temporary file and returns its path.
func writeDecompressed(t *testing.T, version string) string {
	t.Helper()
	f, err := os.Open(filepath.Join("metadata", version+".csdl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), version+".csdl")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestEmbeddedGraphFacts checks facts of Graph's metadata that the rest of
// graphmock relies on.
func TestEmbeddedGraphFacts(t *testing.T) {
	tests := []struct {
		name    string
		version string
		check   func(m *Model) bool
	}{
		{"chat's chatType is not nullable", "beta", func(m *Model) bool {
			p := m.Type("microsoft.graph.chat").Property("chatType")
			return p != nil && !p.Nullable && p.Type.Name == "microsoft.graph.chatType"
		}},
		{"chat inherits id from the abstract entity", "v1.0", func(m *Model) bool {
			chat := m.Type("microsoft.graph.chat")
			return chat.Base.Name == "microsoft.graph.entity" && chat.Base.Abstract && chat.Property("id") != nil
		}},
		{"teamworkUserIdentity is open and derives from identity", "beta", func(m *Model) bool {
			t := m.Type("microsoft.graph.teamworkUserIdentity")
			return t.OpenType && t.IsA(m.Type("microsoft.graph.identity"))
		}},
		{"sendMail takes Message and SaveToSentItems", "v1.0", func(m *Model) bool {
			op := m.BoundOperation(m.Type("microsoft.graph.user"), false, "sendMail", false)
			return op != nil && len(op.Unbound()) == 2 && op.Unbound()[0].Name == "Message" && !op.Unbound()[0].Nullable
		}},
		{"userScopeTeamsAppInstallation has the chat navigation property", "beta", func(m *Model) bool {
			n := m.Type("microsoft.graph.userScopeTeamsAppInstallation").NavigationProperty("chat")
			return n != nil && !n.Type.Collection && m.Type("microsoft.graph.teamsAppInstallation").NavigationProperty("chat") == nil
		}},
		{"fileAttachment derives from attachment", "v1.0", func(m *Model) bool {
			return m.Type("microsoft.graph.fileAttachment").IsA(m.Type("microsoft.graph.attachment"))
		}},
		{"me is a user singleton", "v1.0", func(m *Model) bool {
			return m.Container.Singleton("me").Type == "microsoft.graph.user"
		}},
		{"some enum types are flags", "v1.0", func(m *Model) bool {
			return m.Enum("microsoft.graph.applicationDataType").IsFlags
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Embedded(tt.version)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(m) {
				t.Errorf("not so in %s", tt.version)
			}
		})
	}
}
