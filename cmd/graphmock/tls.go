package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/graphmock/graphmock/internal/localca"
)

// tlsFlags are the serve flags for HTTPS.
type tlsFlags struct {
	on      bool   // -tls
	caDir   string // -ca-dir; "" for localca.DefaultDir
	certOut string // -tls-cert-out
	cert    string // -tls-cert
	key     string // -tls-key

	localCA bool // the certificate comes from the local CA (set by config)
}

func (t *tlsFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&t.on, "tls", false, `serve HTTPS with a certificate from graphmock's local CA, made once in -ca-dir and trusted once ("graphmock ca" shows how)`)
	fs.StringVar(&t.caDir, "ca-dir", "", "`folder` of the local CA (default: graphmock/ca in the user's configuration folder)")
	fs.StringVar(&t.certOut, "tls-cert-out", "", "also copy the local CA's certificate (PEM) to `file`, for clients to trust; implies -tls")
	fs.StringVar(&t.cert, "tls-cert", "", "serve HTTPS with this certificate `file` (PEM) instead of one from the local CA; needs -tls-key")
	fs.StringVar(&t.key, "tls-key", "", "the private key `file` (PEM) of -tls-cert")
}

// check reports flag combinations that cannot work.
func (t *tlsFlags) check(stderr io.Writer) error {
	var msg string
	switch {
	case (t.cert == "") != (t.key == ""):
		msg = "-tls-cert and -tls-key go together"
	case t.cert != "" && t.certOut != "":
		msg = "-tls-cert-out copies the local CA's certificate; with -tls-cert your own is served"
	case t.cert != "" && t.caDir != "":
		msg = "-ca-dir names the local CA's folder; with -tls-cert your own certificate is served"
	}
	if msg != "" {
		fmt.Fprintf(stderr, "graphmock serve: %s\n", msg)
		return &exitError{code: exitUsage}
	}
	t.on = t.on || t.certOut != "" || t.cert != ""
	return nil
}

// config returns the TLS configuration to serve on ln with, or nil for
// plain HTTP. Without -tls-cert, the certificate is signed by the local
// CA, which is made first if need be, for the loopback names and the
// address graphmock listens on; the log says where the CA certificate is.
func (t *tlsFlags) config(ln net.Listener, log *slog.Logger) (*tls.Config, error) {
	if !t.on {
		return nil, nil
	}
	if t.cert != "" {
		cert, err := tls.LoadX509KeyPair(t.cert, t.key)
		if err != nil {
			return nil, fmt.Errorf("-tls-cert/-tls-key: %w", err)
		}
		return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	ca, err := openCA(t.caDir)
	if err != nil {
		return nil, err
	}
	leaves := &leafSource{ca: ca, host: host, now: time.Now}
	first, err := leaves.get()
	if ip := net.ParseIP(host); err != nil && ip != nil && !ip.IsLoopback() {
		return nil, fmt.Errorf("-tls: graphmock's local CA signs certificates only for this computer's loopback names "+
			"(localhost, 127.0.0.0/8, ::1), so that its key cannot vouch for other sites, and graphmock listens on %s: "+
			"serve a certificate for that address with -tls-cert and -tls-key, or listen on loopback", host)
	}
	if err != nil {
		return nil, err
	}
	if t.certOut != "" {
		data, err := os.ReadFile(ca.CertPath())
		if err == nil {
			err = writeFileAtomic(t.certOut, data)
		}
		if err != nil {
			return nil, fmt.Errorf("-tls-cert-out: %w", err)
		}
	}
	if ca.Created() {
		log.Warn(`made graphmock's local CA: trust its certificate once in your browsers and clients ("graphmock ca" shows how)`, "ca", ca.CertPath())
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		log.Warn("the certificate names only localhost, 127.0.0.1 and ::1: clients that reach graphmock by another name or address will not trust it (serve your own with -tls-cert)")
	}
	attrs := []any{"ca", ca.CertPath(), "valid_until", first.Leaf.NotAfter.UTC().Format(time.RFC3339)}
	if t.certOut != "" {
		attrs = append(attrs, "ca_copy", t.certOut)
	}
	log.Info("serving HTTPS with a certificate from graphmock's local CA", attrs...)
	t.localCA = true
	return &tls.Config{
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return leaves.get() },
		MinVersion:     tls.VersionTLS12,
	}, nil
}

// openCA opens the local CA in dir, or in localca.DefaultDir when dir is
// empty.
func openCA(dir string) (*localca.CA, error) {
	if dir == "" {
		var err error
		if dir, err = localca.DefaultDir(); err != nil {
			return nil, err
		}
	}
	ca, err := localca.Open(dir, localca.Options{})
	if err != nil {
		return nil, fmt.Errorf("the local CA: %w", err)
	}
	return ca, nil
}

// renewBefore is how long before its end a served certificate is
// replaced by a new one, so that a server running for weeks never serves
// an expired certificate.
const renewBefore = 24 * time.Hour

// leafSource hands out the certificate to serve, signing a new one when
// the one it has is close to its end. It is safe for concurrent use.
type leafSource struct {
	ca   *localca.CA
	host string
	now  func() time.Time

	mu   sync.Mutex // guards leaf
	leaf *tls.Certificate
}

func (s *leafSource) get() (*tls.Certificate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.leaf != nil && s.now().Before(s.leaf.Leaf.NotAfter.Add(-renewBefore)) {
		return s.leaf, nil
	}
	cert, err := s.ca.Leaf(s.host)
	if err != nil {
		return nil, fmt.Errorf("signing a certificate: %w", err)
	}
	s.leaf = &cert
	return s.leaf, nil
}

// serveOn serves hs on ln, over TLS when hs has a TLS configuration. It
// returns when hs is shut down.
func serveOn(hs *http.Server, ln net.Listener) error {
	if hs.TLSConfig != nil {
		return hs.ServeTLS(ln, "", "")
	}
	return hs.Serve(ln)
}

// writeFileAtomic writes data to name through a temporary file in the same
// folder, so a reader never sees half a certificate.
func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".graphmock-*.pem")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil { // a certificate is public
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
