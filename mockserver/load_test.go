package mockserver_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/mockserver"
)

// chatSchemaFiles are the real schemas, so load tests compile what ships.
func chatSchemaFiles(t testing.TB) fstest.MapFS {
	t.Helper()
	files := fstest.MapFS{}
	entries, err := os.ReadDir("../schemas")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("../schemas", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files["schemas/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	files["fixtures/chat.json"] = &fstest.MapFile{Data: []byte(`{"id": "19:abc@thread.v2", "chatType": "group"}`)}
	return files
}

func loadYAML(t testing.TB, yaml string, extra map[string]string) (*mockserver.ScenarioSet, error) {
	t.Helper()
	files := chatSchemaFiles(t)
	files["scenarios.yaml"] = &fstest.MapFile{Data: []byte(yaml)}
	for name, data := range extra {
		files[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return mockserver.Load(files, "scenarios.yaml")
}

// goodScenario is a valid scenario to build broken files around.
const goodScenario = `  - name: add-chat
    request:
      method: POST
      path: /beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref
      bodySchema: schemas/chat.json
    response:
      status: 204
`

func TestLoadReportsEachProblemWithItsPosition(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		extra map[string]string
		want  []string // each a full error line, or its start when it ends in "..."
	}{
		{
			name: "YAML syntax error",
			yaml: "version: 1\nscenarios:\n  - name: [unclosed\n",
			want: []string{"scenarios.yaml:3: YAML syntax: did not find expected ',' or ']' (in the block that starts on this line)"},
		},
		{
			name: "YAML scanner error",
			yaml: "version: 1\nscenarios:\n  - name: a: b\n",
			want: []string{"scenarios.yaml:3: YAML syntax: mapping values are not allowed in this context"},
		},
		{
			name: "empty file",
			yaml: "",
			want: []string{`scenarios.yaml: the file is empty: start it with "version: 1" and a list of scenarios`},
		},
		{
			name: "missing version",
			yaml: "scenarios:\n" + goodScenario,
			want: []string{`scenarios.yaml:1:1: missing version: start the file with "version: 1"`},
		},
		{
			name: "unsupported version",
			yaml: "version: 2\nscenarios:\n" + goodScenario,
			want: []string{"scenarios.yaml:1:10: version: unsupported version 2: this graphmock reads version 1"},
		},
		{
			name: "unknown top-level field",
			yaml: "version: 1\nscenaros:\n" + goodScenario,
			want: []string{`scenarios.yaml:2:1: unknown field "scenaros" (did you mean "scenarios"?)`},
		},
		{
			name: "unknown field in a response, with a suggestion",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "status: 204", "staus: 204", 1),
			want: []string{
				`scenarios.yaml:9:7: scenario "add-chat": response: unknown field "staus" (did you mean "status"?)`,
			},
		},
		{
			name: "status of the wrong type",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "status: 204", "status: ok", 1),
			want: []string{`scenarios.yaml:9:15: scenario "add-chat": response.status: want an integer, got "ok"`},
		},
		{
			name: "duplicate scenario name",
			yaml: "version: 1\nscenarios:\n" + goodScenario + goodScenario,
			want: []string{`scenarios.yaml:10:11: scenario "add-chat": name: duplicate name "add-chat" (also scenario #1): names must be unique`},
		},
		{
			name: "missing name",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "- name: add-chat\n   ", "-", 1),
			want: []string{`scenarios.yaml:3:5: scenario "#1": name: missing name: every scenario needs a unique name`},
		},
		{
			name: "duplicate key",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "status: 204", "status: 204\n      status: 200", 1),
			want: []string{`scenarios.yaml:10:7: scenario "add-chat": response: duplicate key "status" (first at line 9)`},
		},
		{
			name: "missing schema file",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "schemas/chat.json", "schemas/chats.json", 1),
			want: []string{`scenarios.yaml:7:19: scenario "add-chat": request.bodySchema: schemas/chats.json: file does not exist (paths are relative to the scenario file's folder)`},
		},
		{
			name: "schema outside the folder",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "schemas/chat.json", "../secret.json", 1),
			want: []string{`scenarios.yaml:7:19: scenario "add-chat": request.bodySchema: "../secret.json": file names must stay inside the scenario file's folder`},
		},
		{
			name: "schema by absolute path",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "schemas/chat.json", "/etc/passwd", 1),
			want: []string{`scenarios.yaml:7:19: scenario "add-chat": request.bodySchema: "/etc/passwd": file names are relative to the scenario file's folder; absolute paths are not allowed`},
		},
		{
			name:  "schema that is not JSON",
			yaml:  "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "schemas/chat.json", "schemas/broken.json", 1),
			extra: map[string]string{"schemas/broken.json": `{"type": "object",`},
			want:  []string{`scenarios.yaml:7:19: scenario "add-chat": request.bodySchema: schema schemas/broken.json: schemas/broken.json: not valid JSON: unexpected EOF`},
		},
		{
			name:  "schema that is not a JSON Schema",
			yaml:  "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "schemas/chat.json", "schemas/bad.json", 1),
			extra: map[string]string{"schemas/bad.json": `{"type": 5}`},
			want:  []string{`scenarios.yaml:7:19: scenario "add-chat": request.bodySchema: schema schemas/bad.json: schemas/bad.json is not a valid JSON Schema (draft-07): ...`},
		},
		{
			name:  "schema referring to the network",
			yaml:  "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "schemas/chat.json", "schemas/remote.json", 1),
			extra: map[string]string{"schemas/remote.json": `{"$ref": "https://example.com/schema.json"}`},
			want:  []string{`scenarios.yaml:7:19: scenario "add-chat": request.bodySchema: schema schemas/remote.json: schema reference "https://example.com/schema.json": only files beside the scenario file can be referenced`},
		},
		{
			name: "missing fixture",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "status: 204", "status: 200\n      bodyFile: fixtures/nope.json", 1),
			want: []string{`scenarios.yaml:10:17: scenario "add-chat": response.bodyFile: fixtures/nope.json: file does not exist (paths are relative to the scenario file's folder)`},
		},
		{
			name:  "fixture that is not JSON",
			yaml:  "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "status: 204", "status: 200\n      bodyFile: fixtures/bad.json", 1),
			extra: map[string]string{"fixtures/bad.json": `{"id": `},
			want:  []string{`scenarios.yaml:10:17: scenario "add-chat": response.bodyFile: fixtures/bad.json: not valid JSON (unexpected end of JSON input)`},
		},
		{
			name: "invalid path template",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "{chatsId}", "{chatsId", 1),
			want: []string{`scenarios.yaml:6:13: scenario "add-chat": request.path: invalid path template "/beta/chats/{chatsId/installedApps/{teamsAppInstallationId}/chat/$ref": ...`},
		},
		{
			name: "path without a leading slash",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "path: /beta", "path: beta", 1),
			want: []string{`scenarios.yaml:6:13: scenario "add-chat": request.path: "beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref" must start with / (and include the API version, such as /beta)`},
		},
		{
			name: "method in lower case",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "method: POST", "method: post", 1),
			want: []string{`scenarios.yaml:5:15: scenario "add-chat": request.method: "post": methods are case-sensitive; write "POST"`},
		},
		{
			name: "204 with a body",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "status: 204", "status: 204\n      body: {id: x}", 1),
			want: []string{`scenarios.yaml:9:15: scenario "add-chat": response.status: a 204 response cannot have a body (HTTP forbids it, RFC 9110): remove the body, or answer 200 with it`},
		},
		{
			name: "304 with a body file",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "status: 204", "status: 304\n      bodyFile: fixtures/chat.json", 1),
			want: []string{`scenarios.yaml:9:15: scenario "add-chat": response.status: a 304 response cannot have a body (HTTP forbids it, RFC 9110): remove the body, or answer 200 with it`},
		},
		{
			name: "body and bodyFile together",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "status: 204", "status: 200\n      body: {id: x}\n      bodyFile: fixtures/chat.json", 1),
			want: []string{`scenarios.yaml:11:17: scenario "add-chat": response.bodyFile: give body or bodyFile, not both`},
		},
		{
			name: "invalid regular expression in a header condition",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "bodySchema:", "headers:\n        ConsistencyLevel: {matches: '([a-z'}\n      bodySchema:", 1),
			want: []string{"scenarios.yaml:8:27: scenario \"add-chat\": request.headers.ConsistencyLevel: invalid regular expression \"([a-z\": missing closing ]: `[a-z`"},
		},
		{
			name: "unknown header condition",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "bodySchema:", "headers:\n        ConsistencyLevel: {equal: eventual}\n      bodySchema:", 1),
			want: []string{`scenarios.yaml:8:28: scenario "add-chat": request.headers.ConsistencyLevel: unknown condition "equal" (did you mean "equals"?): use equals, contains, matches, present or absent`},
		},
		{
			name: "unknown auth",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "bodySchema:", "auth: basic\n      bodySchema:", 1),
			want: []string{`scenarios.yaml:7:13: scenario "add-chat": request.auth: "basic": want bearer (the default) or none`},
		},
		{
			name: "times that cannot be met",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "  - name: add-chat\n", "  - name: add-chat\n    times: {atLeast: 3, atMost: 1}\n", 1),
			want: []string{`scenarios.yaml:4:12: scenario "add-chat": times: atMost 1 is less than atLeast 3`},
		},
		{
			name: "times that is not a number",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "  - name: add-chat\n", "  - name: add-chat\n    times: once\n", 1),
			want: []string{`scenarios.yaml:4:12: scenario "add-chat": times: want a number of calls, or {atLeast: n, atMost: m}; got "once"`},
		},
		{
			name: "times with an unknown bound",
			yaml: "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "  - name: add-chat\n", "  - name: add-chat\n    times: {atleast: 1}\n", 1),
			want: []string{
				`scenarios.yaml:4:13: scenario "add-chat": times: unknown field "atleast" (did you mean "atLeast"?)`,
				`scenarios.yaml:4:12: scenario "add-chat": times: give atLeast, atMost or both`,
			},
		},
		{
			name: "an alias bomb",
			yaml: `version: 1
scenarios:
  - name: bomb
    request: {method: GET, path: /beta/x}
    response:
      status: 200
      body:
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`,
			want: []string{`scenarios.yaml:8:9: scenario "bomb": response.body: the document expands to more than 1000000 values (aliases or merge keys referring to each other?)`},
		},
		{
			name: "two YAML documents",
			yaml: "version: 1\nscenarios:\n" + goodScenario + "---\nversion: 1\n",
			want: []string{"scenarios.yaml:10:1: more than one YAML document: a scenario file holds exactly one"},
		},
		{
			name: "no scenarios",
			yaml: "version: 1\nscenarios: []\n",
			want: []string{`scenarios.yaml:2:12: scenarios: no scenarios: list at least one under "scenarios:"`},
		},
		{
			name: "every problem at once",
			yaml: "version: 1\nscenarios:\n" +
				strings.Replace(strings.Replace(goodScenario, "method: POST", "method: post", 1), "status: 204", "status: 700", 1),
			want: []string{
				`scenarios.yaml:5:15: scenario "add-chat": request.method: "post": methods are case-sensitive; write "POST"`,
				`scenarios.yaml:9:15: scenario "add-chat": response.status: 700: want a final HTTP status from 200 to 599`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := loadYAML(t, tt.yaml, tt.extra)
			if err == nil {
				t.Fatalf("Load() = %v, want an error", set)
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("Load() reported %d problems, want %d:\n%v", len(got), len(tt.want), err)
			}
			for i, want := range tt.want {
				if prefix, ok := strings.CutSuffix(want, "..."); ok {
					if !strings.HasPrefix(got[i], prefix) {
						t.Errorf("problem %d = %q, want it to start with %q", i, got[i], prefix)
					}
				} else if got[i] != want {
					t.Errorf("problem %d = %q\nwant          %q", i, got[i], want)
				}
			}
			var le *mockserver.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not a *LoadError", err)
			}
			if le.File != "scenarios.yaml" {
				t.Errorf("LoadError.File = %q, want scenarios.yaml", le.File)
			}
			if n := len(mockserver.LoadErrors(err)); n != len(tt.want) {
				t.Errorf("LoadErrors() returned %d errors, want %d", n, len(tt.want))
			}
		})
	}
}

