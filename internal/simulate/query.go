package simulate

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphrules"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odataquery"
	"github.com/graphmock/graphmock/internal/queryrules"
	"github.com/graphmock/graphmock/internal/store"
)

// evaluationBudget bounds the work of evaluating one request's $filter
// over a collection (odataquery.Budget units: nodes and collection
// members visited).
const evaluationBudget = 20_000_000

// A listQuery is a collection GET's query options, read and checked.
type listQuery struct {
	filter *odataquery.Filter
	order  []odataquery.OrderKey
	search *odataquery.Search
	// searchFields are the properties free text of $search looks in.
	searchFields []string
	// sel is what $select names, nil without it.
	sel []string
	// size is the page size; skip the $skip of Outlook's paging.
	size int
	skip int
	// count is set when @odata.count goes on the first page.
	count bool
	// token is the page $skiptoken continues from, nil for the first.
	token *pageToken
	// outlook pages with $skip; the others with $skiptoken.
	outlook bool
	budget  *odataquery.Budget
}

// queryError turns an error of package odataquery into Graph's 400.
func (x *exchange) queryError(rules *graphrules.Collection, err error) *graphwire.Error {
	var qe *odataquery.Error
	if errors.As(err, &qe) {
		return graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "%s", qe.Message)
	}
	return graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "%s", err.Error())
}

// eventual reports whether the request carries ConsistencyLevel: eventual.
func (x *exchange) eventual() bool {
	return strings.EqualFold(strings.TrimSpace(x.r.Header.Get("ConsistencyLevel")), "eventual")
}

// directory returns the directory's query rules for the collection, nil
// outside the tables (Outlook, Teams, contained directory collections).
func (x *exchange) directory() *queryrules.Resource {
	res, _ := queryrules.Default().For(x.p.rules)
	return res
}

// queryRule renders one of the directory's query errors.
func queryRule(name string, pairs ...string) *graphwire.Error {
	return graphError(queryrules.Default().Error(name, pairs...))
}

// readQuery reads and checks the query options of a collection GET as
// Graph does for the collection's workload.
func (x *exchange) readQuery() (*listQuery, *graphwire.Error) {
	rules := x.rulesOf(x.p.rules)
	q := x.r.Query
	lq := &listQuery{budget: odataquery.NewBudget(evaluationBudget)}
	for _, o := range []string{"$count", "$skip", "$top", "$select", "$filter", "$orderby", "$search", "$skiptoken"} {
		x.use(o)
	}
	dirWorkload := rules != nil && rules.Workload == "directory"
	lq.outlook = rules != nil && rules.Workload == "outlook"
	dir := x.directory()
	eventual := x.eventual()
	countTrue := false
	if v, ok := first(q, "$count"); ok {
		switch strings.ToLower(v) {
		case "true":
			countTrue = true
		case "false":
		default:
			return nil, graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "The value '%s' of $count is not true or false.", v)
		}
	}
	advanced := eventual && countTrue
	// $count=true without the header is ignored in the directory, as
	// Graph ignores it (https://learn.microsoft.com/en-us/graph/aad-advanced-queries).
	lq.count = countTrue && (!dirWorkload || eventual)
	if countTrue && !lq.count {
		x.ignore("$count")
	}

	if v, ok := first(q, "$skip"); ok {
		if dirWorkload {
			return nil, queryRule("skip")
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "Invalid value '%s' for $skip: it must be a whole number, 0 or more.", v)
		}
		lq.skip = n
	}
	size, e := x.pageSize(x.p.rules)
	if e != nil {
		return nil, e
	}
	lq.size = size
	if v, ok := first(q, "$select"); ok {
		sel, e := x.selection(rules, v)
		if e != nil {
			return nil, e
		}
		lq.sel = sel
	}
	if v, ok := first(q, "$filter"); ok {
		f, err := odataquery.ParseFilter(v, odataquery.Limits{})
		if err != nil {
			return nil, x.queryError(rules, err)
		}
		for _, u := range f.Uses() {
			if e := x.checkFilterUse(rules, dir, u, advanced); e != nil {
				return nil, e
			}
		}
		lq.filter = f
	}
	if v, ok := first(q, "$orderby"); ok {
		keys, err := odataquery.ParseOrderBy(v, odataquery.Limits{})
		if err != nil {
			return nil, x.queryError(rules, err)
		}
		for _, k := range keys {
			if dir != nil {
				if s := dir.Sort(k.Property()); s == queryrules.Refused || (s == queryrules.Advanced && !advanced) {
					return nil, queryRule("sorting")
				}
				continue
			}
			if e := x.knownProperty(rules, k.Path[0]); e != nil {
				return nil, e
			}
		}
		// $filter and $orderby together need advanced query parameters.
		if dir != nil && lq.filter != nil && !advanced {
			return nil, queryRule("sorting")
		}
		lq.order = keys
	}
	if v, ok := first(q, "$search"); ok {
		if dirWorkload && !eventual {
			return nil, queryRule("search")
		}
		s, err := odataquery.ParseSearch(v, odataquery.Limits{})
		if err != nil {
			return nil, x.queryError(rules, err)
		}
		for _, t := range s.Terms {
			if dir == nil {
				continue
			}
			if t.Property == "" || !slices.Contains(dir.Search, t.Property) {
				return nil, graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "Invalid $search: '%s' is not a property:value term of a property %s can be searched by.", t.Text, dir.Name)
			}
		}
		lq.search = s
		lq.searchFields = searchFields(x.p.rules)
	}
	if tok, ok := first(q, "$skiptoken"); ok {
		t, ok := x.s.readToken(tok, x.fingerprint())
		if !ok {
			if dirWorkload {
				return nil, queryRule("pageToken")
			}
			return nil, graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "The $skiptoken '%s' is not one this service gave out, or the query changed since.", tok)
		}
		lq.token = t
	}
	return lq, nil
}

