// Package interop checks graphmock against Microsoft's Graph SDK for Go
// (msgraph-sdk-go-core over kiota-http-go, with Graph's default middleware:
// retry, gzip compression, telemetry headers). It is a module of its own so
// that graphmock itself depends on nothing but its three libraries.
//
// NewGraphAdapter is the client set-up graphmock's README shows; the tests
// run the SDK against mocktest.NewTestServer.
package interop
