package mockserver

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/graphmock/graphmock/internal/batch"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/render"
	"github.com/graphmock/graphmock/internal/strictjson"
)

// reply is what the server decided to answer.
type reply struct {
	status int
	fields []headerField    // static headers
	extra  []headerField    // headers made for this request
	body   []byte           // unused when err is set: the error makes its own
	err    *graphwire.Error // a Graph error to send
	delay  time.Duration    // wait before answering
	fault  Fault            // break the connection instead
}

// errorReply answers with a Graph error.
func errorReply(e *graphwire.Error) reply { return reply{status: e.Status, err: e} }

// setExtra sets a header made for this request, replacing one already set.
func (rep *reply) setExtra(name, value string) {
	for i, f := range rep.extra {
		if f.name == name {
			rep.extra[i].values = []string{value}
			return
		}
	}
	rep.extra = append(rep.extra, headerField{name, []string{value}})
}

// setLength sets the Content-Length of a body made for this request.
func (rep *reply) setLength(n int) { rep.setExtra("Content-Length", strconv.Itoa(n)) }

// faultAbort is the fault of a batch whose item broke the connection: the
// batch's connection is broken in turn (an item has none of its own).
const faultAbort Fault = "abort"

// A decision is everything the server decided about one request: which
// scenario (or other answerer) answers it and how, or why nothing does. It
// is made once, by decide, and the call recorded in the journal is built
// from it and nothing else.
type decision struct {
	scenario string            // the matched scenario, BatchScenario, or ""
	vars     map[string]string // its path variables
	outcome  Outcome
	response int       // which of the scenario's responses, from 0
	chaos    bool      // a chaos error replaced the response
	closest  string    // for an unmatched request, the closest scenario
	near     *NearMiss // and what differed
	entity   string    // for a simulated call, the entity it touched
	ignored  []string  // and the query options it ignored
	problem  string    // why the call was not served as asked, when the reply does not say
	reply    reply
}

// refuse returns the decision to answer with a Graph error: the call is
// recorded with the outcome, and with the error's message as its problem
// unless the outcome is Served.
func refuse(outcome Outcome, scenario string, e *graphwire.Error) decision {
	return decision{scenario: scenario, outcome: outcome, reply: errorReply(e)}
}

// A route is how a request reached the mock that answers it: through a
// session's URL prefix, as an item of a JSON batch, or for a session that
// is not live, with the answer already decided.
type route struct {
	base   string           // the URL the client put before the Graph path: origin and any session prefix
	refuse *graphwire.Error // when set, answer this without matching
	link   *batch.Link      // for a request built from a batch item
}

// incoming is a request being answered, with what has been learnt of it so
// far. The body is read at most once, when something first needs it; it is
// parsed as JSON at most once, and only when something needs the parsed
// form.
type incoming struct {
	r         *http.Request
	route     route
	path      string // the path as sent, percent-encoded
	requestID string
	keys      *strictjson.Keys // may be nil
	maxBody   int64

	read     bool
	body     []byte
	readErr  error
	tooLarge bool // the body was over the limit and not read

	parsed bool
	doc    any
	docErr error

	queryParsed bool
	queryValues url.Values
}

// sentPath returns the path as the client sent it, percent-encoded.
func (in *incoming) sentPath() string {
	if in.path == "" {
		in.path = graphwire.EscapedPath(in.r)
	}
	return in.path
}

// readBody reads the body, once, within the mock's limit, and returns the
// error reading it met, if any.
func (in *incoming) readBody() error {
	if !in.read {
		in.read = true
		in.body, in.readErr = graphwire.ReadBody(in.r, in.maxBody)
		_, in.tooLarge = in.readErr.(*http.MaxBytesError)
	}
	return in.readErr
}

// json returns the body parsed as JSON.
func (in *incoming) json() (any, error) {
	if !in.parsed {
		in.parsed = true
		_ = in.readBody() // a body cut short fails to parse
		in.doc, in.docErr = strictjson.ParseKeys(in.body, in.keys)
	}
	return in.doc, in.docErr
}

// query returns the parsed query string.
func (in *incoming) query() url.Values {
	if !in.queryParsed {
		in.queryParsed = true
		in.queryValues = in.r.URL.Query()
	}
	return in.queryValues
}

