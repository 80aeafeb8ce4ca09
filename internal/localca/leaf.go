package localca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"
)

// LeafValidity is how long a certificate from [CA.Leaf] is valid: long
// enough for a server that runs for days, short enough that a copied key
// soon stops working. A server that runs longer should ask for a new one,
// for example from tls.Config.GetCertificate.
const LeafValidity = 7 * 24 * time.Hour

// Leaf signs a new certificate, with a new ECDSA P-256 key, for serving
// HTTPS on this computer: for localhost, 127.0.0.1 and ::1, and for the
// extra hosts given. A host is a name or an IP address without a port, such
// as the host part of the listen address; an unspecified address (0.0.0.0
// or ::) and the empty string are skipped, since the loopback names cover
// local clients. A CA that [Open] made may sign only for localhost, names
// under it (such as api.localhost), 127.0.0.0/8 and ::1, so any other host
// is an error.
//
// The certificate is valid from an hour ago for [LeafValidity] (but never
// past the CA's end), for server authentication only. It is returned with
// its chain (the certificate, then the CA's) and its parsed Leaf, ready
// for tls.Config.Certificates.
func (ca *CA) Leaf(hosts ...string) (tls.Certificate, error) {
	dnsNames := []string{"localhost"}
	ips := []net.IP{net.IPv4(127, 0, 0, 1).To4(), net.IPv6loopback}
	for _, h := range hosts {
		h = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(h), "["), "]")
		if h == "" {
			continue
		}
		if ip := net.ParseIP(h); ip != nil {
			if ip.IsUnspecified() {
				continue
			}
			if v4 := ip.To4(); v4 != nil {
				ip = v4
			}
			if !ca.mayNameIP(ip) {
				return tls.Certificate{}, fmt.Errorf("localca: cannot sign for %s: %s", h, ca.permitted())
			}
			if !slices.ContainsFunc(ips, ip.Equal) {
				ips = append(ips, ip)
			}
			continue
		}
		name := strings.ToLower(strings.TrimSuffix(h, "."))
		if !ca.mayNameDNS(name) {
			return tls.Certificate{}, fmt.Errorf("localca: cannot sign for %q: %s", h, ca.permitted())
		}
		if !slices.Contains(dnsNames, name) {
			dnsNames = append(dnsNames, name)
		}
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("localca: making a key: %w", err)
	}
	serial, err := randomSerial()
	if err != nil {
		return tls.Certificate{}, err
	}
	now := ca.opts.now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		// No common name: clients go by DNSNames and IPAddresses, and some
		// would check a common name against the CA's name constraints too.
		Subject: pkix.Name{
			Organization:       []string{"graphmock development certificate"},
			OrganizationalUnit: ca.cert.Subject.OrganizationalUnit,
		},
		NotBefore:   later(now.Add(-backdate), ca.cert.NotBefore),
		NotAfter:    earlier(now.Add(LeafValidity), ca.cert.NotAfter),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    dnsNames,
		IPAddresses: ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("localca: signing a certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{
		Certificate: [][]byte{der, ca.cert.Raw},
		PrivateKey:  key,
		Leaf:        leaf,
	}, nil
}

// mayNameIP reports whether the CA's name constraints permit ip. A CA
// without IP constraints, such as one that mkcert made, permits any.
func (ca *CA) mayNameIP(ip net.IP) bool {
	ranges := ca.cert.PermittedIPRanges
	return len(ranges) == 0 || slices.ContainsFunc(ranges, func(r *net.IPNet) bool { return r.Contains(ip) })
}

// mayNameDNS reports whether the CA's name constraints permit the DNS
// name: a permitted domain permits itself and the names under it.
func (ca *CA) mayNameDNS(name string) bool {
	domains := ca.cert.PermittedDNSDomains
	return len(domains) == 0 || slices.ContainsFunc(domains, func(d string) bool {
		d = strings.ToLower(d)
		if strings.HasPrefix(d, ".") {
			return strings.HasSuffix(name, d)
		}
		return name == d || strings.HasSuffix(name, "."+d)
	})
}

// permitted says what the CA may sign for, for an error.
func (ca *CA) permitted() string {
	var names []string
	for _, d := range ca.cert.PermittedDNSDomains {
		names = append(names, d+" (and names under it)")
	}
	for _, r := range ca.cert.PermittedIPRanges {
		names = append(names, r.String())
	}
	return fmt.Sprintf("the CA in %s may sign only for %s", ca.dir, strings.Join(names, ", "))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
