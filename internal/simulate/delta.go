package simulate

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odataquery"
	"github.com/graphmock/graphmock/internal/store"
)

// deltaSets are the collections whose delta function the simulation
// answers (https://learn.microsoft.com/en-us/graph/api/user-delta,
// https://learn.microsoft.com/en-us/graph/api/group-delta).
var deltaSets = []string{"users", "groups"}

// isDelta reports whether op is a delta function.
func isDelta(op *csdl.Operation) bool {
	return op != nil && op.Kind == csdl.FunctionKind && op.SimpleName() == "delta"
}

// A deltaToken is where a delta round stands: the state it reads (Snap,
// kept by the journal, taken when the journal was at Seq) and, for a
// round after the first, the state it started from (From at FromSeq).
// Cursor is a first round's place in its state, Offset a later round's
// place in the list of changed entities.
type deltaToken struct {
	Query   uint64       `json:"q"`
	Snap    uint64       `json:"s"`
	Seq     uint64       `json:"n"`
	From    uint64       `json:"f,omitempty"`
	FromSeq uint64       `json:"fn,omitempty"`
	Cursor  store.Cursor `json:"c,omitempty"`
	Offset  int          `json:"o,omitempty"`
}

// deltaQuery is the fingerprint of a delta request's options: a token
// continues only the query it was given for.
func (x *exchange) deltaQuery() uint64 {
	q := cloneQuery(x.r.Query)
	q.Del("$skiptoken")
	q.Del("$deltatoken")
	sub := *x.r
	sub.Query = q
	sub.Path = strings.TrimSuffix(x.r.Path, "()")
	y := *x
	y.r = &sub
	return y.fingerprint()
}

// delta answers GET /users/delta and /groups/delta: a first round pages
// through every entity and ends with an @odata.deltaLink; a round from
// that link returns the entities created or changed since, and those
// deleted as @removed; $deltatoken=latest starts from now with nothing.
func (x *exchange) delta() (Response, bool) {
	if len(x.p.path) != 1 || !slices.Contains(deltaSets, x.p.rules) {
		return Response{}, false // left to the scenarios
	}
	rules := x.rulesOf(x.p.rules)
	for _, opt := range []string{"$top", "$orderby", "$expand", "$search", "$count", "$skip"} {
		if _, ok := x.r.Query[opt]; ok {
			return errorResponse(queryRule("deltaOption", "option", opt)), true
		}
	}
	for _, o := range []string{"$select", "$filter", "$skiptoken", "$deltatoken"} {
		x.use(o)
	}
	lq := &listQuery{budget: odataquery.NewBudget(evaluationBudget), size: 100}
	if c := rules; c != nil && c.PageSize != nil {
		lq.size = c.PageSize.Default
	}
	if n := maxPageSize(x.r.Header); n > 0 {
		lq.size = min(n, 999)
	}
	if v, ok := first(x.r.Query, "$select"); ok {
		sel, e := x.selection(rules, v)
		if e != nil {
			return errorResponse(e), true
		}
		lq.sel = sel
	}
	if v, ok := first(x.r.Query, "$filter"); ok {
		// Delta filters on id alone (the pages' optional query parameters).
		f, err := odataquery.ParseFilter(v, odataquery.Limits{})
		if err != nil {
			return errorResponse(x.queryError(rules, err)), true
		}
		for _, u := range f.Uses() {
			if u.Property != "id" || (u.Operator != "eq" && u.Operator != "in") {
				return errorResponse(queryRule("deltaOption", "option", "$filter")), true
			}
		}
		lq.filter = f
	}
	fp := x.deltaQuery()
	var tok deltaToken
	switch {
	case x.r.Query.Has("$deltatoken"):
		v := x.r.Query.Get("$deltatoken")
		seq, snap := x.s.changes.seq(), x.s.changes.keep(x.s.st.Clone())
		if v == "latest" {
			return x.deltaPage(lq, deltaToken{Query: fp, Snap: snap, Seq: seq}, nil, nil), true
		}
		var old deltaToken
		if !x.s.verify(v, &old) || old.Query != fp || old.From != 0 || old.Offset != 0 || old.Cursor != 0 {
			return errorResponse(queryRule("deltaToken")), true
		}
		tok = deltaToken{Query: fp, Snap: snap, Seq: seq, From: old.Snap, FromSeq: old.Seq}
	case x.r.Query.Has("$skiptoken"):
		if !x.s.verify(x.r.Query.Get("$skiptoken"), &tok) || tok.Query != fp {
			return errorResponse(queryRule("deltaToken")), true
		}
	default:
		tok = deltaToken{Query: fp, Seq: x.s.changes.seq(), Snap: x.s.changes.keep(x.s.st.Clone())}
	}
	now, ok := x.s.changes.snapshot(tok.Snap)
	if !ok {
		return errorResponse(queryRule("deltaToken")), true
	}
	if tok.From == 0 {
		return x.deltaFirst(lq, tok, now), true
	}
	before, ok := x.s.changes.snapshot(tok.From)
	keys, kept := x.s.changes.since(x.p.rules, tok.FromSeq, tok.Seq)
	if !ok || !kept {
		return errorResponse(queryRule("deltaToken")), true
	}
	if x.p.rules == "groups" {
		keys = append(keys, x.s.changes.lostMembers(before, now, tok.FromSeq, tok.Seq, keys)...)
	}
	return x.deltaPage(lq, tok, before, now, keys...), true
}

