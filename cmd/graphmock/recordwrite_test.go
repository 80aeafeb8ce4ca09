package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/record"
	"github.com/graphmock/graphmock/mockserver"
)

// chromeSecrets are the personal values and credentials in
// testdata/chrome.har.
var chromeSecrets = []string{
	"6e7b768e-07e2-4810-8459-485f84f8f204", "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "dcd219dd-bc68-4b9b-bf0b-4a33a796be35",
	"Adele", "Vance", "Johanna Lorenz", "AdeleV@contoso", "JohannaL@contoso", "555 0109",
	"chrome-har-token", "chrome-cookie-value", "chrome-set-cookie",
}

func loadRecording(t *testing.T, dir string) *mockserver.ScenarioSet {
	t.Helper()
	set, err := mockserver.LoadFile(filepath.Join(dir, scenarioFile))
	if err != nil {
		t.Fatalf("the written scenarios do not load: %v", err)
	}
	return set
}

func recorded(t *testing.T, set *mockserver.ScenarioSet, name string) mockserver.Scenario {
	t.Helper()
	for _, sc := range set.Scenarios() {
		if sc.Name == name {
			return sc
		}
	}
	t.Fatalf("no scenario %s", name)
	return mockserver.Scenario{}
}

// TestImportChromeHAR imports a HAR as Chrome's developer tools export it:
// only Graph's calls are taken (not the token endpoint, a script, a
// preflight); ids that vary become a path variable; the same call with
// different answers (429, then 204) becomes responses in order with
// Retry-After kept; a repeated call with the same answer one response
// and times: 2; a binary body is left out; nothing personal remains.
func TestImportChromeHAR(t *testing.T) {
	dir := t.TempDir()
	sum, err := writeRecording(dir, record.HAR("testdata/record/chrome.har", nil), recordingOptions{Seed: "s", Base: "http://127.0.0.1:8080"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Entries != 11 || sum.Taken != 8 || sum.Skipped["not a Graph host"] != 2 || sum.Skipped["CORS preflight"] != 1 {
		t.Errorf("summary %+v", sum)
	}
	set := loadRecording(t, dir)
	me := recorded(t, set, "get-me")
	if me.Times == nil || me.Times.Min != 2 || me.Responses != nil || me.Response.BodyFile == "" {
		t.Errorf("get-me %+v: want one response, times 2", me)
	}
	users := recorded(t, set, "get-users")
	if users.Request.Path != "/v1.0/users/{usersId}" || len(users.Responses) != 2 {
		t.Errorf("get-users %+v: want /v1.0/users/{usersId} with 2 responses", users)
	}
	list := recorded(t, set, "get-users-2")
	if list.Request.Path != "/v1.0/users" {
		t.Errorf("get-users-2 %+v", list)
	}
	patch := recorded(t, set, "patch-users")
	if len(patch.Responses) != 2 || patch.Responses[0].Status != 429 || patch.Responses[0].Headers["Retry-After"] != "3" || patch.Responses[1].Status != 204 || patch.Responses[1].BodyFile != "" {
		t.Errorf("patch-users %+v: want 429 with Retry-After 3, then 204", patch)
	}
	if patch.Request.BodyType != "auto" || !strings.HasPrefix(patch.Request.Path, "/v1.0/users/") {
		t.Errorf("patch-users request %+v: want bodyType auto", patch.Request)
	}
	photo := recorded(t, set, "get-me-photo-value")
	if photo.Response.BodyFile != "" || photo.Response.Status != 200 || sum.Skipped["binary response body (the status and headers are kept)"] != 1 {
		t.Errorf("photo %+v: want the status without the binary body", photo.Response)
	}
	assertRecordingClean(t, dir, chromeSecrets)
}

// assertClean fails when a file under dir holds a secret, in any case.
func assertRecordingClean(t *testing.T, dir string, secrets []string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for _, s := range secrets {
			if bytes.Contains(bytes.ToLower(data), bytes.ToLower([]byte(s))) {
				t.Errorf("%s holds %q", p, s)
			}
		}
		return nil
	})
}

// TestImportedHARReplays serves what an import wrote and makes the
// recorded calls: each gets the recorded status, in order.
func TestImportedHARReplaysInProcess(t *testing.T) {
	dir := t.TempDir()
	if _, err := writeRecording(dir, record.HAR("testdata/record/chrome.har", nil), recordingOptions{Seed: "s"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mockserver.New(loadRecording(t, dir), mockserver.Options{}))
	defer srv.Close()
	s := recordedUsers(t, dir)
	for _, c := range []struct {
		method, path, body string
		want               int
	}{
		{"GET", "/v1.0/me", "", 200},
		{"GET", "/v1.0/users/" + s.userA, "", 200},
		{"GET", "/v1.0/users/" + s.userB, "", 200},
		{"PATCH", "/v1.0/users/" + s.userA, `{"mobilePhone":"+1 555 000 0000"}`, 429},
		{"PATCH", "/v1.0/users/" + s.userA, `{"mobilePhone":"+1 555 000 0000"}`, 204},
		{"GET", "/v1.0/me/photo/$value", "", 200},
	} {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, strings.NewReader(c.body))
		req.Header.Set("Authorization", "Bearer t")
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, resp.StatusCode, c.want)
		}
	}
}

type recordedPseudonyms struct{ userA, userB string }

