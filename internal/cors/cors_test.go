package cors

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestNewReportsMalformedOrigins(t *testing.T) {
	tests := []struct {
		origin string
		want   string
	}{
		{"localhost:3000", `CORS origin "localhost:3000": want scheme://host or scheme://host:port, such as http://localhost:3000`},
		{"http://localhost:3000/app", `CORS origin "http://localhost:3000/app": an origin is a scheme, a host and a port only: remove the path`},
		{"http://localhost:port", `CORS origin "http://localhost:port": port "port": want a number or *`},
		{"http://:3000", `CORS origin "http://:3000": missing host`},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			_, err := New([]string{tt.origin}, 0)
			if err == nil || err.Error() != tt.want {
				t.Errorf("New() = %v, want %s", err, tt.want)
			}
		})
	}
	if _, err := New([]string{"http://localhost:*", "https://app.example:8443", "http://x/"}, 0); err != nil {
		t.Errorf("New() of good origins = %v", err)
	}
}

func preflight(origin string) *http.Request {
	r := httptest.NewRequest(http.MethodOptions, "/v1.0/me", nil)
	r.Header.Set("Origin", origin)
	r.Header.Set("Access-Control-Request-Method", "POST")
	return r
}

func TestPreflightWithoutAPolicySaysHowToTurnCORSOn(t *testing.T) {
	var p *Policy // CORS off
	w := httptest.NewRecorder()
	status, problem := p.Preflight(w, preflight("http://localhost:3000"))
	if status != http.StatusForbidden || w.Code != http.StatusForbidden {
		t.Fatalf("status %d (recorded %d), want 403", status, w.Code)
	}
	if !strings.Contains(problem, "-cors") || !strings.Contains(w.Body.String(), CodeCORSOff) {
		t.Errorf("problem %q, body %s: want the -cors hint and code %s", problem, w.Body, CodeCORSOff)
	}
	if w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("a refused preflight granted an origin")
	}
}

func TestPreflightAllowsOnlyItsOrigins(t *testing.T) {
	p, err := New([]string{"http://localhost:3000"}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	if status, problem := p.Preflight(w, preflight("http://localhost:3000")); status != http.StatusNoContent || problem != "" {
		t.Fatalf("allowed origin: %d %q", status, problem)
	}
	if got := w.Header().Get("Access-Control-Allow-Origin"); got != "http://localhost:3000" {
		t.Errorf("Access-Control-Allow-Origin %q", got)
	}
	w = httptest.NewRecorder()
	if status, problem := p.Preflight(w, preflight("http://evil.example")); status != http.StatusForbidden || !strings.Contains(problem, "http://evil.example") {
		t.Errorf("other origin: %d %q", status, problem)
	}
}
