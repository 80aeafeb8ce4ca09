package simulate

import (
	"net/http"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/store"
)

// action answers POST of a bound action: its parameters checked against
// the metadata, then what the action does to the tenant. Actions with
// state: sendMail, checkMemberGroups, getMemberGroups,
// checkMemberObjects, getMemberObjects. Any other action without a
// result answers 204 once its parameters pass; one with a result is left
// to the scenarios.
func (x *exchange) action() (Response, bool) {
	op := x.p.op
	if op == nil || op.Kind != csdl.ActionKind {
		return Response{}, false // functions (delta, …) are for the scenarios
	}
	body := map[string]any{}
	if x.r.Body != nil {
		b, e := x.object()
		if e != nil {
			return errorResponse(e), true
		}
		body = b
	}
	schema, err := x.schemas().Parameters(op)
	if err != nil {
		return Response{}, false
	}
	if e := invalid(schema, body); e != nil {
		return errorResponse(e), true
	}
	if x.p.kind == atEntity && !x.s.exists(x.p.path) {
		return errorResponse(x.notFound(rulesName(x.p.path), keyName(x.p.path))), true
	}
	switch op.SimpleName() {
	case "sendMail":
		return x.sendMail(body)
	case "getMemberGroups", "getMemberObjects":
		return x.memberOf(nil)
	case "checkMemberGroups", "checkMemberObjects":
		ids, _ := body["groupIds"].([]any)
		if ids == nil {
			ids, _ = body["ids"].([]any)
		}
		return x.memberOf(ids)
	}
	if op.ReturnType != nil {
		return Response{}, false
	}
	return Response{Status: http.StatusNoContent, Entity: x.p.path.String()}, true
}

// sendMail answers POST /users/{id}/sendMail: the message goes into the
// sender's Sent Items (unless saveToSentItems is false) and into the
// Inbox of each recipient the tenant holds, by mail or userPrincipalName;
// 202 Accepted, as Graph answers
// (https://learn.microsoft.com/en-us/graph/api/user-sendmail).
func (x *exchange) sendMail(body map[string]any) (Response, bool) {
	msg, _ := body["message"].(map[string]any)
	sender := x.p.path
	senderData, _ := x.s.st.Get(sender)
	at := now().UTC()
	stamp := at.Format("2006-01-02T15:04:05.000Z")
	deliver := func(owner store.Path, folder string, isRead bool) {
		m := make(map[string]any, len(msg)+6)
		for k, v := range msg {
			m[k] = v
		}
		id := x.newID(x.rulesOf("users/messages"), at)
		m["id"] = id
		m["parentFolderId"] = folder
		m["createdDateTime"], m["lastModifiedDateTime"], m["sentDateTime"], m["receivedDateTime"] = stamp, stamp, stamp, stamp
		m["isRead"], m["isDraft"] = isRead, false
		if addr, _ := senderData.Data["mail"].(string); addr != "" {
			from := map[string]any{"emailAddress": map[string]any{"address": addr, "name": senderData.Data["displayName"]}}
			m["from"], m["sender"] = from, from
		}
		_ = x.s.st.Create(owner.Collection("messages"), id, m)
	}
	if save, ok := body["saveToSentItems"].(bool); !ok || save {
		deliver(sender, "sentitems", true)
	}
	for _, field := range []string{"toRecipients", "ccRecipients", "bccRecipients"} {
		list, _ := msg[field].([]any)
		for _, r := range list {
			rm, _ := r.(map[string]any)
			ea, _ := rm["emailAddress"].(map[string]any)
			addr, _ := ea["address"].(string)
			if u, ok := x.userByAddress(addr); ok {
				deliver(u, "inbox", false)
			}
		}
	}
	return Response{Status: http.StatusAccepted, Entity: sender.String()}, true
}

// userByAddress finds the seeded user whose mail or userPrincipalName is
// addr.
func (x *exchange) userByAddress(addr string) (store.Path, bool) {
	if addr == "" {
		return nil, false
	}
	users, _ := x.s.st.List(store.Path{{Name: "users"}})
	for _, u := range users {
		for _, k := range []string{"mail", "userPrincipalName"} {
			if v, _ := u.Data[k].(string); strings.EqualFold(v, addr) {
				return store.Path{{Name: "users", Key: u.Key}}, true
			}
		}
	}
	return nil, false
}

// memberOf answers getMemberGroups and getMemberObjects (the ids of the
// groups the entity is a member of, directly or through other groups; the
// tenant's directory roles are not simulated) and, with check,
// checkMemberGroups and checkMemberObjects (those of check's ids that are
// among them), from the stored memberships
// (https://learn.microsoft.com/en-us/graph/api/directoryobject-getmembergroups).
func (x *exchange) memberOf(check []any) (Response, bool) {
	groups, _ := x.s.st.List(store.Path{{Name: "groups"}})
	direct := map[string][]string{} // member key -> groups it is directly in
	for _, g := range groups {
		refs, _ := x.s.st.Refs(store.Path{{Name: "groups", Key: g.Key}}, "members")
		for _, r := range refs {
			k := r[len(r)-1].Key
			direct[k] = append(direct[k], g.Key)
		}
	}
	seen := map[string]bool{}
	var walk func(k string)
	walk = func(k string) {
		for _, g := range direct[k] {
			if !seen[g] {
				seen[g] = true
				walk(g)
			}
		}
	}
	walk(keyName(x.p.path))
	value := []any{}
	if check != nil {
		for _, id := range check {
			if s, _ := id.(string); seen[s] {
				value = append(value, s)
			}
		}
	} else {
		for _, g := range groups {
			if seen[g.Key] {
				value = append(value, g.Key)
			}
		}
	}
	return jsonResponse(http.StatusOK, graphwire.GraphRoot+"/"+x.version+"/$metadata#Collection(Edm.String)", map[string]any{"value": value}), true
}
