package admin_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// session is the body of POST /_graphmock/sessions.
type session struct {
	ID       string `json:"id"`
	BaseURL  string `json:"baseUrl"`
	AdminURL string `json:"adminUrl"`
	Header   string `json:"header"`
}

// startSession starts a session over the admin API and returns it, with
// the paths of its base URL and admin URL.
func (s testServer) startSession(t testing.TB, query, doc string, header http.Header) (sess session, base, adminPath string) {
	t.Helper()
	r := s.do(t, "POST", "/_graphmock/sessions"+query, doc, header)
	if r.status != http.StatusCreated {
		t.Fatalf("POST /_graphmock/sessions%s = %d %s, want 201", query, r.status, r.body)
	}
	decodeJSON(t, r, &sess)
	const origin = "http://127.0.0.1:8080"
	if sess.ID == "" || sess.BaseURL != origin+"/_s/"+sess.ID || sess.AdminURL != origin+"/_graphmock/sessions/"+sess.ID || sess.Header != "X-Graphmock-Session" {
		t.Fatalf("session = %+v, want its id, base URL, admin URL and header", sess)
	}
	return sess, strings.TrimPrefix(sess.BaseURL, origin), strings.TrimPrefix(sess.AdminURL, origin)
}

func TestASessionOverTheAdminAPI(t *testing.T) {
	s := newDefaultServer(t)
	_, base, adm := s.startSession(t, "", "", nil)
	if r := s.do(t, "POST", base+chatRefPath, validChatBody, validHeaders()); r.status != 204 {
		t.Fatalf("POST through the session's base URL = %d %s", r.status, r.body)
	}
	var own, root callList
	decodeJSON(t, s.do(t, "GET", adm+"/calls", "", nil), &own)
	decodeJSON(t, s.do(t, "GET", "/_graphmock/calls", "", nil), &root)
	if len(own.Calls) != 1 || own.Calls[0].Path != chatRefPath || own.Calls[0].Scenario != "add-chat" || own.Stats.Served != 1 {
		t.Errorf("the session's calls = %+v, want the one call, with the path as Graph sees it", own)
	}
	if len(root.Calls) != 0 || root.Stats.Recorded != 0 {
		t.Errorf("the server's calls = %+v, want none", root)
	}
	var one mockserver.Call
	decodeJSON(t, s.do(t, "GET", adm+"/calls/1", "", nil), &one)
	if one.Path != chatRefPath {
		t.Errorf("GET %s/calls/1 = %+v", adm, one)
	}
	if r := s.do(t, "GET", adm, "", nil); r.status != 200 || !strings.Contains(string(r.body), adm) {
		t.Errorf("GET %s = %d %s, want the session described", adm, r.status, r.body)
	}
}

// TestEveryPerServerEndpointAnswersForASessionWithTheSameShape puts the
// server and a session in the same state, then asks each endpoint of both
// and compares the answers.
func TestEveryPerServerEndpointAnswersForASessionWithTheSameShape(t *testing.T) {
	s := newDefaultServer(t)
	_, base, adm := s.startSession(t, "", "", nil)
	for _, prefix := range []string{"", base} {
		s.do(t, "POST", prefix+chatRefPath, validChatBody, validHeaders())
		s.do(t, "POST", prefix+chatRefPath, `{"chatType": "nonsense"}`, validHeaders())
	}
	requests := []struct{ method, path, body string }{
		{"GET", "health", ""},
		{"GET", "calls?outcome=rejected", ""},
		{"GET", "calls/2", ""},
		{"GET", "scenarios", ""},
		{"GET", "verify", ""},
		{"GET", "state", ""},
		{"PUT", "state/chat", `{"state": "added"}`},
		{"DELETE", "state", ""},
		{"POST", "reset", ""},
		{"DELETE", "calls", ""},
		{"PUT", "scenarios", "version: 1\nscenarios:\n  - name: me\n    request: {method: GET, path: /v1.0/me}\n    response: {status: 200}\n"},
	}
	for _, req := range requests {
		rootAnswer := s.do(t, req.method, "/_graphmock/"+req.path, req.body, nil)
		ownAnswer := s.do(t, req.method, adm+"/"+req.path, req.body, nil)
		if rootAnswer.status != ownAnswer.status || !sameShape(t, rootAnswer.body, ownAnswer.body) {
			t.Errorf("%s %s: the server answers %d %s\nthe session answers %d %s", req.method, req.path, rootAnswer.status, rootAnswer.body, ownAnswer.status, ownAnswer.body)
		}
	}
}

// sameShape reports whether two JSON documents agree but for times,
// durations and request ids.
func sameShape(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		t.Fatalf("not JSON: %s or %s", a, b)
	}
	return reflect.DeepEqual(blur(x), blur(y))
}

