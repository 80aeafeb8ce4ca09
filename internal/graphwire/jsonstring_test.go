package graphwire

import (
	"encoding/json"
	"testing"
)

// appendJSONString writes every string as encoding/json does, the plain
// ones it copies and the ones json escapes alike.
func TestAppendJSONStringWritesWhatJSONWrites(t *testing.T) {
	for _, s := range []string{
		"",
		"https://graph.microsoft.com/v1.0/$metadata#users/$entity",
		"https://graph.microsoft.com/beta/$metadata#chats('19:abc@thread.v2')/installedApps",
		`quote " and backslash \`,
		"<html> & more",
		"tab\tnewline\ncontrol\x01",
		"é, 中文, \u2028 and \u2029",
		"bad utf-8 \xff\xfe",
		"~ and \x7f",
	} {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("%q: wrote %s, json writes %s", s, got[1:], want)
		}
	}
}