// first returns the first value of option name, and whether the request
// has it.
func first(q url.Values, name string) (string, bool) {
	v, ok := q[name]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// searchFields are the properties a free-text $search looks in.
func searchFields(rules string) []string {
	switch {
	case strings.HasSuffix(rules, "messages"):
		// https://learn.microsoft.com/en-us/graph/search-query-parameter:
		// without a property, messages are searched in from, subject and body.
		return []string{"subject", "bodyPreview", "body/content", "from/emailAddress/name", "from/emailAddress/address"}
	case strings.HasSuffix(rules, "events"):
		return []string{"subject", "bodyPreview", "body/content"}
	}
	return []string{"displayName"}
}

// checkFilterUse checks one use of a property in $filter against the
// directory's tables, or, outside them, that the type has the property.
func (x *exchange) checkFilterUse(rules *graphrules.Collection, dir *queryrules.Resource, u odataquery.Use, advanced bool) *graphwire.Error {
	if dir == nil {
		return x.knownProperty(rules, strings.Split(u.Property, "/")[0])
	}
	s, opErr := dir.Filter(u.Property, u.Operator)
	switch {
	case s == queryrules.ByDefault, s == queryrules.Advanced && advanced:
		return nil
	case u.Operator == "all":
		return queryRule("allLambda", "property", u.Property, "resource", dir.Name)
	case opErr && !advanced:
		return queryRule("advancedOperator", "operator", u.Operator)
	}
	return queryRule("unsupportedProperty", "property", u.Property, "resource", dir.Name)
}

// knownProperty checks that the collection's type (or one derived from
// it) has a property called name.
func (x *exchange) knownProperty(rules *graphrules.Collection, name string) *graphwire.Error {
	if hasProperty(x.p.typ, name) {
		return nil
	}
	typeName := ""
	if x.p.typ != nil {
		typeName = x.p.typ.Name
	}
	e := queryRule("unknownProperty", "property", name, "type", typeName)
	e.Code = x.badRequestCode(rules)
	return e
}

// hasProperty reports whether t or a type derived from it has a
// structural or navigation property name.
func hasProperty(t *csdl.StructuredType, name string) bool {
	if t == nil {
		return true // nothing to check against
	}
	if name == "id" || t.Property(name) != nil || t.NavigationProperty(name) != nil {
		return true
	}
	for _, d := range t.Descendants() {
		if d.Property(name) != nil || d.NavigationProperty(name) != nil {
			return true
		}
	}
	return false
}

// selection reads $select: the names, each a property of the type.
func (x *exchange) selection(rules *graphrules.Collection, v string) ([]string, *graphwire.Error) {
	names, err := odataquery.ParseSelect(v, odataquery.Limits{})
	if err != nil {
		return nil, x.queryError(rules, err)
	}
	for _, n := range names {
		if n == "*" {
			continue
		}
		if e := x.knownProperty(rules, n); e != nil {
			return nil, e
		}
	}
	return names, nil
}

// fingerprint sums up the options a page token belongs to: a token
// given for one query does not continue another.
func (x *exchange) fingerprint() uint64 {
	h := sha256.New()
	h.Write([]byte(x.r.Path))
	for _, k := range []string{"$filter", "$orderby", "$search", "$select", "$top"} {
		h.Write([]byte{0})
		h.Write([]byte(x.r.Query.Get(k)))
	}
	return binary.LittleEndian.Uint64(h.Sum(nil))
}

// A pageToken is where the next page starts: after the entity at Cursor,
// and for an ordered query after its sort values Last (a projection of
// the entity on the $orderby keys).
type pageToken struct {
	Query  uint64         `json:"q"`
	Cursor store.Cursor   `json:"c"`
	Last   map[string]any `json:"l,omitempty"`
}

// tokenKey is the key page tokens are signed with: the copy's own, so a
// token from another copy (another session) is unknown here.
func (s *Sim) tokenKey() []byte {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], s.salt)
	copy(b[8:], "graphmok")
	return b[:]
}

