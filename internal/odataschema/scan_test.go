package odataschema

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// scanBody is a Body the differential tests check, and the top-level
// members a scenario may require of it.
type scanBody struct {
	body     *Body
	required []string
}

// scanBodies returns the Bodies of fastLevels' types and operations, in
// v1.0, and beta's chat (its levels' documents are beta's), read leniently
// and strictly, with lenient open types and a tenant's extensions too.
func scanBodies(t testing.TB) []scanBody {
	t.Helper()
	var out []scanBody
	for _, version := range []string{"v1.0", "beta"} {
		m, err := csdl.Embedded(version)
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range []Options{{}, {Strict: true}, {LenientOpenTypes: true}, {Extensions: []string{"extension_b7d8e648520f41d3b9c0fdeb91768a0a_jobGroup"}}} {
			s := New(m, opts)
			out = append(out, scanBody{s.Reference(), nil}, scanBody{s.ClearableReference(), nil})
			for _, name := range []string{"microsoft.graph.user", "microsoft.graph.passwordProfile", "microsoft.graph.message", "microsoft.graph.chat", "microsoft.graph.conversationMember", "microsoft.graph.event", "microsoft.graph.attachment", "microsoft.graph.group"} {
				b, err := s.Type(name)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, scanBody{b, nil})
			}
			user, err := s.Type("microsoft.graph.user")
			if err != nil {
				t.Fatal(err)
			}
			// examples/graph-metadata.yaml's create-user scenario
			out = append(out, scanBody{user, []string{"accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile"}})
			if op := m.BoundOperation(m.Type("microsoft.graph.user"), false, "sendMail", false); op != nil {
				b, err := s.Parameters(op)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, scanBody{b, nil})
			} else {
				t.Fatal("no sendMail")
			}
		}
	}
	return out
}

