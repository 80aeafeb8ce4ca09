package localca_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/internal/localca"
)

// mustOpen opens the CA in dir, failing the test on error.
func mustOpen(t *testing.T, dir string, opts localca.Options) *localca.CA {
	t.Helper()
	ca, err := localca.Open(dir, opts)
	if err != nil {
		t.Fatalf("Open(%q) error = %v", dir, err)
	}
	return ca
}

// mode returns the permission bits of name.
func mode(t *testing.T, name string) fs.FileMode {
	t.Helper()
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

func TestOpenMakesACAInAFolderOfItsOwn(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "graphmock")
	dir := filepath.Join(parent, "ca")
	before := time.Now()
	ca := mustOpen(t, dir, localca.Options{})

	if !ca.Created() {
		t.Error("Created() = false for a new CA, want true")
	}
	if got, want := ca.CertPath(), filepath.Join(dir, "rootCA.pem"); got != want {
		t.Errorf("CertPath() = %q, want %q", got, want)
	}
	if runtime.GOOS != "windows" {
		for name, want := range map[string]fs.FileMode{
			dir:                                  0o700,
			filepath.Join(dir, "rootCA-key.pem"): 0o600,
			filepath.Join(dir, "rootCA.pem"):     0o644,
		} {
			if got := mode(t, name); got != want {
				t.Errorf("mode of %s = %#o, want %#o", name, got, want)
			}
		}
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("%s holds %d entries, want only ca (no temporary folder left)", parent, len(entries))
	}

	// The file on disk is the certificate Open returned.
	data, err := os.ReadFile(ca.CertPath())
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil || !bytes.Equal(block.Bytes, ca.Certificate().Raw) {
		t.Errorf("%s does not hold the certificate Open returned", ca.CertPath())
	}

	cert := ca.Certificate()
	if !cert.IsCA || !cert.BasicConstraintsValid {
		t.Errorf("IsCA = %v, BasicConstraintsValid = %v, want both true", cert.IsCA, cert.BasicConstraintsValid)
	}
	if cert.MaxPathLen != 0 || !cert.MaxPathLenZero {
		t.Errorf("MaxPathLen = %d, MaxPathLenZero = %v, want 0 and true", cert.MaxPathLen, cert.MaxPathLenZero)
	}
	if want := x509.KeyUsageCertSign | x509.KeyUsageCRLSign; cert.KeyUsage != want {
		t.Errorf("KeyUsage = %v, want %v", cert.KeyUsage, want)
	}
	if !strings.HasPrefix(cert.Subject.CommonName, "graphmock ") || !strings.Contains(cert.Subject.CommonName, "@") {
		t.Errorf("CommonName = %q, want graphmock user@host", cert.Subject.CommonName)
	}
	if n := cert.SerialNumber; n.Sign() <= 0 || n.BitLen() > 128 || n.BitLen() < 64 {
		t.Errorf("SerialNumber = %v, want a random positive 128-bit number", n)
	}
	if err := cert.CheckSignatureFrom(cert); err != nil {
		t.Errorf("the CA certificate is not self-signed: %v", err)
	}
	if wantEnd := before.AddDate(10, 0, 0); cert.NotAfter.Before(wantEnd.Add(-time.Minute)) || cert.NotAfter.After(wantEnd.Add(time.Hour)) {
		t.Errorf("NotAfter = %v, want about ten years from now", cert.NotAfter)
	}
	if !cert.NotBefore.Before(before) {
		t.Errorf("NotBefore = %v, want before %v", cert.NotBefore, before)
	}
	if got := cert.PermittedDNSDomains; len(got) != 1 || got[0] != "localhost" {
		t.Errorf("PermittedDNSDomains = %q, want [localhost]", got)
	}
	if got := len(cert.PermittedIPRanges); got != 2 {
		t.Errorf("PermittedIPRanges = %v, want 127.0.0.0/8 and ::1", cert.PermittedIPRanges)
	}
}

func TestOpenReusesTheCAItMadeBefore(t *testing.T) {
	dir := t.TempDir() // exists and is empty, as a folder made by hand
	first := mustOpen(t, dir, localca.Options{})
	certBefore, err := os.ReadFile(first.CertPath())
	if err != nil {
		t.Fatal(err)
	}

	second := mustOpen(t, dir, localca.Options{})
	if second.Created() {
		t.Error("Created() = true for a CA opened a second time, want false")
	}
	if a, b := first.Certificate().SerialNumber, second.Certificate().SerialNumber; a.Cmp(b) != 0 {
		t.Errorf("second Open serial = %x, want the first's %x", b, a)
	}
	loaded, err := localca.Load(dir, localca.Options{})
	if err != nil {
		t.Fatalf("Load(%q) error = %v", dir, err)
	}
	if a, b := first.Certificate().SerialNumber, loaded.Certificate().SerialNumber; a.Cmp(b) != 0 {
		t.Errorf("Load serial = %x, want Open's %x", b, a)
	}
	certAfter, err := os.ReadFile(first.CertPath())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(certBefore, certAfter) {
		t.Error("opening the CA again rewrote rootCA.pem")
	}
}