// baseURL is the URL the client put before the Graph path to reach this
// mock: scheme, host and session prefix, so that links made for the
// client (Location, and later next links) point back at graphmock.
func (in *incoming) baseURL() string {
	if in.route.base == "" {
		return graphwire.BaseURL(in.r)
	}
	return in.route.base
}

// An exchange is one request being answered, and whether it has been
// recorded.
type exchange struct {
	m        *Mock
	w        *panicGuard
	in       *incoming
	call     Call
	clientID string
	recorded bool

	// What w and in point at: with the exchange, one object a pool
	// hands from request to request.
	guard    panicGuard
	incoming incoming
}

// exchanges keeps exchanges for reuse: a request's own state is the
// largest object graphmock allocates per request. An exchange goes back
// only once serve is done with it and nothing else holds it: the
// response header takes a request-id slice of its own, because net/http
// may read that header after the handler has returned.
var exchanges = sync.Pool{New: func() any { return new(exchange) }}

// release clears x and gives it back to the pool.
func (x *exchange) release() {
	*x = exchange{}
	exchanges.Put(x)
}

// serve answers a Graph request that reached m by rt, and records it
// exactly once, whatever happens: served, rejected, unmatched, skipped,
// aborted by a fault, given up by the client, or a panic.
func (m *Mock) serve(w http.ResponseWriter, r *http.Request, rt route) {
	x := exchanges.Get().(*exchange)
	x.m, x.guard = m, panicGuard{ResponseWriter: w}
	x.incoming = incoming{r: r, route: rt, path: graphwire.EscapedPath(r), requestID: graphwire.NewRequestID(), keys: m.keys, maxBody: m.maxBody}
	x.w, x.in = &x.guard, &x.incoming
	in := x.in
	x.call = Call{Time: time.Now(), RequestID: in.requestID, Method: r.Method, Path: in.path, RawQuery: r.URL.RawQuery, Header: r.Header}
	if l := rt.link; l != nil {
		x.call.Batch, x.call.BatchItem = l.Batch, l.Item
	}
	x.clientID = graphwire.ClientRequestID(r, in.requestID)
	graphwire.SetGraphHeaders(w.Header(), in.requestID, x.clientID)
	defer x.recover()
	d := m.decide(in)
	x.apply(&d)
	if rep := &d.reply; rep.delay > 0 {
		// The server's write timeout runs from when the request was read;
		// a delayed response gets the delay on top, so that a scenario's
		// delay never turns into a cut connection.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(rep.delay + delayWriteAllowance))
		if !wait(r.Context(), rep.delay) {
			x.call.Status = 0
			x.call.Problem = fmt.Sprintf("the client gave up during the %s delay; nothing was sent", rep.delay)
			x.record()
			return
		}
	}
	x.record()
	x.write(&d.reply)
}

// apply makes the call's record say what d decided.
func (x *exchange) apply(d *decision) {
	_ = x.in.readBody() // the journal keeps the body even of a call refused before it was needed
	c := &x.call
	c.Body = x.in.body
	c.Scenario, c.PathVars, c.Outcome = d.scenario, d.vars, d.outcome
	c.Response, c.Chaos, c.Closest, c.Problem = d.response, d.chaos, d.closest, d.problem
	c.NearMiss, c.Entity, c.Ignored = d.near, d.entity, d.ignored
	c.Status = d.reply.status
	if e := d.reply.err; e != nil {
		c.ErrorCode = e.Code
		if d.outcome != Served {
			if c.Problem == "" {
				c.Problem = e.Message
			}
			c.Violations = violations(e.Details)
		}
	}
}

// record puts the call in the journal and logs it, once.
func (x *exchange) record() {
	if x.recorded {
		return
	}
	x.recorded = true
	x.call.Duration = time.Since(x.call.Time)
	x.call.Seq = x.m.journal.record(x.call)
	x.m.log(x.in.r.Context(), &x.call)
}

