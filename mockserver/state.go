package mockserver

import (
	"fmt"
	"sync"
)

// InitialState is the state every flow starts in, and returns to when the
// server's state is reset.
const InitialState = "started"

// DefaultFlow is the flow a StateRule without a Flow belongs to.
const DefaultFlow = "default"

// A StateRule ties a scenario to a named state, like WireMock's scenario
// states: the scenario answers only while its flow is in state When (any
// state when empty), and after it answers the flow moves to Then (stays
// put when empty). Flows start in InitialState. With them a scenario file
// can model "the chat is added, then listing shows it".
type StateRule struct {
	Flow string `yaml:"flow,omitempty" json:"flow,omitempty"` // DefaultFlow when empty
	When string `yaml:"when,omitempty" json:"when,omitempty"`
	Then string `yaml:"then,omitempty" json:"then,omitempty"`
}

func (s *StateRule) flow() string {
	if s.Flow == "" {
		return DefaultFlow
	}
	return s.Flow
}

func (s *StateRule) check() error {
	if s.When == "" && s.Then == "" {
		return fmt.Errorf("give when, then or both")
	}
	return nil
}

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

func (f *flowStates) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.states = nil
}
