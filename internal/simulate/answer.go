package simulate

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/graphrules"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odatapath"
	"github.com/graphmock/graphmock/internal/odataschema"
	"github.com/graphmock/graphmock/internal/store"
)

// A Request is a Graph request as the simulation reads it.
type Request struct {
	Method string
	// Path is the path as sent, percent-encoded, from the API version on:
	// /v1.0/users/{id}.
	Path  string
	Query url.Values
	// Body returns the body parsed as JSON; nil for a request without one.
	Body func() (any, error)
	// Base is the URL the client put before Path (scheme, host, any session
	// prefix): links the simulation makes start with it.
	Base string
	// Hosts are the hosts besides Graph's an @odata.id may name: the mock's
	// own, as the client reached it.
	Hosts []string
	// Header holds the request's headers (ConsistencyLevel); nil for none.
	Header http.Header
	// Refusal, when set, is the answer to a request the simulation takes:
	// the caller's checks (the token, the body's size and media type)
	// failed, and the simulation answers only once it knows the path is
	// its own.
	Refusal *graphwire.Error
}

// A Response is the simulation's answer.
type Response struct {
	Status      int
	ContentType string // of Body; "" for none
	Body        []byte
	Location    string
	// Err is a Graph error to answer instead; Status is its status.
	Err *graphwire.Error
	// Entity is the store path of the entity the call created, read,
	// changed or deleted, for the journal; "" for a collection.
	Entity string
	// Ignored are the system query options of the request the answer
	// ignored, as Graph ignores them ($count=true in the directory without
	// ConsistencyLevel: eventual, an option the path does not take),
	// sorted; nil when it read every one.
	Ignored []string
}

// errorResponse answers with a Graph error.
func errorResponse(e *graphwire.Error) Response { return Response{Status: e.Status, Err: e} }

// graphError turns a rule's error into a Graph error.
func graphError(ge graphrules.GraphError) *graphwire.Error {
	return graphwire.Errorf(ge.Status, ge.Code, "%s", ge.Message)
}

// now is the clock of computed properties, for tests.
var now = time.Now

// Answer answers a request from the store, or reports false when the
// simulation does not take it: a version or set outside its scope, a path
// Graph's metadata does not have, or one it cannot follow (a stream, a
// function). Everything the request changes is changed in one step, and
// nothing is stored from a request that is refused.
func (s *Sim) Answer(r *Request) (Response, bool) {
	version, rest := graphmeta.SplitVersion(r.Path)
	first, _, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
	if first, _, _ = strings.Cut(first, "("); !s.t.scope.covers(version, first) {
		return Response{}, false
	}
	ver, err := s.t.cat.Version(version)
	if err != nil || ver == nil {
		return Response{}, false
	}
	target, err := ver.Paths(false).Resolve(rest)
	if err != nil {
		return Response{}, false
	}
	x := &exchange{s: s, r: r, ver: ver, version: version, model: ver.Model}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		s.mu.RLock()
		defer s.mu.RUnlock()
	} else {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	p, ok := s.locate(ver.Model, target)
	if !ok {
		return Response{}, false
	}
	x.p = p
	if r.Refusal != nil {
		return errorResponse(r.Refusal), true
	}
	if x.s.t.strict && r.Method != http.MethodGet && r.Method != http.MethodHead {
		// A write reads no query option: refused before it changes anything.
		if ign := x.unused(); len(ign) > 0 {
			return errorResponse(queryRule("ignoredOption", "option", ign[0])), true
		}
	}
	resp, ok := x.answer()
	if ok && resp.Err == nil {
		resp.Ignored = x.unused()
		if len(resp.Ignored) > 0 && x.s.t.strict {
			return errorResponse(queryRule("ignoredOption", "option", resp.Ignored[0])), true
		}
	}
	if ok && resp.Err == nil && resp.Entity != "" && r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.changes.note(resp.Entity)
	}
	return resp, ok
}

// An exchange is one request being answered.
type exchange struct {
	s       *Sim
	r       *Request
	ver     *graphmeta.Version
	version string
	model   *csdl.Model
	p       place
	// used are the query options the answer read; ignored those it read
	// and, as Graph does, ignored.
	used    map[string]bool
	ignored []string
}

