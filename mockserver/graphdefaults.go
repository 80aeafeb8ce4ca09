package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

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

// shapeOf looks at the top level of a JSON body.
func shapeOf(body []byte) bodyShape {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil || obj == nil {
		return bodyShape{}
	}
	sh := bodyShape{object: true, empty: len(obj) == 0, hasContext: obj["@odata.context"] != nil,
		collection: bytes.HasPrefix(bytes.TrimSpace(obj["value"]), []byte("["))}
	_ = json.Unmarshal(obj["id"], &sh.id)
	return sh
}

// compileGraphDefaults prepares what Graph adds to a response that the
// scenario leaves out: @odata.context (an explicit URL is put in a static
// body once, at load; "auto" is derived per request), a 201's Location
// (derived per request from the path and the body's id), and a 401's
// WWW-Authenticate challenge. It runs before the body's Content-Length is
// set; header is the response's static headers.
func (c *compiledResponse) compileGraphDefaults(r Response, header http.Header) []fieldProblem {
	var errs []fieldProblem
	if r.Status == http.StatusUnauthorized {
		if _, set := header["Www-Authenticate"]; !set {
			header["Www-Authenticate"] = graphwire.HeaderBearerChallenge
		}
	}
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
