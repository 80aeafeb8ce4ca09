package localca

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"
)

// errNoCA is wrapped by Load's error when the folder holds no CA yet.
var errNoCA = fmt.Errorf("no CA yet: %w", fs.ErrNotExist)

// Load returns the CA kept in dir, which [Open] made earlier. It checks
// that the certificate is a CA certificate valid now, that the key is the
// certificate's, and (except on Windows, where file modes mean little)
// that the key file cannot be read by other users. Each error names the
// file at fault and what to do about it. When dir holds no CA, the error
// wraps fs.ErrNotExist.
func Load(dir string, opts Options) (*CA, error) {
	dir = filepath.Clean(dir)
	ca, err := look(dir, opts, false)
	if errors.Is(err, errCAArrived) {
		// The CA was renamed into place between the looks at its two
		// files: it is whole now, so a second look sees it.
		ca, err = look(dir, opts, true)
	}
	return ca, err
}

// errCAArrived is look's error when the CA's files appeared while it
// looked for them.
var errCAArrived = errors.New("the CA appeared while being looked for")

// look is one look at dir for [Load]. Unless it is the last look, a
// certificate that is missing while the key or the folder's listing shows
// a CA is errCAArrived: the CA was renamed into place meanwhile.
func look(dir string, opts Options, last bool) (*CA, error) {
	certPath := filepath.Join(dir, certFile)
	keyPath := filepath.Join(dir, keyFile)
	fresh := fmt.Sprintf("delete %s to make a new CA (and trust the new one)", dir)

	certPEM, certErr := os.ReadFile(certPath)
	keyInfo, keyErr := os.Stat(keyPath)
	switch {
	case errors.Is(certErr, fs.ErrNotExist) && errors.Is(keyErr, fs.ErrNotExist):
		if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
			if !last && slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == certFile }) {
				return nil, errCAArrived
			}
			return nil, fmt.Errorf("%s: holds files but no %s; the CA needs a folder of its own: choose an empty or missing one", dir, certFile)
		}
		return nil, fmt.Errorf("%s: %w", dir, errNoCA)
	case errors.Is(certErr, fs.ErrNotExist) && !last:
		return nil, errCAArrived
	case errors.Is(certErr, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: missing, though %s is there; %s", certPath, keyFile, fresh)
	case errors.Is(keyErr, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: missing, though %s is there; %s", keyPath, certFile, fresh)
	case certErr != nil:
		return nil, certErr
	case keyErr != nil:
		return nil, keyErr
	}

	if err := checkFolderMode(dir); err != nil {
		return nil, err
	}
	cert, err := parseCert(certPEM)
	if err != nil {
		return nil, fmt.Errorf("%s: %v; %s", certPath, err, fresh)
	}
	if !cert.IsCA || !cert.BasicConstraintsValid || cert.KeyUsage&x509.KeyUsageCertSign == 0 {
		return nil, fmt.Errorf("%s: not a CA certificate (it may not sign others); %s", certPath, fresh)
	}
	now := opts.now()
	if now.After(cert.NotAfter) {
		return nil, fmt.Errorf("%s: the CA certificate expired on %s; %s", certPath, cert.NotAfter.UTC().Format(time.DateOnly), fresh)
	}
	if now.Before(cert.NotBefore) {
		return nil, fmt.Errorf("%s: the CA certificate is not valid until %s; check this computer's clock", certPath, cert.NotBefore.UTC().Format(time.RFC3339))
	}

	if mode := keyInfo.Mode().Perm(); mode&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("%s: other users may read this private key (mode %#o); run chmod 600 %s", keyPath, mode, keyPath)
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, err
	}
	key, err := parseKey(keyPEM)
	if err != nil {
		return nil, fmt.Errorf("%s: %v; %s", keyPath, err, fresh)
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(cert.PublicKey) {
		return nil, fmt.Errorf("%s: not the key of %s; %s", keyPath, certFile, fresh)
	}
	return &CA{dir: dir, cert: cert, key: key, opts: opts}, nil
}

// parseCert returns the certificate in the first PEM block of data.
func parseCert(data []byte) (*x509.Certificate, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("no PEM certificate in it")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a readable certificate: %v", err)
	}
	return cert, nil
}

// parseKey returns the PKCS #8 private key in the first PEM block of data.
func parseKey(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("no PEM private key (PKCS #8) in it")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a readable private key: %v", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("a %T cannot sign certificates", key)
	}
	return signer, nil
}

// checkFolderMode refuses a CA folder that users other than its owner may
// write to, as ssh refuses such a key folder: whoever can write there can
// swap the CA the user trusts, or its key, for their own. Windows is left
// aside, where file modes mean little.
func checkFolderMode(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if mode := info.Mode().Perm(); mode&0o022 != 0 {
		return fmt.Errorf("%s: other users may write to this folder (mode %#o), so they could swap the CA for their own; run chmod 700 %s", dir, mode, dir)
	}
	return nil
}
