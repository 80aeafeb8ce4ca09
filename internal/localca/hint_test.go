package localca_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/internal/localca"
)

// lineWriter sends each line written to it on a channel, for a test to
// read an http.Server's ErrorLog as it is written.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) {
	w <- strings.TrimSuffix(string(p), "\n")
	return len(p), nil
}

// serveLeaf starts an HTTPS test server with a leaf from ca, whose error
// log lines arrive on the returned channel.
func serveLeaf(t *testing.T, ca *localca.CA) (*httptest.Server, <-chan string) {
	t.Helper()
	cert, err := ca.Leaf()
	if err != nil {
		t.Fatalf("Leaf() error = %v", err)
	}
	lines := make(lineWriter, 16)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello over TLS")
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(lines, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, lines
}

// client returns an HTTPS client with the given TLS configuration that
// always dials addr, and reports the local address of each connection it
// makes on dialed.
func client(t *testing.T, addr string, config *tls.Config, dialed chan<- string) *http.Client {
	t.Helper()
	tr := &http.Transport{
		TLSClientConfig: config,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err == nil && dialed != nil {
				dialed <- conn.LocalAddr().String()
			}
			return conn, err
		},
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func TestAClientTrustingTheCAConnectsWithoutSkippingVerification(t *testing.T) {
	ca := mustOpen(t, t.TempDir(), localca.Options{})
	srv, lines := serveLeaf(t, ca)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	for _, host := range []string{"127.0.0.1", "localhost"} {
		config := &tls.Config{RootCAs: ca.Pool()} // InsecureSkipVerify stays false
		resp, err := client(t, srv.Listener.Addr().String(), config, nil).Get("https://" + net.JoinHostPort(host, port) + "/")
		if err != nil {
			t.Fatalf("GET https://%s with the CA's pool error = %v", host, err)
		}
		resp.Body.Close()
		if resp.TLS == nil || len(resp.TLS.VerifiedChains) != 1 {
			t.Errorf("GET https://%s was not verified: %+v", host, resp.TLS)
		}
	}
	select {
	case line := <-lines:
		t.Errorf("the server logged %q for clients that trust the CA", line)
	default:
	}
}

func TestHandshakeHintRecognisesAGoClientThatDoesNotTrustTheCA(t *testing.T) {
	ca := mustOpen(t, t.TempDir(), localca.Options{})
	srv, lines := serveLeaf(t, ca)

	dialed := make(chan string, 1)
	_, err := client(t, srv.Listener.Addr().String(), &tls.Config{}, dialed).Get(srv.URL)
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("GET with the system's roots error = %v, want x509.UnknownAuthorityError", err)
	}
	clientAddr := <-dialed

	var line string
	select {
	case line = <-lines:
	case <-time.After(10 * time.Second):
		t.Fatal("the server logged nothing for the failed handshake")
	}
	// The exact words, so that a Go release that changes them fails here.
	if want := "http: TLS handshake error from " + clientAddr + ": remote error: tls: bad certificate"; line != want {
		t.Errorf("server logged %q, want %q", line, want)
	}
	hint, ok := localca.HandshakeHint(line)
	if !ok {
		t.Fatalf("HandshakeHint(%q) = false, want a hint", line)
	}
	for _, want := range []string{clientAddr, "does not trust", `"graphmock ca"`} {
		if !strings.Contains(hint, want) {
			t.Errorf("HandshakeHint(%q) = %q, want it to say %q", line, hint, want)
		}
	}
}

func TestHandshakeHint(t *testing.T) {
	tests := []struct {
		name     string
		line     string
		want     string // in the hint; empty for no hint
		probably bool
	}{
		{
			name: "a Go client that does not trust the CA",
			line: "http: TLS handshake error from 127.0.0.1:53124: remote error: tls: bad certificate",
			want: "the client at 127.0.0.1:53124 does not trust",
		},
		{
			name: "an OpenSSL client over TLS 1.2, as curl and Python",
			line: "http: TLS handshake error from 127.0.0.1:55020: remote error: tls: unknown certificate authority",
			want: "the client at 127.0.0.1:55020 does not trust",
		},
		{
			name: "a client that sends certificate_unknown",
			line: "http: TLS handshake error from 127.0.0.1:40000: remote error: tls: unknown certificate",
			want: "(remote error: tls: unknown certificate)",
		},
		{
			name:     "an OpenSSL client over TLS 1.3, whose alert Go cannot read",
			line:     "http: TLS handshake error from 127.0.0.1:58348: local error: tls: bad record MAC",
			want:     "the client at 127.0.0.1:58348 probably does not trust",
			probably: true,
		},
		{
			name: "an IPv6 client",
			line: "http: TLS handshake error from [::1]:5555: remote error: tls: bad certificate",
			want: "the client at [::1]:5555 does not trust",
		},
		{
			name: "the line with the standard logger's date",
			line: "2026/11/30 10:04:05 http: TLS handshake error from 127.0.0.1:1: remote error: tls: bad certificate\n",
			want: "127.0.0.1:1 does not trust",
		},
		{
			name: "the line as slog's text handler quotes it",
			line: `time=2026-11-30T10:04:05Z level=WARN msg="http: TLS handshake error from 127.0.0.1:1: remote error: tls: unknown certificate authority"`,
			want: "127.0.0.1:1 does not trust graphmock's certificate (remote error: tls: unknown certificate authority)",
		},
		{
			name: "the line as slog's JSON handler quotes it",
			line: `{"time":"2026-11-30T10:04:05Z","level":"WARN","msg":"http: TLS handshake error from 127.0.0.1:1: remote error: tls: bad certificate"}`,
			want: "127.0.0.1:1 does not trust",
		},
		{
			name: "a client that closed the connection without a word",
			line: "http: TLS handshake error from 127.0.0.1:1: EOF",
		},
		{
			name: "a plain HTTP request to the HTTPS port",
			line: "http: TLS handshake error from 127.0.0.1:1: client sent an HTTP request to an HTTPS server",
		},
		{
			name: "a client that says the certificate expired",
			line: "http: TLS handshake error from 127.0.0.1:1: remote error: tls: expired certificate",
		},
		{
			name: "a client with no protocol version in common",
			line: "http: TLS handshake error from 127.0.0.1:1: tls: client offered only unsupported versions: [302 301]",
		},
		{
			name: "another line that mentions a bad certificate",
			line: "http: panic serving 127.0.0.1:1: remote error: tls: bad certificate",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hint, ok := localca.HandshakeHint(tt.line)
			if tt.want == "" {
				if ok {
					t.Errorf("HandshakeHint(%q) = %q, want no hint", tt.line, hint)
				}
				return
			}
			if !ok {
				t.Fatalf("HandshakeHint(%q) = false, want a hint", tt.line)
			}
			if !strings.Contains(hint, tt.want) || !strings.Contains(hint, `run "graphmock ca"`) {
				t.Errorf("HandshakeHint(%q) = %q, want it to say %q and name graphmock ca", tt.line, hint, tt.want)
			}
			if got := strings.Contains(hint, "probably"); got != tt.probably {
				t.Errorf("HandshakeHint(%q) = %q, hedged = %v, want %v", tt.line, hint, got, tt.probably)
			}
		})
	}
}
