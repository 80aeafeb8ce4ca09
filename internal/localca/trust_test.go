package localca_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/localca"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestTrustInstructionsMatchTheGoldenFile(t *testing.T) {
	got := localca.TrustInstructions("/home/ada/.config/graphmock/ca/rootCA.pem")
	golden := filepath.Join("testdata", "trust-instructions.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("TrustInstructions differs from %s (run go test -update after checking the change):\n%s", golden, got)
	}
}

func TestTrustInstructionsQuoteThePath(t *testing.T) {
	tests := []struct {
		name string
		path string
		want string // how the path appears in commands
	}{
		{
			name: "a plain Linux path is left alone",
			path: "/home/ada/.config/graphmock/ca/rootCA.pem",
			want: " /home/ada/.config/graphmock/ca/rootCA.pem",
		},
		{
			name: "the macOS configuration folder has a space",
			path: "/Users/ada/Library/Application Support/graphmock/ca/rootCA.pem",
			want: ` "/Users/ada/Library/Application Support/graphmock/ca/rootCA.pem"`,
		},
		{
			name: "a Windows path has backslashes",
			path: `C:\Users\ada\AppData\Roaming\graphmock\ca\rootCA.pem`,
			want: ` "C:\Users\ada\AppData\Roaming\graphmock\ca\rootCA.pem"`,
		},
	}
	// Each of these commands names the certificate: in each, the path
	// must appear as want.
	commands := []string{"certutil -d sql:$HOME/.pki/nssdb", "certutil -addstore", "security add-trusted-cert", "Import-Certificate", "NODE_EXTRA_CA_CERTS=", "curl --cacert", "REQUESTS_CA_BUNDLE=", "sudo cp"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := localca.TrustInstructions(tt.path)
			for _, c := range commands {
				found := false
				for _, line := range strings.Split(text, "\n") {
					// An assignment has no space before the path.
					line = strings.Replace(line, "=", "= ", 1)
					if strings.Contains(line, c) && strings.Contains(line, tt.want) {
						found = true
					}
				}
				if !found {
					t.Errorf("TrustInstructions has no %q command with the path as %q", c, tt.want)
				}
			}
			// Nowhere does the path appear otherwise.
			bare := strings.TrimSpace(tt.want)
			if n, m := strings.Count(text, tt.path), strings.Count(text, bare); n != m {
				t.Errorf("TrustInstructions shows the path %d times, only %d of them as %s", n, m, bare)
			}
			if want := `$env:NODE_EXTRA_CA_CERTS = "` + tt.path + `"`; !strings.Contains(text, want) {
				t.Errorf("TrustInstructions does not hold the PowerShell assignment %q, which needs quotes", want)
			}
		})
	}
}
