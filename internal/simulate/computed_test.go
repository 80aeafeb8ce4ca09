package simulate

import "testing"

// The rules list the properties the service sets on create (computed);
// every one of them must be in what Create answers. Send message in a
// chat answers a message whose etag is its id, whose messageType is
// "message" and whose chatId is the chat's
// (https://learn.microsoft.com/en-us/graph/api/chat-post-messages, the
// example response; "Every message listed carries them":
// https://learn.microsoft.com/en-us/graph/api/chat-list-messages), and
// Create application one with an appId
// (https://learn.microsoft.com/en-us/graph/api/application-post-applications).
func TestCreateSetsEveryComputedProperty(t *testing.T) {
	sim := newSim(t)
	chat := str(do(t, sim, "POST", "/v1.0/chats", `{"chatType": "group", "topic": "Launch"}`).want(t, "POST chat", 201).body["id"])
	msg := do(t, sim, "POST", "/v1.0/chats/"+chat+"/messages", `{"body": {"content": "Hello"}}`).want(t, "POST chat message", 201)
	if msg.body["chatId"] != chat || msg.body["messageType"] != "message" || msg.body["etag"] != msg.body["id"] {
		t.Errorf("the posted message = %s, want chatId %s, messageType message and its id as etag", msg.raw, chat)
	}
	app := do(t, sim, "POST", "/v1.0/applications", `{"displayName": "App"}`).want(t, "POST application", 201)
	if len(str(app.body["appId"])) != 36 {
		t.Errorf("the created application = %s, want an appId GUID", app.raw)
	}
}

// Graph percent-encodes a key in @odata.context: Send message in a chat
// answers "…/$metadata#chats('19%3A2da4c29f6d7041eca70b638b43d45437%40thread.v2')/messages/$entity"
// (https://learn.microsoft.com/en-us/graph/api/chat-post-messages, the
// example response).
func TestTheContextPercentEncodesKeys(t *testing.T) {
	sim := newSim(t)
	chat := str(do(t, sim, "POST", "/v1.0/chats", `{"chatType": "group"}`).want(t, "POST chat", 201).body["id"])
	msg := do(t, sim, "POST", "/v1.0/chats/"+chat+"/messages", `{"body": {"content": "Hello"}}`).want(t, "POST chat message", 201)
	want := "https://graph.microsoft.com/v1.0/$metadata#chats('19%3A" + chat[3:len(chat)-len("@thread.v2")] + "%40thread.v2')/messages/$entity"
	if msg.body["@odata.context"] != want {
		t.Errorf("@odata.context = %v, want %s", msg.body["@odata.context"], want)
	}
}