func TestLoadOfAFolderWithNoCAIsNotExist(t *testing.T) {
	for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "missing")} {
		_, err := localca.Load(dir, localca.Options{})
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Load(%q) error = %v, want one that wraps fs.ErrNotExist", dir, err)
		}
		if _, statErr := os.Stat(filepath.Join(dir, "rootCA.pem")); statErr == nil {
			t.Errorf("Load(%q) made a CA; only Open should", dir)
		}
	}
}

// writePEM writes one PEM block to name with the given mode.
func writePEM(t *testing.T, name, typ string, der []byte, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(name, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, mode); err != nil {
		t.Fatal(err)
	}
}

// writeNonCA replaces the CA in dir with a self-signed certificate, and its
// key, that may not sign others.
func writeNonCA(t *testing.T, dir string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "not a CA"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
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
	writePEM(t, filepath.Join(dir, "rootCA-key.pem"), "PRIVATE KEY", keyDER, 0o600)
}

func TestOpenRefusesABrokenCA(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		file   string   // the file the error must name, in the CA folder
		want   []string // and what else it must say
		unix   bool     // only where file modes mean something
	}{
		{
			name: "a certificate file that holds no PEM",
			damage: func(t *testing.T, dir string) {
				os.WriteFile(filepath.Join(dir, "rootCA.pem"), []byte("not a certificate\n"), 0o644)
			},
			file: "rootCA.pem",
			want: []string{"no PEM certificate", "delete", "to make a new CA"},
		},
		{
			name: "a certificate file whose PEM is not a certificate",
			damage: func(t *testing.T, dir string) {
				writePEM(t, filepath.Join(dir, "rootCA.pem"), "CERTIFICATE", []byte("garbage"), 0o644)
			},
			file: "rootCA.pem",
			want: []string{"not a readable certificate", "to make a new CA"},
		},
		{
			name: "a key file that holds no PEM",
			damage: func(t *testing.T, dir string) {
				os.WriteFile(filepath.Join(dir, "rootCA-key.pem"), []byte{}, 0o600)
			},
			file: "rootCA-key.pem",
			want: []string{"no PEM private key", "to make a new CA"},
		},
		{
			name: "a key that belongs to another CA",
			damage: func(t *testing.T, dir string) {
				other := mustOpen(t, t.TempDir(), localca.Options{})
				data, err := os.ReadFile(filepath.Join(other.Dir(), "rootCA-key.pem"))
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, "rootCA-key.pem"), data, 0o600)
			},
			file: "rootCA-key.pem",
			want: []string{"not the key of rootCA.pem", "to make a new CA"},
		},
		{
			name: "a key file that other users can read",
			damage: func(t *testing.T, dir string) {
				os.Chmod(filepath.Join(dir, "rootCA-key.pem"), 0o644)
			},
			file: "rootCA-key.pem",
			want: []string{"mode 0644", "chmod 600 " + "DIR/rootCA-key.pem"},
			unix: true,
		},
		{
			name: "a certificate whose key is gone",
			damage: func(t *testing.T, dir string) {
				os.Remove(filepath.Join(dir, "rootCA-key.pem"))
			},
			file: "rootCA-key.pem",
			want: []string{"missing", "to make a new CA"},
		},
		{
			name: "a key whose certificate is gone",
			damage: func(t *testing.T, dir string) {
				os.Remove(filepath.Join(dir, "rootCA.pem"))
			},
			file: "rootCA.pem",
			want: []string{"missing", "to make a new CA"},
		},
		{
			name:   "a certificate that may not sign others",
			damage: writeNonCA,
			file:   "rootCA.pem",
			want:   []string{"not a CA certificate", "to make a new CA"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.unix && runtime.GOOS == "windows" {
				t.Skip("Windows has no Unix file modes to damage")
			}
			dir := filepath.Join(t.TempDir(), "ca")
			mustOpen(t, dir, localca.Options{})
			tt.damage(t, dir)

			ca, err := localca.Open(dir, localca.Options{})
			if err == nil {
				t.Fatalf("Open(%q) of %s = a CA with serial %x, want an error", dir, tt.name, ca.Certificate().SerialNumber)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, filepath.Join(dir, tt.file)+": ") {
				t.Errorf("Open error = %q, want it to start with the file at fault, %s", msg, filepath.Join(dir, tt.file))
			}
			for _, w := range tt.want {
				w = strings.ReplaceAll(w, "DIR", dir)
				if !strings.Contains(msg, w) {
					t.Errorf("Open error = %q, want it to say %q", msg, w)
				}
			}
			if strings.Contains(msg, "to make a new CA") && !strings.Contains(msg, "delete "+dir+" ") {
				t.Errorf("Open error = %q, want it to name the folder to delete, %s", msg, dir)
			}
		})
	}
}

func TestOpenRefusesAFolderOfOtherFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := localca.Open(dir, localca.Options{})
	if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "folder of its own") {
		t.Fatalf("Open(%q) of a folder of other files error = %v, want one naming the folder and asking for one of its own", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "rootCA.pem")); err == nil {
		t.Error("Open wrote a CA among the other files")
	}
}

func TestLoadChecksTheCAIsValidNow(t *testing.T) {
	made := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	dir := filepath.Join(t.TempDir(), "ca")
	ca := mustOpen(t, dir, localca.Options{Now: func() time.Time { return made }})
	if got, want := ca.Certificate().NotAfter, made.AddDate(10, 0, 0); !got.Equal(want) {
		t.Errorf("NotAfter of a CA made at %v = %v, want %v", made, got, want)
	}

	tests := []struct {
		name string
		now  time.Time
		want []string // what the error says; none for no error
	}{
		{name: "the day it was made", now: made},
		{name: "nine years on", now: made.AddDate(9, 0, 0)},
		{name: "a minute after it expired", now: made.AddDate(10, 0, 0).Add(time.Minute),
			want: []string{dir + string(filepath.Separator) + "rootCA.pem: ", "expired on 2036-03-01", "delete " + dir + " to make a new CA"}},
		{name: "a day before it was made", now: made.AddDate(0, 0, -1),
			want: []string{"rootCA.pem: ", "not valid until 2026-03-01T11:00:00Z", "clock"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := localca.Options{Now: func() time.Time { return tt.now }}
			for name, open := range map[string]func(string, localca.Options) (*localca.CA, error){"Load": localca.Load, "Open": localca.Open} {
				_, err := open(dir, opts)
				switch {
				case len(tt.want) == 0 && err != nil:
					t.Errorf("%s at %v error = %v, want none", name, tt.now, err)
				case len(tt.want) > 0 && err == nil:
					t.Errorf("%s at %v error = nil, want one saying %q", name, tt.now, tt.want)
				}
				for _, w := range tt.want {
					if err != nil && !strings.Contains(err.Error(), w) {
						t.Errorf("%s at %v error = %q, want it to say %q", name, tt.now, err, w)
					}
				}
			}
		})
	}
	// An expired CA is reported, never silently replaced.
	if got := mustOpen(t, dir, localca.Options{Now: func() time.Time { return made }}); got.Certificate().SerialNumber.Cmp(ca.Certificate().SerialNumber) != 0 {
		t.Error("a failed Open replaced the CA")
	}
}

// A CA folder others may write to is refused, as ssh refuses such a key
// folder: whoever writes there can swap the CA the user trusts.
func TestOpenRefusesAFolderOthersMayWriteTo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes do not say who may write on Windows")
	}
	for _, mode := range []os.FileMode{0o777, 0o770, 0o722} {
		dir := filepath.Join(t.TempDir(), "ca")
		if _, err := localca.Open(dir, localca.Options{}); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		_, err := localca.Open(dir, localca.Options{})
		if err == nil || !strings.Contains(err.Error(), "chmod 700") || !strings.Contains(err.Error(), dir) {
			t.Errorf("Open of a CA folder with mode %#o error = %v, want it refused, naming the folder and the fix", mode, err)
		}
		if err := os.Chmod(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if _, err := localca.Open(dir, localca.Options{}); err != nil {
			t.Errorf("Open after chmod 700 error = %v", err)
		}
	}
}

// -ca-dir may be a symbolic link to an empty folder: the CA is made in the
// folder it points at, and the link stays.
func TestOpenThroughASymbolicLinkKeepsTheLink(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "real")
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if _, err := localca.Open(link, localca.Options{}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link is gone or replaced (%v, %v)", fi, err)
	}
	if _, err := os.Stat(filepath.Join(target, "rootCA.pem")); err != nil {
		t.Errorf("the CA is not in the folder the link points at: %v", err)
	}
	if _, err := localca.Open(link, localca.Options{}); err != nil {
		t.Errorf("opening the CA again through the link: %v", err)
	}
}
