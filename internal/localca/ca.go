package localca

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// The files of a CA folder. They are mkcert's names too, so a folder that
// mkcert made (mkcert -CAROOT prints it) can be opened as well.
const (
	certFile = "rootCA.pem"
	keyFile  = "rootCA-key.pem"
)

// Options configure [Open] and [Load]. The zero value works.
type Options struct {
	// Now returns the current time, against which certificates are
	// checked and dated. Nil means time.Now.
	Now func() time.Time

	// beforeRename, when set, runs after a new CA is written to its
	// temporary folder and before that folder is renamed into place: tests
	// use it to lose the race to another Open.
	beforeRename func()
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// A CA is a local certificate authority: a certificate and its private key,
// kept in a folder. It signs short-lived certificates for local HTTPS
// ([CA.Leaf]). A CA is safe for concurrent use; it never changes its
// files after [Open] returns.
type CA struct {
	dir     string
	cert    *x509.Certificate
	key     crypto.Signer
	opts    Options
	created bool
}

// DefaultDir returns the folder the graphmock command keeps its CA in:
// graphmock/ca in the user's configuration folder (os.UserConfigDir),
// for example ~/.config/graphmock/ca on Linux.
func DefaultDir() (string, error) {
	config, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the folder for graphmock's CA: %w", err)
	}
	return filepath.Join(config, "graphmock", "ca"), nil
}

// Open returns the CA kept in dir, making it first if dir does not exist
// or is empty. A new CA is written to a temporary folder beside dir and
// renamed to dir in one step, so any number of processes may open the same
// folder at once: one makes the CA, and the others load it.
//
// The folder belongs to the CA: Open refuses a folder that holds other
// files but no CA. An existing CA is checked as [Load] checks it.
func Open(dir string, opts Options) (*CA, error) {
	if dir == "" {
		return nil, errors.New("localca: no folder given for the CA")
	}
	dir = filepath.Clean(dir)
	// A symbolic link to a folder stands for that folder: the new CA goes
	// into the folder it points at, and the link stays.
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		dir = resolved
	}
	var err error
	for range 3 {
		var ca *CA
		ca, err = Load(dir, opts)
		if !errors.Is(err, errNoCA) {
			return ca, err
		}
		ca, err = create(dir, opts)
		if !errors.Is(err, errFolderTaken) {
			return ca, err
		}
		// Another process renamed its CA into place first: load that one.
	}
	return nil, err
}

// Dir returns the folder the CA is kept in.
func (ca *CA) Dir() string { return ca.dir }

// CertPath returns the path of the CA certificate, rootCA.pem: the file
// that clients must trust (see [TrustInstructions]).
func (ca *CA) CertPath() string { return filepath.Join(ca.dir, certFile) }

// Certificate returns the CA certificate. The caller must not modify it.
func (ca *CA) Certificate() *x509.Certificate { return ca.cert }

// Pool returns a new pool holding only the CA certificate, for clients
// (tls.Config.RootCAs) that should trust certificates the CA signs.
func (ca *CA) Pool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	return pool
}

// Created reports whether the [Open] that returned ca made the CA, rather
// than loading one that was already there. A command can use it to tell
// the user, once, that there is a new CA to trust.
func (ca *CA) Created() bool { return ca.created }
