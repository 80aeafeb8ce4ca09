package mockserver

import (
	"encoding/json"
	"fmt"
	"time"
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
	// BodyType is the Graph type the body must be, checked against Graph's
	// own metadata of the path's API version (/v1.0 or /beta) with no
	// schema written by hand: a type name such as microsoft.graph.user, or
	// "auto" to derive what the body must be from the method and path (an
	// entity for POST to a collection, the parameters of an action, an
	// entity reference for $ref, …). It excludes BodySchema. As with
	// BodySchema, a body that breaks it gets a 400 naming each violation.
	BodyType string `yaml:"bodyType,omitempty" json:"bodyType,omitempty"`
	// StrictOData checks BodyType as OData's JSON format prescribes,
	// without the leniencies of Graph (enum members and parameter names in
	// any case, booleans as strings, …).
	StrictOData bool `yaml:"strictOData,omitempty" json:"strictOData,omitempty"`
	// OpenTypes "lenient" lets the open types of BodyType (and of the
	// response's bodyType) take any undeclared property, as OData allows;
	// by default they take only what Graph's workloads take: declared
	// properties, annotations and extensions.
	OpenTypes string `yaml:"openTypes,omitempty" json:"openTypes,omitempty"`
	// Extensions lists the directory extension properties the tenant has
	// registered (extension_{appId}_{name}); with it, BodyType refuses
	// the others. Without it, any name of that shape is taken.
	Extensions []string `yaml:"extensions,omitempty" json:"extensions,omitempty"`
	// Required are properties the body must have at its top level, beyond
	// what BodyType requires (Graph's metadata does not say which
	// properties are required on create).
	Required []string `yaml:"required,omitempty" json:"required,omitempty"`
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
	// BodyType is the Graph type the body is meant to be, as
	// Request.BodyType; "auto" derives it from a GET's path (each element
	// of "value" for a collection). CheckResponses checks it; serving does
	// not.
	BodyType string `yaml:"bodyType,omitempty" json:"bodyType,omitempty"`
	// ODataContext puts "@odata.context" first in a JSON object body:
	// the absolute URL given, or "auto" to derive
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
	return r.Status == 0 && r.Headers == nil && r.Body == nil && r.BodyFile == "" && r.BodySchema == "" && r.BodyType == "" && !r.Template && r.ODataContext == "" &&
		r.Delay == nil && r.Fault == "" && r.Throttle == nil && r.ServiceUnavailable == nil && r.GatewayTimeout == nil
}

// A Match is a condition on one request value, such as a header. In a
// scenario file it is written as a plain string (equals) or as a mapping
// with one of equals, contains, matches, present: true or absent: true; in
// Go, made by Equals, Contains, Matches, Present or Absent.
type Match struct {
	// Op is the test: "equals", "contains", "matches" (an unanchored RE2
	// regular expression), "present" or "absent".
	Op    string `json:"op"`
	Value string `json:"value,omitempty"`
}

// The match operations.
const (
	opEquals   = "equals"
	opContains = "contains"
	opMatches  = "matches"
	opPresent  = "present"
	opAbsent   = "absent"
)

// Equals matches a value equal to v.
func Equals(v string) Match { return Match{Op: opEquals, Value: v} }

// Contains matches a value that contains v.
func Contains(v string) Match { return Match{Op: opContains, Value: v} }

// Matches matches a value that matches the regular expression re (RE2
// syntax, unanchored: use ^ and $ to anchor it).
func Matches(re string) Match { return Match{Op: opMatches, Value: re} }

// Present matches any value that is present.
func Present() Match { return Match{Op: opPresent} }

// Absent matches when the value is absent.
func Absent() Match { return Match{Op: opAbsent} }

// text renders the condition as a scenario file would write it.
func (m Match) text() string {
	switch m.Op {
	case opPresent, opAbsent:
		return m.Op
	default:
		return fmt.Sprintf("%s %q", m.Op, m.Value)
	}
}

// BodyMatch holds conditions on a JSON request body.
type BodyMatch struct {
	// Contains is JSON the body must contain: every member of an object
	// must be in the body's object (which may have more), every element of
	// an array must be contained in some element of the body's array, and
	// other values must be equal (numbers by value).
	Contains any `yaml:"contains,omitempty" json:"contains,omitempty"`
	// Fields are conditions on the values at JSON pointers (RFC 6901), such
	// as "/chatType". A string value is tested as is; any other value as
	// its JSON text (true, 5, null, {"a":1}).
	Fields map[string]Match `yaml:"fields,omitempty" json:"fields,omitempty"`
}

// Times is an expected call count: at least Min and, when Max is not nil,
// at most *Max. The zero Times, like &Times{Min: 2}, has no upper bound.
// Each form of a scenario file's times has a constructor that means the
// same:
//
//	times: 2                        Exactly(2)
//	times: {atLeast: 2}             AtLeast(2), &Times{Min: 2}
//	times: {atMost: 3}              AtMost(3)
//	times: {atLeast: 1, atMost: 3}  Between(1, 3)
//
// Compile and Load refuse a negative bound, and a Max below Min, with the
// same message. In JSON, as the admin API sends it, Times is
// {"atLeast": n, "atMost": m} with atMost -1 when there is no upper bound.
type Times struct {
	Min int  // at least this many calls
	Max *int // at most this many calls; nil: no upper bound
}

