package interop_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/graphmock/graphmock/interop"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	"github.com/microsoft/kiota-abstractions-go/serialization"
	nethttplibrary "github.com/microsoft/kiota-http-go"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/chats"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// The personal data the upstream is seeded with: none of it may reach a
// recording, in any form.
const (
	recToken   = "eyJ0eXAiOiJKV1QiLCJub25jZSI6InNka3JlY29yZGluZyJ9.c2RrLXNlY3JldA"
	recTenant  = "5e1d6a0b-93c4-4f7e-8c2a-0d4b7e9f3a11"
	recOidA    = "c0ffee11-2222-4333-8444-555566667777"
	recOidB    = "d15ea5e0-aaaa-4bbb-8ccc-ddddeeeeffff"
	recOidC    = "ba5eba11-1234-4567-89ab-cdef01234567"
	recMailA   = "PattiF@M365x987654.onmicrosoft.com"
	recMailB   = "LeeG@M365x987654.onmicrosoft.com"
	recMailC   = "IsaiahL@M365x987654.onmicrosoft.com"
	recNameA   = "Patti Fernandez"
	recNameB   = "Lee Gu"
	recNameC   = "Isaiah Langer"
	recPhone   = "+1 206 555 0144"
	recMessage = "Patti, the Fabrikam contract is in Isaiah's inbox"
	recCookie  = "fpc=Ak9-sdk-recording-cookie"
)

func recSecrets() []string {
	chat := "19:" + recOidA + "_" + recOidB + "@unq.gbl.spaces"
	return []string{recToken, recTenant, recOidA, recOidB, recOidC, strings.ToUpper(recOidB),
		recMailA, recMailB, recMailC, strings.ToLower(recMailC), recNameA, recNameB, recNameC,
		"Patti", "Fernandez", "Langer", "Isaiah", "M365x987654", recPhone, recMessage, "Fabrikam", recCookie, chat,
		base64.StdEncoding.EncodeToString([]byte(recMailB))}
}

// secretForms returns v plain, percent-encoded (path and query forms)
// and JSON-escaped.
func secretForms(v string) []string {
	j, _ := json.Marshal(v)
	return []string{v, url.PathEscape(v), url.QueryEscape(v), string(j[1 : len(j)-1]), strings.ReplaceAll(url.QueryEscape(v), "+", "%20")}
}

