package mockserver

import (
	"sync"

	"github.com/graphmock/graphmock"
)

// defaultFile is the name of the default scenario file in the embedded
// folder.
const defaultFile = "scenarios.yaml"

// Default returns the embedded default scenario set, which covers the
// Graph beta chat $ref endpoint. It is compiled on first use and shared
// afterwards (a ScenarioSet is immutable); its Folder holds
// scenarios.yaml, schemas/ and fixtures/.
func Default() (*ScenarioSet, error) { return loadDefault() }

var loadDefault = sync.OnceValues(func() (*ScenarioSet, error) {
	return Load(graphmock.Defaults, defaultFile)
})
