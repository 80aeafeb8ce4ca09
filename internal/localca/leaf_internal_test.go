package localca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"math/big"
	"net"
	"testing"
	"time"
)

// The name constraints are what make a stolen CA key harmless to other
// sites: Go's verifier, like browsers, must refuse a certificate the CA
// signed for any other name, even though Leaf never signs one.
func TestNameConstraintsRefuseOtherSites(t *testing.T) {
	ca, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		tmpl x509.Certificate
	}{
		{name: "a domain", tmpl: x509.Certificate{DNSNames: []string{"login.example.com"}}},
		{name: "a public address", tmpl: x509.Certificate{IPAddresses: []net.IP{net.ParseIP("203.0.113.7")}}},
		{name: "a domain beside localhost", tmpl: x509.Certificate{DNSNames: []string{"localhost", "login.example.com"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := tt.tmpl
			tmpl.SerialNumber = big.NewInt(7)
			tmpl.NotBefore = time.Now().Add(-time.Hour)
			tmpl.NotAfter = time.Now().Add(time.Hour)
			tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
			der, err := x509.CreateCertificate(rand.Reader, &tmpl, ca.cert, &key.PublicKey, ca.key)
			if err != nil {
				t.Fatal(err)
			}
			leaf, err := x509.ParseCertificate(der)
			if err != nil {
				t.Fatal(err)
			}
			_, err = leaf.Verify(x509.VerifyOptions{Roots: ca.Pool()})
			var invalid x509.CertificateInvalidError
			if !errors.As(err, &invalid) || invalid.Reason != x509.CANotAuthorizedForThisName {
				t.Errorf("verifying a certificate for %s error = %v, want CANotAuthorizedForThisName", tt.name, err)
			}
		})
	}
}

// The CA may vouch only for TLS servers: a certificate its key signs for
// e-mail (S/MIME), code signing or TLS clients does not verify for that
// use, so a stolen key cannot sign mail or programs the user trusts.
func TestTheCAVouchesForTLSServersOnly(t *testing.T) {
	ca, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		usage x509.ExtKeyUsage
		ok    bool
	}{
		{"TLS server", x509.ExtKeyUsageServerAuth, true},
		{"S/MIME", x509.ExtKeyUsageEmailProtection, false},
		{"code signing", x509.ExtKeyUsageCodeSigning, false},
		{"TLS client", x509.ExtKeyUsageClientAuth, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := x509.Certificate{SerialNumber: big.NewInt(8), DNSNames: []string{"localhost"},
				NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{tt.usage}}
			der, err := x509.CreateCertificate(rand.Reader, &tmpl, ca.cert, &key.PublicKey, ca.key)
			if err != nil {
				t.Fatal(err)
			}
			leaf, err := x509.ParseCertificate(der)
			if err != nil {
				t.Fatal(err)
			}
			_, err = leaf.Verify(x509.VerifyOptions{Roots: ca.Pool(), KeyUsages: []x509.ExtKeyUsage{tt.usage}})
			if (err == nil) != tt.ok {
				t.Errorf("verifying a %s certificate: error = %v, want ok %v", tt.name, err, tt.ok)
			}
		})
	}
}
