package cors

import "testing"

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