func blur(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			switch k {
			case "time", "duration", "requestId", "seq":
				v[k] = "…"
			case "headers":
				delete(v, k)
			default:
				v[k] = blur(e)
			}
		}
	case []any:
		for i, e := range v {
			v[i] = blur(e)
		}
	case string:
		if strings.Contains(v, "request-id") || strings.Contains(v, "Client-Request-Id") {
			return "…"
		}
	}
	return v
}

func TestSessionsAreIsolatedOverTheAdminAPI(t *testing.T) {
	s := newDefaultServer(t)
	doc := func(status int) string {
		return "version: 1\nscenarios:\n  - name: me\n    times: 1\n    request: {method: GET, path: /v1.0/me, auth: none}\n    response: {status: " + map[int]string{200: "200", 203: "203"}[status] + "}\n"
	}
	_, baseA, admA := s.startSession(t, "?ttl=30m&name=a.yaml", doc(200), nil)
	b, _, admB := s.startSession(t, "", doc(203), nil)
	if r := s.do(t, "GET", baseA+"/v1.0/me", "", nil); r.status != 200 {
		t.Errorf("session a answers %d, want its own 200", r.status)
	}
	if r := s.do(t, "GET", "/v1.0/me", "", http.Header{"X-Graphmock-Session": {b.ID}}); r.status != 203 {
		t.Errorf("session b answers %d, want its own 203", r.status)
	}
	if r := s.do(t, "GET", admA+"/verify", "", nil); r.status != 200 {
		t.Errorf("session a's verify = %d %s", r.status, r.body)
	}
	s.do(t, "POST", admA+"/reset", "", nil)
	if r := s.do(t, "GET", admA+"/verify", "", nil); r.status != 409 {
		t.Errorf("session a's verify after its reset = %d, want 409: me was not called", r.status)
	}
	if r := s.do(t, "GET", admB+"/verify", "", nil); r.status != 200 {
		t.Errorf("session b's verify after a's reset = %d %s, want 200", r.status, r.body)
	}
	var hA, hRoot health
	decodeJSON(t, s.do(t, "GET", admA+"/health", "", nil), &hA)
	decodeJSON(t, s.do(t, "GET", "/_graphmock/health", "", nil), &hRoot)
	if hA.Scenarios != 1 || hA.File != "a.yaml" || hRoot.Scenarios == 1 {
		t.Errorf("health of session a %+v and of the server %+v: want each its own scenarios", hA, hRoot)
	}
}

func TestAnEndedSessionIsToldInEachEnvelope(t *testing.T) {
	s := newDefaultServer(t)
	sess, base, adm := s.startSession(t, "", "", nil)
	r := s.do(t, "DELETE", adm, "", nil)
	if r.status != 200 || !strings.Contains(string(r.body), `"ended": true`) {
		t.Fatalf("DELETE %s = %d %s", adm, r.status, r.body)
	}
	for _, p := range []string{adm, adm + "/calls", adm + "/verify"} {
		r := s.do(t, "GET", p, "", nil)
		var e adminError
		decodeJSON(t, r, &e)
		if r.status != 404 || e.Error.Code != "SessionNotFound" || !strings.Contains(e.Error.Message, sess.ID) || !strings.Contains(e.Error.Message, "was ended") {
			t.Errorf("GET %s = %d %+v, want 404 SessionNotFound naming the session", p, r.status, e)
		}
	}
	if r := s.do(t, "DELETE", adm, "", nil); r.status != 404 {
		t.Errorf("DELETE twice = %d, want 404", r.status)
	}
	r = s.do(t, "POST", base+chatRefPath, validChatBody, validHeaders())
	if r.status != 404 || !strings.Contains(string(r.body), `"innerError"`) || !strings.Contains(string(r.body), `"SessionNotFound"`) {
		t.Errorf("a Graph request to the ended session = %d %s, want Graph's envelope", r.status, r.body)
	}
	if r := s.do(t, "GET", "/_graphmock/sessions/nope/calls", "", nil); r.status != 404 || !strings.Contains(string(r.body), `No session \"nope\"`) {
		t.Errorf("GET an unknown session's calls = %d %s", r.status, r.body)
	}
}

