package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// The personal data the fake Graph is seeded with: none of it may reach
// a recording.
const (
	seededToken   = "eyJ0eXAiOiJKV1QiLCJub25jZSI6InNlZWRlZC10b2tlbi1mb3ItdGVzdHMifQ.c2VjcmV0"
	seededTenant  = "2432b57b-0abd-43db-aa7b-16eadd115d34"
	seededOidA    = "8b081ef6-4792-4def-b2c9-c363a1bf41d5"
	seededOidB    = "48d31887-5fad-4d73-a9f5-3c356e68a038"
	seededOidC    = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"
	seededMailA   = "MeganB@M365x214355.onmicrosoft.com"
	seededMailB   = "AlexW@M365x214355.onmicrosoft.com"
	seededMailC   = "JohannaL@M365x214355.onmicrosoft.com"
	seededNameA   = "Megan Bowen"
	seededNameB   = "Alex Wilber"
	seededNameC   = "Johanna Lorenz"
	seededPhoneA  = "+1 425 555 0109"
	seededMessage = "Lunch at Contoso Café with Johanna?"
	seededCookie  = "fpc=AsQ3bZ5-seeded-cookie"
)

// seededSecrets lists every seeded value, and the forms of them the
// recording could hold.
func seededSecrets() []string {
	chat := "19:" + seededOidA + "_" + seededOidB + "@unq.gbl.spaces"
	return []string{seededToken, seededTenant, seededOidA, seededOidB, seededOidC, strings.ToUpper(seededOidA),
		seededMailA, seededMailB, seededMailC, strings.ToLower(seededMailA), seededNameA, seededNameB, seededNameC,
		"Megan", "Bowen", "Alex", "Wilber", "Johanna", "Lorenz", "M365x214355", seededPhoneA, seededMessage, "Contoso Café", seededCookie, chat}
}

// fakeGraph plays the part of Graph for a chat between Megan and Alex
// (https://learn.microsoft.com/en-us/graph/api/chat-post,
// https://learn.microsoft.com/en-us/graph/api/chat-list-members,
// https://learn.microsoft.com/en-us/graph/api/chat-post-messages): it
// creates the chat, lists its three members two to a page with a
// $skiptoken that encodes a member's address, throttles the first
// message with 429 and Retry-After
// (https://learn.microsoft.com/en-us/graph/throttling), and returns a
// user by address. Every call must carry the seeded token.
type fakeGraph struct {
	*httptest.Server
	mu       sync.Mutex
	messages int
}

func newFakeGraph(t *testing.T) *fakeGraph {
	g := &fakeGraph{}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.Close)
	return g
}

func member(oid, name, mail string) map[string]any {
	return map[string]any{
		"@odata.type": "#microsoft.graph.aadUserConversationMember", "id": base64.StdEncoding.EncodeToString([]byte("1#" + oid)),
		"roles": []string{"owner"}, "displayName": name, "userId": oid, "email": mail, "tenantId": seededTenant,
		"visibleHistoryStartDateTime": "0001-01-01T00:00:00Z",
	}
}

