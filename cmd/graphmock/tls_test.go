package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// trustingClient returns a client that trusts only the certificates in
// the PEM file, as a client given graphmock's -tls-cert-out would.
func trustingClient(t *testing.T, pemFile, serverName string) *http.Client {
	t.Helper()
	data, err := os.ReadFile(pemFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		t.Fatalf("%s holds no PEM certificate:\n%s", pemFile, data)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: serverName}}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func postChatWith(t *testing.T, client *http.Client, url string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", url+chatRefPath, strings.NewReader(validChatBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer test")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST over HTTPS: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestRunServesHTTPSWithAGeneratedCertificate(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "graphmock.pem")
	url, stderr, stop := startRun(t, "-addr", "127.0.0.1:0", "-tls", "-tls-cert-out", certFile)
	stop = sync.OnceValue(stop)
	defer stop()
	if !strings.HasPrefix(url, "https://127.0.0.1:") {
		t.Fatalf("first stdout line = %q, want the https URL", url)
	}
	for _, name := range []string{"127.0.0.1", "localhost"} {
		if status := postChatWith(t, trustingClient(t, certFile, name), url); status != 204 {
			t.Errorf("server name %s: status %d, want 204", name, status)
		}
	}
	if !strings.Contains(stderr.String(), "cert="+certFile) {
		t.Errorf("log does not say where the certificate is:\n%s", stderr)
	}

	data, _ := os.ReadFile(certFile)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(data)
	conn, err := tls.Dial("tcp", strings.TrimPrefix(url, "https://"), &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	cert := conn.ConnectionState().PeerCertificates[0]
	conn.Close()
	key, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || key.Curve != elliptic.P256() {
		t.Errorf("key = %T, want ECDSA P-256", cert.PublicKey)
	}
	if len(cert.IPAddresses) != 2 || !cert.IPAddresses[0].Equal(net.IPv4(127, 0, 0, 1)) || !cert.IPAddresses[1].Equal(net.IPv6loopback) || strings.Join(cert.DNSNames, ",") != "localhost" {
		t.Errorf("certificate names = %v %v, want localhost, 127.0.0.1, ::1", cert.DNSNames, cert.IPAddresses)
	}
	if life := time.Until(cert.NotAfter); life <= 0 || life > 8*24*time.Hour {
		t.Errorf("certificate valid until %v, want a short validity", cert.NotAfter)
	}
	if err := stop(); err != nil {
		t.Errorf("run() = %v after shutdown", err)
	}
}

func TestRunWritesTheCertificateToADefaultPlace(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	url, stderr, stop := startRun(t, "-addr", "127.0.0.1:0", "-tls")
	defer stop()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(url, "https://"))
	certFile := filepath.Join(os.Getenv("TMPDIR"), "graphmock-"+port+".pem")
	if status := postChatWith(t, trustingClient(t, certFile, "localhost"), url); status != 204 {
		t.Errorf("status %d, want 204", status)
	}
	if !strings.Contains(stderr.String(), certFile) {
		t.Errorf("log does not name %s:\n%s", certFile, stderr)
	}
}

func TestRunServesHTTPSWithTheUsersCertificate(t *testing.T) {
	dir := t.TempDir()
	cert, certPEM, err := selfSignedCert("", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(cert.PrivateKey.(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, certPEM, 0o600)
	os.WriteFile(keyFile, pemBlock("EC PRIVATE KEY", keyDER), 0o600)

	url, _, stop := startRun(t, "-addr", "127.0.0.1:0", "-tls-cert", certFile, "-tls-key", keyFile)
	defer stop()
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("URL = %q, want https", url)
	}
	if status := postChatWith(t, trustingClient(t, certFile, "127.0.0.1"), url); status != 204 {
		t.Errorf("status %d, want 204", status)
	}
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}