// writeToken returns an opaque, signed $skiptoken for t.
func (s *Sim) writeToken(t pageToken) string { return s.sign(t) }

// readToken reads a $skiptoken writeToken gave for the query with
// fingerprint q; false for one it did not give, or gave for another
// query.
func (s *Sim) readToken(tok string, q uint64) (*pageToken, bool) {
	var t pageToken
	if !s.verify(tok, &t) || t.Query != q {
		return nil, false
	}
	return &t, true
}

// sign returns v as JSON, signed with the copy's key, as an opaque token.
func (s *Sim) sign(v any) string {
	data, _ := json.Marshal(v)
	mac := hmac.New(sha256.New, s.tokenKey())
	mac.Write(data)
	sum := mac.Sum(nil)[:12]
	return base64.RawURLEncoding.EncodeToString(append(sum, data...))
}

// verify reads a token sign made into v; false for one it did not make.
func (s *Sim) verify(tok string, v any) bool {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) < 13 || len(raw) > 64<<10 {
		return false
	}
	mac := hmac.New(sha256.New, s.tokenKey())
	mac.Write(raw[12:])
	if !hmac.Equal(mac.Sum(nil)[:12], raw[:12]) {
		return false
	}
	dec := json.NewDecoder(strings.NewReader(string(raw[12:])))
	dec.UseNumber()
	return dec.Decode(v) == nil
}

// matches reports whether e passes the query's $filter and $search.
func (lq *listQuery) matches(data map[string]any) (bool, error) {
	if lq.search != nil && !lq.search.Match(data, lq.searchFields) {
		return false, nil
	}
	if lq.filter == nil {
		return true, nil
	}
	return lq.filter.Eval(data, lq.budget)
}

// projection returns the part of data the $orderby keys read, for a page
// token.
func projection(data map[string]any, keys []odataquery.OrderKey) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		v := odataquery.Value(data, k.Path)
		m := out
		for _, seg := range k.Path[:len(k.Path)-1] {
			next, ok := m[seg].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[seg] = next
			}
			m = next
		}
		m[k.Path[len(k.Path)-1]] = v
	}
	return out
}

// page reads one page of the collection at coll: the entities, whether
// more follow, and the token of the next page.
func (x *exchange) page(coll store.Path, lq *listQuery) ([]store.Entity, *pageToken, error) {
	fp := x.fingerprint()
	if lq.order != nil {
		return x.orderedPage(coll, lq, fp)
	}
	var after store.Cursor
	if lq.token != nil {
		after = lq.token.Cursor
	}
	var out []store.Entity
	more := false
	var ferr error
	skip := lq.skip
	filtered := lq.filter != nil || lq.search != nil
	viewSkip := 0
	if !filtered {
		viewSkip, skip = skip, 0
	}
	err := x.s.st.View(coll, after, viewSkip, func(e store.Entity) bool {
		ok, err := lq.matches(e.Data)
		if err != nil {
			ferr = err
			return false
		}
		if !ok {
			return true
		}
		if skip > 0 {
			skip--
			return true
		}
		if len(out) == lq.size {
			more = true
			return false
		}
		out = append(out, e)
		return true
	})
	if err == nil {
		err = ferr
	}
	if !more || len(out) == 0 {
		return out, nil, err
	}
	return out, &pageToken{Query: fp, Cursor: out[len(out)-1].Cursor}, err
}

