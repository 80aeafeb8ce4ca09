package localca_test

import (
	"crypto/x509"
	"fmt"
	"log"
	"os"

	"github.com/graphmock/graphmock/internal/localca"
)

func ExampleCA_Leaf() {
	dir, err := os.MkdirTemp("", "graphmock-ca-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// The command would open localca.DefaultDir().
	ca, err := localca.Open(dir, localca.Options{})
	if err != nil {
		log.Fatal(err)
	}
	// The host of the listen address; 127.0.0.1 is there anyway.
	cert, err := ca.Leaf("127.0.0.1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cert.Leaf.DNSNames, cert.Leaf.IPAddresses)

	// A client that trusts the CA trusts the certificate.
	_, err = cert.Leaf.Verify(x509.VerifyOptions{Roots: ca.Pool(), DNSName: "localhost"})
	fmt.Println("trusted for localhost:", err == nil)
	// Output:
	// [localhost] [127.0.0.1 ::1]
	// trusted for localhost: true
}

func ExampleHandshakeHint() {
	// A line that http.Server's ErrorLog printed.
	line := "http: TLS handshake error from 127.0.0.1:53124: remote error: tls: bad certificate"
	if hint, ok := localca.HandshakeHint(line); ok {
		fmt.Println(hint)
	}
	// Output:
	// the client at 127.0.0.1:53124 does not trust graphmock's certificate (remote error: tls: bad certificate): run "graphmock ca" to see where the CA certificate is and how to trust it
}
