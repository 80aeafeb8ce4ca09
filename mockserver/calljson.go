package mockserver

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// How a Call's body is written in its JSON form.
const (
	bodyJSON   = "json"   // the body is JSON and is written as JSON
	bodyText   = "text"   // the body is UTF-8 text and is written as a string
	bodyBase64 = "base64" // anything else, written as a base64 string
)

// callAlias has Call's fields without its methods, so that MarshalJSON and
// UnmarshalJSON can use the default encoding for most fields.
type callAlias Call

// MarshalJSON writes the call for people and other programs to read: the
// body as JSON when it is JSON, as a string when it is other UTF-8 text,
// and in base64 otherwise, with bodyEncoding ("json", "text" or "base64")
// saying which; the duration as a Go duration string such as "1.2ms".
func (c Call) MarshalJSON() ([]byte, error) {
	out := struct {
		callAlias
		Duration     string          `json:"duration"`
		Body         json.RawMessage `json:"body,omitempty"`
		BodyEncoding string          `json:"bodyEncoding,omitempty"`
	}{callAlias: callAlias(c), Duration: c.Duration.String()}
	var err error
	switch {
	case len(c.Body) == 0:
	case utf8.Valid(c.Body) && json.Valid(c.Body):
		out.Body, out.BodyEncoding = c.Body, bodyJSON
	case utf8.Valid(c.Body):
		out.Body, err = json.Marshal(string(c.Body))
		out.BodyEncoding = bodyText
	default:
		out.Body, err = json.Marshal(base64.StdEncoding.EncodeToString(c.Body))
		out.BodyEncoding = bodyBase64
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON writes, restoring the body's exact
// bytes (up to the white space of a JSON body).
func (c *Call) UnmarshalJSON(data []byte) error {
	in := struct {
		*callAlias
		Duration     string          `json:"duration"`
		Body         json.RawMessage `json:"body"`
		BodyEncoding string          `json:"bodyEncoding"`
	}{callAlias: (*callAlias)(c)}
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	c.Duration = 0
	if in.Duration != "" {
		d, err := time.ParseDuration(in.Duration)
		if err != nil {
			return fmt.Errorf("call duration: %w", err)
		}
		c.Duration = d
	}
	c.Body = nil
	if len(in.Body) == 0 || string(in.Body) == "null" {
		return nil
	}
	switch in.BodyEncoding {
	case bodyJSON:
		c.Body = []byte(in.Body)
	case bodyText, bodyBase64:
		var s string
		if err := json.Unmarshal(in.Body, &s); err != nil {
			return fmt.Errorf("call body: %w", err)
		}
		c.Body = []byte(s)
		if in.BodyEncoding == bodyBase64 {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return fmt.Errorf("call body: %w", err)
			}
			c.Body = b
		}
	default:
		return fmt.Errorf("call body: unknown bodyEncoding %q: want json, text or base64", in.BodyEncoding)
	}
	return nil
}
