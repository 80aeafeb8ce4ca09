//go:build ignore

// gen_compact writes metadata/graph.compact, the compact form of the
// metadata csdl.Embedded carries, from the CSDL documents in metadata/.
// Run it after changing one of them:
//
//	go generate ./internal/csdl
package main

import (
	"log"
	"os"

	"github.com/graphmock/graphmock/internal/csdl"
)

func main() {
	data, err := csdl.CompactFromSources(os.DirFS("metadata"))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("metadata/graph.compact", data, 0o644); err != nil {
		log.Fatal(err)
	}
}
