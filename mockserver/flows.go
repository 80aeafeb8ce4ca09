package mockserver

import (
	"sync"
)

// flowStates holds the current state of each flow of one server. It is
// safe for concurrent use.
type flowStates struct {
	mu     sync.Mutex
	states map[string]string // flow -> state; absent means InitialState
}

func (f *flowStates) get(flow string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.states[flow]; ok {
		return s
	}
	return InitialState
}

// advance applies rule as one atomic step: it fails when the flow is no
// longer in the state the rule requires (another call moved it first).
func (f *flowStates) advance(rule *StateRule) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	flow := rule.flow()
	cur, ok := f.states[flow]
	if !ok {
		cur = InitialState
	}
	if rule.When != "" && cur != rule.When {
		return false
	}
	if rule.Then != "" {
		if f.states == nil {
			f.states = make(map[string]string)
		}
		f.states[flow] = rule.Then
	}
	return true
}

// snapshot returns every flow that left its initial state.
func (f *flowStates) snapshot() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]string, len(f.states))
	for k, v := range f.states {
		out[k] = v
	}
	return out
}

func (f *flowStates) set(flow, state string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.states == nil {
		f.states = make(map[string]string)
	}
	f.states[flow] = state
}
