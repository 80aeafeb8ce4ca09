package odataschema

import (
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/strictjson"
	"github.com/xeipuuv/gojsonschema"
)

// fastLevels returns the levels the differential tests use: types of
// Microsoft's create-user, send-mail, create-chat and event examples
// (https://learn.microsoft.com/en-us/graph/api/user-post-users,
// https://learn.microsoft.com/en-us/graph/api/user-sendmail,
// https://learn.microsoft.com/en-us/graph/api/chat-post), the parameters
// of sendMail, and an entity reference, read leniently and strictly.
func fastLevels(t testing.TB) []*level {
	t.Helper()
	m, err := csdl.Embedded("v1.0")
	if err != nil {
		t.Fatal(err)
	}
	var out []*level
	for _, strict := range []bool{false, true} {
		s := New(m, Options{Strict: strict})
		keys := []any{referenceKey{}}
		for _, name := range []string{"microsoft.graph.user", "microsoft.graph.passwordProfile", "microsoft.graph.message", "microsoft.graph.itemBody", "microsoft.graph.recipient", "microsoft.graph.emailAddress", "microsoft.graph.chat", "microsoft.graph.aadUserConversationMember", "microsoft.graph.event", "microsoft.graph.dateTimeTimeZone"} {
			typ := m.Type(name)
			if typ == nil {
				t.Fatalf("no type %s", name)
			}
			keys = append(keys, typ)
		}
		if op := m.BoundOperation(m.Type("microsoft.graph.user"), false, "sendMail", false); op != nil {
			keys = append(keys, op)
		} else {
			t.Fatal("no sendMail")
		}
		for _, k := range keys {
			l, err := s.level(k)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, l)
		}
	}
	return out
}

// fastSeeds are bodies, valid and not, for the levels above.
var fastSeeds = []string{
	`{"accountEnabled": true, "displayName": "Adele Vance", "mailNickname": "AdeleV", "userPrincipalName": "AdeleV@contoso.com", "passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "xWwvJ]6NMw+bWH-d"}}`,
	`{"accountEnabled": "true", "displayName": null, "businessPhones": ["+1 425 555 0109"], "ageGroup": 3}`,
	`{"accountEnabled": "yes", "businessPhones": "+1", "otherMails": [1, null], "employeeHireDate": "2020-13-01T00:00:00Z"}`,
	`{"message": {"subject": "Meet for lunch?", "body": {"contentType": "Text", "content": "x"}, "toRecipients": [{"emailAddress": {"address": "a@b"}}]}, "saveToSentItems": "false"}`,
	`{"Message": {}, "SaveToSentItems": false, "saveToSentItems": 1}`,
	`{"chatType": "oneOnOne", "members": [{"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": ["owner"], "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8b081ef6')"}]}`,
	`{"@odata.id": "https://graph.microsoft.com/v1.0/users/1"}`,
	`{"@odata.id": ""}`,
	`{"@odata.id": 1, "other": true}`,
	`{"start": {"dateTime": "2019-03-15T12:00:00", "timeZone": "Pacific Standard Time"}, "isAllDay": false, "reminderMinutesBeforeStart": 2147483648}`,
	`{"reminderMinutesBeforeStart": -2147483648, "sensitivity": "normal", "importance": "HIGH", "showAs": 1}`,
	`{"reminderMinutesBeforeStart": 1.5, "responseRequested": true}`,
	`{"password": "\u00e9", "forceChangePasswordNextSignIn": "TRUE"}`,
	`{"id": "\ud800", "displayName": "x\u0000y"}`,
	`{"members": {"0": {}}, "topic": ["a"], "createdDateTime": "2021-01-01T00:00:00.0000000Z"}`,
	// The send-mail example as the walk hands it to the level: with the
	// parameters spelt as declared.
	`{"Message": {"subject": "Meet for lunch?"}, "SaveToSentItems": false}`,
}

// checkFastAgrees fails when a level's fast check calls valid an object
// gojsonschema finds invalid; it returns how many levels the fast check
// decided.
func checkFastAgrees(t *testing.T, levels []*level, data []byte) int {
	doc, err := strictjson.Parse(data)
	if err != nil {
		return 0
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return 0
	}
	decided := 0
	for _, l := range levels {
		if l.fast == nil || !l.fast.Valid(obj) {
			continue
		}
		decided++
		res, err := l.schema.Validate(gojsonschema.NewRawLoader(obj))
		if err != nil || !res.Valid() {
			t.Fatalf("%s: the fast check calls %s valid; gojsonschema says %v %v", l.doc["title"], data, err, res.Errors())
		}
	}
	return decided
}

func TestEveryLevelHasAFastCheck(t *testing.T) {
	for _, l := range fastLevels(t) {
		if l.fast == nil {
			t.Errorf("%s: no fast check", l.doc["title"])
		}
	}
}

func TestTheFastCheckNeverCallsValidWhatGojsonschemaRefuses(t *testing.T) {
	levels := fastLevels(t)
	decided := 0
	for _, seed := range fastSeeds {
		decided += checkFastAgrees(t, levels, []byte(seed))
	}
	// Microsoft's examples are valid, and the fast check must say so, or
	// it would be no fast path.
	for i, want := range map[int]string{0: "microsoft.graph.user", 6: "entity reference", 15: "sendMail"} {
		doc, _ := strictjson.Parse([]byte(fastSeeds[i]))
		found := false
		for _, l := range levels {
			if title, _ := l.doc["title"].(string); strings.HasSuffix(title, want) {
				found = true
				if !l.fast.Valid(doc) {
					t.Errorf("%s: the fast check does not decide Microsoft's example %s", want, fastSeeds[i])
				}
			}
		}
		if !found {
			t.Fatalf("no level %s", want)
		}
	}
	if decided == 0 {
		t.Fatal("the fast check decided nothing")
	}
}

// FuzzFastLevel checks that a level's fast check never calls valid a body
// gojsonschema refuses, whatever the body.
func FuzzFastLevel(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(strings.Repeat(`{"a":`, 50) + "1" + strings.Repeat("}", 50)))
	levels := fastLevels(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastAgrees(t, levels, data)
	})
}