// use records that the answer reads query option name.
func (x *exchange) use(name string) {
	if x.used == nil {
		x.used = map[string]bool{}
	}
	x.used[name] = true
}

// ignore records that the answer ignores query option name, as Graph
// does.
func (x *exchange) ignore(name string) {
	x.use(name)
	x.ignored = append(x.ignored, name)
}

// unused returns the system query options ($-prefixed) of the request
// the answer ignored, sorted: those it said it ignores and those it never
// read.
func (x *exchange) unused() []string {
	out := slices.Clone(x.ignored)
	for name := range x.r.Query {
		if strings.HasPrefix(name, "$") && !x.used[name] {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// answer dispatches on what the path addresses and the method.
func (x *exchange) answer() (Response, bool) {
	p, m := &x.p, x.r.Method
	if m == http.MethodHead {
		m = http.MethodGet
	}
	if m == http.MethodGet && x.folderDelta() {
		return x.messagesDelta()
	}
	if m == http.MethodGet && x.calendarViewDelta() {
		return x.eventsDelta()
	}
	if p.missing != "" && !(p.kind == atRefMember && m == http.MethodDelete && p.ref) {
		return errorResponse(x.notFound(p.missingRules, p.missing)), true
	}
	switch {
	case p.kind == atCollection && m == http.MethodGet:
		return x.list()
	case p.kind == atCollection && m == http.MethodPost:
		return x.create()
	case p.kind == atEntity && m == http.MethodGet:
		return x.read()
	case p.kind == atEntity && m == http.MethodPatch:
		return x.update()
	case p.kind == atEntity && m == http.MethodDelete:
		return x.delete()
	case p.kind == atEntity && m == http.MethodPut && keyName(p.path) == "" && len(p.path) > 1 && x.s.parentExists(p.path):
		return x.put()
	case p.kind == atRefs && m == http.MethodGet:
		return x.listRefs()
	case p.kind == atRefs && m == http.MethodPost && p.ref:
		return x.addRef()
	case p.kind == atRefMember && m == http.MethodGet && !p.ref:
		return x.readAt(p.target)
	case p.kind == atRefMember && m == http.MethodDelete && p.ref:
		return x.removeRef()
	case p.kind == atRef && m == http.MethodGet:
		return x.readRef()
	case p.kind == atRef && (m == http.MethodPut || m == http.MethodPost) && p.ref:
		// PUT, as for a user's manager; POST, as the beta "Add chat" page
		// sends to an app installation's chat/$ref (the seed endpoint,
		// POST /chats/{id}/installedApps/{id}/chat/$ref).
		return x.setRef()
	case p.kind == atRef && m == http.MethodDelete && p.ref:
		return x.clearRef()
	case p.kind == atCount && m == http.MethodGet:
		return x.count()
	case p.kind == atProperty && m == http.MethodGet:
		return x.property()
	case p.kind == atAction && m == http.MethodPost:
		return x.action()
	case p.kind == atAction && m == http.MethodGet && isDelta(p.op):
		return x.delta()
	}
	return Response{}, false
}

// rulesOf returns the rules of the collection named rules, nil when
// package graphrules has none for it.
func (x *exchange) rulesOf(rules string) *graphrules.Collection {
	c, _ := x.s.t.rules.Collection(rules)
	return c
}

// notFound is the workload's error for a key that names no entity of the
// collection named rules.
func (x *exchange) notFound(rules, key string) *graphwire.Error {
	if c := x.rulesOf(rules); c != nil {
		return graphError(c.NotFoundError(key))
	}
	// A collection no rule describes: Graph's generic answer.
	return graphwire.Errorf(http.StatusNotFound, "ResourceNotFound", "Resource '%s' does not exist.", key)
}

// context returns the @odata.context of what the path addresses: the path
// after the version with keys in parentheses, /$entity for one entity.
func (x *exchange) context(entity bool) string {
	var b strings.Builder
	b.WriteString(graphwire.GraphRoot + "/" + x.version + "/$metadata#")
	segs := x.p.segments
	for i, seg := range segs {
		switch seg.Kind {
		case odatapath.SingletonSegment:
			if seg.Name == "me" {
				b.WriteString("users")
				if i < len(segs)-1 {
					fmt.Fprintf(&b, "('%s')", contextKey(x.s.t.me))
				}
				continue
			}
			b.WriteString(seg.Name)
		case odatapath.KeySegment:
			if i < len(segs)-1 {
				fmt.Fprintf(&b, "('%s')", contextKey(keyOf(seg)))
			}
		case odatapath.RefSegment, odatapath.CountSegment:
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "#") {
				b.WriteByte('/')
			}
			b.WriteString(seg.Name)
		}
	}
	if entity {
		b.WriteString("/$entity")
	}
	return b.String()
}

// contextKey writes a key as @odata.context holds it: percent-encoded, as
// Graph writes chats('19%3A2da4…%40thread.v2')
// (https://learn.microsoft.com/en-us/graph/api/chat-post-messages), a
// quote doubled.
func contextKey(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(url.QueryEscape(key), "+", "%20"), "%27", "''")
}

// jsonResponse answers status with body as JSON, @odata.context first.
func jsonResponse(status int, context string, body map[string]any) Response {
	out := make(map[string]any, len(body)+1)
	for k, v := range body {
		out[k] = v
	}
	if context != "" {
		out["@odata.context"] = context
	}
	data, err := json.Marshal(out)
	if err != nil {
		return errorResponse(graphwire.Internal("the simulated entity cannot be written as JSON: %v.", err))
	}
	return Response{Status: status, ContentType: graphwire.GraphJSONContentType, Body: data}
}

// shown returns what a read returns of an entity of the collection named
// rules: the properties Graph returns by default (or those $select
// names), never a write-only one.
func (x *exchange) shown(rules string, data map[string]any) map[string]any {
	x.use("$select")
	return x.shownAs(rules, data, selected(x.r.Query))
}

// shownAs is shown with the properties sel names (nil for the default
// ones), as $select inside $expand names them.
func (x *exchange) shownAs(rules string, data map[string]any, sel map[string]bool) map[string]any {
	c := x.rulesOf(rules)
	out := make(map[string]any, len(data))
	for k, v := range data {
		switch {
		case strings.HasPrefix(k, "@odata."):
			out[k] = v
		case c != nil && c.WriteOnly.Has(k):
		case sel != nil && !sel[k] && !sel["*"] && k != "id":
		case sel == nil && c != nil && c.DefaultSelect != nil && !c.DefaultSelect.Has(k) && k != "id":
		default:
			out[k] = v
		}
	}
	return out
}

// selected returns the properties $select names, nil without $select.
// "*" stands for every property.
func selected(q url.Values) map[string]bool {
	v := q.Get("$select")
	if v == "" {
		return nil
	}
	out := map[string]bool{}
	for _, name := range strings.Split(v, ",") {
		out[strings.TrimSpace(name)] = true
	}
	return out
}

// pageSize returns how many entities one page of the collection named
// rules holds: the request's $top, clamped to the largest Graph accepts
// for the collection, or Graph's default page size without one
// (https://learn.microsoft.com/en-us/graph/paging, and each list page).
// A $top that is not a whole number above 0 is refused.
func (x *exchange) pageSize(rules string) (int, *graphwire.Error) {
	c := x.rulesOf(rules)
	top := 0
	if v, ok := first(x.r.Query, "$top"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(c), "Invalid page size specified: '%s'. Must be a whole number, 1 or more.", v)
		}
		top = n
	}
	def, most := 100, 999
	if c != nil && c.PageSize != nil {
		def, most = c.PageSize.Default, c.PageSize.Max
	} else if c != nil {
		def, most = maxPage, maxPage // Graph does not page the collection
	}
	switch {
	case top == 0:
		return def, nil
	case top > most:
		return most, nil
	}
	return top, nil
}

