package simulate

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphrules"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/store"
)

// bindSuffix ends the annotation that binds references in a create or an
// update: "members@odata.bind": ["https://graph.microsoft.com/v1.0/directoryObjects/{id}"]
// (https://learn.microsoft.com/en-us/graph/api/group-post-groups, example 2).
const bindSuffix = "@odata.bind"

// A binding is the references one annotation asks for.
type binding struct {
	nav     string
	targets []store.Path
}

// requiredMessage words Graph's refusal of a create that lacks a property
// the service requires, as the directory answers POST /users without
// mailNickname: "Property mailNickname value is required but is empty or
// missing." (Request_BadRequest; quoted by the Graph PowerShell SDK's
// maintainers, https://github.com/microsoftgraph/MSGraph-SDK-Code-Generator/issues/244).
const requiredMessage = "Property %s value is required but is empty or missing."

// create answers POST to a collection: the body checked against the
// type, then the workload's required properties and the references it
// binds; the entity stored with its id and computed properties; 201 with
// the entity, its @odata.context and a Location back at the mock.
func (x *exchange) create() (Response, bool) {
	p := &x.p
	body, e, ok := x.typedBody()
	if !ok {
		return Response{}, false
	}
	if e != nil {
		return errorResponse(e), true
	}
	rules := x.rulesOf(p.rules)
	if rules != nil && rules.Required != nil {
		for _, name := range rules.Required.Properties {
			if v, ok := body[name]; !ok || v == nil {
				return errorResponse(graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), requiredMessage, name)), true
			}
		}
	}
	binds, e := x.bindings(body, rules)
	if e != nil {
		return errorResponse(e), true
	}
	if e := x.full(); e != nil {
		return errorResponse(e), true
	}
	data := withoutBinds(body)
	nested := x.containedItems(data)
	at := now().UTC()
	id := x.newID(rules, at)
	if p.typ.Property("id") != nil {
		data["id"] = id
	}
	for _, name := range computed(rules) {
		if prop := p.typ.Property(name); prop != nil && name != "id" {
			if v, ok := x.computedValue(prop, id, at); ok {
				data[name] = v
			}
		}
	}
	if err := x.s.st.Create(p.path, id, data); err != nil {
		return errorResponse(x.storeError(rules, err)), true
	}
	entity := p.path.Entity(id)
	for _, b := range binds {
		if err := x.s.st.AddRefs(entity, b.nav, b.targets...); err != nil {
			_ = x.s.st.Delete(entity) // all or nothing
			return errorResponse(x.storeError(rules, err)), true
		}
	}
	for nav, items := range nested {
		if err := x.createContained(entity, nav, items, at); err != nil {
			_ = x.s.st.Delete(entity) // all or nothing
			return errorResponse(x.storeError(rules, err)), true
		}
	}
	stored, _ := x.s.st.Get(entity)
	resp := jsonResponse(http.StatusCreated, x.context(true), x.shown(p.rules, stored.Data))
	resp.Location = x.r.Base + strings.TrimSuffix(x.r.Path, "/") + "/" + url.PathEscape(id)
	resp.Entity = entity.String()
	return resp, true
}

// containedItems takes out of data the entities a create writes inline in
// a collection its type contains, as Create chat writes its members
// (https://learn.microsoft.com/en-us/graph/api/chat-post): OData's deep
// insert. They are created under the new entity.
func (x *exchange) containedItems(data map[string]any) map[string][]map[string]any {
	var out map[string][]map[string]any
	for k, v := range data {
		np := navigationProperty(x.p.typ, k)
		list, ok := v.([]any)
		if np == nil || !np.ContainsTarget || !np.Type.Collection || !ok {
			continue
		}
		items := make([]map[string]any, 0, len(list))
		for _, it := range list {
			if m, ok := it.(map[string]any); ok {
				items = append(items, m)
			}
		}
		if out == nil {
			out = map[string][]map[string]any{}
		}
		out[k] = items
		delete(data, k)
	}
	return out
}

