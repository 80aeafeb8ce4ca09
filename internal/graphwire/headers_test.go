package graphwire

import (
	"net/http"
	"testing"
)

// Every response carries request-id and client-request-id (the client's
// own when it sent one, else the request id), as Graph's do:
// https://learn.microsoft.com/en-us/graph/best-practices-concept#reliability-and-support
func TestSetGraphHeadersWithSharesTheRequestIDSlice(t *testing.T) {
	id := []string{"7cc77a60-e002-403b-915e-6eb09ebde82e"}
	h := make(http.Header)
	SetGraphHeadersWith(h, id, id[0])
	if &h["Request-Id"][0] != &id[0] || &h["Client-Request-Id"][0] != &id[0] {
		t.Errorf("the headers do not share the caller's slice: %v", h)
	}
	h = make(http.Header)
	SetGraphHeadersWith(h, id, "mine")
	if h.Get("Request-Id") != id[0] || h.Get("Client-Request-Id") != "mine" {
		t.Errorf("client-request-id of the client's own: %v", h)
	}
	for _, name := range []string{"X-Ms-Ags-Diagnostic", "Cache-Control", "Strict-Transport-Security"} {
		if h.Get(name) == "" {
			t.Errorf("no %s", name)
		}
	}
	// A value added later does not write into the caller's slice.
	h.Add("Request-Id", "other")
	if len(id) != 1 || cap(id) != 1 || id[0] != "7cc77a60-e002-403b-915e-6eb09ebde82e" {
		t.Errorf("the caller's slice changed: %v", id)
	}
}
