package mockserver

import (
	"reflect"
	"sync"

	"github.com/graphmock/graphmock/internal/strictyaml"
	"gopkg.in/yaml.v3"
)

// A sourceDoc is a scenario file's text, decoded again when a position in
// it is asked for, once. A decoded document keeps a node for every value
// written, several kilobytes a scenario, while positions are wanted only
// by the checks made after loading and their messages.
type sourceDoc struct {
	data []byte // the file, as parsed; not changed

	once sync.Once
	d    *strictyaml.Decoder // nil when the text no longer parses (it always should)
}

// newSourceDoc returns the sourceDoc of a copy of data.
func newSourceDoc(data []byte) *sourceDoc {
	return &sourceDoc{data: append([]byte(nil), data...)}
}

// Node returns the node written at at, or its closest parent that was
// written, as the decoder of the file did when it loaded.
func (s *sourceDoc) Node(at strictyaml.Path) (*yaml.Node, bool) {
	s.once.Do(func() {
		doc, err := strictyaml.ParseDocument(s.data)
		if err != nil {
			return
		}
		d := newScenarioDecoder()
		var file scenarioFile
		d.Decode(doc, reflect.ValueOf(&file).Elem(), strictyaml.Path{})
		s.d = d
	})
	if s.d == nil {
		return nil, false
	}
	return s.d.Node(at)
}
