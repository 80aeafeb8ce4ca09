package simulate

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odataquery"
	"github.com/graphmock/graphmock/internal/store"
)

// wellKnownFolders are the names a mail folder may be addressed by
// instead of its id (https://learn.microsoft.com/en-us/graph/api/resources/mailfolder,
// "Well-known folder names").
var wellKnownFolders = []string{
	"archive", "clutter", "conflicts", "conversationhistory", "deleteditems", "drafts",
	"inbox", "junkemail", "localfailures", "msgfolderroot", "outbox", "recoverableitemsdeletions",
	"scheduled", "searchfolders", "sentitems", "serverfailures", "syncissues",
}

// folderDelta reports whether the request is the delta of the messages
// of a user's mail folder, /users/{id}/mailFolders/{id}/messages/delta,
// with the folder a stored one or a well-known name.
func (x *exchange) folderDelta() bool {
	p := x.p
	if p.kind != atAction || !isDelta(p.op) || p.rules != "users/mailFolders/messages" || len(p.path) != 3 {
		return false
	}
	return p.missing == "" || (p.missingRules == "users/mailFolders" && slices.Contains(wellKnownFolders, strings.ToLower(p.path[1].Key)))
}

// inFolder reports whether message m is in folder: its parentFolderId
// names it (by id, or by a well-known name, case aside); a message
// without one is a draft, as a message created by POST is
// (https://learn.microsoft.com/en-us/graph/api/user-post-messages).
func inFolder(m map[string]any, folder string) bool {
	parent, _ := m["parentFolderId"].(string)
	if parent == "" {
		parent = "drafts"
	}
	return strings.EqualFold(parent, folder)
}

// messagesDelta answers GET /users/{id}/mailFolders/{id}/messages/delta
// as the message delta page says
// (https://learn.microsoft.com/en-us/graph/api/message-delta): a first
// round pages through the folder's messages and ends with an
// @odata.deltaLink; a round from it returns the messages created or
// changed in the folder since, and those deleted or moved out as
// @removed with reason deleted. Messages are kept in users/{id}/messages,
// their folder in parentFolderId; what changed is what differs between
// the state the last round ended at and now.
func (x *exchange) messagesDelta() (Response, bool) {
	user := x.p.path[:1]
	if !x.s.exists(user) {
		return errorResponse(x.notFound("users", keyName(user))), true
	}
	folder := x.p.path[1].Key
	rules := x.rulesOf("users/messages")
	for _, opt := range []string{"$orderby", "$expand", "$search", "$count", "$skip"} {
		if _, ok := x.r.Query[opt]; ok {
			return errorResponse(queryRule("deltaOption", "option", opt)), true
		}
	}
	for _, o := range []string{"$select", "$filter", "$top", "$skiptoken", "$deltatoken"} {
		x.use(o)
	}
	lq := &listQuery{budget: odataquery.NewBudget(evaluationBudget), size: 10}
	if rules != nil && rules.PageSize != nil {
		lq.size = rules.PageSize.Default
	}
	if v, ok := first(x.r.Query, "$top"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return errorResponse(graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "Invalid page size specified: '%s'. Must be a whole number, 1 or more.", v)), true
		}
		lq.size = min(n, 1000)
	}
	if n := maxPageSize(x.r.Header); n > 0 {
		lq.size = min(n, 1000)
	}
	if v, ok := first(x.r.Query, "$select"); ok {
		sel, e := x.selection(rules, v)
		if e != nil {
			return errorResponse(e), true
		}
		lq.sel = sel
	}
	if v, ok := first(x.r.Query, "$filter"); ok {
		// "The only supported $filter expression is for filtering on
		// receivedDateTime" with ge or gt (the message delta page).
		f, err := odataquery.ParseFilter(v, odataquery.Limits{})
		if err != nil {
			return errorResponse(x.queryError(rules, err)), true
		}
		for _, u := range f.Uses() {
			if u.Property != "receivedDateTime" || (u.Operator != "ge" && u.Operator != "gt") {
				return errorResponse(queryRule("deltaOption", "option", "$filter")), true
			}
		}
		lq.filter = f
	}
	c := graphwire.GraphRoot + "/" + x.version + "/$metadata#Collection(message)"
	if len(lq.sel) > 0 {
		c = graphwire.GraphRoot + "/" + x.version + "/$metadata#Collection(message(" + strings.Join(lq.sel, ",") + "))"
	}
	return x.containedDelta(lq, x.deltaQuery(), user.Collection("messages"), "users/messages", "#microsoft.graph.message", c,
		func(m map[string]any) bool { return inFolder(m, folder) }), true
}

