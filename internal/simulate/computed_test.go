package simulate

import "testing"

// The rules list the properties the service sets on create (computed);
// every one of them must be in what Create answers. Graph's chat messages
// carry etag, chatId and messageType ("Every message listed carries them":
// https://learn.microsoft.com/en-us/graph/api/chat-list-messages), and an
// application its appId
// (https://learn.microsoft.com/en-us/graph/api/application-post-applications).
//
// create (write.go) sets only the computed properties of type
// Edm.DateTimeOffset, so this test is skipped until it sets the others.
func TestCreateSetsEveryComputedProperty(t *testing.T) {
	t.Skip("known gap: create sets only the Edm.DateTimeOffset computed properties (etag, chatId, messageType, appId, changeKey, webUrl, createdBy stay unset)")
	sim := newSim(t)
	chat := str(do(t, sim, "POST", "/v1.0/chats", `{"chatType": "group", "topic": "Launch"}`).want(t, "POST chat", 201).body["id"])
	msg := do(t, sim, "POST", "/v1.0/chats/"+chat+"/messages", `{"body": {"content": "Hello"}}`).want(t, "POST chat message", 201)
	if msg.body["chatId"] != chat || msg.body["messageType"] != "message" || str(msg.body["etag"]) == "" {
		t.Errorf("the posted message = %s, want chatId %s, messageType message and an etag", msg.raw, chat)
	}
	app := do(t, sim, "POST", "/v1.0/applications", `{"displayName": "App"}`).want(t, "POST application", 201)
	if len(str(app.body["appId"])) != 36 {
		t.Errorf("the created application = %s, want an appId GUID", app.raw)
	}
}
