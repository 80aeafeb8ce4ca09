package localca

import (
	"strings"
)

// trustText is what TrustInstructions returns, with {{cert}} standing for
// the path of the CA certificate, quoted if need be, and {{quoted}} for the
// path always quoted.
const trustText = `Trust graphmock's local CA once, in each place your clients look, and
every certificate graphmock serves from then on is trusted. The CA
certificate is

    {{cert}}

Chrome and Chromium on Linux read the NSS database in your home folder
(certutil is in libnss3-tools on Debian and Ubuntu, nss-tools on Fedora);
restart the browser afterwards:
    certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n graphmock -i {{cert}}

Firefox keeps its own NSS database in each profile (about:support shows the
profile folder):
    certutil -d sql:PROFILE-FOLDER -A -t "C,," -n graphmock -i {{cert}}
  or Settings > Privacy & Security > Certificates > View Certificates >
  Authorities > Import, then tick "Trust this CA to identify websites".
  Firefox 120 and later on macOS and Windows also trust what the system
  trusts.

macOS, for Safari, Chrome, Go and others that use the system keychain (it
asks for your password):
    sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {{cert}}

Windows, for Edge, Chrome, Go and others that use the system store, in a
prompt run as administrator:
    certutil -addstore -f ROOT {{cert}}
  or in PowerShell run as administrator:
    Import-Certificate -FilePath {{cert}} -CertStoreLocation Cert:\LocalMachine\Root

Linux system store, for Go, curl, wget and Python's ssl module:
    Debian, Ubuntu: sudo cp {{cert}} /usr/local/share/ca-certificates/graphmock.crt && sudo update-ca-certificates
    Fedora, RHEL:   sudo cp {{cert}} /etc/pki/ca-trust/source/anchors/graphmock.pem && sudo update-ca-trust

Node.js adds the file to its own list of CAs (it reads the variable only
at start; in PowerShell, $env:NODE_EXTRA_CA_CERTS = {{quoted}}):
    NODE_EXTRA_CA_CERTS={{cert}} node app.js

Go uses the system store (see above). To trust the CA in one program
instead, add it to the system's roots in the client's code:
    pool, err := x509.SystemCertPool()
    ...
    pool.AppendCertsFromPEM(pemBytes) // the bytes of the file
    transport.TLSClientConfig = &tls.Config{RootCAs: pool}
  On Linux and other Unix systems but macOS, SSL_CERT_FILE={{cert}}
  makes Go read this file instead of the system's bundle file: it replaces
  the bundle rather than adding to it. Go still reads the certificate
  folders (/etc/ssl/certs and /etc/pki/tls/certs, or those SSL_CERT_DIR
  lists), so the public CAs stay trusted only as far as those hold them.

curl trusts the file instead of its usual CAs, for one command:
    curl --cacert {{cert}} https://localhost:PORT/...

Python requests uses the file instead of certifi's CAs, so sites that
public CAs vouch for fail in that process:
    REQUESTS_CA_BUNDLE={{cert}} python app.py
  To keep the public CAs too, give it a bundle of both:
    cat "$(python -m certifi)" {{cert}} > bundle.pem
    REQUESTS_CA_BUNDLE=bundle.pem python app.py
`

// TrustInstructions returns the steps, as text for a terminal, to trust
// the CA certificate at certPath once in each kind of client: browsers
// (through the NSS databases, the macOS keychain or the Windows store),
// the Linux system store, Node.js, Go, curl and Python requests. The path
// is quoted where a shell would split it.
func TrustInstructions(certPath string) string {
	return strings.NewReplacer(
		"{{cert}}", quote(certPath),
		"{{quoted}}", `"`+certPath+`"`,
	).Replace(trustText)
}

// shellPlain holds the characters that sh, cmd.exe and PowerShell all take
// literally in an unquoted argument.
const shellPlain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:+@="

// quote returns path as it can be pasted into a shell: unchanged when it
// holds only plain characters, in double quotes otherwise, which those
// shells read alike for a path without quotes or dollar signs in it.
func quote(path string) string {
	special := func(r rune) bool { return !strings.ContainsRune(shellPlain, r) }
	if path != "" && !strings.ContainsFunc(path, special) {
		return path
	}
	return `"` + path + `"`
}
