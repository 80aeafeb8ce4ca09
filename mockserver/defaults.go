package mockserver

import (
	"io/fs"
	"sync"

	"github.com/graphmock/graphmock"
)

// DefaultFile is the name of the default scenario file in [DefaultFS].
const DefaultFile = "scenarios.yaml"

// DefaultFS returns the embedded default scenario folder: scenarios.yaml,
// schemas/ and fixtures/.
func DefaultFS() fs.FS { return graphmock.Defaults }

// Default returns the embedded default scenario set, compiled on first use
// and shared afterwards (a ScenarioSet is immutable).
func Default() (*ScenarioSet, error) { return loadDefault() }

var loadDefault = sync.OnceValues(func() (*ScenarioSet, error) {
	return Load(graphmock.Defaults, DefaultFile)
})
