package render

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func sampleData() *Data {
	return &Data{
		Method:    "POST",
		Path:      "/beta/chats/19%3Aabc/members",
		PathVars:  map[string]string{"chatsId": "19:abc"},
		Query:     url.Values{"top": {"5"}},
		Headers:   http.Header{"Prefer": {`odata.maxpagesize=5`}, "X-Quote": {`say "hi"`}},
		Body:      map[string]any{"topic": "{{guid}} <b>&", "n": 3.0},
		RequestID: "11111111-2222-3333-4444-555555555555",
		Scenario:  "add-member",
	}
}

func TestTextRendersRequestData(t *testing.T) {
	tt, err := Parse("t", `{{.Method}} {{.Path}} {{.PathVars.chatsId}} {{.Query.Get "top"}} {{.Headers.Get "Prefer"}} {{.RequestID}} {{.Scenario}} {{.Body.missing}}`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tt.Render(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	want := "POST /beta/chats/19%3Aabc/members 19:abc 5 odata.maxpagesize=5 11111111-2222-3333-4444-555555555555 add-member <no value>"
	if got != want {
		t.Errorf("rendered\n%q\nwant\n%q", got, want)
	}
}

// Request data that looks like a template stays text: it is data, never
// parsed, and the json function keeps it JSON without HTML escaping.
func TestRequestDataIsNeverATemplate(t *testing.T) {
	tt, err := Parse("t", `{"topic":{{json .Body.topic}},"quote":"{{jsonEscape (.Headers.Get "X-Quote")}}","none":{{json .Body.none}}}`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tt.Render(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"topic":"{{guid}} <b>&","quote":"say \"hi\"","none":null}`
	if got != want {
		t.Errorf("rendered\n%s\nwant\n%s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Errorf("not JSON: %s", got)
	}
}

func TestTreeBodyRendersEachTemplatedString(t *testing.T) {
	tree := map[string]any{
		"id":      "{{.PathVars.chatsId}}",
		"plain":   "no {template} here",
		"count":   2.0,
		"members": []any{"{{.Scenario}}", true},
	}
	b, err := ParseBody(tree, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := b.Render(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got["id"] != "19:abc" || got["plain"] != "no {template} here" || got["count"] != 2.0 {
		t.Errorf("rendered %s", out)
	}
	if m, _ := got["members"].([]any); len(m) != 2 || m[0] != "add-member" || m[1] != true {
		t.Errorf("members rendered as %v", got["members"])
	}
	// The same compiled body renders again with other data.
	other := sampleData()
	other.PathVars = map[string]string{"chatsId": "19:xyz"}
	out2, err := b.Render(other)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out2), `"id":"19:xyz"`) {
		t.Errorf("second render: %s", out2)
	}
}

func TestWholeTextBody(t *testing.T) {
	b, err := ParseBody("text", []byte(`id={{.PathVars.chatsId}}`))
	if err != nil {
		t.Fatal(err)
	}
	out, err := b.Render(sampleData())
	if err != nil || string(out) != "id=19:abc" {
		t.Errorf("rendered %q, %v", out, err)
	}
}

func TestBrokenTemplateNamesWhereItIs(t *testing.T) {
	_, err := ParseBody(map[string]any{"value": []any{"ok", map[string]any{"a/b": "{{.Method"}}}, nil)
	if err == nil {
		t.Fatal("a broken template compiled")
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "template: body/value/1/a~1b:") {
		t.Errorf("error %q does not name the string's pointer", msg)
	}
	if _, err := Parse("x", "{{nosuchfunc}}"); err == nil || !strings.Contains(err.Error(), "nosuchfunc") {
		t.Errorf("unknown function: %v", err)
	}
}

func TestGuidAndNowHaveGraphsShapes(t *testing.T) {
	tt, err := Parse("t", `{{guid}} {{now}}`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tt.Render(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	guid, now, ok := strings.Cut(got, " ")
	if !ok || len(guid) != 36 || strings.Count(guid, "-") != 4 {
		t.Errorf("guid %q", guid)
	}
	if len(now) != len("2026-11-27T10:00:00.000Z") || !strings.HasSuffix(now, "Z") || now[10] != 'T' {
		t.Errorf("now %q", now)
	}
}