// newScrubberFor reads the pseudonyms of the two users from the body
// files get-users answers with.
func recordedUsers(t *testing.T, dir string) recordedPseudonyms {
	t.Helper()
	sc := recorded(t, loadRecording(t, dir), "get-users")
	var ids []string
	for _, r := range sc.Responses {
		data, err := os.ReadFile(filepath.Join(dir, r.BodyFile))
		if err != nil {
			t.Fatal(err)
		}
		var u struct{ ID string }
		json.Unmarshal(data, &u)
		ids = append(ids, u.ID)
	}
	return recordedPseudonyms{ids[0], ids[1]}
}

// TestBadHARs: each way a file is not an archive is an error naming the
// file and what is wrong; an archive without Graph calls is
// errNoGraphCalls with the count of what was left out.
func TestBadHARs(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, content, want string }{
		{"empty.har", "", "does not start with a JSON object"},
		{"text.har", "hello", "does not start with a JSON object"},
		{"list.har", "[]", "does not start with a JSON object"},
		{"nolog.har", `{"version":"1.2"}`, `no "log" object`},
		{"noentries.har", `{"log":{"version":"1.2","creator":{"name":"x"}}}`, `no "log.entries" list`},
		{"entriesobject.har", `{"log":{"entries":{}}}`, `"log.entries" is not a list`},
		{"truncated.har", `{"log":{"entries":[{"request":{"method":"GET","url":"https://graph.microsoft.com/v1.0/me"}`, "entry 0"},
		{"nourl.har", `{"log":{"entries":[{"request":{"method":"GET"},"response":{"status":200}}]}}`, "entry 0: no request method or URL"},
		{"badbase64.har", `{"log":{"entries":[{"request":{"method":"GET","url":"https://graph.microsoft.com/v1.0/me"},"response":{"status":200,"content":{"text":"%%%","encoding":"base64"}}}]}}`, "entry 0: response content"},
		{"trailing.har", `{"log":{"entries":[]}`, "ends before the archive does"},
	} {
		file := filepath.Join(dir, c.name)
		os.WriteFile(file, []byte(c.content), 0o644)
		_, err := writeRecording(filepath.Join(dir, "out"), record.HAR(file, nil), recordingOptions{})
		var he *record.HARError
		if !errors.As(err, &he) || he.File != file || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), file) {
			t.Errorf("%s: %v, want a record.HARError naming the file with %q", c.name, err, c.want)
		}
	}
	file := filepath.Join(dir, "nograph.har")
	os.WriteFile(file, []byte(`{"log":{"entries":[{"request":{"method":"GET","url":"https://example.com/"},"response":{"status":200}}]}}`), 0o644)
	sum, err := writeRecording(filepath.Join(dir, "out"), record.HAR(file, nil), recordingOptions{})
	if !errors.Is(err, errNoGraphCalls) || sum.Entries != 1 || sum.Skipped["not a Graph host"] != 1 {
		t.Errorf("no Graph calls: %v, %+v", err, sum)
	}
	if _, err := writeRecording(filepath.Join(dir, "out"), record.HAR(filepath.Join(dir, "missing.har"), nil), recordingOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// writeBigHAR writes an archive of n calls to GET /v1.0/users/{id}, each
// id distinct, one entry at a time.
func writeBigHAR(t testing.TB, file string, n int) {
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(`{"log":{"version":"1.2","creator":{"name":"test"},"entries":[`)
	for i := range n {
		if i > 0 {
			w.WriteString(",")
		}
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		fmt.Fprintf(w, `{"request":{"method":"GET","url":"https://graph.microsoft.com/v1.0/users/%s","headers":[{"name":"Authorization","value":"Bearer x"}]},"response":{"status":200,"headers":[],"content":{"mimeType":"application/json","text":"{\"id\":\"%s\",\"displayName\":\"User Number %d\"}"}}}`, id, id, i)
	}
	w.WriteString("]}}")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// TestTenThousandCalls: an archive of 10,000 calls, read as a stream,
// is one scenario with a path variable and 10,000 responses in order,
// each in its own body file.
func TestTenThousandCalls(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "big.har")
	writeBigHAR(t, file, 10_000)
	sum, err := writeRecording(filepath.Join(dir, "out"), record.HAR(file, nil), recordingOptions{Seed: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Taken != 10_000 || sum.Scenarios != 1 || sum.Bodies != 10_000 {
		t.Fatalf("summary %+v", sum)
	}
	sc := recorded(t, loadRecording(t, filepath.Join(dir, "out")), "get-users")
	if sc.Request.Path != "/v1.0/users/{usersId}" || len(sc.Responses) != 10_000 || sc.Times.Min != 10_000 {
		t.Errorf("get-users: path %s, %d responses", sc.Request.Path, len(sc.Responses))
	}
}

// BenchmarkWriteRecording writes archives of 1,000 and 10,000 calls:
// the 1,000 is the baseline. With -benchmem, B/op grows with the calls
// (their responses and ids), not with what the bodies hold, which are
// streamed to disk one at a time.
func BenchmarkWriteRecording(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			file := filepath.Join(dir, "big.har")
			writeBigHAR(b, file, n)
			for b.Loop() {
				if _, err := writeRecording(filepath.Join(dir, "out"), record.HAR(file, nil), recordingOptions{Seed: "s"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