// maxPage is the page of a collection Graph does not page: everything,
// within reason.
const maxPage = 1 << 20

// list answers GET of a collection: one page of the entities that pass
// the query's $filter and $search, in its $orderby, projected on its
// $select, with @odata.count on the first page when asked for and an
// @odata.nextLink back at the mock when more follow.
func (x *exchange) list() (Response, bool) {
	lq, e := x.readQuery()
	if e != nil {
		return errorResponse(e), true
	}
	exps, e := x.readExpand()
	if e != nil {
		return errorResponse(e), true
	}
	page, next, err := x.page(x.p.path, lq)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return errorResponse(x.queryError(x.rulesOf(x.p.rules), err)), true
	}
	value := make([]any, 0, len(page))
	for _, e := range page {
		out := x.shown(x.p.rules, e.Data)
		x.expand(out, x.p.path.Entity(e.Key), exps)
		value = append(value, out)
	}
	body := map[string]any{"value": value}
	if lq.count && lq.token == nil && (lq.skip == 0 || !lq.outlook) {
		n, err := x.countMatches(x.p.path, lq)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return errorResponse(x.queryError(x.rulesOf(x.p.rules), err)), true
		}
		body["@odata.count"] = n
	}
	if next != nil {
		body["@odata.nextLink"] = x.nextLink(lq, next, len(page))
	}
	return jsonResponse(http.StatusOK, x.listContext(lq.sel), body), true
}

