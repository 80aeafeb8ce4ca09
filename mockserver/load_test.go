package mockserver_test

import (
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
	if _, err := set.Reparse("again.yaml", []byte("version: 1\nscenarios:\n"+goodScenario)); err != nil {
		t.Errorf("set.Reparse(...) error = %v", err)
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
