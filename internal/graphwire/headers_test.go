package graphwire

import (
	"net/http"
	"testing"
)

// Every response carries request-id and client-request-id (the client's
// own when it sent one, else the request id), as Graph's do:
// https://learn.microsoft.com/en-us/graph/best-practices-concept#reliability-and-support
func TestSetGraphHeadersEchoesTheClientsIDOrTheRequestID(t *testing.T) {
	const id = "7cc77a60-e002-403b-915e-6eb09ebde82e"
	h := make(http.Header)
	SetGraphHeaders(h, id, id)
	if h.Get("Request-Id") != id || h.Get("Client-Request-Id") != id {
		t.Errorf("without a client-request-id of its own: %v", h)
	}
	h = make(http.Header)
	SetGraphHeaders(h, id, "mine")
	if h.Get("Request-Id") != id || h.Get("Client-Request-Id") != "mine" {
		t.Errorf("client-request-id of the client's own: %v", h)
	}
	for _, name := range []string{"X-Ms-Ags-Diagnostic", "Cache-Control", "Strict-Transport-Security"} {
		if h.Get(name) == "" {
			t.Errorf("no %s", name)
		}
	}
	// The two ids may share a slice; adding to one leaves the other as it was.
	h = make(http.Header)
	SetGraphHeaders(h, id, id)
	h.Add("Request-Id", "other")
	if got := h.Values("Client-Request-Id"); len(got) != 1 || got[0] != id {
		t.Errorf("adding a request-id changed client-request-id: %v", got)
	}
}
