package localca

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"time"
)

// caYears is how long a new CA is valid: trusting it is a chore, done once.
const caYears = 10

// backdate is how long before now a new certificate becomes valid, so that
// a client whose clock is a little behind accepts it.
const backdate = time.Hour

// errFolderTaken is create's error when another CA was renamed into the
// folder first.
var errFolderTaken = errors.New("the folder was taken")

// create makes a new CA and renames it into dir. It writes the certificate
// and key into a temporary folder beside dir first, so that no process
// ever sees half a CA: dir appears whole or not at all. When another
// process renamed its CA into dir first, create removes its own and
// returns errFolderTaken.
func create(dir string, opts Options) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("making a key for the CA: %w", err)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	now := opts.now()
	name := userAndHost()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			Organization:       []string{"graphmock local CA"},
			OrganizationalUnit: []string{name},
			CommonName:         "graphmock " + name,
		},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.AddDate(caYears, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,

		// Whoever reads the key can sign certificates that the user's
		// browsers trust: limit them to this computer's own names.
		PermittedDNSDomainsCritical: true,
		PermittedDNSDomains:         []string{"localhost"},
		PermittedIPRanges:           loopbackRanges(),
		// and to TLS server certificates: no S/MIME, code signing or
		// client certificates that verify against it (verifiers check
		// that a chain's extended key usages nest).
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("making the CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}

	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return nil, fmt.Errorf("making the folder for the CA: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+"-new-*") // mode 0700
	if err != nil {
		return nil, fmt.Errorf("making the folder for the CA: %w", err)
	}
	defer os.RemoveAll(tmp) // finds nothing once renamed
	if err := writeSynced(filepath.Join(tmp, keyFile), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return nil, err
	}
	if err := writeSynced(filepath.Join(tmp, certFile), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return nil, err
	}
	if opts.beforeRename != nil {
		opts.beforeRename()
	}
	if err := renameFolder(tmp, dir); err != nil {
		return nil, err
	}
	return &CA{dir: dir, cert: cert, key: key, opts: opts, created: true}, nil
}

// renameFolder renames the folder tmp to dir, unless dir holds files
// already: then it returns errFolderTaken. An empty dir is replaced (by
// the rename itself on Unix, after removing it on Windows).
func renameFolder(tmp, dir string) error {
	err := os.Rename(tmp, dir)
	if err == nil {
		return nil
	}
	entries, readErr := os.ReadDir(dir)
	switch {
	case readErr != nil:
		return fmt.Errorf("putting the new CA in place: %w", err)
	case len(entries) > 0:
		return errFolderTaken
	}
	if os.Remove(dir) != nil {
		return errFolderTaken // filled meanwhile
	}
	if os.Rename(tmp, dir) != nil {
		return errFolderTaken // made again meanwhile
	}
	return nil
}

// writeSynced writes data to a new file name with the given mode and
// flushes it to disk, so that a rename after it never publishes an empty
// file.
func writeSynced(name string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(mode); err != nil { // whatever the umask
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// randomSerial returns a random 128-bit serial number.
func randomSerial() (*big.Int, error) {
	limit := new(big.Int).Lsh(big.NewInt(1), 128)
	for {
		n, err := rand.Int(rand.Reader, limit)
		if err != nil {
			return nil, fmt.Errorf("making a serial number: %w", err)
		}
		if n.Sign() > 0 {
			return n, nil
		}
	}
}

// loopbackRanges returns the addresses a CA may sign for: 127.0.0.0/8 and
// ::1.
func loopbackRanges() []*net.IPNet {
	return []*net.IPNet{
		{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)},
		{IP: net.IPv6loopback, Mask: net.CIDRMask(128, 128)},
	}
}

// userAndHost names who made a CA, as user@host, so that a user who sees
// it among the certificates their system trusts knows where it came from.
func userAndHost() string {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		return name
	}
	return name + "@" + host
}
