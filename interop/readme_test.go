package interop_test

import (
	"context"

	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/interop"
	"github.com/graphmock/graphmock/mockserver/mocktest"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
)

// The Go SDK set-up in graphmock's docs (docs/graph-fidelity.md) is adapter.go's, word for word,
// so the docs show code these tests run.
func TestTheReadmeShowsTheAdapterTheTestsUse(t *testing.T) {
	src, err := os.ReadFile("adapter.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../docs/graph-fidelity.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "// README: Go SDK begin\n", "// README: Go SDK end"
	text := string(src)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("adapter.go lacks the %q … %q markers", begin, end)
	}
	snippet := "```go\n" + strings.TrimSpace(text[i+len(begin):j]) + "\n```"
	if !strings.Contains(string(readme), snippet) {
		t.Errorf("README.md does not show adapter.go's set-up as it is; paste this in:\n%s", snippet)
	}
}

// TestTheDocumentedCall makes the call docs/graph-fidelity.md shows, as
// it shows it.
func TestTheDocumentedCall(t *testing.T) {
	ts := mocktest.NewTestServer(t)
	ctx := context.Background()
	adapter, err := interop.NewGraphAdapter(ts) // ts := mocktest.NewTestServer(t) or (t, mocktest.WithTLS())
	if err != nil {
		t.Fatal(err)
	}
	ri := abstractions.NewRequestInformationWithMethodAndUrlTemplateAndPathParameters(abstractions.POST,
		"{+baseurl}/chats/{chat%2Did}/installedApps/{teamsAppInstallation%2Did}/chat/$ref",
		map[string]string{"chat%2Did": "19:abc@thread.v2", "teamsAppInstallation%2Did": "MTI1MjM0"})
	ri.SetStreamContentAndContentType([]byte(`{"chatType":"group"}`), "application/json")
	err = adapter.SendNoContent(ctx, ri, abstractions.ErrorMappings{"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue})
	if err != nil {
		t.Fatalf("SendNoContent() = %v", err)
	}
	ts.AssertCalledTimes(t, "add-chat", 1)
}