// createContained creates items in the collection nav of entity, each
// with an id, and for a member bound to a user (user@odata.bind), the
// user's id, name and mail as Graph's conversation members carry them.
func (x *exchange) createContained(entity store.Path, nav string, items []map[string]any, at time.Time) error {
	coll := entity.Collection(nav)
	rules := x.rulesOf(rulesName(coll))
	for _, item := range items {
		data := make(map[string]any, len(item)+4)
		for k, v := range item {
			data[k] = v
		}
		id := x.newID(rules, at)
		data["id"] = id
		if u, ok := item["user@odata.bind"].(string); ok {
			if tgt, e := x.target(u); e == nil {
				if user, err := x.s.st.Get(tgt); err == nil {
					data["userId"], data["displayName"], data["email"] = keyName(tgt), user.Data["displayName"], user.Data["mail"]
				}
			}
		}
		if err := x.s.st.Create(coll, id, data); err != nil {
			return err
		}
	}
	return nil
}

// computedValue is the value the service gives a computed property of a
// new entity with id, made at at, derived from the property's name and
// type: the time for a date (createdDateTime), the id for an etag, the
// parent's key for {parent}Id (a chat message's chatId), a new GUID for a
// Guid or another …Id (an application's appId), the first member for an enum (a chat
// message's messageType is message), the signed-in user for an identity
// set (createdBy), a link back at the mock for webUrl, and a fresh token
// for any other string (changeKey).
func (x *exchange) computedValue(prop *csdl.Property, id string, at time.Time) (any, bool) {
	name, typ := prop.Name, prop.Type.Name
	if prop.Type.Collection {
		return nil, false
	}
	switch {
	case typ == "Edm.DateTimeOffset":
		return at.Format("2006-01-02T15:04:05.000Z"), true
	case name == "etag" || name == "eTag":
		return id, true
	case typ == "Edm.Guid":
		return guid(x.s.salt | x.s.next.Add(1)), true
	case name == "webUrl":
		return x.r.Base + strings.TrimSuffix(x.r.Path, "/") + "/" + url.PathEscape(id), true
	case typ == "Edm.String" && strings.HasSuffix(name, "Id"):
		if len(x.p.path) > 1 {
			if parent := x.p.path[len(x.p.path)-2]; strings.EqualFold(strings.TrimSuffix(name, "Id"), singular(parent.Name)) {
				return parent.Key, true
			}
		}
		return guid(x.s.salt | x.s.next.Add(1)), true // appId, and the like: Graph's ids are GUIDs
	case typ == "Edm.String":
		return fmt.Sprintf("%016x", x.s.salt|x.s.next.Add(1)), true
	}
	if e := x.model.Enum(typ); e != nil && len(e.Members) > 0 {
		return e.Members[0].Name, true
	}
	if strings.HasSuffix(typ, "identitySet") && x.s.t.me != "" {
		user := map[string]any{"id": x.s.t.me}
		if me, err := x.s.st.Get(store.Path{{Name: "users", Key: x.s.t.me}}); err == nil {
			user["displayName"] = me.Data["displayName"]
		}
		return map[string]any{"user": user}, true
	}
	return nil, false
}

// singular returns an entity set's name for one of its entities: chats,
// chat.
func singular(set string) string { return strings.TrimSuffix(set, "s") }

// typedBody reads the request's body as an object of the addressed type,
// or Graph's 400 for a body that is not one; ok is false when the
// metadata has no schema for the type, for the scenarios to answer.
func (x *exchange) typedBody() (body map[string]any, refusal *graphwire.Error, ok bool) {
	body, e := x.object()
	if e != nil {
		return nil, e, true
	}
	schema, err := x.schemas().Type(x.p.typ.Name)
	if err != nil {
		return nil, nil, false
	}
	return body, invalid(schema, body), true
}

// badRequestCode is the code of the workload's 400s: the directory's
// Request_BadRequest, or Graph's BadRequest.
func (x *exchange) badRequestCode(rules *graphrules.Collection) string {
	if rules != nil && rules.Workload == "directory" {
		return "Request_BadRequest"
	}
	return graphwire.CodeBadRequest
}

// computed lists the properties the service sets when an entity is
// created (createdDateTime, lastModifiedDateTime, …), per the rules.
func computed(rules *graphrules.Collection) []string {
	if rules == nil || rules.Computed == nil {
		return []string{"createdDateTime", "lastModifiedDateTime"}
	}
	return rules.Computed.Properties
}

// newID returns the id of a new entity, in the collection's shape: a GUID
// for directory objects, 19:…@thread.v2 for chats, and so on.
func (x *exchange) newID(rules *graphrules.Collection, at time.Time) string {
	n := x.s.salt | x.s.next.Add(1)
	if rules != nil {
		if shape := rules.IDShape(); shape != nil {
			return shape.New(n, at.Add(time.Duration(n&0xffffffff)*time.Millisecond))
		}
	}
	return guid(n)
}