func (g *fakeGraph) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8")
	w.Header().Set("request-id", "5c4e1a77-0b44-4b39-9e33-f1cbb1ec0001")
	http.SetCookie(w, &http.Cookie{Name: "fpc", Value: seededCookie})
	if r.Header.Get("Authorization") != "Bearer "+seededToken {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}`)
		return
	}
	chatID := "19:" + seededOidA + "_" + seededOidB + "@unq.gbl.spaces"
	root := "http://" + r.Host + "/v1.0"
	write := func(status int, v any) {
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	switch p := r.URL.Path; {
	case r.Method == "POST" && p == "/v1.0/chats":
		write(http.StatusCreated, map[string]any{
			"@odata.context": root + "/$metadata#chats/$entity", "id": chatID, "topic": nil, "chatType": "oneOnOne",
			"tenantId": seededTenant, "createdDateTime": "2024-05-01T10:00:00.000Z",
			"webUrl": "https://teams.microsoft.com/l/chat/" + url.PathEscape(chatID) + "/0?tenantId=" + seededTenant,
		})
	case r.Method == "GET" && p == "/v1.0/chats/"+chatID+"/members":
		all := []any{member(seededOidA, seededNameA, seededMailA), member(seededOidB, seededNameB, seededMailB), member(seededOidC, seededNameC, seededMailC)}
		if tok := r.URL.Query().Get("$skiptoken"); tok != "" {
			if tok != base64.StdEncoding.EncodeToString([]byte(seededMailB)) {
				write(http.StatusBadRequest, map[string]any{"error": map[string]any{"code": "BadRequest", "message": "bad token"}})
				return
			}
			write(http.StatusOK, map[string]any{"@odata.context": root + "/$metadata#chats('" + url.PathEscape(chatID) + "')/members", "@odata.count": 3, "value": all[2:]})
			return
		}
		write(http.StatusOK, map[string]any{
			"@odata.context": root + "/$metadata#chats('" + url.PathEscape(chatID) + "')/members", "@odata.count": 3, "value": all[:2],
			"@odata.nextLink": root + "/chats/" + url.PathEscape(chatID) + "/members?$top=2&$skiptoken=" + url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(seededMailB))),
		})
	case r.Method == "POST" && p == "/v1.0/chats/"+chatID+"/messages":
		g.mu.Lock()
		g.messages++
		n := g.messages
		g.mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			write(http.StatusTooManyRequests, map[string]any{"error": map[string]any{"code": "TooManyRequests", "message": "Too many requests.", "innerError": map[string]any{"code": "429", "request-id": "5c4e1a77-0b44-4b39-9e33-f1cbb1ec0001"}}})
			return
		}
		var in struct {
			Body struct {
				Content string `json:"content"`
			} `json:"body"`
		}
		json.NewDecoder(r.Body).Decode(&in)
		write(http.StatusCreated, map[string]any{
			"id": "1714557600000", "chatId": chatID, "messageType": "message", "createdDateTime": "2024-05-01T10:00:00.000Z",
			"body": map[string]any{"contentType": "text", "content": in.Body.Content},
			"from": map[string]any{"user": map[string]any{"id": seededOidA, "displayName": seededNameA, "userIdentityType": "aadUser", "tenantId": seededTenant}},
		})
	case r.Method == "GET" && (p == "/v1.0/users/"+seededMailC || p == "/v1.0/users/"+seededOidC):
		write(http.StatusOK, map[string]any{"@odata.context": root + "/$metadata#users/$entity", "id": seededOidC, "displayName": seededNameC,
			"givenName": "Johanna", "surname": "Lorenz", "mail": seededMailC, "userPrincipalName": seededMailC, "mobilePhone": seededPhoneA, "businessPhones": []string{seededPhoneA}})
	default:
		write(http.StatusNotFound, map[string]any{"error": map[string]any{"code": "ResourceNotFound", "message": "no " + r.Method + " " + p}})
	}
}

// A clientRun is what the client saw: each answer's status and, for the
// calls whose answers the client reads, the values it used.
type clientRun struct {
	Statuses []int
	ChatID   string
	Members  []string // userIds, in page order
	Emails   []string
	Pages    int
	Message  string // the sent message's id
	UserID   string // the id of the user read by address
}

// runClient plays a client of Graph at base: it creates a chat between
// two users, lists its members following @odata.nextLink, sends a message
// (retrying once when throttled, as the SDKs' retry handler does) and
// reads a user by address.
func runClient(t *testing.T, base string) clientRun {
	t.Helper()
	var run clientRun
	call := func(method, u, body string) map[string]any {
		t.Helper()
		req, err := http.NewRequest(method, u, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+seededToken)
		req.Header.Set("Cookie", seededCookie)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		run.Statuses = append(run.Statuses, resp.StatusCode)
		var doc map[string]any
		json.NewDecoder(resp.Body).Decode(&doc)
		if resp.StatusCode >= 300 && resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("%s %s: %d %v", method, u, resp.StatusCode, doc)
		}
		return doc
	}
	bind := func(oid string) string {
		return fmt.Sprintf(`{"@odata.type":"#microsoft.graph.aadUserConversationMember","roles":["owner"],"user@odata.bind":"https://graph.microsoft.com/v1.0/users('%s')"}`, oid)
	}
	chat := call("POST", base+"/v1.0/chats", `{"chatType":"oneOnOne","members":[`+bind(seededOidA)+","+bind(seededOidB)+`]}`)
	run.ChatID, _ = chat["id"].(string)
	next := base + "/v1.0/chats/" + url.PathEscape(run.ChatID) + "/members?$top=2"
	for next != "" {
		page := call("GET", next, "")
		run.Pages++
		for _, m := range page["value"].([]any) {
			m := m.(map[string]any)
			run.Members = append(run.Members, m["userId"].(string))
			run.Emails = append(run.Emails, m["email"].(string))
		}
		next, _ = page["@odata.nextLink"].(string)
	}
	msg := `{"body":{"content":"` + seededMessage + `"}}`
	sent := call("POST", base+"/v1.0/chats/"+url.PathEscape(run.ChatID)+"/messages", msg)
	if _, throttled := sent["error"]; throttled {
		sent = call("POST", base+"/v1.0/chats/"+url.PathEscape(run.ChatID)+"/messages", msg)
	}
	run.Message, _ = sent["id"].(string)
	user := call("GET", base+"/v1.0/users/"+run.Emails[2], "")
	run.UserID, _ = user["id"].(string)
	return run
}