func TestStartingASessionIsCheckedAndCapped(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{MaxSessions: 1, MaxSessionTTL: time.Hour})
	s := testServer{srv, admin.Handler(srv, admin.Options{})}
	for _, tt := range []struct {
		query, doc, code, says string
		status                 int
	}{
		{"?ttl=soon", "", "BadRequest", "ttl=soon", 400},
		{"?ttl=2h", "", "BadRequest", "at most 1h0m0s", 400},
		{"?color=red", "", "BadRequest", `unknown query parameter "color"`, 400},
		{"", "version: 1\nscenarios:\n  - name: x\n    staus: 1\n", "InvalidScenarios", "posted.yaml", 400},
	} {
		r := s.do(t, "POST", "/_graphmock/sessions"+tt.query, tt.doc, nil)
		var e adminError
		decodeJSON(t, r, &e)
		if r.status != tt.status || e.Error.Code != tt.code || !strings.Contains(e.Error.Message, tt.says) {
			t.Errorf("POST /_graphmock/sessions%s = %d %+v, want %d %s saying %q", tt.query, r.status, e.Error, tt.status, tt.code, tt.says)
		}
	}
	sess, _, adm := s.startSession(t, "", "", nil)
	r := s.do(t, "POST", "/_graphmock/sessions", "", nil)
	var e adminError
	decodeJSON(t, r, &e)
	if r.status != 429 || e.Error.Code != "TooManySessions" || !strings.Contains(e.Error.Message, "1 sessions are live") {
		t.Errorf("POST beyond the cap = %d %+v, want 429 TooManySessions", r.status, e.Error)
	}
	s.do(t, "DELETE", adm, "", nil)
	if again, _, _ := s.startSession(t, "", "", nil); again.ID == sess.ID {
		t.Error("a new session got the id of an ended one")
	}
}

func TestTheAdminTokenGuardsSessionsButNotTheirGraphRoutes(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(set, admin.Options{Token: "s3cret"})
	if r := s.do(t, "POST", "/_graphmock/sessions", "", nil); r.status != 401 {
		t.Errorf("POST /_graphmock/sessions without the token = %d, want 401", r.status)
	}
	_, base, adm := s.startSession(t, "", "", http.Header{"Authorization": {"Bearer s3cret"}})
	for _, req := range [][2]string{{"GET", adm}, {"GET", adm + "/calls"}, {"POST", adm + "/reset"}, {"DELETE", adm}} {
		if r := s.do(t, req[0], req[1], "", nil); r.status != 401 {
			t.Errorf("%s %s without the token = %d, want 401", req[0], req[1], r.status)
		}
	}
	if r := s.do(t, "POST", base+chatRefPath, validChatBody, validHeaders()); r.status != 204 {
		t.Errorf("a Graph request to the session without the admin token = %d %s, want 204", r.status, r.body)
	}
}

func TestTheIndexListsTheSessionEndpoints(t *testing.T) {
	s := newDefaultServer(t)
	var idx struct {
		Endpoints []string `json:"endpoints"`
	}
	decodeJSON(t, s.do(t, "GET", "/_graphmock/", "", nil), &idx)
	for _, want := range []string{"POST /_graphmock/sessions: ", "DELETE /_graphmock/sessions/{id}: ", "GET /_graphmock/sessions/{id}/verify: the session's own: "} {
		if !slices.ContainsFunc(idx.Endpoints, func(e string) bool { return strings.HasPrefix(e, want) }) {
			t.Errorf("the index lacks %q", want)
		}
	}
}

func TestTheLiveSessionsAreListed(t *testing.T) {
	s := newDefaultServer(t)
	var empty struct {
		Sessions []json.RawMessage `json:"sessions"`
	}
	if decodeJSON(t, s.do(t, "GET", "/_graphmock/sessions", "", nil), &empty); empty.Sessions == nil || len(empty.Sessions) != 0 {
		t.Fatalf("GET /_graphmock/sessions with none live = %+v, want an empty list", empty)
	}
	a, _, _ := s.startSession(t, "?ttl=1h", "", nil)
	b, _, bAdmin := s.startSession(t, "", "", nil)
	if r := s.do(t, "DELETE", bAdmin, "", nil); r.status != 200 {
		t.Fatalf("DELETE %s = %d", bAdmin, r.status)
	}
	var list struct {
		Sessions []struct {
			session
			TTL      string    `json:"ttl"`
			LastUsed time.Time `json:"lastUsed"`
		} `json:"sessions"`
	}
	decodeJSON(t, s.do(t, "GET", "/_graphmock/sessions", "", nil), &list)
	if len(list.Sessions) != 1 || list.Sessions[0].session != a || list.Sessions[0].TTL != "1h0m0s" || list.Sessions[0].LastUsed.IsZero() {
		t.Errorf("GET /_graphmock/sessions = %+v, want only %+v with ttl 1h0m0s (%s was ended)", list, a, b.ID)
	}
}

