package mockserver

import (
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// A Scenario is one request graphmock expects and the response it gives.
// Scenarios are read from a scenario file by [Load] or declared in Go and
// compiled by [Compile]; either way they are checked once, up front.
type Scenario struct {
	// Name identifies the scenario in the journal, in logs and in
	// assertions. It must be unique within a set.
	Name string `yaml:"name" json:"name"`
	// Description is free text for people reading the scenario file.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Request says which requests the scenario answers and how they are
	// checked.
	Request Request `yaml:"request" json:"request"`
	// Response is what a request that passes the checks gets.
	Response Response `yaml:"response" json:"response"`
	// Times, when set, is how often the scenario is expected to be called;
	// Server.Verify reports a count outside it. In a scenario file it is a
	// number (exactly) or a mapping with atLeast and/or atMost.
	Times *Times `yaml:"times,omitempty" json:"times,omitempty"`
}

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

// Request describes the requests a scenario answers.
type Request struct {
	// Method is the HTTP method, such as POST.
	Method string `yaml:"method" json:"method"`
	// Path is a gorilla/mux path template including the API version, such
	// as /beta/chats/{chatsId}/installedApps/{teamsAppInstallationId}/chat/$ref.
	// Percent-encoded and plain forms of a path ($ref, %24ref) match alike.
	Path string `yaml:"path" json:"path"`
	// Auth is "bearer" (the default when empty: a non-empty bearer token is
	// required, as Graph does) or "none".
	Auth string `yaml:"auth,omitempty" json:"auth,omitempty"`
	// Headers are conditions on request headers. A request that fails one
	// does not match the scenario, and the 404 names the header.
	Headers map[string]Match `yaml:"headers,omitempty" json:"headers,omitempty"`
	// BodySchema is a JSON Schema file, relative to the scenario file's
	// folder, that the request body must satisfy. When it is set the
	// request must also have a JSON Content-Type.
	BodySchema string `yaml:"bodySchema,omitempty" json:"bodySchema,omitempty"`
}

// Response is a canned response.
type Response struct {
	// Status is the HTTP status code. 204 and 304 responses cannot have a
	// body.
	Status int `yaml:"status" json:"status"`
	// Headers are sent as given. Content-Type defaults to Graph's JSON
	// content type when the body is JSON.
	Headers map[string]string `yaml:"headers,omitempty" json:"headers,omitempty"`
	// Body is the response body. In YAML a mapping or list is sent as JSON
	// and a string as is. In Go, a string, []byte or json.RawMessage is sent
	// as is and any other value is encoded as JSON.
	Body any `yaml:"body,omitempty" json:"body,omitempty"`
	// BodyFile names a file, relative to the scenario file's folder, whose
	// contents are the body. It excludes Body.
	BodyFile string `yaml:"bodyFile,omitempty" json:"bodyFile,omitempty"`
}

// MatchOp is the kind of test a [Match] applies.
type MatchOp string

// The match operations.
const (
	OpEquals   MatchOp = "equals"   // the value equals Value exactly
	OpContains MatchOp = "contains" // the value contains Value
	OpMatches  MatchOp = "matches"  // the value matches the regular expression Value
	OpPresent  MatchOp = "present"  // the value is present, whatever it is
	OpAbsent   MatchOp = "absent"   // the value is absent
)

// A Match is a condition on one request value, such as a header. In a
// scenario file it is written as a plain string (equals) or as a mapping
// with one of equals, contains, matches, present: true or absent: true.
type Match struct {
	Op    MatchOp `json:"op"`
	Value string  `json:"value,omitempty"`
}

// Equals matches a value equal to v.
func Equals(v string) Match { return Match{Op: OpEquals, Value: v} }

// Contains matches a value that contains v.
func Contains(v string) Match { return Match{Op: OpContains, Value: v} }

// Matches matches a value that matches the regular expression re (RE2
// syntax, unanchored: use ^ and $ to anchor it).
func Matches(re string) Match { return Match{Op: OpMatches, Value: re} }

// Present matches any value that is present.
func Present() Match { return Match{Op: OpPresent} }

// Absent matches when the value is absent.
func Absent() Match { return Match{Op: OpAbsent} }

// String renders the condition as a scenario file would write it.
func (m Match) String() string {
	switch m.Op {
	case OpPresent, OpAbsent:
		return string(m.Op)
	default:
		return fmt.Sprintf("%s %q", m.Op, m.Value)
	}
}

// decodeYAML reads a Match from its scenario-file forms.
func (m *Match) decodeYAML(n *yaml.Node, d *yamlDecoder, field string) {
	switch n.Kind {
	case yaml.ScalarNode:
		*m = Equals(n.Value)
	case yaml.MappingNode:
		if len(n.Content) != 2 {
			d.errorf(n, field, "want exactly one of equals, contains, matches, present or absent")
			return
		}
		key, val := n.Content[0], n.Content[1]
		op := MatchOp(key.Value)
		switch op {
		case OpEquals, OpContains, OpMatches:
			if val.Kind != yaml.ScalarNode {
				d.errorf(val, field+"."+key.Value, "want a string")
				return
			}
			*m = Match{Op: op, Value: val.Value}
		case OpPresent, OpAbsent:
			var on bool
			if val.Kind != yaml.ScalarNode || val.Decode(&on) != nil || !on {
				d.errorf(val, field+"."+key.Value, "write %s: true", op)
				return
			}
			*m = Match{Op: op}
		default:
			d.errorf(key, field, "unknown condition %q%s: use equals, contains, matches, present or absent",
				key.Value, suggest(key.Value, []string{"equals", "contains", "matches", "present", "absent"}))
		}
	default:
		d.errorf(n, field, "want a string or a mapping such as {contains: value}")
	}
}

// suggest returns ` (did you mean "x"?)` when one of known is close to s.
func suggest(s string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := editDistance(strings.ToLower(s), strings.ToLower(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
