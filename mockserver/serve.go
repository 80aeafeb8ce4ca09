package mockserver

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
// scenario answers it and how, or why none does. It is made once, by
// decide, and the call recorded in the journal is built from it.
type decision struct {
	scenario string            // the matched scenario, BatchScenario, or ""
	vars     map[string]string // its path variables
	outcome  Outcome
	response int    // which of the scenario's responses, from 0
	chaos    bool   // a chaos error replaced the response
	closest  string // for an unmatched request, the closest scenario
	problem  string // why the call was not served as asked, when the reply does not say
	reply    reply
}

// incoming is a request being answered, with what has been learnt of it so
// far. The body is read once; it is parsed as JSON at most once, and only
// when something needs the parsed form.
type incoming struct {
	r        *http.Request
	keys     *strictjson.Keys // may be nil
	body     []byte
	tooLarge bool // the body was over the limit and not read

	parsed bool
	doc    any
	docErr error

	queryParsed bool
	queryValues url.Values
}

// json returns the body parsed as JSON.
func (in *incoming) json() (any, error) {
	if !in.parsed {
		in.parsed = true
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

// An exchange is one request being answered: the call it will be recorded
// as, and whether it has been.
type exchange struct {
	s        *Server
	w        *panicGuard
	r        *http.Request
	call     Call
	clientID string
	recorded bool
}

// serve answers a Graph request, or a request made from a batch item, and
// records it exactly once, whatever happens: served, rejected, unmatched,
// skipped, aborted by a fault, given up by the client, or a panic.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	x := &exchange{s: s, w: &panicGuard{ResponseWriter: w}, r: r}
	x.call = Call{
		Time:      time.Now(),
		RequestID: graphwire.NewRequestID(),
		Method:    r.Method,
		Path:      graphwire.EscapedPath(r),
		RawQuery:  r.URL.RawQuery,
		Header:    r.Header,
	}
	x.clientID = graphwire.ClientRequestID(r, x.call.RequestID)
	graphwire.SetGraphHeaders(w.Header(), x.call.RequestID, x.clientID)
	if link, ok := batch.LinkOf(r); ok {
		x.call.Batch, x.call.BatchItem = link.Batch, link.Item
	}
	defer x.recover()
	in := &incoming{r: r, keys: s.keys}
	d := s.decide(in, &x.call)
	x.call.Body = in.body
	x.call.Scenario, x.call.PathVars, x.call.Outcome = d.scenario, d.vars, d.outcome
	x.call.Response, x.call.Chaos, x.call.Closest, x.call.Problem = d.response, d.chaos, d.closest, d.problem
	rep := &d.reply
	if rep.delay > 0 {
		// The server's write timeout runs from when the request was read;
		// a delayed response gets the delay on top, so that a scenario's
		// delay never turns into a cut connection.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(rep.delay + delayWriteAllowance))
		if !wait(r.Context(), rep.delay) {
			x.call.Problem = fmt.Sprintf("the client gave up during the %s delay; nothing was sent", rep.delay)
			x.record()
			return
		}
	}
	x.call.Status = rep.status
	if rep.err != nil {
		x.call.ErrorCode = rep.err.Code
		if x.call.Outcome != Served {
			x.call.Problem = rep.err.Message
			x.call.Violations = rep.err.Details
		}
	}
	x.record()
	x.write(rep)
}

// record puts the call in the journal and logs it, once.
func (x *exchange) record() {
	if x.recorded {
		return
	}
	x.recorded = true
	x.call.Duration = time.Since(x.call.Time)
	x.call.Seq = x.s.journal.record(x.call)
	x.s.log(x.r.Context(), &x.call)
}

// write sends a reply; the Graph headers are already set.
func (x *exchange) write(rep *reply) {
	h := x.w.Header()
	for _, f := range rep.fields {
		h[f.name] = f.values
	}
	for _, f := range rep.extra {
		h[f.name] = f.values
	}
	body := rep.body
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
	if len(body) > 0 && x.r.Method != http.MethodHead {
		_, _ = x.w.Write(body)
	}
}

// decide reads the request, matches it and runs the scenario's checks. It
// returns the one decision about the request.
func (s *Server) decide(in *incoming, call *Call) decision {
	r := in.r
	if e := sessionMiss(r); e != nil {
		in.body, _ = graphwire.ReadBody(r, s.maxBody)
		return decision{outcome: Unmatched, reply: errorReply(e)}
	}
	if link, ok := batch.LinkOf(r); ok && link.Skip != "" {
		in.body, _ = graphwire.ReadBody(r, s.maxBody) // a batch item's body is in memory
		message := fmt.Sprintf("The request was not run: %s.", link.Skip)
		return decision{outcome: Skipped, reply: errorReply(graphwire.Errorf(http.StatusFailedDependency, graphwire.CodeFailedDependency, "%s", message))}
	}
	if batch.IsPath(r.URL.Path) {
		return s.decideBatch(in, call)
	}
	body, readErr := graphwire.ReadBody(r, s.maxBody)
	in.body = body
	_, in.tooLarge = readErr.(*http.MaxBytesError)

	for attempt := 0; ; attempt++ {
		rt := s.rt.Load()
		c, vars, m := rt.set.match(in, &rt.flows)
		if c == nil {
			return decision{outcome: Unmatched, closest: m.closest, reply: errorReply(graphPathMiss(rt.set.catalog, r.URL.Path, m))}
		}
		d := decision{scenario: c.spec.Name, vars: vars, outcome: Rejected}
		if c.auth {
			if e := graphwire.CheckBearer(r.Header); e != nil {
				d.reply = errorReply(e)
				return d
			}
		}
		if readErr != nil {
			d.reply = errorReply(graphwire.ReadError(readErr, s.maxBody))
			return d
		}
		if c.schema != nil {
			if e := checkBody(in, schemaRule{c.schema}); e != nil {
				d.reply = errorReply(e)
				return d
			}
		}
		if c.graphType != nil {
			if e := checkBody(in, c.graphType); e != nil {
				d.reply = errorReply(e)
				return d
			}
		}
		d.outcome = Served
		if rt.dice != nil {
			if resp, hit := rt.dice.roll(rt.set.chaos); hit {
				d.chaos = true
				d.reply = resp.render(c.spec.Name, nil)
				return d
			}
		}
		if st := c.spec.State; st != nil && !rt.flows.advance(st) {
			if attempt < 8 {
				continue // another call moved the flow since matching: match again
			}
			d.outcome = Unmatched
			d.reply = errorReply(graphwire.Errorf(http.StatusConflict, graphwire.CodeBadRequest, "Flow %q kept changing under concurrent calls; scenario %q could not take its turn.", st.flow(), c.spec.Name))
			return d
		}
		resp, idx := rt.next(c)
		d.response = idx
		d.reply = resp.render(c.spec.Name, func() *render.Data { return newTemplateData(in, vars, call, c.spec.Name) })
		resp.derive(&d.reply, r, c.segments)
		return d
	}
}

// decideBatch answers a JSON batch: it checks the batch as Graph does (400
// for a malformed one), then runs each request in it through the server,
// so that each is matched, checked and recorded exactly like a direct
// call.
func (s *Server) decideBatch(in *incoming, call *Call) decision {
	r := in.r
	d := decision{scenario: BatchScenario, outcome: Rejected}
	body, readErr := graphwire.ReadBody(r, s.maxBody)
	in.body = body
	if r.Method != http.MethodPost {
		e := graphwire.Errorf(http.StatusMethodNotAllowed, graphwire.CodeMethodNotAllowed, "A JSON batch is sent with POST, not %s.", r.Method)
		e.Allow = []string{http.MethodPost}
		d.reply = errorReply(e)
		return d
	}
	if e := graphwire.CheckBearer(r.Header); e != nil {
		d.reply = errorReply(e)
		return d
	}
	if readErr != nil {
		d.reply = errorReply(graphwire.ReadError(readErr, s.maxBody))
		return d
	}
	if e := graphwire.CheckJSONPayload(r.Header, body); e != nil {
		d.reply = errorReply(e)
		return d
	}
	version := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/$batch")
	b, e := batch.Parse(body, version)
	if e != nil {
		d.reply = errorReply(e)
		return d
	}
	out := b.Run(r, call.RequestID, http.HandlerFunc(s.serve))
	d.outcome = Served
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
func newTemplateData(in *incoming, vars map[string]string, call *Call, scenario string) *render.Data {
	body, err := in.json()
	if err != nil || body == nil {
		body = map[string]any{}
	}
	if vars == nil {
		vars = map[string]string{}
	}
	return &render.Data{
		Method:    in.r.Method,
		Path:      call.Path,
		PathVars:  vars,
		Query:     in.query(),
		Headers:   in.r.Header,
		Body:      body,
		RequestID: call.RequestID,
		Scenario:  scenario,
	}
}