// grepTree fails for each file under dir holding a form of a secret,
// case-insensitively, and returns how many files it read.
func grepTree(t *testing.T, dir string, secrets []string) int {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lower := bytes.ToLower(data)
		for _, s := range secrets {
			for _, f := range secretForms(s) {
				if bytes.Contains(lower, bytes.ToLower([]byte(f))) {
					t.Errorf("%s holds %q (a form of the seeded %q)", p, f, s)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sdkUpstream plays Graph for a one-on-one chat between Patti and Lee
// (https://learn.microsoft.com/en-us/graph/api/chat-post,
// https://learn.microsoft.com/en-us/graph/api/chat-list-members,
// https://learn.microsoft.com/en-us/graph/api/chat-post-messages,
// https://learn.microsoft.com/en-us/graph/api/user-get): members two to a
// page with a $skiptoken that encodes an address, the first message
// throttled with 429 and Retry-After
// (https://learn.microsoft.com/en-us/graph/throttling). Request bodies
// may be gzip, as the SDK's compression handler sends them.
type sdkUpstream struct {
	*httptest.Server
	mu    sync.Mutex
	posts int // message posts seen
	bad   []string
}

func newSDKUpstream(t *testing.T) *sdkUpstream {
	u := &sdkUpstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.Close)
	return u
}

func recMember(oid, name, mail string) map[string]any {
	return map[string]any{
		"@odata.type": "#microsoft.graph.aadUserConversationMember", "id": base64.StdEncoding.EncodeToString([]byte("1#" + oid)),
		"roles": []string{"owner"}, "displayName": name, "userId": oid, "email": mail, "tenantId": recTenant,
		"visibleHistoryStartDateTime": "0001-01-01T00:00:00Z",
	}
}

func (u *sdkUpstream) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8")
	http.SetCookie(w, &http.Cookie{Name: "fpc", Value: recCookie})
	write := func(status int, v any) {
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	if r.Header.Get("Authorization") != "Bearer "+recToken {
		write(http.StatusUnauthorized, map[string]any{"error": map[string]any{"code": "InvalidAuthenticationToken", "message": "Access token is empty."}})
		return
	}
	var body []byte
	if r.Body != nil {
		var rd io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			gz, err := gzip.NewReader(r.Body)
			if err != nil {
				write(http.StatusBadRequest, map[string]any{"error": map[string]any{"code": "BadRequest", "message": "bad gzip"}})
				return
			}
			rd = gz
		}
		body, _ = io.ReadAll(rd)
	}
	chatID := "19:" + recOidA + "_" + recOidB + "@unq.gbl.spaces"
	root := "http://" + r.Host + "/v1.0"
	token := base64.StdEncoding.EncodeToString([]byte(recMailB))
	switch p := r.URL.Path; {
	case r.Method == "POST" && p == "/v1.0/chats":
		if !bytes.Contains(body, []byte(recOidA)) || !bytes.Contains(body, []byte(recOidB)) {
			write(http.StatusBadRequest, map[string]any{"error": map[string]any{"code": "BadRequest", "message": "members missing: " + string(body)}})
			return
		}
		write(http.StatusCreated, map[string]any{
			"@odata.context": root + "/$metadata#chats/$entity", "id": chatID, "topic": nil, "chatType": "oneOnOne",
			"tenantId": recTenant, "createdDateTime": "2024-05-01T10:00:00Z", "lastUpdatedDateTime": "2024-05-01T10:00:00Z",
			"webUrl": "https://teams.microsoft.com/l/chat/" + url.PathEscape(chatID) + "/0?tenantId=" + recTenant,
		})
	case r.Method == "GET" && p == "/v1.0/chats/"+chatID+"/members":
		all := []any{recMember(recOidA, recNameA, recMailA), recMember(recOidB, recNameB, recMailB), recMember(recOidC, recNameC, recMailC)}
		ctx := root + "/$metadata#chats('" + url.PathEscape(chatID) + "')/members"
		if tok := r.URL.Query().Get("$skiptoken"); tok != "" {
			if tok != token {
				write(http.StatusBadRequest, map[string]any{"error": map[string]any{"code": "BadRequest", "message": "bad token"}})
				return
			}
			write(http.StatusOK, map[string]any{"@odata.context": ctx, "@odata.count": 3, "value": all[2:]})
			return
		}
		if r.URL.Query().Get("$top") != "2" {
			write(http.StatusBadRequest, map[string]any{"error": map[string]any{"code": "BadRequest", "message": "want $top=2"}})
			return
		}
		write(http.StatusOK, map[string]any{
			"@odata.context": ctx, "@odata.count": 3, "value": all[:2],
			"@odata.nextLink": root + "/chats/" + url.PathEscape(chatID) + "/members?$top=2&$skiptoken=" + url.QueryEscape(token),
		})
	case r.Method == "POST" && p == "/v1.0/chats/"+chatID+"/messages":
		u.mu.Lock()
		u.posts++
		n := u.posts
		u.mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			write(http.StatusTooManyRequests, map[string]any{"error": map[string]any{"code": "TooManyRequests", "message": "Too many requests.",
				"innerError": map[string]any{"code": "429", "date": "2024-05-01T10:00:01", "request-id": "3f1c2e7a-0b44-4b39-9e33-f1cbb1ec0002"}}})
			return
		}
		var in struct {
			Body struct {
				Content string `json:"content"`
			} `json:"body"`
		}
		json.Unmarshal(body, &in)
		write(http.StatusCreated, map[string]any{
			"@odata.context": root + "/$metadata#chats('" + url.PathEscape(chatID) + "')/messages/$entity",
			"id":             "1714557600000", "chatId": chatID, "messageType": "message", "createdDateTime": "2024-05-01T10:00:00Z",
			"body": map[string]any{"contentType": "text", "content": in.Body.Content},
			"from": map[string]any{"user": map[string]any{"id": recOidA, "displayName": recNameA, "userIdentityType": "aadUser", "tenantId": recTenant}},
		})
	case r.Method == "GET" && (p == "/v1.0/users/"+recMailC || p == "/v1.0/users/"+recOidC):
		write(http.StatusOK, map[string]any{"@odata.context": root + "/$metadata#users/$entity", "id": recOidC, "displayName": recNameC,
			"givenName": "Isaiah", "surname": "Langer", "mail": recMailC, "userPrincipalName": recMailC, "mobilePhone": recPhone, "businessPhones": []string{recPhone}})
	default:
		u.mu.Lock()
		u.bad = append(u.bad, r.Method+" "+r.URL.String())
		u.mu.Unlock()
		write(http.StatusNotFound, map[string]any{"error": map[string]any{"code": "ResourceNotFound", "message": "no " + r.Method + " " + p}})
	}
}

// recTokenProvider gives the SDK the seeded token for loopback hosts.
type recTokenProvider struct {
	hosts *authentication.AllowedHostsValidator
}

func (p recTokenProvider) GetAuthorizationToken(_ context.Context, u *url.URL, _ map[string]any) (string, error) {
	if !p.hosts.IsUrlHostValid(u) {
		return "", nil
	}
	return recToken, nil
}

func (p recTokenProvider) GetAllowedHostsValidator() *authentication.AllowedHostsValidator {
	return p.hosts
}

// wireLog is the SDK's transport, below its middleware: it sees every
// attempt, the retried one included, and adds the seeded cookie as a
// browser-born client would.
type wireLog struct {
	mu       sync.Mutex
	statuses []int
}

func (l *wireLog) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Cookie", recCookie)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil {
		l.mu.Lock()
		l.statuses = append(l.statuses, resp.StatusCode)
		l.mu.Unlock()
	}
	return resp, err
}