// guid returns a version-4-shaped GUID made from n.
func guid(n uint64) string {
	h := n*0x9e3779b97f4a7c15 ^ 0x5851f42d4c957f2d
	l := (n+1)*0xbf58476d1ce4e5b9 ^ 0x94d049bb133111eb
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", uint32(h>>32), uint16(h>>16), uint16(h)&0xfff, uint16(l>>48)&0x3fff|0x8000, l&0xffffffffffff)
}

// withoutBinds returns body without its @odata.bind annotations.
func withoutBinds(body map[string]any) map[string]any {
	out := make(map[string]any, len(body))
	for k, v := range body {
		if !strings.HasSuffix(k, bindSuffix) {
			out[k] = v
		}
	}
	return out
}

// bindings reads the body's nav@odata.bind annotations: each a URL or a
// list of URLs of entities that must exist, at most the workload's limit
// in all (20 for a group's members and owners).
func (x *exchange) bindings(body map[string]any, rules *graphrules.Collection) ([]binding, *graphwire.Error) {
	var out []binding
	total := 0
	for k, v := range body {
		nav, ok := strings.CutSuffix(k, bindSuffix)
		if !ok {
			continue
		}
		np := x.p.typ.NavigationProperty(nav)
		if np == nil || np.ContainsTarget {
			// Graph's words for a bind that names no navigation property
			// (https://github.com/microsoftgraph/msgraph-sdk-raptor/issues/494).
			return nil, graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "Invalid bind property name definition in request.")
		}
		urls, ok := bindURLs(v)
		if !ok {
			return nil, graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "%s must hold the URLs of entities.", k)
		}
		total += len(urls)
		if limit := bindLimit(rules); limit > 0 && total > limit {
			return nil, graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules),
				"A request can bind at most %d references through @odata.bind; add the rest with POST …/$ref.", limit)
		}
		b := binding{nav: nav}
		for _, u := range urls {
			tgt, e := x.target(u)
			if e != nil {
				return nil, e
			}
			b.targets = append(b.targets, tgt)
		}
		out = append(out, b)
	}
	return out, nil
}

// bindURLs returns the URLs of an @odata.bind value: one string, or a
// list of strings; false for anything else.
func bindURLs(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []string:
		return v, true
	case []any:
		urls := make([]string, 0, len(v))
		for _, u := range v {
			s, ok := u.(string)
			if !ok {
				return nil, false
			}
			urls = append(urls, s)
		}
		return urls, true
	}
	return nil, false
}

// full is the 507 of a create the tenant has no room for, or nil.
func (x *exchange) full() *graphwire.Error {
	if x.s.st.Len() < x.s.t.max {
		return nil
	}
	return graphwire.Errorf(http.StatusInsufficientStorage, "InsufficientStorage",
		"The simulated tenant holds %d entities, the most it may; delete some, or reset it.", x.s.t.max)
}

// bindLimit is how many references one request may bind.
func bindLimit(rules *graphrules.Collection) int {
	if rules == nil {
		return 0
	}
	return rules.BindLimit()
}

// target resolves an @odata.id to the stored entity it names: 400 for a
// URL that names no entity, 404 for an entity the tenant does not hold.
func (x *exchange) target(id string) (store.Path, *graphwire.Error) {
	ref, err := x.ver.Paths(false).ParseID(id, x.r.Hosts...)
	if err != nil {
		return nil, graphwire.Errorf(http.StatusBadRequest, graphwire.CodeBadRequest, "Invalid @odata.id %q: %v.", id, err)
	}
	key := ref.Key.Value
	sets := []string{ref.EntitySet.Name}
	if t := x.model.Type(ref.EntitySet.EntityType); t != nil && len(t.Derived) > 0 {
		sets = setsOf(x.model, t) // directoryObjects/{id}: a user, a group, …
	}
	for _, set := range sets {
		p := store.Path{{Name: set, Key: key}}
		if set == "users" {
			p = x.s.findKey(store.Path{{Name: "users"}}, key)
		}
		if x.s.exists(p) {
			return p, nil
		}
	}
	return nil, x.notFound(ref.EntitySet.Name, key)
}

