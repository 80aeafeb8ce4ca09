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

// exportTenant answers GET /_graphmock/tenant: what the simulated tenant
// holds, as a tenant file.
func (h *handler) exportTenant(r *http.Request) (any, *graphwire.Error) {
	data, err := h.srv.ExportTenant()
	if errors.Is(err, mockserver.ErrNotSimulated) {
		return nil, graphwire.Errorf(http.StatusNotFound, codeNotSimulated, "this mock simulates no tenant: start graphmock with -simulate, or add a simulate section to the scenario file")
	}
	if err != nil {
		return nil, graphwire.Errorf(http.StatusInternalServerError, codeInternal, "writing the tenant: %v", err)
	}
	return rawAnswer(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(data)
	}), nil
}

// seedTenant answers POST /_graphmock/tenant: the tenant file in the body
// adds its entities to the simulated tenant, all or nothing.
func (h *handler) seedTenant(r *http.Request) (any, *graphwire.Error) {
	data, e := readDocument(r)
	if e != nil {
		return nil, e
	}
	err := h.srv.SeedTenant("request body", data)
	switch {
	case errors.Is(err, mockserver.ErrNotSimulated):
		return nil, graphwire.Errorf(http.StatusNotFound, codeNotSimulated, "this mock simulates no tenant: start graphmock with -simulate, or add a simulate section to the scenario file")
	case err != nil:
		var lines []string
		for _, le := range mockserver.LoadErrors(err) {
			lines = append(lines, le.Error())
		}
		if len(lines) == 0 {
			lines = []string{err.Error()}
		}
		return nil, graphwire.Errorf(http.StatusBadRequest, codeBadRequest, "the tenant file was not seeded: %s", strings.Join(lines, "; "))
	}
	return withStatus{http.StatusCreated, struct {
		Seeded bool `json:"seeded"` // always true
	}{true}}, nil
}
