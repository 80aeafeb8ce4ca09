package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func runCommand(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	var ee *exitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.code
		if ee.err != nil {
			errOut.WriteString(ee.err.Error())
		}
	default:
		t.Fatalf("run(%v) = %v", args, err)
	}
	return out.String(), errOut.String(), code
}

func TestSchemaPrintsADraft07SchemaOfAType(t *testing.T) {
	stdout, stderr, code := runCommand(t, "schema", "-version", "beta", "microsoft.graph.chat")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if doc["$schema"] != "http://json-schema.org/draft-07/schema#" || doc["title"] != "microsoft.graph.chat" {
		t.Errorf("$schema %v, title %v", doc["$schema"], doc["title"])
	}
	props, _ := doc["properties"].(map[string]any)
	if _, ok := props["chatType"]; !ok {
		t.Errorf("no chatType among the properties: %v", props)
	}
	if pn, _ := doc["propertyNames"].(map[string]any); pn == nil || !strings.Contains(pn["pattern"].(string), "|topic|") {
		t.Errorf("a closed type's schema does not refuse other properties: %v", doc["propertyNames"])
	}
	if _, _, code := runCommand(t, "schema", "microsoft.graph.nope"); code != 1 {
		t.Errorf("an unknown type: exit %d, want 1", code)
	}
	if _, _, code := runCommand(t, "schema"); code != 2 {
		t.Errorf("no type: exit %d, want 2", code)
	}
}

func TestResolveSaysWhatAPathTakes(t *testing.T) {
	tests := []struct {
		args []string
		want string
		code int
	}{
		{[]string{"POST", "/v1.0/me/sendMail"}, "body: the parameters of microsoft.graph.sendMail: Message, SaveToSentItems", 0},
		{[]string{"POST", "/v1.0/users"}, "body: an object of microsoft.graph.user", 0},
		{[]string{"GET", "/v1.0/users('x')"}, "addresses: microsoft.graph.user", 0},
		{[]string{"POST", "/v1.0/groups/{id}/members/$ref"}, "body: an entity reference", 0},
		// https://learn.microsoft.com/en-us/graph/api/b2xidentityuserflow-put-apiconnectorconfiguration
		{[]string{"PUT", "/v1.0/identity/b2xUserFlows/{id}/apiConnectorConfiguration/postAttributeCollection/$ref"}, `"https://graph.microsoft.com/..."}, or {} to remove it`, 0},
		{[]string{"DELETE", "/v1.0/groups/{id}/members/{member}/$ref"}, "body: none", 0},
		{[]string{"-version", "beta", "GET", "/chats/{id}/members"}, "addresses: a collection of microsoft.graph.conversationMember", 0},
		{[]string{"GET", "/v1.0/chatz/1"}, "Resource not found for the segment 'chatz'.", 1},
		// The layered beta names the layer that answered: the 2026 subset,
		// v1.0, or the public beta of 2021
		// (https://learn.microsoft.com/en-us/graph/api/chat-list-members?view=graph-rest-beta,
		// https://learn.microsoft.com/en-us/graph/api/educationroot-list-classes?view=graph-rest-beta,
		// https://learn.microsoft.com/en-us/graph/api/intune-deviceintent-devicemanagementintent-list?view=graph-rest-beta).
		{[]string{"GET", "/beta/chats/{id}/members"}, "metadata: beta 2026 (USSec subset)", 0},
		{[]string{"GET", "/beta/education/classes"}, "metadata: v1.0\n", 0},
		{[]string{"GET", "/beta/deviceManagement/intents"}, "metadata: public beta 2021-07-13", 0},
		{[]string{"GET", "/beta/education/klasses"}, "Resource not found for the segment 'klasses'.", 1},
	}
	for _, tt := range tests {
		stdout, stderr, code := runCommand(t, append([]string{"resolve"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stdout, tt.want) {
			t.Errorf("resolve %v = exit %d\n%s%s\nwant exit %d and %q", tt.args, code, stdout, stderr, tt.code, tt.want)
		}
	}
}

// things.csdl is mockserver's test metadata, one file for both packages'
// tests.
const thingsCSDL = "../../mockserver/testdata/things.csdl"

func TestMetadataFlagReplacesAVersionsMetadata(t *testing.T) {
	stdout, stderr, code := runCommand(t, "resolve", "-metadata", "beta="+thingsCSDL, "POST", "/beta/things")
	if code != 0 || !strings.Contains(stdout, "body: an object of microsoft.graph.thing") || strings.Contains(stdout, "metadata:") {
		t.Errorf("resolve with -metadata = exit %d\n%s%s\nwant the file's type and no layer named: the file replaces the layers", code, stdout, stderr)
	}
	if _, stderr, code := runCommand(t, "resolve", "-metadata", "beta=testdata/nope.csdl", "GET", "/beta/me"); code != 2 || !strings.Contains(stderr, "nope.csdl") {
		t.Errorf("a missing metadata file: exit %d, %s", code, stderr)
	}
	if _, stderr, code := runCommand(t, "serve", "-metadata", "gamma=x.csdl"); code != 2 || !strings.Contains(stderr, "want v1.0 or beta") {
		t.Errorf("serve -metadata gamma=: exit %d, %s", code, stderr)
	}
}

// A scenario may use a path that only the -metadata file has: the set is
// compiled against that file from the start, not against the embedded
// metadata first.
func TestAScenarioMayUseAPathOnlyTheMetadataFileHas(t *testing.T) {
	if stdout, _, code := runCommand(t, "validate", "-metadata", "beta="+thingsCSDL, "testdata/things/scenarios.yaml"); code != 0 {
		t.Errorf("validate with -metadata = exit %d\n%s", code, stdout)
	}
	if stdout, _, code := runCommand(t, "validate", "testdata/things/scenarios.yaml"); code == 0 || !strings.Contains(stdout, "things") {
		t.Errorf("validate without -metadata = exit %d, want the path named as unknown\n%s", code, stdout)
	}
	if _, stderr, code := runCommand(t, "validate", "-metadata", "beta=testdata/nope.csdl", "testdata/things/scenarios.yaml"); code == 0 {
		t.Errorf("validate with a missing metadata file = exit 0\n%s", stderr)
	}
}

// In the layered beta, schema names the layer the type came from, as
// resolve does for a path.
func TestSchemaNamesTheLayerOfTheType(t *testing.T) {
	stdout, stderr, code := runCommand(t, "schema", "-version", "beta", "microsoft.graph.chat")
	if code != 0 || !strings.Contains(stdout, `"$schema"`) || !strings.HasPrefix(stderr, "metadata: ") {
		t.Errorf("schema -version beta chat = exit %d, stderr %q", code, stderr)
	}
	if _, stderr, _ := runCommand(t, "schema", "-version", "v1.0", "microsoft.graph.chat"); strings.Contains(stderr, "metadata:") {
		t.Errorf("v1.0, one document, names a layer: %q", stderr)
	}
}
