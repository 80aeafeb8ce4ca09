package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/graphmock/graphmock/internal/graphwire"
)

// odataContextAuto is the Response.ODataContext value that derives the
// context URL from the request path.
const odataContextAuto = "auto"

// derivedResponse is what a compiled response takes from each request.
type derivedResponse struct {
	context     string    // odataContext: an explicit URL (put in the body at load, unless the body is a template)
	autoContext bool      // odataContext: auto
	location    bool      // a 201 whose scenario sets no Location
	shape       bodyShape // of a static body; a template's is found per request
}

// bodyShape is what the Graph defaults need to know of a JSON body.
type bodyShape struct {
	object     bool   // the body is a JSON object
	empty      bool   // and has no members
	collection bool   // it has a "value" array
	hasContext bool   // it has its own @odata.context
	id         string // its "id", when that is a string
}

// shapeOf looks at the top level of a JSON body. It reads the body as
// decoding it into a map[string]json.RawMessage would (a member written
// twice counts as its last), without building the map: every static body
// of a set is looked at when it loads.
func shapeOf(body []byte) bodyShape {
	if !json.Valid(body) {
		return bodyShape{}
	}
	i := skipJSONSpace(body, 0)
	if body[i] != '{' {
		return bodyShape{} // null, a list or a scalar
	}
	sh := bodyShape{object: true, empty: true}
	var id []byte // the last "id"'s value
	for i = skipJSONSpace(body, i+1); body[i] != '}'; {
		keyEnd := jsonValueEnd(body, i)
		key := body[i:keyEnd]
		i = skipJSONSpace(body, keyEnd) // at ':'
		i = skipJSONSpace(body, i+1)    // at the value
		end := jsonValueEnd(body, i)
		switch string(jsonKey(key)) {
		case "@odata.context":
			sh.hasContext = true
		case "value":
			sh.collection = body[i] == '['
		case "id":
			id = body[i:end]
		}
		sh.empty = false
		if i = skipJSONSpace(body, end); body[i] == ',' {
			i = skipJSONSpace(body, i+1)
		}
	}
	if len(id) > 0 && id[0] == '"' {
		if inner := id[1 : len(id)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
			sh.id = string(inner)
		} else {
			var s string
			_ = json.Unmarshal(id, &s)
			sh.id = s
		}
	}
	return sh
}

// jsonKey returns the text of key, a JSON string in valid JSON: the bytes
// between its quotes unless it has escapes.
func jsonKey(key []byte) []byte {
	inner := key[1 : len(key)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner
	}
	var s string
	_ = json.Unmarshal(key, &s)
	return []byte(s)
}

// skipJSONSpace returns the index of the first byte from i on that is not
// JSON whitespace.
func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// jsonValueEnd returns the index just past the value starting at i, in
// valid JSON.
func jsonValueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		for j := i + 1; ; j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
	case '{', '[':
		depth := 0
		for j := i; ; j++ {
			switch b[j] {
			case '"':
				j = jsonValueEnd(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
	default: // a number, true, false or null
		j := i
		for j < len(b) {
			switch b[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return j
			}
			j++
		}
		return j
	}
}

// compileGraphDefaults prepares what Graph adds to a response that the
// scenario leaves out: @odata.context (an explicit URL is put in a static
// body once, at load; "auto" is derived per request), a 201's Location
// (derived per request from the path and the body's id); a 401's
// WWW-Authenticate challenge is added with the headers that follow from
// the status (completeHeaders). It runs before the body's Content-Length
// is set; header is the response's static headers, nil when none.
func (c *compiledResponse) compileGraphDefaults(r Response, header http.Header) []fieldProblem {
	var errs []fieldProblem
	templated := c.bodyTmpl != nil
	if c.isJSON && !templated {
		c.derived.shape = shapeOf(c.body)
	}
	if r.ODataContext != "" {
		object := c.derived.shape.object
		if templated {
			object = c.isJSON && bytes.HasPrefix(bytes.TrimSpace(c.body), []byte("{"))
		}
		switch {
		case !object:
			errs = append(errs, fieldProblem{at("odataContext"), errors.New("needs a body that is a JSON object")})
		case c.derived.shape.hasContext:
			errs = append(errs, fieldProblem{at("odataContext"), errors.New("the body already has an @odata.context: remove one of them")})
		case r.ODataContext == odataContextAuto:
			c.derived.autoContext = true
		default:
			if u, err := url.Parse(r.ODataContext); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				errs = append(errs, fieldProblem{at("odataContext"), fmt.Errorf("%q: want %q or an absolute URL such as %s/beta/$metadata#chats/$entity", r.ODataContext, odataContextAuto, graphwire.GraphRoot)})
				break
			}
			if templated {
				c.derived.context = r.ODataContext
			} else {
				c.body = graphwire.WithODataContext(c.body, r.ODataContext, c.derived.shape.empty)
			}
		}
	}
	_, set := header["Location"]
	for _, ht := range c.headerTmpl {
		set = set || ht.name == "Location"
	}
	if !set && r.Status == http.StatusCreated && c.isJSON && (templated || c.derived.shape.id != "") {
		c.derived.location = true
	}
	return errs
}

// derive adds to rep, the reply rendered for in, what the response takes
// from the request: an auto @odata.context, a templated body's explicit
// one, and a 201's Location, which points back at graphmock as the client
// reached it (scheme, host and session prefix). template is the
// scenario's path template split at '/'.
func (c *compiledResponse) derive(rep *reply, in *incoming, template []string) {
	d := &c.derived
	if (!d.autoContext && d.context == "" && !d.location) || rep.err != nil {
		return
	}
	shape := d.shape
	if c.bodyTmpl != nil {
		shape = shapeOf(rep.body)
		if !shape.object {
			return
		}
	}
	path := in.path
	context := d.context
	if d.autoContext {
		context = graphwire.ODataContext(path, template, shape.collection)
	}
	if context != "" && !shape.hasContext {
		rep.body = graphwire.WithODataContext(rep.body, context, shape.empty)
		rep.setLength(len(rep.body))
	}
	if d.location && shape.id != "" {
		rep.setExtra("Location", in.baseURL()+strings.TrimSuffix(path, "/")+"/"+url.PathEscape(shape.id))
	}
}
