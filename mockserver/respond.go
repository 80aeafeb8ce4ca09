package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/textproto"
	"path"
	"strconv"
)

// cannedResponse is a scenario's response, prepared at load: headers in
// canonical form and the body read, so serving it copies nothing.
type cannedResponse struct {
	status int
	header http.Header
	fields []headerField // header as a list, which is quicker to copy
	body   []byte
}

// headerField is one canonical header with its values.
type headerField struct {
	name   string
	values []string
}

// write sends the response. The Graph headers must already be set.
func (c *cannedResponse) write(w http.ResponseWriter) {
	h := w.Header()
	for _, f := range c.fields {
		h[f.name] = f.values
	}
	w.WriteHeader(c.status)
	if len(c.body) > 0 {
		_, _ = w.Write(c.body)
	}
}

// bodyless reports whether HTTP forbids a body with status.
func bodyless(status int) bool {
	return status == http.StatusNoContent || status == http.StatusNotModified || (status >= 100 && status < 200)
}

// buildResponse checks a Response and prepares it. Errors name fields
// relative to the response.
func buildResponse(folder fs.FS, r Response) (cannedResponse, []fieldErr) {
	var errs []fieldErr
	c := cannedResponse{status: r.Status, header: make(http.Header)}
	switch {
	case r.Status == 0:
		errs = append(errs, fieldErr{"status", errors.New("missing status, such as 204")})
	case r.Status < 200 || r.Status > 599:
		errs = append(errs, fieldErr{"status", fmt.Errorf("%d: want a final HTTP status from 200 to 599", r.Status)})
	}

	body, isJSON, err := responseBody(folder, r)
	if err != nil {
		field := "body"
		if r.BodyFile != "" {
			field = "bodyFile"
		}
		errs = append(errs, fieldErr{field, err})
	}
	if len(body) > 0 && bodyless(r.Status) {
		errs = append(errs, fieldErr{"status", fmt.Errorf("a %d response cannot have a body (HTTP forbids it, RFC 9110): remove the body, or answer 200 with it", r.Status)})
	}
	c.body = body

	for name, value := range r.Headers {
		field := joinField("headers", name)
		switch {
		case !tokenRE.MatchString(name):
			errs = append(errs, fieldErr{field, fmt.Errorf("%q is not a valid header name", name)})
		case !validHeaderValue(value):
			errs = append(errs, fieldErr{field, errors.New("header values cannot contain control characters")})
		case headerSent(name):
			errs = append(errs, fieldErr{field, fmt.Errorf("%s is set by graphmock; remove it", textproto.CanonicalMIMEHeaderKey(name))})
		default:
			c.header[textproto.CanonicalMIMEHeaderKey(name)] = []string{value}
		}
	}
	if len(body) > 0 {
		if _, set := c.header["Content-Type"]; !set {
			switch {
			case isJSON:
				c.header["Content-Type"] = []string{GraphJSONContentType}
			case r.BodyFile != "" && mime.TypeByExtension(path.Ext(r.BodyFile)) != "":
				c.header["Content-Type"] = []string{mime.TypeByExtension(path.Ext(r.BodyFile))}
			default:
				c.header["Content-Type"] = []string{http.DetectContentType(body)}
			}
		}
	}
	if !bodyless(r.Status) {
		c.header["Content-Length"] = []string{strconv.Itoa(len(body))}
	}
	if r.Status >= 200 && r.Status < 300 {
		if _, set := c.header["Odata-Version"]; !set {
			c.header["Odata-Version"] = []string{"4.0"}
		}
	}
	for name, values := range c.header {
		c.fields = append(c.fields, headerField{name, values})
	}
	return c, errs
}

// responseBody returns the body bytes of r and whether they are JSON.
func responseBody(folder fs.FS, r Response) ([]byte, bool, error) {
	if r.BodyFile != "" {
		if r.Body != nil {
			return nil, false, errors.New("give body or bodyFile, not both")
		}
		name, err := folderPath(r.BodyFile)
		if err != nil {
			return nil, false, err
		}
		if folder == nil {
			return nil, false, fmt.Errorf("%s: no folder to read files from (pass an fs.FS)", name)
		}
		data, err := fs.ReadFile(folder, name)
		if err != nil {
			return nil, false, fileError(name, err)
		}
		isJSON := path.Ext(name) == ".json"
		if isJSON && !json.Valid(data) {
			return nil, false, fmt.Errorf("%s: not valid JSON (%v)", name, jsonError(data))
		}
		return data, isJSON, nil
	}
	switch b := r.Body.(type) {
	case nil:
		return nil, false, nil
	case string:
		return []byte(b), json.Valid([]byte(b)), nil
	case []byte:
		return b, json.Valid(b), nil
	case json.RawMessage:
		if !json.Valid(b) {
			return nil, false, fmt.Errorf("not valid JSON (%v)", jsonError(b))
		}
		return b, true, nil
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, false, fmt.Errorf("cannot be sent as JSON: %v", err)
		}
		return data, true, nil
	}
}

// jsonError describes what is wrong with data, which is not valid JSON.
func jsonError(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	return errors.New("invalid JSON")
}