// maxPageSize reads Prefer: odata.maxpagesize=n, 0 without it.
func maxPageSize(h http.Header) int {
	for _, v := range h.Values("Prefer") {
		for _, part := range strings.Split(v, ",") {
			name, val, ok := strings.Cut(strings.TrimSpace(part), "=")
			if ok && strings.EqualFold(name, "odata.maxpagesize") {
				if n, err := strconv.Atoi(strings.TrimSpace(val)); err == nil && n > 0 {
					return n
				}
			}
		}
	}
	return 0
}

// deltaFirst answers a page of a first round: the entities of the state
// the round started from, after the token's cursor.
func (x *exchange) deltaFirst(lq *listQuery, tok deltaToken, now *store.Store) Response {
	coll := x.p.path
	var page []store.Entity
	more := false
	var ferr error
	err := now.View(coll, tok.Cursor, 0, func(e store.Entity) bool {
		ok, err := lq.matches(e.Data)
		if err != nil {
			ferr = err
			return false
		}
		if !ok {
			return true
		}
		if len(page) == lq.size {
			more = true
			return false
		}
		page = append(page, e)
		return true
	})
	if err == nil {
		err = ferr
	}
	if err != nil {
		return errorResponse(x.queryError(x.rulesOf(x.p.rules), err))
	}
	value := make([]any, 0, len(page))
	for _, e := range page {
		value = append(value, x.deltaEntity(now, nil, e.Key, e.Data, nil))
	}
	body := map[string]any{"value": value}
	if more {
		next := tok
		next.Cursor = page[len(page)-1].Cursor
		body["@odata.nextLink"] = x.deltaLink("$skiptoken", x.s.sign(next))
	} else {
		body["@odata.deltaLink"] = x.deltaLink("$deltatoken", x.s.sign(deltaToken{Query: tok.Query, Snap: tok.Snap, Seq: tok.Seq}))
	}
	return jsonResponse(http.StatusOK, x.deltaContext(lq.sel), body)
}