// Exactly expects n calls.
func Exactly(n int) *Times { return &Times{Min: n, Max: &n} }

// AtLeast expects n calls or more.
func AtLeast(n int) *Times { return &Times{Min: n} }

// AtMost expects n calls or fewer.
func AtMost(n int) *Times { return &Times{Max: &n} }

// Between expects from min to max calls, both included.
func Between(min, max int) *Times { return &Times{Min: min, Max: &max} }

// timesJSON is Times on the wire: atMost -1 for no upper bound.
type timesJSON struct {
	AtLeast int `json:"atLeast"`
	AtMost  int `json:"atMost"`
}

// MarshalJSON writes {"atLeast": Min, "atMost": Max}, with atMost -1 when
// Max is nil.
func (t Times) MarshalJSON() ([]byte, error) {
	w := timesJSON{AtLeast: t.Min, AtMost: -1}
	if t.Max != nil {
		w.AtMost = *t.Max
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes; an atMost of -1, or none,
// is no upper bound.
func (t *Times) UnmarshalJSON(data []byte) error {
	w := timesJSON{AtMost: -1}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*t = Times{Min: w.AtLeast}
	if w.AtMost != -1 {
		t.Max = &w.AtMost
	}
	return nil
}

// InitialState is the state every flow starts in, and returns to when the
// server's state is reset (Server.ResetState, or POST /_graphmock/reset).
const InitialState = "started"

// defaultFlow is the flow a StateRule without a Flow belongs to.
const defaultFlow = "default"

// A StateRule ties a scenario to a named state, like WireMock's scenario
// states: the scenario answers only while its flow is in state When (any
// state when empty), and after it answers the flow moves to Then (stays
// put when empty). Flows start in InitialState, "started", and go back
// to it when the server's state is reset. With them a scenario file can
// model "the chat is added, then listing shows it".
type StateRule struct {
	Flow string `yaml:"flow,omitempty" json:"flow,omitempty"` // "default" when empty
	When string `yaml:"when,omitempty" json:"when,omitempty"`
	Then string `yaml:"then,omitempty" json:"then,omitempty"`
}

// flow returns the rule's flow name.
func (s *StateRule) flow() string {
	if s.Flow == "" {
		return defaultFlow
	}
	return s.Flow
}

// A Delay holds a response back for a fixed time (Min == Max) or a random
// time between Min and Max. In a scenario file it is a duration such as
// 200ms, or a mapping {min: 100ms, max: 2s}.
type Delay struct {
	Min time.Duration
	Max time.Duration
}

// MarshalJSON writes the delay in its scenario-file form.
func (d Delay) MarshalJSON() ([]byte, error) {
	if d.Min == d.Max {
		return json.Marshal(d.Min.String())
	}
	return json.Marshal(map[string]string{"min": d.Min.String(), "max": d.Max.String()})
}

// A Fault breaks the connection in one of the ways a client must survive.
type Fault string

// The faults.
const (
	// FaultConnectionReset resets the TCP connection without answering.
	FaultConnectionReset Fault = "connectionReset"
	// FaultEmptyResponse closes the connection without sending a byte.
	FaultEmptyResponse Fault = "emptyResponse"
	// FaultTruncatedBody sends the headers, with the full Content-Length,
	// and half of the body, then closes the connection.
	FaultTruncatedBody Fault = "truncatedBody"
)

// A GraphFault is one of Graph's transient errors in short form: the
// status, the Retry-After header and the error body Graph sends.
type GraphFault struct {
	// RetryAfter is the Retry-After header in seconds; fractions are kept
	// as written (Graph's own sample sends 2.128). Zero leaves the header
	// out, except for throttling, which always has it (1 by default).
	RetryAfter float64 `yaml:"retryAfter,omitempty" json:"retryAfter,omitempty"`
	// Message replaces Graph's usual message.
	Message string `yaml:"message,omitempty" json:"message,omitempty"`
}

// Chaos makes a share of the calls that would be served get one of
// Graph's transient errors instead, reproducibly: a server given the same
// seed and the same calls in the same order answers the same way.
type Chaos struct {
	// Rate is the share of calls hit, from 0 to 1.
	Rate float64 `yaml:"rate" json:"rate"`
	// Seed makes the choice reproducible.
	Seed uint64 `yaml:"seed" json:"seed"`
	// Errors to choose from, evenly: throttle, serviceUnavailable,
	// gatewayTimeout. All three when empty.
	Errors []string `yaml:"errors,omitempty" json:"errors,omitempty"`
	// RetryAfter for the errors, in seconds (1 when zero).
	RetryAfter float64 `yaml:"retryAfter,omitempty" json:"retryAfter,omitempty"`
}