func TestLoadAcceptsTheDefaultScenarioFile(t *testing.T) {
	set, err := mockserver.LoadFile("../scenarios.yaml")
	if err != nil {
		t.Fatalf("LoadFile(../scenarios.yaml) error = %v", err)
	}
	names := []string{}
	for _, s := range set.Scenarios() {
		names = append(names, s.Name)
	}
	if len(names) == 0 || names[0] != "add-chat" {
		t.Errorf("scenarios = %v, want add-chat first", names)
	}
	if set.File() != "../scenarios.yaml" {
		t.Errorf("File() = %q", set.File())
	}
}

func TestLoadFileCannotEscapeItsFolderThroughASymlink(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.json")
	if err := os.WriteFile(secret, []byte(`{"type": "object"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	yaml := "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "schemas/chat.json", "link.json", 1)
	file := filepath.Join(dir, "scenarios.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := mockserver.LoadFile(file)
	if err == nil {
		t.Fatal("LoadFile() followed a symlink out of the scenario folder")
	}
	if want := file + ":7:19: scenario \"add-chat\": request.bodySchema: link.json"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want it to start with %q", err, want)
	}
}

func TestLoadFileNamesAMissingFile(t *testing.T) {
	_, err := mockserver.LoadFile(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "nope.yaml: file does not exist") {
		t.Fatalf("LoadFile(missing) error = %v, want it to say the file does not exist", err)
	}
}

func TestLoadReadsInlineBodiesAsJSONKeepingScalarText(t *testing.T) {
	yaml := `version: 1
scenarios:
  - name: get-chat
    request:
      method: GET
      path: /beta/chats/{id}
    response:
      status: 200
      headers:
        ETag: W/"1"
      body:
        id: "19:abc@thread.v2"
        createdDateTime: 2026-11-27T10:00:00Z
        count: 12
        ratio: 1.50
        tags: [a, b]
        deleted: null
`
	set, err := loadYAML(t, yaml, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{})}
	resp := srv.do(t, "GET", "/beta/chats/x", "", validHeaders())
	if resp.status != 200 {
		t.Fatalf("status = %d: %s", resp.status, resp.body)
	}
	want := `{"count":12,"createdDateTime":"2026-11-27T10:00:00Z","deleted":null,"id":"19:abc@thread.v2","ratio":1.50,"tags":["a","b"]}`
	if string(resp.body) != want {
		t.Errorf("body = %s\nwant   %s", resp.body, want)
	}
	if got := resp.header.Get("Content-Type"); got != graphJSONContentType {
		t.Errorf("Content-Type = %q, want Graph's JSON content type", got)
	}
	if got := resp.header.Get("ETag"); got != `W/"1"` {
		t.Errorf("ETag = %q", got)
	}
}

func TestLoadReadsExpectations(t *testing.T) {
	tests := map[string]mockserver.Times{
		"times: 2":                       {Min: 2, Max: 2},
		"times: {atLeast: 1}":            {Min: 1, Max: -1},
		"times: {atMost: 3}":             {Min: 0, Max: 3},
		"times: {atLeast: 1, atMost: 3}": {Min: 1, Max: 3},
		"times: 0":                       {Min: 0, Max: 0},
	}
	for line, want := range tests {
		yaml := "version: 1\nscenarios:\n" + strings.Replace(goodScenario, "  - name: add-chat\n", "  - name: add-chat\n    "+line+"\n", 1)
		set, err := loadYAML(t, yaml, nil)
		if err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		sc, _ := scenarioNamed(set, "add-chat")
		if sc.Times == nil || *sc.Times != want {
			t.Errorf("%s: Times = %v, want %+v", line, sc.Times, want)
		}
	}
}

func TestASetLoadedFromDiskCanStillReadItsFolder(t *testing.T) {
	set, err := mockserver.LoadFile("../scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	derived, err := set.With(mockserver.Scenario{
		Name:     "get-chat-again",
		Request:  mockserver.Request{Method: "GET", Path: "/beta/chat", BodySchema: "schemas/identity.json"},
		Response: mockserver.Response{Status: 200, BodyFile: "fixtures/chat.json"},
	})
	if err != nil {
		t.Fatalf("With() after LoadFile error = %v, want the folder still readable", err)
	}
	if _, ok := scenarioNamed(derived, "get-chat-again"); !ok {
		t.Error("the derived set lacks the new scenario")
	}
	if _, err := mockserver.Parse(set.Folder(), "again.yaml", []byte("version: 1\nscenarios:\n"+goodScenario)); err != nil {
		t.Errorf("Parse(set.Folder(), ...) error = %v", err)
	}
}

func TestCompileWithoutAFolderSaysSoForSchemas(t *testing.T) {
	_, err := mockserver.Compile(nil, mockserver.Scenario{
		Name:     "add-chat",
		Request:  mockserver.Request{Method: "POST", Path: "/beta/chats", BodySchema: "schemas/chat.json"},
		Response: mockserver.Response{Status: 204},
	})
	want := `scenario "add-chat": request.bodySchema: schemas/chat.json: no folder to read files from (pass an fs.FS)`
	if err == nil || err.Error() != want {
		t.Errorf("Compile(nil, ...) error = %v, want %s", err, want)
	}
}

func TestFilesListsEveryFileTheSetWasBuiltFrom(t *testing.T) {
	set, err := mockserver.LoadFile("../scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"fixtures/chat.json",
		"scenarios.yaml",
		"schemas/chat.json",
		"schemas/chatReference.json",
		"schemas/chatViewpoint.json",
		"schemas/dateTimeOffset.json",
		"schemas/identity.json",
		"schemas/identitySet.json",
		"schemas/teamworkOnlineMeetingInfo.json",
		"schemas/teamworkUserIdentity.json",
	}
	if got := set.Files(); !slices.Equal(got, want) {
		t.Errorf("Files() = %q\nwant      %q", got, want)
	}
}

func TestFilesOfAParsedDocumentLeaveOutTheDocument(t *testing.T) {
	folder := chatSchemaFiles(t)
	folder["fixtures/other.json"] = &fstest.MapFile{Data: []byte(`{}`)}
	set, err := mockserver.Parse(folder, "posted.yaml", []byte(`version: 1
scenarios:
  - name: get-chat
    request: {method: GET, path: /beta/chat}
    response: {status: 200, bodyFile: ./fixtures/chat.json}
  - name: get-chats
    request: {method: GET, path: /beta/chats}
    responses:
      - {status: 200, bodyFile: fixtures/chat.json}
      - {status: 200, bodyFile: fixtures/other.json}
`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := set.Files(), []string{"fixtures/chat.json", "fixtures/other.json"}; !slices.Equal(got, want) {
		t.Errorf("Files() = %q, want %q", got, want)
	}
}

// scenarioNamed finds a scenario of a set by name.
func scenarioNamed(set *mockserver.ScenarioSet, name string) (mockserver.Scenario, bool) {
	for _, sc := range set.Scenarios() {
		if sc.Name == name {
			return sc, true
		}
	}
	return mockserver.Scenario{}, false
}
