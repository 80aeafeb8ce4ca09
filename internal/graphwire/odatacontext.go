package graphwire

import (
	"bytes"
	"encoding/json"
	"strings"
)

// GraphRoot is the Microsoft Graph service root that derived URLs
// (@odata.context, Location) start with, as real Graph's do.
const GraphRoot = "https://graph.microsoft.com"

// WithODataContext returns a copy of a JSON object body with
// "@odata.context" as its first member, where Graph puts it.
func WithODataContext(body []byte, context string, empty bool) []byte {
	i := bytes.IndexByte(body, '{') + 1
	out := make([]byte, 0, len(body)+len(context)+22)
	out = append(out, body[:i]...)
	out = append(out, `"@odata.context":`...)
	out = appendJSONString(out, context)
	if !empty {
		out = append(out, ',')
	}
	return append(out, body[i:]...)
}

// appendJSONString appends s as encoding/json writes it. A string of
// printable ASCII that json would not escape (the usual URL) is copied
// between quotes; anything else goes through json.Marshal.
func appendJSONString(out []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			value, _ := json.Marshal(s) // a string always marshals
			return append(out, value...)
		}
	}
	out = append(out, '"')
	out = append(out, s...)
	return append(out, '"')
}

// ODataContext derives the @odata.context of a response from the
// escaped request path and the scenario's path template (both split at
// '/'), the way Graph writes it:
//
//   - https://graph.microsoft.com/{version}/$metadata# and then the path
//     after the version;
//   - a segment that fills a whole template variable, such as {chatsId},
//     is a key: it goes in parentheses after the segment before it, as in
//     chats('19:abc@thread.v2')/installedApps;
//   - a key at the end is dropped and the body is a single entity, marked
//     /$entity: GET /beta/chats/{id} answers with …#chats/$entity;
//   - otherwise a body with a "value" array is a collection (no suffix)
//     and any other body is an entity (/$entity);
//   - a path ending in $ref gives …#$ref.
func ODataContext(path string, template []string, collection bool) string {
	segs := strings.Split(strings.TrimSuffix(path, "/"), "/")
	if len(segs) < 2 {
		return GraphRoot + "/$metadata"
	}
	prefix := GraphRoot + "/" + segs[1] + "/$metadata#"
	segs = segs[2:]
	if n := len(segs); n > 0 && (segs[n-1] == "$ref" || segs[n-1] == "%24ref") {
		return prefix + "$ref"
	}
	isKey := func(i int) bool {
		if len(template) != len(segs)+2 {
			return false
		}
		t := template[i+2]
		return strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") && strings.Count(t, "{") == 1
	}
	var b strings.Builder
	b.WriteString(prefix)
	endsWithKey := false
	for i, s := range segs {
		switch {
		case i > 0 && isKey(i) && !isKey(i-1):
			if i == len(segs)-1 {
				endsWithKey = true
				continue
			}
			b.WriteString("('")
			b.WriteString(strings.ReplaceAll(s, "'", "''"))
			b.WriteString("')")
		default:
			if i > 0 {
				b.WriteByte('/')
			}
			b.WriteString(s)
		}
	}
	if endsWithKey || !collection {
		b.WriteString("/$entity")
	}
	return b.String()
}
