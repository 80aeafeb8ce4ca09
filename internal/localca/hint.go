package localca

import (
	"fmt"
	"strings"
)

// handshakeError is how net/http's server logs a failed TLS handshake:
// "http: TLS handshake error from ADDRESS: CAUSE".
const handshakeError = "TLS handshake error from "

// distrust lists the causes, as crypto/tls words them, of a handshake that
// failed because the client does not trust the server's certificate.
var distrust = []struct {
	cause    string
	probably bool // the cause has other, rarer, reasons
}{
	// Go clients send the bad_certificate alert for any certificate they
	// cannot verify.
	{cause: "remote error: tls: bad certificate"},
	// OpenSSL clients (curl, Python, Node) over TLS 1.2 send unknown_ca.
	{cause: "remote error: tls: unknown certificate authority"},
	// Other clients send certificate_unknown, which Go words so.
	{cause: "remote error: tls: unknown certificate"},
	// OpenSSL clients over TLS 1.3 send unknown_ca too, but Go's server
	// cannot decrypt that alert and reports a bad record instead
	// (golang.org/issue/51837). A corrupted connection would say the same,
	// but on a loopback connection that is rare.
	{cause: "local error: tls: bad record MAC", probably: true},
}

// HandshakeHint recognises, in a line that an http.Server's ErrorLog
// printed, a TLS handshake that failed because the client does not trust
// graphmock's certificate, and returns a hint to print after it: which
// client, and that "graphmock ca" tells where the CA certificate is and how
// to trust it. It reports false for any other line, including handshakes
// that failed for other reasons.
//
// Some clients give the server no sign at all: Node.js, for one, checks
// the certificate after the handshake and just closes the connection
// (logged as "EOF" over TLS 1.3, not at all over TLS 1.2).
func HandshakeHint(logLine string) (hint string, ok bool) {
	i := strings.Index(logLine, handshakeError)
	if i < 0 {
		return "", false
	}
	rest := strings.TrimRight(logLine[i+len(handshakeError):], "\"} \r\n") // quoted by slog
	addr, cause, found := strings.Cut(rest, ": ")
	if !found {
		return "", false
	}
	for _, d := range distrust {
		if cause != d.cause {
			continue
		}
		verb := "does not trust"
		if d.probably {
			verb = "probably does not trust"
		}
		return fmt.Sprintf(`the client at %s %s graphmock's certificate (%s): run "graphmock ca" to see where the CA certificate is and how to trust it`, addr, verb, cause), true
	}
	return "", false
}
