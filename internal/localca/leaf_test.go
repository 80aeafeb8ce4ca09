package localca_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/internal/localca"
)

// verify checks leaf for server name against the CA alone, at now.
func verify(ca *localca.CA, leaf *x509.Certificate, name string, now time.Time) ([][]*x509.Certificate, error) {
	return leaf.Verify(x509.VerifyOptions{
		Roots:       ca.Pool(),
		DNSName:     name,
		CurrentTime: now,
		KeyUsages:   []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
}

func TestLeafIsTrustedForTheLoopbackNames(t *testing.T) {
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	ca := mustOpen(t, t.TempDir(), localca.Options{Now: func() time.Time { return now }})
	cert, err := ca.Leaf()
	if err != nil {
		t.Fatalf("Leaf() error = %v", err)
	}
	leaf := cert.Leaf

	if len(cert.Certificate) != 2 || !bytes.Equal(cert.Certificate[0], leaf.Raw) || !bytes.Equal(cert.Certificate[1], ca.Certificate().Raw) {
		t.Errorf("Leaf() chain holds %d certificates, want the leaf then the CA", len(cert.Certificate))
	}
	key, ok := cert.PrivateKey.(*ecdsa.PrivateKey)
	if !ok || !key.PublicKey.Equal(leaf.PublicKey) {
		t.Errorf("Leaf() private key is a %T that is not the certificate's", cert.PrivateKey)
	}
	if leaf.IsCA {
		t.Error("the leaf is a CA")
	}
	if got := leaf.ExtKeyUsage; !slices.Equal(got, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}) {
		t.Errorf("ExtKeyUsage = %v, want server authentication only", got)
	}
	if got, want := leaf.NotBefore, now.Add(-time.Hour); !got.Equal(want) {
		t.Errorf("NotBefore = %v, want %v", got, want)
	}
	if got, want := leaf.NotAfter, now.Add(localca.LeafValidity); !got.Equal(want) {
		t.Errorf("NotAfter = %v, want %v", got, want)
	}
	if leaf.Subject.CommonName != "" {
		t.Errorf("CommonName = %q, want none", leaf.Subject.CommonName)
	}

	for _, name := range []string{"localhost", "127.0.0.1", "::1"} {
		chains, err := verify(ca, leaf, name, now)
		if err != nil {
			t.Errorf("verifying the leaf for %s error = %v", name, err)
			continue
		}
		if len(chains) != 1 || len(chains[0]) != 2 || !chains[0][1].Equal(ca.Certificate()) {
			t.Errorf("verifying the leaf for %s gave chains %v, want leaf then CA", name, chains)
		}
	}
	if _, err := verify(ca, leaf, "example.com", now); err == nil {
		t.Error("the leaf verified for example.com")
	}
	for _, at := range []time.Time{now.Add(-2 * time.Hour), now.Add(localca.LeafValidity + time.Minute)} {
		if _, err := verify(ca, leaf, "localhost", at); err == nil {
			t.Errorf("the leaf verified at %v, outside its validity", at)
		}
	}
}

func TestLeafWithExtraHosts(t *testing.T) {
	ca := mustOpen(t, t.TempDir(), localca.Options{})
	tests := []struct {
		name    string
		hosts   []string
		names   []string // DNSNames wanted
		ips     []string // IPAddresses wanted
		wantErr string   // what the error says, if any
	}{
		{
			name:  "no hosts gives the loopback names",
			names: []string{"localhost"},
			ips:   []string{"127.0.0.1", "::1"},
		},
		{
			name:  "a loopback listen address adds nothing",
			hosts: []string{"127.0.0.1", "[::1]", "localhost", "LOCALHOST."},
			names: []string{"localhost"},
			ips:   []string{"127.0.0.1", "::1"},
		},
		{
			name:  "an unspecified address and the empty host are skipped",
			hosts: []string{"0.0.0.0", "::", ""},
			names: []string{"localhost"},
			ips:   []string{"127.0.0.1", "::1"},
		},
		{
			name:  "names under localhost and other loopback addresses are added",
			hosts: []string{"api.localhost", "127.0.0.2"},
			names: []string{"localhost", "api.localhost"},
			ips:   []string{"127.0.0.1", "::1", "127.0.0.2"},
		},
		{
			name:    "a LAN address is refused",
			hosts:   []string{"192.168.1.10"},
			wantErr: "cannot sign for 192.168.1.10: the CA in ",
		},
		{
			name:    "another domain is refused",
			hosts:   []string{"graph.example.com"},
			wantErr: `cannot sign for "graph.example.com": the CA in `,
		},
		{
			name:    "a name that merely ends in localhost is refused",
			hosts:   []string{"evillocalhost"},
			wantErr: `cannot sign for "evillocalhost"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cert, err := ca.Leaf(tt.hosts...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "localhost (and names under it), 127.0.0.0/8, ::1/128") {
					t.Fatalf("Leaf(%q) error = %v, want one saying %q and what the CA may sign for", tt.hosts, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Leaf(%q) error = %v", tt.hosts, err)
			}
			if got := cert.Leaf.DNSNames; !slices.Equal(got, tt.names) {
				t.Errorf("Leaf(%q) DNSNames = %q, want %q", tt.hosts, got, tt.names)
			}
			var ips []string
			for _, ip := range cert.Leaf.IPAddresses {
				ips = append(ips, ip.String())
			}
			if !slices.Equal(ips, tt.ips) {
				t.Errorf("Leaf(%q) IPAddresses = %q, want %q", tt.hosts, ips, tt.ips)
			}
			// Go's verifier checks the leaf against the CA's name
			// constraints too: every name must pass.
			for _, name := range append(slices.Clone(tt.names), tt.ips...) {
				if _, err := verify(ca, cert.Leaf, name, time.Now()); err != nil {
					t.Errorf("verifying Leaf(%q) for %s error = %v", tt.hosts, name, err)
				}
			}
		})
	}
}

func TestLeafEndsWithItsCA(t *testing.T) {
	made := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	mustOpen(t, dir, localca.Options{Now: func() time.Time { return made }})
	caEnd := made.AddDate(10, 0, 0)
	late := caEnd.Add(-48 * time.Hour)
	ca := mustOpen(t, dir, localca.Options{Now: func() time.Time { return late }})

	cert, err := ca.Leaf()
	if err != nil {
		t.Fatalf("Leaf() two days before the CA ends error = %v", err)
	}
	if got := cert.Leaf.NotAfter; !got.Equal(caEnd) {
		t.Errorf("NotAfter two days before the CA ends = %v, want the CA's end %v", got, caEnd)
	}
	if _, err := verify(ca, cert.Leaf, "localhost", late); err != nil {
		t.Errorf("verifying the leaf error = %v", err)
	}
}

func TestLeafFromAnMkcertCA(t *testing.T) {
	// mkcert keeps an RSA CA without name constraints under the same file
	// names, its key readable by its owner only.
	dir := t.TempDir()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(42),
		Subject:               pkix.Name{Organization: []string{"mkcert development CA"}, CommonName: "mkcert someone@somewhere"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, filepath.Join(dir, "rootCA.pem"), "CERTIFICATE", der, 0o644)
	writePEM(t, filepath.Join(dir, "rootCA-key.pem"), "PRIVATE KEY", keyDER, 0o400)

	ca := mustOpen(t, dir, localca.Options{})
	if ca.Created() || ca.Certificate().SerialNumber.Int64() != 42 {
		t.Fatalf("Open(%q) did not load the mkcert CA there", dir)
	}
	cert, err := ca.Leaf("192.168.1.10", "graph.example.test")
	if err != nil {
		t.Fatalf("Leaf from a CA without name constraints error = %v", err)
	}
	for _, name := range []string{"localhost", "192.168.1.10", "graph.example.test"} {
		if _, err := verify(ca, cert.Leaf, name, time.Now()); err != nil {
			t.Errorf("verifying the leaf for %s error = %v", name, err)
		}
	}
}