// write sends a reply; the Graph headers are already set.
func (x *exchange) write(rep *reply) {
	h := x.w.Header()
	body := rep.body
	// A body net/http frames itself keeps its Content-Length out of the
	// header map, which then stays small (see leavesLength).
	leave := rep.err == nil && x.leavesLength(rep, len(body))
	for _, f := range rep.fields {
		if leave && f.name == "Content-Length" {
			continue
		}
		h[f.name] = f.values
	}
	for _, f := range rep.extra {
		if leave && f.name == "Content-Length" {
			continue
		}
		h[f.name] = f.values
	}
	if rep.err != nil {
		body = rep.err.PrepareGraph(h, x.call.RequestID, x.clientID)
	}
	switch rep.fault {
	case "":
	case faultAbort:
		panic(http.ErrAbortHandler)
	default:
		breakConnection(x.w, rep.fault, rep.status, body)
		return
	}
	x.w.WriteHeader(rep.status)
	if len(body) > 0 && x.in.r.Method != http.MethodHead {
		_, _ = x.w.Write(body)
	}
}

// autoLengthMax bounds the bodies whose Content-Length net/http's HTTP/1
// server writes itself: one shorter than this, written whole before the
// handler returns, stays in its 2,048-byte buffer until then.
const autoLengthMax = 2048

// leavesLength reports whether the Content-Length of a reply with an
// n-byte body can be left to net/http, which writes it, with the same
// value, when the handler returns: the writer is an HTTP/1 server
// connection's (the only one that can be hijacked), the request is not
// HEAD (no body is written to count), the body fits its buffer, and no
// fault breaks the connection. Every other writer (a batch item, a
// ResponseRecorder, HTTP/2) gets the header as before. Leaving it keeps
// the 201 of a created entity at eight header entries instead of nine,
// which a Go map holds in one group without growing, and net/http does
// not parse the value back.
func (x *exchange) leavesLength(rep *reply, n int) bool {
	if rep.fault != "" || n >= autoLengthMax || x.in.r.Method == http.MethodHead {
		return false
	}
	_, ok := x.guard.ResponseWriter.(http.Hijacker)
	return ok
}

// decide makes the one decision about a request: match, then check, then
// answer. A request that no scenario matches is offered to the mock's
// fallback answerer, if it has one, before it is answered as unmatched.
func (m *Mock) decide(in *incoming) decision {
	switch {
	case in.route.refuse != nil:
		return refuse(Unmatched, "", in.route.refuse)
	case in.route.link != nil && in.route.link.Skip != "":
		return refuse(Skipped, "", graphwire.Errorf(http.StatusFailedDependency, graphwire.CodeFailedDependency, "The request was not run: %s.", in.route.link.Skip))
	case batch.IsPath(in.r.URL.Path):
		return m.decideBatch(in)
	}
	for attempt := 0; ; attempt++ {
		rt := m.rt.Load()
		c, vars, miss := rt.set.match(in, &rt.flows)
		if c == nil {
			return m.unanswered(in, rt, miss)
		}
		if e := m.check(in, c); e != nil {
			d := refuse(Rejected, c.spec.Name, e)
			d.vars = vars
			return d
		}
		d, retry := rt.answer(in, c, vars)
		if retry && attempt < 8 {
			continue // another call moved the flow since matching: match again
		}
		return d
	}
}

// unanswered decides a request no scenario matches: the fallback's answer
// when it gives one, else Graph's 404 or 405 naming the closest scenario.
func (m *Mock) unanswered(in *incoming, rt *runtimeState, miss *miss) decision {
	if m.fallback != nil {
		if rep, a, ok := m.fallback.answer(in); ok {
			return decision{outcome: Simulated, reply: rep, entity: a.entity, ignored: a.ignored}
		}
	}
	return decision{outcome: Unmatched, closest: miss.closest, near: miss.near, reply: errorReply(graphPathMiss(rt.set.catalog, rt.paths, in.r.URL.Path, miss))}
}

// check runs the matched scenario's checks on the request, in the order
// Graph runs them: the token first, before the body is read, then the
// body's size, Content-Type and content.
func (m *Mock) check(in *incoming, c *compiledScenario) *graphwire.Error {
	if c.auth {
		if e := graphwire.CheckBearer(in.r.Header); e != nil {
			return e
		}
	}
	if err := in.readBody(); err != nil {
		return graphwire.ReadError(err, m.maxBody)
	}
	if c.schema != nil {
		if e := checkBody(in, schemaRule{c.schema}); e != nil {
			return e
		}
	}
	if c.graphType != nil {
		if e := checkBody(in, c.graphType); e != nil {
			return e
		}
	}
	return nil
}

