package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/internal/localca"
)

// trustingClient returns a client that trusts only the certificates in
// the PEM file, as a client told to trust graphmock's CA would.
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

func TestRunServesHTTPSWithACertificateFromTheLocalCA(t *testing.T) {
	caDir := filepath.Join(t.TempDir(), "ca")
	caCopy := filepath.Join(t.TempDir(), "graphmock-ca.pem")
	t.Setenv("TMPDIR", t.TempDir())
	url, stderr, stop := startRun(t, "-addr", "127.0.0.1:0", "-tls", "-ca-dir", caDir, "-tls-cert-out", caCopy)
	stop = sync.OnceValue(stop)
	defer stop()
	if !strings.HasPrefix(url, "https://127.0.0.1:") {
		t.Fatalf("first stdout line = %q, want the https URL", url)
	}
	caFile := filepath.Join(caDir, "rootCA.pem")
	for _, name := range []string{"127.0.0.1", "localhost"} {
		for _, trusted := range []string{caFile, caCopy} {
			if status := postChatWith(t, trustingClient(t, trusted, name), url); status != 204 {
				t.Errorf("server name %s, trusting %s: status %d, want 204", name, trusted, status)
			}
		}
	}
	for _, want := range []string{"made graphmock's local CA", "ca=" + caFile, "ca_copy=" + caCopy} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log does not say %q:\n%s", want, stderr)
		}
	}

	data, _ := os.ReadFile(caFile)
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
	if cert.IsCA || cert.Issuer.String() == cert.Subject.String() {
		t.Errorf("the served certificate is its own CA (issuer %s): want a leaf the local CA signed", cert.Issuer)
	}

	// A client that does not trust the CA: the log says how to trust it.
	if _, err := tls.Dial("tcp", strings.TrimPrefix(url, "https://"), &tls.Config{ServerName: "localhost"}); err == nil {
		t.Fatal("a client trusting only the system's CAs accepted the certificate")
	}
	waitFor(t, 5*time.Second, "the handshake error's hint naming graphmock ca", func() error {
		if log := stderr.String(); !strings.Contains(log, "TLS handshake error") || !strings.Contains(log, "graphmock ca") {
			return fmt.Errorf("log:\n%s", log)
		}
		return nil
	})

	if err := stop(); err != nil {
		t.Errorf("run() = %v after shutdown", err)
	}
	if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) != 0 {
		t.Errorf("-tls left files in the temporary directory: %v", left)
	}

	// The next start uses the same CA.
	before, _ := os.ReadFile(caFile)
	_, stderr2, stop2 := startRun(t, "-addr", "127.0.0.1:0", "-tls", "-ca-dir", caDir)
	if err := stop2(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(caFile)
	if string(before) != string(after) || strings.Contains(stderr2.String(), "made graphmock's local CA") {
		t.Errorf("a second start made a new CA:\n%s", stderr2)
	}
}

// fakeListener has an address and nothing else.
type fakeListener struct {
	net.Listener
	addr net.Addr
}

func (l fakeListener) Addr() net.Addr { return l.addr }

func TestTLSExplainsThatTheLocalCASignsOnlyForLoopback(t *testing.T) {
	f := tlsFlags{on: true, caDir: filepath.Join(t.TempDir(), "ca")}
	ln := fakeListener{addr: &net.TCPAddr{IP: net.IPv4(192, 0, 2, 10), Port: 8443}}
	_, err := f.config(ln, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "loopback") || !strings.Contains(err.Error(), "-tls-cert") || !strings.Contains(err.Error(), "192.0.2.10") {
		t.Errorf("config for 192.0.2.10 = %v, want an error explaining loopback only and suggesting -tls-cert", err)
	}
	f = tlsFlags{on: true, caDir: filepath.Join(t.TempDir(), "ca")}
	cfg, err := f.config(fakeListener{addr: &net.TCPAddr{IP: net.IPv4zero, Port: 8443}}, slog.New(slog.DiscardHandler))
	if err != nil || cfg == nil {
		t.Errorf("config for 0.0.0.0 = %v, want the loopback names served", err)
	}
}

func TestLeafSourceRenewsACertificateNearItsEnd(t *testing.T) {
	ca, err := localca.Open(filepath.Join(t.TempDir(), "ca"), localca.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	s := &leafSource{ca: ca, host: "127.0.0.1", now: func() time.Time { return now }}
	first, err := s.get()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := s.get(); again != first {
		t.Error("a fresh certificate was replaced")
	}
	now = first.Leaf.NotAfter.Add(-time.Hour)
	if renewed, _ := s.get(); renewed == first {
		t.Error("a certificate an hour from its end was served again")
	}
}

func TestCACommandSaysWhereTheCertificateIsAndHowToTrustIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ca")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"ca", "-ca-dir", dir}, &out, &errOut); err != nil {
		t.Fatalf("graphmock ca = %v; %s", err, errOut.String())
	}
	cert := filepath.Join(dir, "rootCA.pem")
	for _, want := range []string{"Made graphmock's local CA", cert, "certutil -d sql:$HOME/.pki/nssdb", "NODE_EXTRA_CA_CERTS=" + cert, "SSL_CERT_FILE"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("graphmock ca does not say %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"ca", "-ca-dir", dir}, &out, &errOut); err != nil || strings.Contains(out.String(), "Made") {
		t.Errorf("second graphmock ca = %v, said:\n%s\nwant the same CA, not a new one", err, out.String())
	}
}

func TestRunServesHTTPSWithTheUsersCertificate(t *testing.T) {
	dir := t.TempDir()
	ca, err := localca.Open(filepath.Join(dir, "ca"), localca.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.Leaf()
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pemBlock("CERTIFICATE", cert.Certificate[0]), 0o600)
	os.WriteFile(keyFile, pemBlock("PRIVATE KEY", keyDER), 0o600)

	url, _, stop := startRun(t, "-addr", "127.0.0.1:0", "-tls-cert", certFile, "-tls-key", keyFile)
	defer stop()
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("URL = %q, want https", url)
	}
	if status := postChatWith(t, trustingClient(t, ca.CertPath(), "127.0.0.1"), url); status != 204 {
		t.Errorf("status %d, want 204", status)
	}
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}
