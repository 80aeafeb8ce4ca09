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
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/graphmock/graphmock/internal/folder"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/render"
	"github.com/graphmock/graphmock/internal/schema"
	"github.com/graphmock/graphmock/internal/strictyaml"
)

// compiledResponse is a scenario's response, prepared at load: headers in
// canonical form and the body read, so a plain response copies nothing
// when served. Templated parts are rendered per request.
type compiledResponse struct {
	status    int
	fields    []headerField    // static headers, canonical, including Content-Type
	body      []byte           // static body
	isJSON    bool             // the body is meant to be JSON
	graphErr  *graphwire.Error // a canned Graph error (the short forms); shared, read-only
	schema    *schema.Schema   // the response's BodySchema, for CheckResponses; nil when none
	graphType *graphType       // the response's BodyType, for CheckResponses; nil when none

	bodyTmpl   *render.Body // set when Template and there is a body
	headerTmpl []headerTmpl // templated header values
	delay      *Delay       // nil: none
	fault      Fault        // "": none

	derived     derivedResponse // what Graph adds per request (graphdefaults.go)
	derivedMemo derivedMemoOf   // what it derived per path (derivememo.go), made on first use
	// derivedBudget counts the bytes the derived memos of the responses
	// compiled with this one hold; nil: remember nothing.
	derivedBudget *atomic.Int64
}

// headerField is one canonical header with its values.
type headerField struct {
	name   string
	values []string
}

// headerTmpl is a templated header value.
type headerTmpl struct {
	name string
	t    *render.Text
}

// bodyless reports whether HTTP forbids a body with status.
func bodyless(status int) bool {
	return status == http.StatusNoContent || status == http.StatusNotModified || (status >= 100 && status < 200)
}

// compileResponse checks a Response and prepares it. Errors name fields
// relative to the response, in the order of the steps: how it is
// delivered, the short forms or the status, the body, the headers, the
// body's template, what Graph adds, and the headers that follow from the
// body.
func compileResponse(dir fs.FS, base string, r Response) (*compiledResponse, []fieldProblem) {
	errs := checkDelivery(r)
	if c, short, shortErrs := compileShortForm(r); short {
		if c != nil {
			c.delay, c.fault = r.Delay, r.Fault
		}
		return c, append(errs, shortErrs...)
	}

	c := &compiledResponse{status: r.Status, delay: r.Delay, fault: r.Fault}
	errs = append(errs, checkStatus(r.Status)...)
	errs = append(errs, c.compileBody(dir, base, r)...)
	header, headerErrs := c.compileHeaders(r)
	errs = append(errs, headerErrs...)
	errs = append(errs, c.compileBodyTemplate(r)...)
	errs = append(errs, c.compileGraphDefaults(r, header)...)
	c.completeHeaders(r, header)
	return c, errs
}

// checkDelivery checks how the response is delivered: its delay and fault.
func checkDelivery(r Response) []fieldProblem {
	var errs []fieldProblem
	if r.Delay != nil {
		if err := checkDelay(r.Delay); err != nil {
			errs = append(errs, fieldProblem{at("delay"), err})
		}
	}
	if err := checkFault(r.Fault); err != nil {
		errs = append(errs, fieldProblem{at("fault"), err})
	}
	return errs
}

// checkStatus checks the status of a response that is not a short form.
func checkStatus(status int) []fieldProblem {
	switch {
	case status == 0:
		return []fieldProblem{{at("status"), errors.New("missing status, such as 204 (or a short form: throttle, serviceUnavailable, gatewayTimeout)")}}
	case status < 200 || status > 599:
		return []fieldProblem{{at("status"), fmt.Errorf("%d: want a final HTTP status from 200 to 599", status)}}
	}
	return nil
}

// bodyField is the field that gives the body: bodyFile or body.
func bodyField(r Response) strictyaml.Path {
	if r.BodyFile != "" {
		return at("bodyFile")
	}
	return at("body")
}

// compileBody reads the body into c and checks that the status and the
// fault allow it.
func (c *compiledResponse) compileBody(dir fs.FS, base string, r Response) []fieldProblem {
	var errs []fieldProblem
	body, isJSON, err := responseBody(dir, base, r)
	if err != nil {
		errs = append(errs, fieldProblem{bodyField(r), err})
	}
	if len(body) > 0 && bodyless(r.Status) {
		errs = append(errs, fieldProblem{at("status"), fmt.Errorf("a %d response cannot have a body (HTTP forbids it, RFC 9110): remove the body, or answer 200 with it", r.Status)})
	}
	c.body, c.isJSON = body, isJSON
	if r.Fault == FaultTruncatedBody && len(body) < 2 {
		errs = append(errs, fieldProblem{at("fault"), errors.New("truncatedBody needs a body of at least 2 bytes to cut short")})
	}
	return errs
}