// storeError is the Graph error of a store refusal.
func (x *exchange) storeError(rules *graphrules.Collection, err error) *graphwire.Error {
	var nu *store.NotUniqueError
	if errors.As(err, &nu) && rules != nil {
		if ge, ok := rules.NotUniqueError(nu.Property); ok {
			return graphError(ge)
		}
	}
	var re *store.RefExistsError
	if errors.As(err, &re) && rules != nil {
		if ge, ok := rules.DuplicateRefError(re.Nav); ok {
			return graphError(ge)
		}
	}
	switch {
	case errors.Is(err, store.ErrNotUnique):
		return graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "Another object with the same value for property %s already exists.", nu.Property)
	case errors.Is(err, store.ErrRefExists):
		return graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(rules), "One or more added object references already exist for the following modified properties: '%s'.", re.Nav)
	case errors.Is(err, store.ErrFull):
		return graphwire.Errorf(http.StatusInsufficientStorage, "InsufficientStorage", "The simulated tenant is full; delete some entities, or reset it.")
	case errors.Is(err, store.ErrNotFound):
		return x.notFound(x.p.rules, keyName(x.p.path))
	}
	return graphwire.Internal("the simulated tenant refused the change: %v.", err)
}

// update answers PATCH of an entity: the body checked against the type
// (nothing is required of an update), merged into the entity, its
// references bound; 204, or 200 with the entity where the workload
// answers so (Outlook's messages and events).
func (x *exchange) update() (Response, bool) {
	p := &x.p
	body, e, ok := x.typedBody()
	if !ok {
		return Response{}, false
	}
	if e != nil {
		return errorResponse(e), true
	}
	rulesPath := rulesName(p.path)
	rules := x.rulesOf(rulesPath)
	binds, e := x.bindings(body, rules)
	if e != nil {
		return errorResponse(e), true
	}
	changes := withoutBinds(body)
	delete(changes, "id")
	stamp := now().UTC().Format("2006-01-02T15:04:05.000Z")
	err := x.s.st.Update(p.path, func(data map[string]any) error {
		for k, v := range changes {
			data[k] = v
		}
		if p.typ.Property("lastModifiedDateTime") != nil {
			data["lastModifiedDateTime"] = stamp
		}
		return nil
	})
	if err != nil {
		return errorResponse(x.storeError(rules, err)), true
	}
	for _, b := range binds {
		if err := x.s.st.AddRefs(p.path, b.nav, b.targets...); err != nil {
			return errorResponse(x.storeError(rules, err)), true
		}
	}
	status := http.StatusNoContent
	if rules != nil {
		status = rules.UpdateStatus()
	}
	if status == http.StatusNoContent {
		return Response{Status: status, Entity: p.path.String()}, true
	}
	stored, _ := x.s.st.Get(p.path)
	resp := jsonResponse(status, x.context(true), x.shown(rulesPath, stored.Data))
	resp.Entity = p.path.String()
	return resp, true
}

// delete answers DELETE of an entity: it goes, with what it contains.
func (x *exchange) delete() (Response, bool) {
	rules := x.rulesOf(rulesName(x.p.path))
	if err := x.s.st.Delete(x.p.path); err != nil {
		return errorResponse(x.storeError(rules, err)), true
	}
	status := http.StatusNoContent
	if rules != nil {
		status = rules.DeleteStatus()
	}
	return Response{Status: status, Entity: x.p.path.String()}, true
}

// put answers PUT of a single entity an entity contains, as Graph takes
// one (a group's team: PUT /groups/{id}/team,
// https://learn.microsoft.com/en-us/graph/api/team-put-teams): the body
// checked against the type and stored in place of the entity, or as a new
// one; 200 with the entity, or 201 when it is new. Other entities are not
// replaced with PUT in Graph, and are left to the scenarios.
func (x *exchange) put() (Response, bool) {
	p := &x.p
	body, e, ok := x.typedBody()
	if !ok {
		return Response{}, false
	}
	if e != nil {
		return errorResponse(e), true
	}
	rulesPath := rulesName(p.path)
	rules := x.rulesOf(rulesPath)
	data := withoutBinds(body)
	status := http.StatusOK
	var err error
	if x.s.exists(p.path) {
		err = x.s.st.SetSingleton(p.path, data)
	} else {
		if e := x.full(); e != nil {
			return errorResponse(e), true
		}
		status = http.StatusCreated
		err = x.s.st.SetSingleton(p.path, data)
	}
	if err != nil {
		return errorResponse(x.storeError(rules, err)), true
	}
	stored, _ := x.s.st.Get(p.path)
	resp := jsonResponse(status, x.context(true), x.shown(rulesPath, stored.Data))
	resp.Entity = p.path.String()
	return resp, true
}