// deltaPage answers a page of a later round: of the entities keys names
// (changed between before and now), those from the token's offset on.
func (x *exchange) deltaPage(lq *listQuery, tok deltaToken, before, now *store.Store, keys ...string) Response {
	value := []any{}
	i := tok.Offset
	for ; i < len(keys) && len(value) < lq.size; i++ {
		p := x.p.path.Entity(keys[i])
		old, oldErr := before.Get(p)
		cur, curErr := now.Get(p)
		switch {
		case curErr != nil && oldErr != nil:
			continue // created and deleted since
		case curErr != nil:
			if ok, _ := lq.matches(old.Data); !ok {
				continue
			}
			// A deleted user or group goes to deleted items and can be
			// restored: Graph reports it removed as "changed"
			// (https://learn.microsoft.com/en-us/graph/api/user-delta).
			value = append(value, map[string]any{"id": keys[i], "@removed": map[string]any{"reason": "changed"}})
			continue
		}
		if ok, err := lq.matches(cur.Data); err != nil {
			return errorResponse(x.queryError(x.rulesOf(x.p.rules), err))
		} else if !ok {
			continue
		}
		var oldData map[string]any
		if oldErr == nil {
			oldData = old.Data
		}
		ent := x.deltaEntity(now, before, keys[i], cur.Data, oldData)
		if ent == nil {
			continue // nothing Graph shows changed
		}
		value = append(value, ent)
	}
	body := map[string]any{"value": value}
	if i < len(keys) {
		next := tok
		next.Offset = i
		body["@odata.nextLink"] = x.deltaLink("$skiptoken", x.s.sign(next))
	} else {
		body["@odata.deltaLink"] = x.deltaLink("$deltatoken", x.s.sign(deltaToken{Query: tok.Query, Snap: tok.Snap, Seq: tok.Seq}))
	}
	return jsonResponse(http.StatusOK, x.deltaContext(lq.sel), body)
}

// deltaEntity renders one entity of a delta page: what a read shows, and
// for a group members@delta, every member in a first round (before nil)
// and the members added or removed since in a later one. It returns nil
// for an entity of a later round in which nothing changed.
func (x *exchange) deltaEntity(now, before *store.Store, key string, data, old map[string]any) map[string]any {
	out := x.shown(x.p.rules, data)
	p := x.p.path.Entity(key)
	changed := before == nil || old == nil || !reflect.DeepEqual(x.shown(x.p.rules, old), out)
	if x.p.rules == "groups" {
		cur, _ := now.Refs(p, "members")
		var prev []store.Path
		if before != nil {
			prev, _ = before.Refs(p, "members")
		}
		var members []any
		for _, m := range cur {
			if !slices.ContainsFunc(prev, func(q store.Path) bool { return q.String() == m.String() }) {
				members = append(members, x.memberRef(m, false))
			}
		}
		for _, m := range prev {
			if !slices.ContainsFunc(cur, func(q store.Path) bool { return q.String() == m.String() }) {
				members = append(members, x.memberRef(m, true))
			}
		}
		if len(members) > 0 {
			out["members@delta"] = members
			changed = true
		} else if before == nil {
			out["members@delta"] = []any{}
		}
	}
	if !changed {
		return nil
	}
	return out
}

// memberRef is one entry of members@delta: the member's type and id, and
// @removed for one no longer a member
// (https://learn.microsoft.com/en-us/graph/api/group-delta).
func (x *exchange) memberRef(m store.Path, removed bool) map[string]any {
	out := map[string]any{"id": keyName(m)}
	if es := x.model.Container.EntitySet(m[0].Name); es != nil {
		out["@odata.type"] = "#" + es.EntityType
	}
	if removed {
		out["@removed"] = map[string]any{"reason": "deleted"}
	}
	return out
}

// deltaLink is a link to the next page or round, at the mock, with the
// request's options and option name set to token.
func (x *exchange) deltaLink(name, token string) string {
	q := cloneQuery(x.r.Query)
	q.Del("$skiptoken")
	q.Del("$deltatoken")
	q.Set(name, token)
	return x.r.Base + x.r.Path + "?" + encodeQuery(q)
}

// deltaContext is the @odata.context of a delta page: the entity set,
// with $select its properties, as the delta pages show it
// ($metadata#users(displayName,jobTitle)).
func (x *exchange) deltaContext(sel []string) string {
	c := graphwire.GraphRoot + "/" + x.version + "/$metadata#" + x.p.rules
	if len(sel) > 0 {
		c += "(" + strings.Join(sel, ",") + ")"
	}
	return c
}
