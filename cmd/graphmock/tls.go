package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// tlsFlags are the serve flags for HTTPS.
type tlsFlags struct {
	on      bool   // -tls
	certOut string // -tls-cert-out
	cert    string // -tls-cert
	key     string // -tls-key
}

func (t *tlsFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&t.on, "tls", false, "serve HTTPS with a self-signed certificate made at start (for localhost, 127.0.0.1 and ::1), written to -tls-cert-out")
	fs.StringVar(&t.certOut, "tls-cert-out", "", "write the generated certificate (PEM) to `file`, for clients to trust (default: graphmock-PORT.pem in the temporary directory); implies -tls")
	fs.StringVar(&t.cert, "tls-cert", "", "serve HTTPS with this certificate `file` (PEM) instead of a generated one; needs -tls-key")
	fs.StringVar(&t.key, "tls-key", "", "the private key `file` (PEM) of -tls-cert")
}

// check reports flag combinations that cannot work.
func (t *tlsFlags) check(stderr io.Writer) error {
	var msg string
	switch {
	case (t.cert == "") != (t.key == ""):
		msg = "-tls-cert and -tls-key go together"
	case t.cert != "" && t.certOut != "":
		msg = "-tls-cert-out writes the generated certificate; with -tls-cert your own is served"
	}
	if msg != "" {
		fmt.Fprintf(stderr, "graphmock serve: %s\n", msg)
		return &exitError{code: exitUsage}
	}
	t.on = t.on || t.certOut != "" || t.cert != ""
	return nil
}

// config returns the TLS configuration to serve on ln with, or nil for
// plain HTTP. A generated certificate is written out for clients to trust,
// and where it went is logged.
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
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	cert, certPEM, err := selfSignedCert(host, time.Now())
	if err != nil {
		return nil, fmt.Errorf("making a certificate: %w", err)
	}
	out := t.certOut
	if out == "" {
		out = defaultCertOut(port)
	}
	if err := writeFileAtomic(out, certPEM); err != nil {
		return nil, fmt.Errorf("-tls-cert-out: %w", err)
	}
	log.Info("serving HTTPS with a self-signed certificate: trust it in clients (for Node: NODE_EXTRA_CA_CERTS)",
		"cert", out, "valid_until", cert.Leaf.NotAfter.UTC().Format(time.RFC3339))
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// serveOn serves hs on ln, over TLS when hs has a TLS configuration. It
// returns when hs is shut down.
func serveOn(hs *http.Server, ln net.Listener) error {
	if hs.TLSConfig != nil {
		return hs.ServeTLS(ln, "", "")
	}
	return hs.Serve(ln)
}

// selfSignedValidity is how long a generated certificate is valid: long
// enough for a stub that runs for days, short enough that a copied one
// soon stops working.
const selfSignedValidity = 7 * 24 * time.Hour

// selfSignedCert makes a certificate for local HTTPS: a fresh ECDSA P-256
// key, valid for localhost, 127.0.0.1 and ::1 (and host, when it names
// another address or name) from an hour ago for selfSignedValidity. It is
// its own issuer, so a client trusts it by adding its PEM to the roots it
// trusts (Go: x509.CertPool; Node: NODE_EXTRA_CA_CERTS).
func selfSignedCert(host string, now time.Time) (cert tls.Certificate, certPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"graphmock"}, CommonName: "graphmock local certificate"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(selfSignedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() && !ip.IsUnspecified() {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		}
	} else if host != "" && host != "localhost" {
		tmpl.DNSNames = append(tmpl.DNSNames, host)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, certPEM, nil
}

// defaultCertOut is where the generated certificate goes unless -tls-cert-out
// says otherwise: one file per port in the temporary directory, so that a
// client can be pointed at a path known before graphmock starts.
func defaultCertOut(port string) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("graphmock-%s.pem", port))
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
