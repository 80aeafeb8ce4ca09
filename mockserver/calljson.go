package mockserver

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/graphmock/graphmock/internal/strictjson"
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
	out.Body, out.BodyEncoding = strictjson.Embed(c.Body, true, true)
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
	body, err := strictjson.Unembed(in.Body, in.BodyEncoding)
	if err != nil {
		return fmt.Errorf("call body: %w", err)
	}
	c.Body = body
	return nil
}
