package simulate

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/store"
)

// odataID is the @odata.id of the stored entity at p, pointing back at the
// mock.
func (x *exchange) odataID(p store.Path) string {
	return x.r.Base + "/" + x.version + "/" + p[0].Name + "/" + p[len(p)-1].Key
}

// listRefs answers GET of a collection-valued navigation property that
// references entities kept elsewhere (a group's members): the entities,
// each with its @odata.type, or with $ref their @odata.ids.
func (x *exchange) listRefs() (Response, bool) {
	refs, err := x.s.st.Refs(x.p.path, x.p.nav.Name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return errorResponse(x.storeError(nil, err)), true
	}
	value := make([]any, 0, len(refs))
	for _, r := range refs {
		if x.p.ref {
			value = append(value, map[string]any{"@odata.id": x.odataID(r)})
			continue
		}
		e, err := x.s.st.Get(r)
		if err != nil {
			continue
		}
		value = append(value, x.shown(rulesName(r), withType(x.model, r, e.Data, x.p.typ)))
	}
	context := x.context(false)
	if x.p.ref {
		context = graphwire.GraphRoot + "/" + x.version + "/$metadata#Collection($ref)"
	} else if sets := setsOf(x.model, x.p.typ); len(sets) > 0 {
		context = graphwire.GraphRoot + "/" + x.version + "/$metadata#" + sets[0]
	}
	return jsonResponse(http.StatusOK, context, map[string]any{"value": value}), true
}

// refBody reads the body of POST or PUT …/$ref: {"@odata.id": URL}, and the
// entity it names.
func (x *exchange) refBody() (store.Path, *graphwire.Error) {
	body, e := x.object()
	if e != nil {
		return nil, e
	}
	if e := invalid(x.schemas().Reference(), body); e != nil {
		return nil, e
	}
	id, _ := body["@odata.id"].(string)
	return x.target(id)
}

// addRef answers POST …/members/$ref: 204; 400 when the reference is
// there already, 404 when its target is not in the tenant.
func (x *exchange) addRef() (Response, bool) {
	tgt, e := x.refBody()
	if e != nil {
		return errorResponse(e), true
	}
	if err := x.s.st.AddRefs(x.p.path, x.p.nav.Name, tgt); err != nil {
		return errorResponse(x.storeError(x.rulesOf(rulesName(x.p.path)), err)), true
	}
	return Response{Status: http.StatusNoContent, Entity: x.p.path.String()}, true
}

// removeRef answers DELETE …/members/{id}/$ref: 204, or the workload's
// 404 when the entity holds no such reference.
func (x *exchange) removeRef() (Response, bool) {
	if !x.p.found {
		return errorResponse(x.notFound(rulesName(x.p.path), x.p.key)), true
	}
	if err := x.s.st.RemoveRef(x.p.path, x.p.nav.Name, x.p.target); err != nil {
		return errorResponse(x.storeError(nil, err)), true
	}
	return Response{Status: http.StatusNoContent, Entity: x.p.path.String()}, true
}

// readRef answers GET of a single-valued reference (a user's manager):
// the entity, or with $ref its @odata.id; 404 when none is set.
func (x *exchange) readRef() (Response, bool) {
	tgt, ok, err := x.s.st.Ref(x.p.path, x.p.nav.Name)
	if err != nil || !ok {
		return errorResponse(x.notFound(rulesName(x.p.path), keyName(x.p.path))), true
	}
	if x.p.ref {
		return jsonResponse(http.StatusOK, graphwire.GraphRoot+"/"+x.version+"/$metadata#$ref", map[string]any{"@odata.id": x.odataID(tgt)}), true
	}
	return x.readAt(tgt)
}

// setRef answers PUT …/manager/$ref: 204.
func (x *exchange) setRef() (Response, bool) {
	tgt, e := x.refBody()
	if e != nil {
		return errorResponse(e), true
	}
	if err := x.s.st.SetRef(x.p.path, x.p.nav.Name, tgt); err != nil {
		return errorResponse(x.storeError(nil, err)), true
	}
	return Response{Status: http.StatusNoContent, Entity: x.p.path.String()}, true
}

// clearRef answers DELETE …/manager/$ref: 204, or 404 when none is set.
func (x *exchange) clearRef() (Response, bool) {
	if _, ok, err := x.s.st.Ref(x.p.path, x.p.nav.Name); err != nil || !ok {
		return errorResponse(x.notFound(rulesName(x.p.path), keyName(x.p.path))), true
	}
	if err := x.s.st.ClearRef(x.p.path, x.p.nav.Name); err != nil {
		return errorResponse(x.storeError(nil, err)), true
	}
	return Response{Status: http.StatusNoContent, Entity: x.p.path.String()}, true
}

// count answers GET …/$count: the number as text, as Graph sends it.
func (x *exchange) count() (Response, bool) {
	if x.p.nav == nil {
		return x.countQuery()
	}
	var n int
	if x.p.nav != nil {
		refs, _ := x.s.st.Refs(x.p.path, x.p.nav.Name)
		n = len(refs)
	} else {
		n, _ = x.s.st.Count(x.p.path)
	}
	return Response{Status: http.StatusOK, ContentType: "text/plain", Body: []byte(strconv.Itoa(n))}, true
}

// property answers GET of one structural property of an entity.
func (x *exchange) property() (Response, bool) {
	e, err := x.s.st.Get(x.p.path)
	if err != nil {
		return errorResponse(x.notFound(rulesName(x.p.path), keyName(x.p.path))), true
	}
	if c := x.rulesOf(rulesName(x.p.path)); c != nil && c.WriteOnly.Has(x.p.property) {
		return errorResponse(graphwire.Errorf(http.StatusBadRequest, x.badRequestCode(c), "Property '%s' cannot be read.", x.p.property)), true
	}
	return jsonResponse(http.StatusOK, x.context(false), map[string]any{"value": e.Data[x.p.property]}), true
}