// orderedPage reads a page of an ordered query: every match after the
// token's place in the order, the first size of them. Its cost is one
// pass over the collection whatever the page's position.
func (x *exchange) orderedPage(coll store.Path, lq *listQuery, fp uint64) ([]store.Entity, *pageToken, error) {
	less := func(a, b store.Entity) int {
		if c := odataquery.Compare(a.Data, b.Data, lq.order); c != 0 {
			return c
		}
		switch {
		case a.Cursor < b.Cursor:
			return -1
		case a.Cursor > b.Cursor:
			return 1
		}
		return 0
	}
	var last *store.Entity
	if lq.token != nil {
		last = &store.Entity{Cursor: lq.token.Cursor, Data: lq.token.Last}
	}
	var cands []store.Entity
	var ferr error
	err := x.s.st.View(coll, 0, 0, func(e store.Entity) bool {
		ok, err := lq.matches(e.Data)
		if err != nil {
			ferr = err
			return false
		}
		if ok && (last == nil || less(e, *last) > 0) {
			cands = append(cands, e)
		}
		return true
	})
	if err == nil {
		err = ferr
	}
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(cands, less)
	if lq.skip > 0 {
		cands = cands[min(lq.skip, len(cands)):]
	}
	if len(cands) <= lq.size {
		return cands, nil, nil
	}
	page := cands[:lq.size]
	end := page[len(page)-1]
	return page, &pageToken{Query: fp, Cursor: end.Cursor, Last: projection(end.Data, lq.order)}, nil
}

// countMatches counts the entities of coll that pass the query.
func (x *exchange) countMatches(coll store.Path, lq *listQuery) (int, error) {
	if lq.filter == nil && lq.search == nil {
		return x.s.st.Count(coll)
	}
	n := 0
	var ferr error
	err := x.s.st.View(coll, 0, 0, func(e store.Entity) bool {
		ok, err := lq.matches(e.Data)
		if err != nil {
			ferr = err
			return false
		}
		if ok {
			n++
		}
		return true
	})
	if err == nil {
		err = ferr
	}
	return n, err
}

// nextLink is the @odata.nextLink of the page after the one answered:
// the request's own URL, at the mock, with its query kept and the paging
// option set.
func (x *exchange) nextLink(lq *listQuery, tok *pageToken, served int) string {
	q := cloneQuery(x.r.Query)
	if lq.outlook {
		q.Del("$skiptoken")
		q.Set("$skip", strconv.Itoa(lq.skip+served))
	} else {
		q.Set("$skiptoken", x.s.writeToken(*tok))
	}
	return x.r.Base + x.r.Path + "?" + encodeQuery(q)
}

// encodeQuery encodes q as Graph writes its links: option names with
// their dollar sign unescaped.
func encodeQuery(q url.Values) string {
	return strings.ReplaceAll(q.Encode(), "%24", "$")
}

// listContext is the @odata.context of a list: with $select, the
// properties in parentheses, as Graph writes it ($metadata#users(displayName,mail)).
func (x *exchange) listContext(sel []string) string {
	c := x.context(false)
	if len(sel) > 0 {
		c += "(" + strings.Join(sel, ",") + ")"
	}
	return c
}

// countQuery answers GET of a collection's /$count: the number of
// entities that pass $filter and $search, as text/plain; in the
// directory only with ConsistencyLevel: eventual.
func (x *exchange) countQuery() (Response, bool) {
	rules := x.rulesOf(x.p.rules)
	if rules != nil && rules.Workload == "directory" && !x.eventual() {
		return errorResponse(queryRule("countSegment")), true
	}
	lq, e := x.readQuery()
	if e != nil {
		return errorResponse(e), true
	}
	n, err := x.countMatches(x.p.path, lq)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return errorResponse(x.queryError(rules, err)), true
	}
	return Response{Status: http.StatusOK, ContentType: "text/plain", Body: []byte(strconv.Itoa(n))}, true
}