// scanSeeds are Graph bodies, valid and not, and hostile ones: Microsoft's
// examples, the chat vectors, and the fast check's seeds.
func scanSeeds(t testing.TB) []string {
	t.Helper()
	seeds := append([]string{
		// https://learn.microsoft.com/en-us/graph/api/user-post-users
		`{"accountEnabled": true, "displayName": "Adele Vance", "mailNickname": "AdeleV", "userPrincipalName": "AdeleV@contoso.com", "passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "xWwvJ]6NMw+bWH-d"}}`,
		// the same as System.Text.Json escapes it
		`{"accountEnabled":true,"displayName":"Adele Vance","mailNickname":"AdeleV","userPrincipalName":"AdeleV@contoso.com","passwordProfile":{"forceChangePasswordNextSignIn":true,"password":"xWwvJ]6NMw\u002BbWH-d"}}`,
		`{"accountEnabled": true, "displayName": "Adele Vance", "mailNickname": "AdeleV", "userPrincipalName": "AdeleV@contoso.com"}`,
		`{"accountEnabled": true, "accountEnabled": true}`,
		`{"displayName": "a", "extension_b7d8e648520f41d3b9c0fdeb91768a0a_jobGroup": "x", "extension_00000000000000000000000000000000_other": 1, "ext91mqj146_app1schema": {"a": 1}}`,
		`{"displayName": "a", "ageGroup": 1e400, "employeeHireDate": "2020-01-01T00:00:00Z", "usageLocation": "US", "businessPhones": ["+1 425 555 0109"], "otherMails": []}`,
		`{"displayName": "a", "manager@odata.bind": "https://graph.microsoft.com/v1.0/users/1", "nothing@odata.bind": "x", "@odata.type": "#microsoft.graph.user"}`,
		`{"@odata.type": "#microsoft.graph.fileAttachment", "name": "a.txt", "contentBytes": "AAE=", "contentType": "text/plain"}`,
		`{"name": "a.txt", "@odata.type": "#microsoft.graph.fileAttachment", "contentBytes": "AAE="}`,
		`{"@odata.type": "microsoft.graph.fileAttachment", "contentBytes": "AAE"}`,
		`{"@odata.type": "#Microsoft.Graph.FileAttachment", "isInline": "True", "size": 2147483647}`,
		`{"@odata.type": "#microsoft.graph.itemAttachment", "item": {"@odata.type": "#microsoft.graph.message", "subject": "x", "importance": "HIGH", "body": {"contentType": "html"}}}`,
		`{"subject": "x", "importance": "high", "categories": ["a"], "toRecipients": [{"emailAddress": {"address": "a@b", "name": "\ud800"}}], "flag": {"flagStatus": "flagged"}}`,
		`{"subject": "x", "inferenceClassification": "focused", "toRecipients": [{"emailAddress": {"address": 1}}]}`,
		`{"Message": {"subject": "Meet for lunch?", "body": {"contentType": "Text", "content": "x"}}, "SaveToSentItems": "false"}`,
		`{"message": {"subject": "Meet for lunch?"}, "saveToSentItems": false}`,
		`{"Message": {}, "SaveToSentItems": false, "saveToSentItems": 1}`,
		`{"chatType": "oneOnOne", "members": [{"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": ["owner"], "user@odata.bind": "https://graph.microsoft.com/v1.0/users('8b081ef6')"}]}`,
		`{"chatType": "group", "members": [{"roles": ["owner"], "@odata.type": "#microsoft.graph.aadUserConversationMember", "user@odata.bind": "x"}], "topic": null}`,
		`{"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": [], "userId": "1"}`,
		`{"start": {"dateTime": "2019-03-15T12:00:00", "timeZone": "Pacific Standard Time"}, "isAllDay": false, "reminderMinutesBeforeStart": 2147483648}`,
		`{"reminderMinutesBeforeStart": -2147483648, "sensitivity": "normal", "importance": "HIGH", "showAs": 1}`,
		`{"reminderMinutesBeforeStart": 99999999999999999999999999999999999999999, "responseRequested": true}`,
		`{"reminderMinutesBeforeStart": 0.000000000000000000000000000000000000000000001e-400}`,
		`{"@odata.id": "https://graph.microsoft.com/v1.0/users/1"}`,
		`{"@odata.id": ""}`, `{}`, `{"@odata.id": "\u0000"}`, `{"@odata.id": "x", "@odata.etag": 1}`,
		`{"@odata.id": 1, "other": true}`,
		`{"displayName": "` + strings.Repeat("a", 70000) + `"}`,
		`{"displayName": "\ud83d\ude00\u00e9\n\t\"\\\/"}`,
		"{\"displayName\": \"\xff\"}", "{\"displayName\": \"\xed\xa0\x80\"}", "{\"displayName\": \"a\x01\"}",
		`{"displayName": "a"} x`, `{"displayName": "a",}`, `{"displayName" "a"}`, ` {"displayName": "a"} `,
		`{"\u0064isplayName": "a"}`, `{"displayName": "a", "\u0064isplayName": "b"}`,
		strings.Repeat(`{"a":`, 100) + "1" + strings.Repeat("}", 100),
		`{"onPremisesExtensionAttributes": ` + strings.Repeat(`{"a":`, 70) + "1" + strings.Repeat("}", 70) + `}`,
		`{"mailNickname": ["` + strings.Repeat(`a","`, 100) + `"]}`,
	}, fastSeeds...)
	data, err := os.ReadFile(chatVectors)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []struct {
			Body json.RawMessage `json:"body"`
			Raw  *string         `json:"raw"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	for _, v := range file.Vectors {
		if v.Raw != nil {
			seeds = append(seeds, *v.Raw)
		} else {
			seeds = append(seeds, string(v.Body))
		}
	}
	return seeds
}

// chatVectors is the file of the chat vectors.
const chatVectors = "../../mockserver/testdata/chat-vectors.json"

// checkScanAgrees fails when ValidBytes calls data valid for a body and
// Parse refuses it, ValidateFirst finds a violation in it, or it lacks a
// required member; it returns how many bodies ValidBytes called it valid
// for.
func checkScanAgrees(t *testing.T, bodies []scanBody, data []byte) int {
	doc, perr := strictjson.Parse(data)
	decided := 0
	for _, b := range bodies {
		if !b.body.ValidBytes(data, b.required) {
			continue
		}
		decided++
		if perr != nil {
			t.Fatalf("%s: ValidBytes calls %q valid; Parse refuses it: %v", b.body.Name(), data, perr)
		}
		if vs, n := b.body.ValidateFirst(doc, -1); n != 0 {
			t.Fatalf("%s: ValidBytes calls %q valid; ValidateFirst finds %v", b.body.Name(), data, vs)
		}
		obj, _ := doc.(map[string]any)
		for _, name := range b.required {
			if _, ok := obj[name]; !ok {
				t.Fatalf("%s: ValidBytes calls %q valid; it lacks the required %s", b.body.Name(), data, name)
			}
		}
	}
	return decided
}

func TestValidBytesNeverCallsValidWhatValidateRefuses(t *testing.T) {
	bodies := scanBodies(t)
	decided := 0
	for _, seed := range scanSeeds(t) {
		decided += checkScanAgrees(t, bodies, []byte(seed))
	}
	if decided == 0 {
		t.Fatal("ValidBytes decided nothing")
	}
}

// TestValidBytesDecidesGraphsExamples: the bodies Microsoft's pages send
// are decided in one pass, or ValidBytes would be no fast path.
func TestValidBytesDecidesGraphsExamples(t *testing.T) {
	bodies := scanBodies(t)
	seeds := scanSeeds(t)
	for i, want := range map[int]string{0: "microsoft.graph.user", 1: "microsoft.graph.user", 7: "microsoft.graph.attachment", 10: "microsoft.graph.attachment", 11: "microsoft.graph.attachment", 17: "microsoft.graph.chat", 24: "entity reference", 26: "entity reference, or {} to remove it"} {
		found := false
		for _, b := range bodies {
			if b.body.Name() != want || b.required != nil || b.body.set.opts.Strict && i != 0 && i != 1 && i != 7 {
				continue
			}
			found = true
			if !b.body.ValidBytes([]byte(seeds[i]), nil) {
				t.Errorf("%s (%+v): ValidBytes does not decide %s", want, b.body.set.opts, seeds[i])
			}
		}
		if !found {
			t.Fatalf("no body %s", want)
		}
	}
	// The scenario's required members, present and not.
	for _, b := range bodies {
		if b.required == nil {
			continue
		}
		if !b.body.ValidBytes([]byte(seeds[0]), b.required) {
			t.Errorf("ValidBytes does not decide the create-user example with the scenario's required members")
		}
		if b.body.ValidBytes([]byte(seeds[2]), b.required) {
			t.Errorf("ValidBytes calls valid a user without passwordProfile, which the scenario requires")
		}
	}
}

func TestValidBytesDoesNotAllocate(t *testing.T) {
	m, err := csdl.Embedded("v1.0")
	if err != nil {
		t.Fatal(err)
	}
	user, err := New(m, Options{}).Type("microsoft.graph.user")
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(scanSeeds(t)[1])
	required := []string{"accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile"}
	allocs := testing.AllocsPerRun(100, func() {
		if !user.ValidBytes(data, required) {
			t.Fatal("not decided")
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations a body", allocs)
	}
}

// FuzzValidBytes checks that ValidBytes never calls valid a body that
// strictjson.Parse refuses or ValidateFirst finds a violation in, whatever
// the body: deep nesting, huge numbers, long strings, duplicate keys,
// invalid UTF-8, escapes and surrogates among the seeds.
func FuzzValidBytes(f *testing.F) {
	for _, s := range scanSeeds(f) {
		f.Add([]byte(s))
	}
	bodies := scanBodies(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkScanAgrees(t, bodies, data)
	})
}
