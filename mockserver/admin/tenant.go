package admin

import (
	"errors"
	"net/http"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/mockserver"
)

// Codes of the tenant endpoint's errors.
const (
	codeNotSimulated   = "NotSimulated"
	codeEntityNotFound = "EntityNotFound"
)

// tenant answers GET /_graphmock/tenant/{path...}: what the simulated
// tenant holds at a path of names and keys, as Graph's paths name it
// (tenant/users, tenant/users/{id}, tenant/users/{id}/messages): an
// entity, or {"value": [...]} for a collection, with every property the
// store holds (write-only ones included: it is the test's view).
func (h *handler) tenant(r *http.Request) (any, *graphwire.Error) {
	path := strings.Trim(r.PathValue("path"), "/")
	if path == "" {
		return nil, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "name a collection or an entity after tenant/, such as tenant/users or tenant/users/{id}")
	}
	var (
		out any
		err error
	)
	if strings.Count(path, "/")%2 == 0 {
		var list []map[string]any
		list, err = h.srv.Entities(path)
		if list == nil {
			list = []map[string]any{}
		}
		out = struct {
			Value []map[string]any `json:"value"`
		}{list}
	} else {
		out, err = h.srv.Entity(path)
	}
	switch {
	case errors.Is(err, mockserver.ErrNotSimulated):
		return nil, graphwire.Errorf(http.StatusNotFound, codeNotSimulated, "this mock simulates no tenant: start graphmock with -simulate, or add a simulate section to the scenario file")
	case errors.Is(err, mockserver.ErrEntityNotFound):
		return nil, graphwire.Errorf(http.StatusNotFound, codeEntityNotFound, "the simulated tenant holds nothing at %s", path)
	case err != nil:
		return nil, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "%v", err)
	}
	return out, nil
}