// answer decides the response of scenario c, which matched the request
// and passed its checks: a chaos error, or the next response of its
// sequence, taking the flow's turn. retry reports that the flow moved
// since matching, so the request is to be matched again.
func (rt *runtimeState) answer(in *incoming, c *compiledScenario, vars map[string]string) (d decision, retry bool) {
	d = decision{scenario: c.spec.Name, vars: vars, outcome: Served}
	if rt.dice != nil {
		if resp, hit := rt.dice.roll(rt.set.chaos); hit {
			d.chaos = true
			d.reply = resp.render(c.spec.Name, nil)
			return d, false
		}
	}
	if st := c.spec.State; st != nil && !rt.flows.advance(st) {
		d.outcome = Unmatched
		d.reply = errorReply(graphwire.Errorf(http.StatusConflict, graphwire.CodeBadRequest, "Flow %q kept changing under concurrent calls; scenario %q could not take its turn.", st.flow(), c.spec.Name))
		return d, true
	}
	resp, idx := rt.next(c)
	d.response = idx
	d.reply = resp.render(c.spec.Name, func() *render.Data { return newTemplateData(in, vars, c.spec.Name) })
	resp.deriveRemembered(&d.reply, in, c.segments)
	return d, false
}

// decideBatch answers a JSON batch: it checks the batch as Graph does (400
// for a malformed one), then runs each request in it through the mock,
// so that each is matched, checked and recorded exactly like a direct
// call.
func (m *Mock) decideBatch(in *incoming) decision {
	r := in.r
	no := func(e *graphwire.Error) decision { return refuse(Rejected, BatchScenario, e) }
	if r.Method != http.MethodPost {
		e := graphwire.Errorf(http.StatusMethodNotAllowed, graphwire.CodeMethodNotAllowed, "A JSON batch is sent with POST, not %s.", r.Method)
		e.Allow = []string{http.MethodPost}
		return no(e)
	}
	if e := graphwire.CheckBearer(r.Header); e != nil {
		return no(e)
	}
	if err := in.readBody(); err != nil {
		return no(graphwire.ReadError(err, m.maxBody))
	}
	if e := graphwire.CheckJSONPayload(r.Header, in.body); e != nil {
		return no(e)
	}
	version := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/$batch")
	b, e := batch.Parse(in.body, version)
	if e != nil {
		return no(e)
	}
	out := b.Run(r, in.requestID, func(w http.ResponseWriter, item *http.Request, link batch.Link) {
		m.serve(w, item, route{base: in.baseURL(), link: &link})
	})
	d := decision{scenario: BatchScenario, outcome: Served}
	switch {
	case out.Aborted != "":
		d.problem = fmt.Sprintf("request %q of the batch broke the connection (a fault); nothing was sent", out.Aborted)
		d.reply = reply{fault: faultAbort}
	case out.GaveUp != "":
		d.problem = fmt.Sprintf("the client gave up during request %q of the batch", out.GaveUp)
		d.reply = reply{status: http.StatusOK}
	default:
		d.reply = reply{status: http.StatusOK, fields: batchResponseFields, body: out.Body}
		d.reply.setLength(len(out.Body))
	}
	return d
}

// batchResponseFields are the static headers of a batch response.
var batchResponseFields = []headerField{
	{"Content-Type", []string{graphwire.GraphJSONContentType}},
	{"Odata-Version", []string{"4.0"}},
}

// newTemplateData gathers what a response template sees of a request.
func newTemplateData(in *incoming, vars map[string]string, scenario string) *render.Data {
	body, err := in.json()
	if err != nil || body == nil {
		body = map[string]any{}
	}
	if vars == nil {
		vars = map[string]string{}
	}
	return &render.Data{
		Method:    in.r.Method,
		Path:      in.path,
		PathVars:  vars,
		Query:     in.query(),
		Headers:   in.r.Header,
		Body:      body,
		RequestID: in.requestID,
		Scenario:  scenario,
	}
}