// compileHeaders checks the response's own headers: it returns the static
// ones, canonical (nil when there are none), and keeps the templated ones
// in c.
func (c *compiledResponse) compileHeaders(r Response) (http.Header, []fieldProblem) {
	var errs []fieldProblem
	var header http.Header
	for name, value := range r.Headers {
		field := at("headers").Key(name)
		switch {
		case !graphwire.ValidToken(name):
			errs = append(errs, fieldProblem{field, fmt.Errorf("%q is not a valid header name", name)})
		case !graphwire.ValidHeaderValue(value):
			errs = append(errs, fieldProblem{field, errors.New("header values cannot contain control characters")})
		case graphwire.Framing(name):
			errs = append(errs, fieldProblem{field, fmt.Errorf("%s is set by graphmock; remove it", textproto.CanonicalMIMEHeaderKey(name))})
		case r.Template && strings.Contains(value, "{{"):
			t, err := render.Parse("headers."+name, value)
			if err != nil {
				errs = append(errs, fieldProblem{field, err})
				continue
			}
			c.headerTmpl = append(c.headerTmpl, headerTmpl{textproto.CanonicalMIMEHeaderKey(name), t})
		default:
			if header == nil {
				header = make(http.Header, len(r.Headers))
			}
			header[textproto.CanonicalMIMEHeaderKey(name)] = []string{value}
		}
	}
	return header, errs
}

// compileBodyTemplate parses the body as a template when the response is
// templated.
func (c *compiledResponse) compileBodyTemplate(r Response) []fieldProblem {
	if !r.Template || len(c.body) == 0 {
		return nil
	}
	t, err := render.ParseBody(r.Body, c.body)
	c.bodyTmpl = t
	if err != nil {
		return []fieldProblem{{bodyField(r), err}}
	}
	return nil
}

// completeHeaders adds the headers that follow from the body and the
// status (Content-Type, Content-Length, OData-Version, a 401's
// WWW-Authenticate) to header, unless the response sets them, and keeps
// the result in c, sorted by name. It builds the list itself instead of
// adding to header: most responses set no header of their own.
func (c *compiledResponse) completeHeaders(r Response, header http.Header) {
	fields := make([]headerField, 0, len(header)+4)
	for name, values := range header {
		fields = append(fields, headerField{name, values})
	}
	slices.SortFunc(fields, compareFields)
	find := func(name string) (int, bool) {
		return slices.BinarySearchFunc(fields, name, func(f headerField, name string) int { return strings.Compare(f.name, name) })
	}
	// add sets name to values unless it is set and keep.
	add := func(name string, values []string, keep bool) {
		i, set := find(name)
		switch {
		case !set:
			fields = slices.Insert(fields, i, headerField{name, values})
		case !keep:
			fields[i].values = values
		}
	}
	body := c.body
	if len(body) > 0 {
		i, set := find("Content-Type")
		if !set {
			var ct []string
			switch {
			case c.isJSON:
				ct = graphJSONContentType
			case r.BodyFile != "" && mime.TypeByExtension(path.Ext(r.BodyFile)) != "":
				ct = []string{mime.TypeByExtension(path.Ext(r.BodyFile))}
			default:
				ct = []string{http.DetectContentType(body)}
			}
			fields = slices.Insert(fields, i, headerField{"Content-Type", ct})
		}
		if vs := fields[i].values; len(vs) > 0 && strings.Contains(vs[0], "json") {
			c.isJSON = true
		}
	}
	if !bodyless(r.Status) && c.bodyTmpl == nil {
		add("Content-Length", []string{strconv.Itoa(len(body))}, false)
	}
	if r.Status >= 200 && r.Status < 300 {
		add("Odata-Version", odataVersion4, true)
	}
	if r.Status == http.StatusUnauthorized {
		add("Www-Authenticate", graphwire.HeaderBearerChallenge, true)
	}
	c.fields = fields
}

// compareFields orders header fields by name.
func compareFields(a, b headerField) int { return strings.Compare(a.name, b.name) }