func TestTheTenantEndpointShowsWhatTheSimulationHolds(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	tenant, err := mockserver.NewTenant(mockserver.Simulation{Entities: []mockserver.SeedEntity{
		{Collection: "users", Data: map[string]any{"id": "u1", "displayName": "Seeded", "userPrincipalName": "s@contoso.example"}},
		{Collection: "users/u1/messages", Data: map[string]any{"id": "m1", "subject": "Hi"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{Tenant: tenant})
	s := testServer{srv, admin.Handler(srv, admin.Options{})}
	var list struct {
		Value []map[string]any `json:"value"`
	}
	decodeJSON(t, s.do(t, "GET", "/_graphmock/tenant/users", "", nil), &list)
	if len(list.Value) != 1 || list.Value[0]["displayName"] != "Seeded" {
		t.Errorf("GET tenant/users = %+v", list)
	}
	var msg map[string]any
	decodeJSON(t, s.do(t, "GET", "/_graphmock/tenant/users/u1/messages/m1", "", nil), &msg)
	if msg["subject"] != "Hi" {
		t.Errorf("GET tenant/users/u1/messages/m1 = %v", msg)
	}
	if r := s.do(t, "GET", "/_graphmock/tenant/users/nobody", "", nil); r.status != 404 || !strings.Contains(string(r.body), "EntityNotFound") {
		t.Errorf("GET tenant/users/nobody = %d %s", r.status, r.body)
	}
	// A session has its own copy, under its admin URL.
	_, base, adm := s.startSession(t, "", "", nil)
	req := `{"accountEnabled": true, "displayName": "Own", "mailNickname": "own", "userPrincipalName": "own@contoso.example", "passwordProfile": {"password": "x1!Yz9#q"}}`
	if r := s.do(t, "POST", base+"/v1.0/users", req, validHeaders()); r.status != 201 {
		t.Fatalf("POST through the session = %d %s", r.status, r.body)
	}
	decodeJSON(t, s.do(t, "GET", adm+"/tenant/users", "", nil), &list)
	if len(list.Value) != 2 {
		t.Errorf("the session's tenant/users = %d users, want the seeded one and its own", len(list.Value))
	}
	decodeJSON(t, s.do(t, "GET", "/_graphmock/tenant/users", "", nil), &list)
	if len(list.Value) != 1 {
		t.Errorf("the server's tenant/users = %d users after a session created one, want 1", len(list.Value))
	}
	s.do(t, "POST", adm+"/reset", "", nil)
	decodeJSON(t, s.do(t, "GET", adm+"/tenant/users", "", nil), &list)
	if len(list.Value) != 1 {
		t.Errorf("the session's tenant/users after its reset = %d users, want the seed's 1", len(list.Value))
	}
	plain := newDefaultServer(t)
	if r := plain.do(t, "GET", "/_graphmock/tenant/users", "", nil); r.status != 404 || !strings.Contains(string(r.body), "NotSimulated") {
		t.Errorf("GET tenant/users without a tenant = %d %s", r.status, r.body)
	}
}

// A session's event stream ends, with a last event, when the session
// ends: nothing holds an ended session in memory.
func TestASessionsEventStreamEndsWhenTheSessionEnds(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(admin.Handler(mockserver.New(set, mockserver.Options{}), admin.Options{}))
	defer ts.Close()
	resp, err := http.Post(ts.URL+"/_graphmock/sessions", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var sess session
	_ = json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()
	stream, err := http.Get(sess.AdminURL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	lines := make(chan string)
	go func() { // ends when the stream does
		defer close(lines)
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	<-lines // retry:
	req, _ := http.NewRequest("DELETE", sess.AdminURL, nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("DELETE the session = %v, %v", resp, err)
	}
	var got []string
	deadline := time.After(time.Minute) // generous: the stream ends at once
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				if !slices.Contains(got, "event: ended") {
					t.Errorf("the stream ended with %q, want a last event: ended", got)
				}
				return
			}
			got = append(got, l)
		case <-deadline:
			t.Fatalf("the stream of an ended session is still open: %q", got)
		}
	}
}

func TestTheTenantIsExportedAndSeededOverTheAdminAPI(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	tenant, err := mockserver.NewTenant(mockserver.Simulation{})
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{Tenant: tenant})
	s := testServer{srv, admin.Handler(srv, admin.Options{})}
	file := "version: 1\nentities:\n  /users:\n    - id: u1\n      displayName: Seeded\n      userPrincipalName: s@contoso.example\n"
	if r := s.do(t, "POST", "/_graphmock/tenant", file, nil); r.status != 201 {
		t.Fatalf("POST /_graphmock/tenant = %d %s", r.status, r.body)
	}
	if r := s.do(t, "POST", "/_graphmock/tenant", "version: 1\nentities:\n  /users:\n    - displayName: 7\n", nil); r.status != 400 || !strings.Contains(string(r.body), "request body:4:") {
		t.Errorf("POST a bad tenant file = %d %s, want 400 naming the line", r.status, r.body)
	}
	r := s.do(t, "GET", "/_graphmock/tenant", "", nil)
	if r.status != 200 || !strings.Contains(string(r.body), "userPrincipalName: s@contoso.example") || !strings.Contains(r.header.Get("Content-Type"), "yaml") {
		t.Errorf("GET /_graphmock/tenant = %d %s", r.status, r.body)
	}
}