// sdkAdapter points Graph's Go SDK, with interop.GraphMiddleware, at
// base + "/v1.0".
func sdkAdapter(t *testing.T, base string, wire http.RoundTripper) *msgraphgocore.GraphRequestAdapterBase {
	t.Helper()
	hosts, err := authentication.NewAllowedHostsValidatorErrorCheck([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	abstractions.RegisterDefaultSerializer(func() serialization.SerializationWriterFactory {
		return jsonserialization.NewJsonSerializationWriterFactory()
	})
	abstractions.RegisterDefaultDeserializer(func() serialization.ParseNodeFactory {
		return jsonserialization.NewJsonParseNodeFactory()
	})
	options := msgraphgocore.GraphClientOptions{GraphServiceVersion: "v1.0", GraphServiceLibraryVersion: "0.0.0"}
	httpClient := &http.Client{Transport: nethttplibrary.NewCustomTransportWithParentTransport(wire, interop.GraphMiddleware(&options)...)}
	adapter, err := msgraphgocore.NewGraphRequestAdapterBaseWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(
		authentication.NewBaseBearerTokenAuthenticationProvider(recTokenProvider{hosts}), options, nil, nil, httpClient)
	if err != nil {
		t.Fatal(err)
	}
	adapter.SetBaseUrl(base + "/v1.0")
	return adapter
}

// An sdkRun is what the SDK's caller saw.
type sdkRun struct {
	Statuses []int // every attempt on the wire, the throttled one too
	ChatID   string
	Members  []string // userIds, in page order
	Emails   []string
	Names    []string
	Message  string // the sent message's id
	Content  string // its body as Graph echoed it
	FromID   string // its sender
	UserID   string // the id of the user read by the third member's address
	UserName string
}

// runSDK is an application using Graph's Go SDK against base: it creates
// a one-on-one chat, lists its members with $top=2 through the SDK's
// PageIterator, sends a message (the SDK's retry handler retrying the
// throttled first attempt) and reads the third member by address.
func runSDK(t *testing.T, base string) sdkRun {
	t.Helper()
	ctx := context.Background()
	wire := &wireLog{}
	adapter := sdkAdapter(t, base, wire)
	chatsAPI := chats.NewChatsRequestBuilderInternal(map[string]string{}, adapter)
	usersAPI := users.NewUsersRequestBuilderInternal(map[string]string{}, adapter)
	var run sdkRun

	chat := models.NewChat()
	ct := models.ONEONONE_CHATTYPE
	chat.SetChatType(&ct)
	var members []models.ConversationMemberable
	for _, oid := range []string{recOidA, recOidB} {
		m := models.NewAadUserConversationMember()
		m.SetRoles([]string{"owner"})
		m.SetAdditionalData(map[string]any{"user@odata.bind": "https://graph.microsoft.com/v1.0/users('" + oid + "')"})
		members = append(members, m)
	}
	chat.SetMembers(members)
	created, err := chatsAPI.Post(ctx, chat, nil)
	if err != nil {
		t.Fatalf("creating the chat: %v", err)
	}
	run.ChatID = *created.GetId()

	first, err := chatsAPI.ByChatId(run.ChatID).Members().Get(ctx, &chats.ItemMembersRequestBuilderGetRequestConfiguration{
		QueryParameters: &chats.ItemMembersRequestBuilderGetQueryParameters{Top: ptr(int32(2))}})
	if err != nil {
		t.Fatalf("listing the members: %v", err)
	}
	if first.GetOdataNextLink() == nil || !strings.HasPrefix(*first.GetOdataNextLink(), base+"/") {
		t.Fatalf("the first page's @odata.nextLink = %v, want it at %s", first.GetOdataNextLink(), base)
	}
	it, err := msgraphgocore.NewPageIterator[models.ConversationMemberable](first, adapter, models.CreateConversationMemberCollectionResponseFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	err = it.Iterate(ctx, func(m models.ConversationMemberable) bool {
		u, ok := m.(models.AadUserConversationMemberable)
		if !ok {
			t.Errorf("member %T, want an aadUserConversationMember by its @odata.type", m)
			return false
		}
		run.Members = append(run.Members, *u.GetUserId())
		run.Emails = append(run.Emails, *u.GetEmail())
		run.Names = append(run.Names, *u.GetDisplayName())
		return true
	})
	if err != nil {
		t.Fatalf("paging the members: %v", err)
	}
	if len(run.Members) != 3 {
		t.Fatalf("members %v, want 3", run.Members)
	}

	msg := models.NewChatMessage()
	body := models.NewItemBody()
	body.SetContent(ptr(recMessage))
	msg.SetBody(body)
	sent, err := chatsAPI.ByChatId(run.ChatID).Messages().Post(ctx, msg, nil)
	if err != nil {
		t.Fatalf("sending the message: %v", err)
	}
	run.Message, run.Content = *sent.GetId(), *sent.GetBody().GetContent()
	if from := sent.GetFrom(); from != nil && from.GetUser() != nil {
		run.FromID = *from.GetUser().GetId()
	}

	user, err := usersAPI.ByUserId(run.Emails[2]).Get(ctx, nil)
	if err != nil {
		t.Fatalf("reading the third member by address: %v", err)
	}
	run.UserID, run.UserName = *user.GetId(), *user.GetDisplayName()
	wire.mu.Lock()
	run.Statuses = slices.Clone(wire.statuses)
	wire.mu.Unlock()
	return run
}

// TestTheGoSDKRecordsOnceAndReplays: Graph's Go SDK, pointed at graphmock
// record in front of a Graph seeded with personal data, makes its calls
// (a chat created, its members paged, a message sent after a 429, a user
// read); the recording holds none of the seeded values in any form,
// graphmock validate passes on it, and the same SDK code against
// graphmock serve of the recording sees the same run, its pseudonyms
// consistent across calls.
func TestTheGoSDKRecordsOnceAndReplays(t *testing.T) {
	bin := buildGraphmock(t)
	upstream := newSDKUpstream(t)
	dir := filepath.Join(t.TempDir(), "recording")
	replayAddr := freeAddr(t)
	rec := startGraphmock(t, bin, "record", "-upstream", upstream.URL, "-out", dir, "-addr", "127.0.0.1:0",
		"-seed", "sdk-seed", "-base", "http://"+replayAddr)
	live := runSDK(t, rec.URL)
	if len(upstream.bad) > 0 {
		t.Fatalf("the upstream did not know %v", upstream.bad)
	}

	resp, err := http.Post(rec.URL+"/_graphmock/record/flush", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var flushed struct{ Calls, Scenarios int }
	json.NewDecoder(resp.Body).Decode(&flushed)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || flushed.Calls != 6 {
		t.Fatalf("flush = %d %+v, want 200 and 6 calls", resp.StatusCode, flushed)
	}
	if err := rec.stop(); err != nil {
		t.Fatalf("graphmock record: %v\n%s", err, rec.stderr.String())
	}

	// The live run: 429 then 201 for the message, the SDK's retry.
	if want := []int{201, 200, 200, 429, 201, 200}; !slices.Equal(live.Statuses, want) {
		t.Fatalf("live statuses %v, want %v", live.Statuses, want)
	}
	if live.ChatID != "19:"+recOidA+"_"+recOidB+"@unq.gbl.spaces" || live.UserID != recOidC || live.Content != recMessage {
		t.Fatalf("live run %+v: the upstream's answers did not reach the SDK unchanged", live)
	}

	if n := grepTree(t, dir, recSecrets()); n < 3 {
		t.Fatalf("only %d files under %s", n, dir)
	}
	for _, out := range []string{rec.stdout.String(), rec.stderr.String()} {
		if strings.Contains(out, recToken) {
			t.Errorf("graphmock record printed the token")
		}
	}

	if out, err := exec.Command(bin, "validate", filepath.Join(dir, "scenarios.yaml")).CombinedOutput(); err != nil {
		t.Fatalf("graphmock validate: %v\n%s", err, out)
	}
	yml, _ := os.ReadFile(filepath.Join(dir, "scenarios.yaml"))
	for _, want := range []string{"status: 429", "Retry-After", "$skiptoken", "bodyType: auto"} {
		if !strings.Contains(string(yml), want) {
			t.Errorf("scenarios.yaml lacks %q:\n%s", want, yml)
		}
	}

	replay := startGraphmock(t, bin, "serve", "-scenarios", filepath.Join(dir, "scenarios.yaml"), "-addr", replayAddr)
	got := runSDK(t, replay.URL)
	if !slices.Equal(got.Statuses, live.Statuses) || len(got.Members) != len(live.Members) || got.Message != live.Message {
		t.Fatalf("replay %+v\nlive %+v\n%s", got, live, replay.stderr.String())
	}
	// The pseudonyms hang together across calls: the chat id is made of
	// its first two members' ids, the message is from the first, the user
	// read by the third's address is the third, with the third's name.
	if want := "19:" + got.Members[0] + "_" + got.Members[1] + "@unq.gbl.spaces"; got.ChatID != want {
		t.Errorf("replayed chat id %q, want %q", got.ChatID, want)
	}
	if got.FromID != got.Members[0] {
		t.Errorf("replayed sender %q, want the first member %q", got.FromID, got.Members[0])
	}
	if got.UserID != got.Members[2] || got.UserName != got.Names[2] {
		t.Errorf("replayed user %q %q, want the third member %q %q", got.UserID, got.UserName, got.Members[2], got.Names[2])
	}
	for i := range live.Members {
		if got.Members[i] == live.Members[i] || got.Emails[i] == live.Emails[i] || got.Names[i] == live.Names[i] {
			t.Errorf("member %d replayed with a real value: %s %s %s", i, got.Members[i], got.Emails[i], got.Names[i])
		}
	}
	if got.Content == live.Content {
		t.Errorf("the message's content replayed as recorded: %q", got.Content)
	}
	// The replay made every recorded call as often as the recording did.
	vr, err := http.Get(replay.URL + "/_graphmock/verify")
	if err != nil {
		t.Fatal(err)
	}
	vb, _ := io.ReadAll(vr.Body)
	vr.Body.Close()
	if vr.StatusCode != http.StatusOK {
		t.Errorf("verify after the replay: %d %s", vr.StatusCode, vb)
	}
	if err := replay.stop(); err != nil {
		t.Errorf("graphmock serve: %v\n%s", err, replay.stderr.String())
	}
}
