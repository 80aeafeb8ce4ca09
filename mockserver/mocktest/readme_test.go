package mocktest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver/mocktest"
)

// The README's Go tour, as it shows it (a docs test checks that every Go
// block the docs show stands in a test file).

func TestAddChatSendsTheChat(t *testing.T) {
	ts := mocktest.NewTestServer(t) // the default scenarios; verified at the end of the test

	req, _ := http.NewRequest("POST", ts.URL()+"/beta/chats/c1/installedApps/a1/chat/$ref",
		strings.NewReader(`{"chatType": "group", "topic": "Weekly sync"}`))
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("status = %d, want 204", resp.StatusCode)
	}

	ts.AssertCalledTimes(t, "add-chat", 1)
	var sent struct{ Topic string }
	ts.DecodeLastBody(t, "add-chat", &sent)
	if sent.Topic != "Weekly sync" {
		t.Errorf("topic = %q", sent.Topic)
	}
}
