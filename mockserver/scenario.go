package mockserver

import (
	"fmt"
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
	// Priority orders scenarios that could both answer a request: the
	// higher priority is tried first; equal priorities keep file order.
	Priority int `yaml:"priority,omitempty" json:"priority,omitempty"`
	// State, when set, ties the scenario to a named state: it answers only
	// in a given state and may move the state on (see StateRule).
	State *StateRule `yaml:"state,omitempty" json:"state,omitempty"`
	// Request says which requests the scenario answers and how they are
	// checked.
	Request Request `yaml:"request" json:"request"`
	// Response is what a request that passes the checks gets. Give either
	// Response or Responses.
	Response Response `yaml:"response,omitempty" json:"response,omitzero"`
	// Responses are given in turn, one per call: the first call gets the
	// first, and so on. What follows the last is set by AfterLast.
	Responses []Response `yaml:"responses,omitempty" json:"responses,omitempty"`
	// AfterLast is what Responses do once each was given: "repeat" the last
	// one (the default when empty) or "cycle" back to the first.
	AfterLast string `yaml:"afterLast,omitempty" json:"afterLast,omitempty"`
	// Times, when set, is how often the scenario is expected to be called;
	// Server.Verify reports a count outside it. In a scenario file it is a
	// number (exactly) or a mapping with atLeast and/or atMost.
	Times *Times `yaml:"times,omitempty" json:"times,omitempty"`
}

// Request describes the requests a scenario answers. A request must meet
// every condition given for the scenario to answer it.
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
	// Headers are conditions on request headers, by name.
	Headers map[string]Match `yaml:"headers,omitempty" json:"headers,omitempty"`
	// Query are conditions on query parameters (their first value), by name.
	Query map[string]Match `yaml:"query,omitempty" json:"query,omitempty"`
	// PathVars are conditions on the decoded path variables, by name.
	PathVars map[string]Match `yaml:"pathVars,omitempty" json:"pathVars,omitempty"`
	// Body are conditions on the JSON request body.
	Body *BodyMatch `yaml:"body,omitempty" json:"body,omitempty"`
	// BodySchema is a JSON Schema file, relative to the scenario file's
	// folder, that the request body must satisfy. When it is set the
	// request must also have a JSON Content-Type. Unlike the conditions
	// above, a body that breaks the schema does not make the scenario miss:
	// it gets a 400 naming every violation.
	BodySchema string `yaml:"bodySchema,omitempty" json:"bodySchema,omitempty"`
}

// Response is a canned response, or one of Graph's own errors given in
// short form (Throttle, ServiceUnavailable, GatewayTimeout).
type Response struct {
	// Status is the HTTP status code. 204 and 304 responses cannot have a
	// body.
	Status int `yaml:"status,omitempty" json:"status,omitempty"`
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
	// BodySchema is a JSON Schema file, relative to the scenario file's
	// folder, that the body is meant to satisfy. It is compiled when the
	// set loads; [ScenarioSet.CheckResponses] (and "graphmock validate")
	// check the body against it (a templated body is rendered per request
	// and is not checked). Serving does not: a scenario may answer with a
	// body that breaks the contract on purpose.
	BodySchema string `yaml:"bodySchema,omitempty" json:"bodySchema,omitempty"`
	// ODataContext puts "@odata.context" first in a JSON object body:
	// the absolute URL given, or "auto" (ODataContextAuto) to derive
	// https://graph.microsoft.com/{version}/$metadata#… from each request's
	// path (see the README for the rule).
	ODataContext string `yaml:"odataContext,omitempty" json:"odataContext,omitempty"`
	// Template makes the body and header values Go text/templates, executed
	// for each request (see the package documentation for their data and
	// functions). A string body or a body file is one template; in a
	// mapping or list body each string is one.
	Template bool `yaml:"template,omitempty" json:"template,omitempty"`
	// Delay holds the response back, a fixed time or a random time between
	// Min and Max. A client that gives up ends the wait.
	Delay *Delay `yaml:"delay,omitempty" json:"delay,omitempty"`
	// Fault breaks the connection instead of answering normally.
	Fault Fault `yaml:"fault,omitempty" json:"fault,omitempty"`
	// Throttle answers as Graph does when it throttles: 429, Retry-After
	// and a TooManyRequests error. It excludes Status and Body.
	Throttle *GraphFault `yaml:"throttle,omitempty" json:"throttle,omitempty"`
	// ServiceUnavailable answers Graph's 503 serviceNotAvailable.
	ServiceUnavailable *GraphFault `yaml:"serviceUnavailable,omitempty" json:"serviceUnavailable,omitempty"`
	// GatewayTimeout answers Graph's 504.
	GatewayTimeout *GraphFault `yaml:"gatewayTimeout,omitempty" json:"gatewayTimeout,omitempty"`
}

// isZero reports whether no field of r is set.
func (r *Response) isZero() bool {
	return r.Status == 0 && r.Headers == nil && r.Body == nil && r.BodyFile == "" && r.BodySchema == "" && !r.Template && r.ODataContext == "" &&
		r.Delay == nil && r.Fault == "" && r.Throttle == nil && r.ServiceUnavailable == nil && r.GatewayTimeout == nil
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