// compileShortForm compiles Throttle, ServiceUnavailable or
// GatewayTimeout; short reports whether r uses one.
func compileShortForm(r Response) (c *compiledResponse, short bool, errs []fieldProblem) {
	type form struct {
		field string
		f     *GraphFault
		kind  graphFaultKind
	}
	var forms []form
	for _, f := range []form{{"throttle", r.Throttle, throttleKind}, {"serviceUnavailable", r.ServiceUnavailable, unavailableKind}, {"gatewayTimeout", r.GatewayTimeout, timeoutKind}} {
		if f.f != nil {
			forms = append(forms, f)
		}
	}
	if len(forms) == 0 {
		return nil, false, nil
	}
	if len(forms) > 1 {
		return nil, true, []fieldProblem{{at(forms[1].field), fmt.Errorf("give one of throttle, serviceUnavailable or gatewayTimeout, not %s and %s", forms[0].field, forms[1].field)}}
	}
	f := forms[0]
	if r.Status != 0 || r.Body != nil || r.BodyFile != "" || r.Template {
		errs = append(errs, fieldProblem{at(f.field), fmt.Errorf("%s gives Graph's own status and body: remove status, body, bodyFile and template", f.field)})
	}
	if r.ODataContext != "" {
		errs = append(errs, fieldProblem{at("odataContext"), fmt.Errorf("%s answers with Graph's error body, which has no @odata.context: remove odataContext", f.field)})
	}
	c, err := graphFaultResponse(f.kind, f.f)
	if err != nil {
		return nil, true, append(errs, fieldProblem{at(f.field), err})
	}
	header := make(http.Header)
	for name, value := range r.Headers {
		if !graphwire.ValidToken(name) || !graphwire.ValidHeaderValue(value) || graphwire.Framing(name) {
			errs = append(errs, fieldProblem{at("headers").Key(name), fmt.Errorf("%q: not a header graphmock can send", name)})
			continue
		}
		header[textproto.CanonicalMIMEHeaderKey(name)] = []string{value}
	}
	for _, hf := range c.fields {
		header[hf.name] = hf.values
	}
	c.fields = sortedFields(header)
	return c, true, errs
}

// The values of the headers most responses have, shared by them all:
// header values are read, never changed.
var (
	graphJSONContentType = []string{graphwire.GraphJSONContentType}
	odataVersion4        = []string{"4.0"}
)

func sortedFields(h http.Header) []headerField {
	fields := make([]headerField, 0, len(h))
	for name, values := range h {
		fields = append(fields, headerField{name, values})
	}
	slices.SortFunc(fields, compareFields)
	return fields
}

// render produces the reply for one request: the static parts as they
// are, templated ones executed. An execution error, or templated JSON that
// is not JSON, is a Graph 500 naming the scenario.
func (c *compiledResponse) render(scenario string, data func() *render.Data) reply {
	rep := reply{status: c.status, fields: c.fields, body: c.body, delay: pickDelay(c.delay), fault: c.fault, err: c.graphErr}
	if c.graphErr != nil || (c.bodyTmpl == nil && len(c.headerTmpl) == 0) {
		return rep
	}
	d := data()
	fail := func(what string, err error) reply {
		return errorReply(graphwire.Internal("Scenario %q: %s: %v", scenario, what, err))
	}
	for _, ht := range c.headerTmpl {
		v, err := ht.t.Render(d)
		if err != nil {
			return fail("header "+ht.name+" template", err)
		}
		if !graphwire.ValidHeaderValue(v) {
			return fail("header "+ht.name+" template", errors.New("the value has control characters"))
		}
		rep.extra = append(rep.extra, headerField{ht.name, []string{v}})
	}
	if c.bodyTmpl != nil {
		body, err := c.bodyTmpl.Render(d)
		if err != nil {
			return fail("body template", err)
		}
		if c.isJSON && !json.Valid(body) {
			return fail("body template", fmt.Errorf("the output is not valid JSON (%v): %.200q", jsonError(body), body))
		}
		rep.body = body
		if !bodyless(c.status) {
			rep.setLength(len(body))
		}
	}
	return rep
}

// responseBody returns the body bytes of r and whether they are JSON.
func responseBody(dir fs.FS, base string, r Response) ([]byte, bool, error) {
	if r.BodyFile != "" {
		if r.Body != nil {
			return nil, false, errors.New("give body or bodyFile, not both")
		}
		name, err := folder.Path(r.BodyFile, base)
		if err != nil {
			return nil, false, err
		}
		if dir == nil {
			return nil, false, fmt.Errorf("%s: no folder to read files from (pass an fs.FS)", name)
		}
		data, err := fs.ReadFile(dir, name)
		if err != nil {
			return nil, false, folder.FileError(name, err, base)
		}
		isJSON := path.Ext(name) == ".json"
		if isJSON && !r.Template && !json.Valid(data) {
			return nil, false, fmt.Errorf("%s: not valid JSON (%v)", name, jsonError(data))
		}
		return data, isJSON, nil
	}
	switch b := r.Body.(type) {
	case nil:
		return nil, false, nil
	case string:
		return []byte(b), json.Valid([]byte(b)) || (r.Template && looksLikeJSON(b)), nil
	case []byte:
		return b, json.Valid(b), nil
	case json.RawMessage:
		if !json.Valid(b) {
			return nil, false, fmt.Errorf("not valid JSON (%v)", jsonError(b))
		}
		return b, true, nil
	default:
		if data, ok := plainJSON(b); ok {
			return data, true, nil
		}
		data, err := json.Marshal(b)
		if err != nil {
			return nil, false, fmt.Errorf("cannot be sent as JSON: %v", err)
		}
		return data, true, nil
	}
}

// looksLikeJSON guesses whether a body template is meant to produce JSON.
func looksLikeJSON(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")
}

// jsonError describes what is wrong with data, which is not valid JSON.
func jsonError(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	return errors.New("invalid JSON")
}
