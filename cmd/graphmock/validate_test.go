package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runValidate runs "graphmock validate args..." in process and returns its
// output and exit code.
func runValidate(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"validate"}, args...), &out, &errOut)
	var ee *exitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.code
	default:
		t.Fatalf("run(validate %v) = %v, want nil or an exit code", args, err)
	}
	return out.String(), errOut.String(), code
}

func TestValidateAcceptsTheDefaultScenarios(t *testing.T) {
	stdout, stderr, code := runValidate(t, "../../scenarios.yaml")
	want := "../../scenarios.yaml: ok: 4 scenarios, 10 files, 1 response checked against a schema\n"
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("validate ../../scenarios.yaml = exit %d, stdout %q, stderr %q; want exit 0 and %q", code, stdout, stderr, want)
	}
}

func TestValidateReportsEachProblemWithItsPosition(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"canned bodies that break their response schema", "bad-response.yaml", []string{
			`testdata/validate/bad-response.yaml:9:13: scenario "get-thing": response.body: the body does not match schemas/thing.json: /size: Must be greater than or equal to 0`,
			`testdata/validate/bad-response.yaml:15:17: scenario "get-bad-thing": response.bodyFile: fixtures/bad-thing.json does not match schemas/thing.json: /id: property "id" is required`,
			`testdata/validate/bad-response.yaml:15:17: scenario "get-bad-thing": response.bodyFile: fixtures/bad-thing.json does not match schemas/thing.json: /size: want integer, got number`,
			`testdata/validate/bad-response.yaml: 3 problems`,
		}},
		{"a step of a response sequence that breaks its schema", "sequence.yaml", []string{
			`testdata/validate/sequence.yaml:12:15: scenario "get-thing": responses[1].body: the body does not match schemas/thing.json: /size: Must be greater than or equal to 0`,
			`testdata/validate/sequence.yaml: 1 problem`,
		}},
		{"a file that does not load", "broken.yaml", []string{
			`testdata/validate/broken.yaml:6:16: scenario "get-thing": response: unknown field "staus" (did you mean "status"?)`,
			`testdata/validate/broken.yaml: 1 problem`,
		}},
		{"a response schema that does not exist", "missing-schema.yaml", []string{
			`testdata/validate/missing-schema.yaml:6:51: scenario "get-other": response.bodySchema: schemas/other.json: file does not exist (paths are relative to the scenario file's folder)`,
			`testdata/validate/missing-schema.yaml: 1 problem`,
		}},
		{"a file that does not exist", "nope.yaml", []string{
			`testdata/validate/nope.yaml: file does not exist`,
			`testdata/validate/nope.yaml: 1 problem`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, code := runValidate(t, "testdata/validate/"+tt.file)
			if want := strings.Join(tt.want, "\n") + "\n"; code != 1 || stdout != want {
				t.Errorf("validate %s = exit %d\n%s\nwant exit 1\n%s", tt.file, code, stdout, want)
			}
		})
	}
}

func TestValidateChecksEveryFileItIsGiven(t *testing.T) {
	stdout, _, code := runValidate(t, "testdata/validate/broken.yaml", "testdata/validate/clean.yaml")
	if code != 1 || !strings.HasSuffix(stdout, "testdata/validate/clean.yaml: ok: 1 scenario, 4 files, 1 response checked against a schema\n") {
		t.Errorf("validate broken clean = exit %d\n%s\nwant exit 1 and clean.yaml checked too", code, stdout)
	}
}

func TestValidateNeedsAFile(t *testing.T) {
	_, stderr, code := runValidate(t)
	if code != exitUsage || !strings.Contains(stderr, "name the scenario files to check") {
		t.Errorf("validate without files = exit %d, stderr %q; want exit 2", code, stderr)
	}
	if _, _, code := runValidate(t, "-strict", "x.yaml"); code != exitUsage {
		t.Errorf("validate -strict = exit %d, want 2", code)
	}
}

func TestValidateAcceptsTheExampleScenarios(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example scenario files: %v", err)
	}
	stdout, _, code := runValidate(t, files...)
	if code != 0 || strings.Count(stdout, ": ok: ") != len(files) {
		t.Errorf("validate examples = exit %d\n%s\nwant exit 0 and every file ok", code, stdout)
	}
}

func TestValidateCountsEveryStepOfASequence(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"schemas/thing.json", "schemas/size.json", "fixtures/thing.json"} {
		data, err := os.ReadFile("testdata/validate/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc := "version: 1\nscenarios:\n  - name: get-thing\n    request: {method: GET, path: /v1.0/thing}\n    responses:\n" +
		"      - {status: 200, bodySchema: schemas/thing.json, bodyFile: fixtures/thing.json}\n" +
		"      - {status: 200, bodySchema: schemas/thing.json, bodyFile: fixtures/thing.json}\n"
	file := filepath.Join(dir, "seq.yaml")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, code := runValidate(t, file)
	if want := file + ": ok: 1 scenario, 4 files, 2 responses checked against a schema\n"; code != 0 || stdout != want {
		t.Errorf("validate = exit %d, %q; want exit 0, %q", code, stdout, want)
	}
}

func TestValidateChecksTenantFiles(t *testing.T) {
	stdout, _, code := runCommand(t, "validate", "testdata/tenant/good.yaml")
	if code != 0 || !strings.Contains(stdout, "good.yaml: ok: a tenant of") {
		t.Errorf("validate good.yaml = exit %d\n%s", code, stdout)
	}
	stdout, _, code = runCommand(t, "validate", "testdata/tenant/bad.yaml")
	if code != 1 || !strings.Contains(stdout, "testdata/tenant/bad.yaml:4:20: /users[0]/displayName") {
		t.Errorf("validate bad.yaml = exit %d, want the wrong type named at its place\n%s", code, stdout)
	}
}

func TestServeSeedsItsTenantFromTenantFiles(t *testing.T) {
	if _, stderr, code := runCommand(t, "serve", "-addr", "127.0.0.1:0", "-tenant", "testdata/tenant/bad.yaml"); code != 2 || !strings.Contains(stderr, "bad.yaml:4:20") {
		t.Errorf("serve -tenant bad.yaml = exit %d\n%s", code, stderr)
	}
}