// containedDelta answers a page of a delta round over the entities of
// coll (contained in a user: messages, events) that member keeps: a
// first round every one of them, in the store's order; a round from a
// deltaLink those created or changed since and those deleted or no
// longer members, as @removed with reason deleted. What changed is what
// differs between the state the last round ended at and now. fp is the
// query's fingerprint, typ the entities' @odata.type, context the pages'.
func (x *exchange) containedDelta(lq *listQuery, fp uint64, coll store.Path, rules, typ, context string, member func(map[string]any) bool) Response {
	var tok deltaToken
	switch {
	case x.r.Query.Has("$deltatoken"):
		var old deltaToken
		if !x.s.verify(x.r.Query.Get("$deltatoken"), &old) || old.Query != fp || old.From != 0 || old.Offset != 0 || old.Cursor != 0 {
			return errorResponse(queryRule("deltaToken"))
		}
		tok = deltaToken{Query: fp, Snap: x.s.changes.keep(x.s.st.Clone()), From: old.Snap}
	case x.r.Query.Has("$skiptoken"):
		if !x.s.verify(x.r.Query.Get("$skiptoken"), &tok) || tok.Query != fp {
			return errorResponse(queryRule("deltaToken"))
		}
	default:
		tok = deltaToken{Query: fp, Snap: x.s.changes.keep(x.s.st.Clone())}
	}
	now, ok := x.s.changes.snapshot(tok.Snap)
	if !ok {
		return errorResponse(queryRule("deltaToken"))
	}
	var before *store.Store
	if tok.From != 0 {
		if before, ok = x.s.changes.snapshot(tok.From); !ok {
			return errorResponse(queryRule("deltaToken"))
		}
	}
	in := func(st *store.Store) map[string]map[string]any {
		out := map[string]map[string]any{}
		_ = st.View(coll, 0, 0, func(e store.Entity) bool {
			if ok, _ := lq.matches(e.Data); ok && member(e.Data) {
				out[e.Key] = e.Data
			}
			return true
		})
		return out
	}
	// The round's entries, in the store's order: a first round every
	// member, a later one those that differ, then those gone.
	var keys []string
	cur := in(now)
	_ = now.View(coll, 0, 0, func(e store.Entity) bool {
		if _, ok := cur[e.Key]; ok {
			keys = append(keys, e.Key)
		}
		return true
	})
	if before != nil {
		prev := in(before)
		keys = slices.DeleteFunc(keys, func(k string) bool {
			old, had := prev[k]
			return had && reflect.DeepEqual(old, cur[k])
		})
		_ = before.View(coll, 0, 0, func(e store.Entity) bool {
			if _, had := prev[e.Key]; had {
				if _, still := cur[e.Key]; !still {
					keys = append(keys, e.Key)
				}
			}
			return true
		})
	}
	value := []any{}
	i := tok.Offset
	for ; i < len(keys) && len(value) < lq.size; i++ {
		data, ok := cur[keys[i]]
		if !ok {
			value = append(value, map[string]any{"@odata.type": typ, "id": keys[i], "@removed": map[string]any{"reason": "deleted"}})
			continue
		}
		value = append(value, x.shown(rules, data))
	}
	body := map[string]any{"value": value}
	if i < len(keys) {
		next := tok
		next.Offset = i
		body["@odata.nextLink"] = x.deltaLink("$skiptoken", x.s.sign(next))
	} else {
		body["@odata.deltaLink"] = x.deltaLink("$deltatoken", x.s.sign(deltaToken{Query: tok.Query, Snap: tok.Snap}))
	}
	return jsonResponse(http.StatusOK, context, body)
}
