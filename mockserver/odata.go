package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// GraphRoot is the Microsoft Graph service root that derived URLs
// (@odata.context, Location) start with, as real Graph's do.
const GraphRoot = "https://graph.microsoft.com"

// ODataContextAuto is the Response.ODataContext value that derives the
// context URL from the request path.
const ODataContextAuto = "auto"

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
func (c *compiledResponse) compileGraphDefaults(r Response, header http.Header) []fieldErr {
	var errs []fieldErr
	if r.Status == http.StatusUnauthorized {
		if _, set := header["Www-Authenticate"]; !set {
			header["Www-Authenticate"] = hdrBearerChallng
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
			errs = append(errs, fieldErr{"odataContext", errors.New("needs a body that is a JSON object")})
		case c.derived.shape.hasContext:
			errs = append(errs, fieldErr{"odataContext", errors.New("the body already has an @odata.context: remove one of them")})
		case r.ODataContext == ODataContextAuto:
			c.derived.autoContext = true
		default:
			if u, err := url.Parse(r.ODataContext); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				errs = append(errs, fieldErr{"odataContext", fmt.Errorf("%q: want %q or an absolute URL such as %s/beta/$metadata#chats/$entity", r.ODataContext, ODataContextAuto, GraphRoot)})
				break
			}
			if templated {
				c.derived.context = r.ODataContext
			} else {
				c.body = withODataContext(c.body, r.ODataContext, c.derived.shape.empty)
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

// withODataContext returns a copy of a JSON object body with
// "@odata.context" as its first member, where Graph puts it.
func withODataContext(body []byte, context string, empty bool) []byte {
	i := bytes.IndexByte(body, '{') + 1
	value, _ := json.Marshal(context) // a string always marshals
	out := make([]byte, 0, len(body)+len(value)+20)
	out = append(out, body[:i]...)
	out = append(out, `"@odata.context":`...)
	out = append(out, value...)
	if !empty {
		out = append(out, ',')
	}
	return append(out, body[i:]...)
}

// derive adds to rep, the reply rendered for r, what the response takes
// from the request: an auto @odata.context, a templated body's explicit
// one, and a 201's Location. template is the scenario's path template
// split at '/'.
func (c *compiledResponse) derive(rep *reply, r *http.Request, template []string) {
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
	path := escapedPath(r)
	context := d.context
	if d.autoContext {
		context = autoODataContext(path, template, shape.collection)
	}
	if context != "" && !shape.hasContext {
		rep.body = withODataContext(rep.body, context, shape.empty)
		setExtra(rep, "Content-Length", strconv.Itoa(len(rep.body)))
	}
	if d.location && shape.id != "" {
		setExtra(rep, "Location", GraphRoot+strings.TrimSuffix(path, "/")+"/"+url.PathEscape(shape.id))
	}
}

// setExtra sets a header made for this request, replacing one already set.
func setExtra(rep *reply, name, value string) {
	for i, f := range rep.extra {
		if f.name == name {
			rep.extra[i].values = []string{value}
			return
		}
	}
	rep.extra = append(rep.extra, headerField{name, []string{value}})
}

// autoODataContext derives the @odata.context of a response from the
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
func autoODataContext(path string, template []string, collection bool) string {
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
