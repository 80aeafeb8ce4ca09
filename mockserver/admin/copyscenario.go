package admin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/mockserver"
)

// callScenario answers GET /_graphmock/calls/{seq}/scenario with a
// scenario file (YAML) whose one scenario answers the call's request.
func (h *handler) callScenario(r *http.Request) (any, *graphwire.Error) {
	c, e := h.findCall(r)
	if e != nil {
		return nil, e
	}
	if c.Scenario == mockserver.BatchScenario {
		return nil, graphwire.Errorf(http.StatusBadRequest, codeBadRequest,
			"call %d is a JSON batch, which graphmock answers itself: copy the calls inside it instead", c.Seq)
	}
	doc, err := mockserver.MarshalScenarios(scenarioFor(&c, h.srv.Scenarios()))
	if err != nil {
		return nil, graphwire.Errorf(http.StatusInternalServerError, codeInternal, "writing the scenario: %v", err)
	}
	return rawAnswer(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(doc)
	}), nil
}

// scenarioFor returns a scenario that answers the request of c: its method,
// its path with each segment literal (or a variable with an equals
// condition, when a segment cannot be written literally in a template),
// its query parameters as equals conditions, and "auth: none" when it
// carried no bearer token. A call that was served gets the response it got
// when that is a plain one; any other call gets 200 (with an empty JSON
// object for a GET) or 204, to be edited.
func scenarioFor(c *mockserver.Call, set *mockserver.ScenarioSet) mockserver.Scenario {
	base := c.Scenario
	if base == "" {
		base = strings.ToLower(c.Method) + "-" + lastWord(c.Path)
	}
	s := mockserver.Scenario{
		Name:        fmt.Sprintf("%s-from-call-%d", base, c.Seq),
		Description: fmt.Sprintf("made from call %d: %s %s, answered %d (%s)", c.Seq, c.Method, c.Path, c.Status, c.Outcome),
		Request:     mockserver.Request{Method: c.Method},
	}
	s.Request.Path, s.Request.PathVars = pathTemplate(c.Path)
	if token, ok := graphwire.BearerToken(c.Header.Get("Authorization")); !ok || token == "" || len(c.Header.Values("Authorization")) != 1 {
		s.Request.Auth = "none"
	}
	if q, err := url.ParseQuery(c.RawQuery); err == nil && len(q) > 0 {
		s.Request.Query = make(map[string]mockserver.Match, len(q))
		for k, vs := range q {
			if utf8.ValidString(k) { // a name that is not UTF-8 cannot be a key of a YAML file: left out, any value matches
				s.Request.Query[k] = sameText(vs[0])
			}
		}
	}
	if resp, ok := servedResponse(c, set); ok {
		s.Response = resp
		return s
	}
	switch c.Method {
	case http.MethodGet:
		s.Response = mockserver.Response{Status: http.StatusOK, Body: map[string]any{}}
	case http.MethodHead:
		s.Response = mockserver.Response{Status: http.StatusOK}
	default:
		s.Response = mockserver.Response{Status: http.StatusNoContent}
	}
	return s
}

// servedResponse returns the response a served call got from its
// scenario, when that is a plain canned response (or one of Graph's
// errors) that a scenario file can give again as it is.
func servedResponse(c *mockserver.Call, set *mockserver.ScenarioSet) (mockserver.Response, bool) {
	if c.Outcome != mockserver.Served || c.Chaos {
		return mockserver.Response{}, false
	}
	for _, sp := range set.Scenarios() {
		if sp.Name != c.Scenario {
			continue
		}
		resp := sp.Response
		if len(sp.Responses) > 0 {
			if c.Response < 0 || c.Response >= len(sp.Responses) {
				return mockserver.Response{}, false
			}
			resp = sp.Responses[c.Response]
		}
		// Delays and faults are the scenario's business, not the call's.
		resp.Delay, resp.Fault = nil, ""
		if resp.Status == 0 && resp.Throttle == nil && resp.ServiceUnavailable == nil && resp.GatewayTimeout == nil {
			resp.Status = c.Status
		}
		body, ok := yamlBody(resp.Body)
		resp.Body = body
		return resp, ok
	}
	return mockserver.Response{}, false
}

// yamlBody returns a response body as a scenario file writes it: bytes
// of JSON as the JSON value, other bytes as a string.
func yamlBody(body any) (any, bool) {
	switch b := body.(type) {
	case json.RawMessage:
		return yamlBody([]byte(b))
	case []byte:
		var v any
		if json.Unmarshal(b, &v) == nil {
			return v, true
		}
		return string(b), true
	case nil, string, map[string]any, []any:
		return b, true
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, false
		}
		var v any
		return v, json.Unmarshal(data, &v) == nil
	}
}

// literalSegment matches a decoded path segment that a path template can
// hold as it is.
var literalSegment = regexp.MustCompile(`^[A-Za-z0-9$@:=+,;!'()*._~-]+$`)

// sameText is the condition that a value is v: equals, or for a value that
// is not UTF-8 (which a YAML file cannot hold), a pattern that matches
// it, each byte that is not UTF-8 standing as U+FFFD, as Go's regexp reads
// such bytes.
func sameText(v string) mockserver.Match {
	if utf8.ValidString(v) {
		return mockserver.Equals(v)
	}
	var b strings.Builder
	b.WriteString("^")
	for len(v) > 0 {
		r, size := utf8.DecodeRuneInString(v)
		if r == utf8.RuneError && size == 1 {
			b.WriteString(`\x{FFFD}`)
		} else {
			b.WriteString(regexp.QuoteMeta(v[:size]))
		}
		v = v[size:]
	}
	b.WriteString("$")
	return mockserver.Matches(b.String())
}

// pathTemplate turns a request path into a template that matches it: each
// segment as itself, decoded, empty ones too, or, when it holds what a
// template cannot (a slash, a brace, a percent sign), a variable {segN}
// with a condition that it is the decoded segment.
func pathTemplate(path string) (string, map[string]mockserver.Match) {
	var b strings.Builder
	var vars map[string]mockserver.Match
	for i, seg := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
		b.WriteByte('/')
		dec, err := url.PathUnescape(seg)
		if err == nil && (dec == "" || literalSegment.MatchString(dec)) {
			b.WriteString(dec) // an empty segment stays empty: a variable cannot match ""
			continue
		}
		if err != nil {
			dec = seg
		}
		name := fmt.Sprintf("seg%d", i+1)
		if vars == nil {
			vars = make(map[string]mockserver.Match)
		}
		vars[name] = sameText(dec)
		b.WriteString("{" + name + "}")
	}
	return b.String(), vars
}

// lastWord returns the last path segment made of letters, for naming a
// scenario: "chat" for /beta/chats/c1/installedApps/a1/chat/$ref.
func lastWord(path string) string {
	segs := strings.Split(path, "/")
	for i := len(segs) - 1; i >= 0; i-- {
		w := strings.TrimPrefix(segs[i], "$")
		if w != "" && strings.IndexFunc(w, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) < 0 && w != "ref" {
			return w
		}
	}
	return "call"
}
