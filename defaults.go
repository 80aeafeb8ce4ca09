// Package graphmock holds graphmock's default scenario set: scenarios.yaml
// with the schemas and fixtures it names, embedded so that the binary
// serves them with no files beside it. The server is package mockserver;
// the command is cmd/graphmock.
package graphmock

import "embed"

// Defaults holds scenarios.yaml, schemas/ and fixtures/.
//
//go:embed scenarios.yaml schemas fixtures
var Defaults embed.FS
