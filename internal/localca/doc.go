// Package localca is graphmock's local certificate authority, in the
// spirit of mkcert: a CA made once on the user's computer, trusted once by
// the user's browsers and tools, and used from then on to sign the
// certificates graphmock serves HTTPS with. A certificate made afresh at
// every start can never be trusted for long; a CA trusted once covers
// every certificate it signs later.
//
// # The CA folder
//
// [Open] makes the CA the first time, in a folder of its own
// ([DefaultDir] is graphmock/ca in the user's configuration folder), and
// loads it every later time:
//
//	rootCA.pem      the CA certificate, for clients to trust (mode 0644)
//	rootCA-key.pem  its private key, ECDSA P-256 in PKCS #8 (mode 0600)
//
// The folder (mode 0700) appears whole or not at all, so two graphmock
// processes that start together with no CA yet end up sharing one. The CA
// is valid for ten years, may sign only end certificates (its maximum path
// length is zero), and may sign them only for localhost (and names under
// it), 127.0.0.0/8 and ::1: whoever steals the key cannot use it to
// impersonate other sites to the user's browsers.
//
// Loading checks the CA as it reads it: a file that is missing, corrupt or
// readable by other users, a key that is not the certificate's, or a
// certificate past its end is an error that names the file and says what
// to do (usually: delete the folder, so that the next Open makes a new CA,
// and trust that one). [Options.Now] stands in for the clock in tests.
//
// # Serving HTTPS
//
// [CA.Leaf] signs a certificate for localhost, 127.0.0.1 and ::1 (and any
// other loopback host given, such as the listen address), valid for
// [LeafValidity], with a new key each time:
//
//	ca, err := localca.Open(dir, localca.Options{})
//	...
//	cert, err := ca.Leaf(host)
//	...
//	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
//
// A Go client that should trust it without touching the system's trust
// store uses [CA.Pool] as its tls.Config.RootCAs.
//
// # When a client does not trust the CA
//
// A client that does not trust the CA fails the TLS handshake, and the
// server's ErrorLog prints a line such as
//
//	http: TLS handshake error from 127.0.0.1:53124: remote error: tls: bad certificate
//
// [HandshakeHint] recognises such a line and returns a hint to print after
// it, pointing at the "graphmock ca" command, which prints where the CA
// certificate is ([CA.CertPath]) and how to trust it once in browsers, the
// system and each kind of client ([TrustInstructions]).
package localca
