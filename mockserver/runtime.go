package mockserver

import "sync/atomic"

// runtimeState is what one server keeps about the scenario set it serves:
// where each response sequence stands, the state of each flow, and the
// chaos dice. Replacing the set starts a fresh runtimeState; the journal is
// kept apart and survives.
type runtimeState struct {
	set   *ScenarioSet
	seqs  map[*compiledScenario]*atomic.Uint64 // for scenarios with several responses
	flows flowStates
	dice  *chaosDice  // nil without chaos
	paths *graphPaths // what Graph has at the paths unmatched calls asked for
}

func newRuntimeState(set *ScenarioSet) *runtimeState {
	rt := &runtimeState{set: set, seqs: make(map[*compiledScenario]*atomic.Uint64), paths: newGraphPaths()}
	for _, c := range set.scenarios {
		if len(c.responses) > 1 {
			rt.seqs[c] = new(atomic.Uint64)
		}
	}
	if set.chaos != nil {
		rt.dice = newChaosDice(set.chaos.seed)
	}
	return rt
}

// next returns the response for this call of scenario c: each call takes
// exactly one step of the sequence, however many arrive at once.
func (rt *runtimeState) next(c *compiledScenario) (*compiledResponse, int) {
	if len(c.responses) == 1 {
		return c.responses[0], 0
	}
	n := int(rt.seqs[c].Add(1) - 1)
	switch {
	case n < len(c.responses):
	case c.cycle:
		n %= len(c.responses)
	default:
		n = len(c.responses) - 1
	}
	return c.responses[n], n
}