// cloneQuery copies q.
func cloneQuery(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// read answers GET of an entity.
func (x *exchange) read() (Response, bool) { return x.readAt(x.p.path) }

// readAt answers GET of the entity at p.
func (x *exchange) readAt(p store.Path) (Response, bool) {
	exps, ge := x.readExpand()
	if ge != nil {
		return errorResponse(ge), true
	}
	e, err := x.s.st.Get(p)
	if err != nil {
		return errorResponse(x.notFound(rulesName(p), keyName(p))), true
	}
	out := x.shown(rulesName(p), withType(x.model, p, e.Data, x.p.typ))
	x.expand(out, p, exps)
	resp := jsonResponse(http.StatusOK, x.context(true), out)
	resp.Entity = p.String()
	return resp, true
}

// rulesName names the collection of the entity at p as package graphrules
// does: its steps' names.
func rulesName(p store.Path) string {
	names := make([]string, len(p))
	for i, st := range p {
		names[i] = st.Name
	}
	return strings.Join(names, "/")
}

// keyName returns the key of the entity at p.
func keyName(p store.Path) string {
	if len(p) == 0 {
		return ""
	}
	return p[len(p)-1].Key
}

// withType adds @odata.type to an entity read through a reference, whose
// type is not the one the path declares, as Graph does for the members of
// a group.
func withType(model *csdl.Model, p store.Path, data map[string]any, declared *csdl.StructuredType) map[string]any {
	if len(p) != 1 || model.Container == nil || declared == nil {
		return data
	}
	es := model.Container.EntitySet(p[0].Name)
	if es == nil || es.EntityType == declared.Name {
		return data
	}
	out := make(map[string]any, len(data)+1)
	for k, v := range data {
		out[k] = v
	}
	out["@odata.type"] = "#" + es.EntityType
	return out
}

// schemas returns the schema set of the request's version.
func (x *exchange) schemas() *odataschema.Set { return x.ver.Schemas(false) }

// invalid checks doc against body, returning Graph's 400 for the first
// violations, or nil.
func invalid(body *odataschema.Body, doc any) *graphwire.Error {
	vs, total := body.ValidateFirst(doc, graphwire.MaxDetails)
	if len(vs) == 0 {
		return nil
	}
	return graphwire.InvalidCounted("The request body breaks Graph's metadata for "+body.Name()+": "+vs[0].String(), vs, total)
}

// object returns the request's body as a JSON object, or Graph's 400.
func (x *exchange) object() (map[string]any, *graphwire.Error) {
	if x.r.Body == nil {
		return nil, graphwire.Errorf(http.StatusBadRequest, graphwire.CodeBadRequest, "%s", graphwire.MsgEmptyPayload)
	}
	doc, err := x.r.Body()
	if err != nil {
		return nil, graphwire.InvalidJSON(err)
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, graphwire.Errorf(http.StatusBadRequest, graphwire.CodeBadRequest, "The request body must be a JSON object.")
	}
	return obj, nil
}
