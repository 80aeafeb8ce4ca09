package strictjson

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// How a body is embedded in a JSON document.
const (
	EmbedJSON   = "json"   // the body is JSON and is embedded as JSON
	EmbedText   = "text"   // the body is UTF-8 text, embedded as a string
	EmbedBase64 = "base64" // anything else, embedded as a base64 string
)

// Embed returns body as a JSON value to put inside a document, and which
// form it took: itself when it is valid JSON and asJSON allows it, a string
// of its text when it is UTF-8 and asText allows it, otherwise a string
// holding its base64 (RFC 4648 standard alphabet, padded). An empty body
// embeds as nothing ("").
func Embed(body []byte, asJSON, asText bool) (json.RawMessage, string) {
	switch {
	case len(body) == 0:
		return nil, ""
	case asJSON && utf8.Valid(body) && json.Valid(body):
		return body, EmbedJSON
	case asText && utf8.Valid(body):
		return quote(string(body)), EmbedText
	default:
		return quote(base64.StdEncoding.EncodeToString(body)), EmbedBase64
	}
}

// Unembed returns the bytes Embed embedded as form.
func Unembed(v json.RawMessage, form string) ([]byte, error) {
	if len(v) == 0 || string(v) == "null" {
		return nil, nil
	}
	switch form {
	case EmbedJSON:
		return []byte(v), nil
	case EmbedText, EmbedBase64:
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, err
		}
		if form == EmbedText {
			return []byte(s), nil
		}
		return base64.StdEncoding.DecodeString(s)
	default:
		return nil, fmt.Errorf("unknown body encoding %q: want json, text or base64", form)
	}
}

func quote(s string) json.RawMessage {
	b, err := json.Marshal(s)
	if err != nil { // a string always marshals
		panic(err)
	}
	return b
}
