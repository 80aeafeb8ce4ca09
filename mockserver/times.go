package mockserver

import (
	"fmt"
	"reflect"

	"gopkg.in/yaml.v3"
)

// Times is an expected call count: at least Min and, when Max is not
// negative, at most Max.
type Times struct {
	Min int `json:"atLeast"`
	Max int `json:"atMost"` // -1: no upper bound
}

// Exactly expects n calls.
func Exactly(n int) *Times { return &Times{Min: n, Max: n} }

// AtLeast expects n calls or more.
func AtLeast(n int) *Times { return &Times{Min: n, Max: -1} }

// AtMost expects n calls or fewer.
func AtMost(n int) *Times { return &Times{Min: 0, Max: n} }

// Between expects from min to max calls.
func Between(min, max int) *Times { return &Times{Min: min, Max: max} }

// allows reports whether n calls meet the expectation.
func (t *Times) allows(n int64) bool {
	return n >= int64(t.Min) && (t.Max < 0 || n <= int64(t.Max))
}

// String says the expectation in words: "exactly 1 call", "at least 2 calls".
func (t *Times) String() string {
	calls := func(n int) string {
		if n == 1 {
			return "1 call"
		}
		return fmt.Sprintf("%d calls", n)
	}
	switch {
	case t.Max == t.Min:
		return "exactly " + calls(t.Min)
	case t.Max < 0:
		return "at least " + calls(t.Min)
	case t.Min == 0:
		return "at most " + calls(t.Max)
	default:
		return fmt.Sprintf("from %d to %s", t.Min, calls(t.Max))
	}
}

// check reports what is wrong with an expectation.
func (t *Times) check() error {
	switch {
	case t.Min < 0:
		return fmt.Errorf("atLeast is %d: want 0 or more", t.Min)
	case t.Max >= 0 && t.Max < t.Min:
		return fmt.Errorf("atMost %d is less than atLeast %d", t.Max, t.Min)
	}
	return nil
}

// decodeYAML reads "times: 2" or "times: {atLeast: 1, atMost: 3}".
func (t *Times) decodeYAML(n *yaml.Node, d *yamlDecoder, field string) {
	switch n.Kind {
	case yaml.ScalarNode:
		var v int
		if n.Tag != "!!int" || n.Decode(&v) != nil {
			d.errorf(n, field, "want a number of calls, or {atLeast: n, atMost: m}; got %s", describeNode(n))
			return
		}
		*t = Times{Min: v, Max: v}
	case yaml.MappingNode:
		var b struct {
			AtLeast *int `yaml:"atLeast"`
			AtMost  *int `yaml:"atMost"`
		}
		d.decode(n, reflect.ValueOf(&b).Elem(), field)
		if b.AtLeast == nil && b.AtMost == nil {
			d.errorf(n, field, "give atLeast, atMost or both")
			return
		}
		*t = Times{Max: -1}
		if b.AtLeast != nil {
			t.Min = *b.AtLeast
		}
		if b.AtMost != nil {
			t.Max = *b.AtMost
		}
	default:
		d.errorf(n, field, "want a number of calls, or {atLeast: n, atMost: m}; got %s", describeNode(n))
	}
}
