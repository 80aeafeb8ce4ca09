package mockserver

import (
	"github.com/graphmock/graphmock/internal/strictyaml"
	"github.com/graphmock/graphmock/mockserver/internal/testlink"
)

func init() {
	testlink.ScenarioLine = func(set any, name string) int {
		s, ok := set.(*ScenarioSet)
		if !ok || s.byName[name] == nil {
			return 0
		}
		line, _ := s.byName[name].position(strictyaml.Path{})
		return line
	}
}
