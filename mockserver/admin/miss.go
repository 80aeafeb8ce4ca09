package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/mockserver"
)

// nearMiss is the body of GET /_graphmock/calls/{seq}/miss: an unmatched
// call beside the scenario that came closest to answering it.
type nearMiss struct {
	Seq      int64  `json:"seq"`
	Closest  string `json:"closest"`  // the closest scenario's name
	Template string `json:"template"` // its method and path template
	// Parts compare the request with the scenario: the method, then each
	// path segment.
	Parts []missPart `json:"parts"`
	// Reason is what the server said differed, the words after "but" in
	// its problem, such as "query parameter $top is missing".
	Reason  string `json:"reason"`
	Problem string `json:"problem"` // the whole problem, as the 404 or 405 said it
}

// missPart is one part of a request beside what the scenario wants.
type missPart struct {
	Part string `json:"part"` // "method", or "path segment N" (from 1, as the problem counts)
	Sent string `json:"sent"` // what the request had, decoded; "" when it had none
	Want string `json:"want"` // what the scenario has: a literal or a {variable}
	Same bool   `json:"same"` // whether the part matches
}

// callMiss answers GET /_graphmock/calls/{seq}/miss.
func (h *handler) callMiss(r *http.Request) (any, *graphwire.Error) {
	c, e := h.findCall(r)
	if e != nil {
		return nil, e
	}
	if c.Outcome != mockserver.Unmatched || c.Closest == "" {
		return nil, graphwire.Errorf(http.StatusNotFound, codeNotFound,
			"call %d is %s with no closest scenario: only an unmatched call that came near a scenario has a near miss", c.Seq, c.Outcome)
	}
	out := nearMiss{Seq: c.Seq, Closest: c.Closest, Problem: c.Problem, Parts: []missPart{}}
	// When Graph does not have the path either, the call's problem is
	// Graph's "Resource not found for the segment" and the near miss is in
	// its details.
	nearest := c.Problem
	for _, v := range c.Violations {
		if v.Code == "noScenario" {
			nearest = v.Message
		}
	}
	if _, reason, ok := strings.Cut(nearest, ", but "); ok {
		out.Reason = strings.TrimSuffix(reason, ".")
	}
	for _, sp := range h.srv.Scenarios().Scenarios() {
		if sp.Name == c.Closest {
			out.Template = sp.Request.Method + " " + sp.Request.Path
			out.Parts = compareRequest(&c, sp.Request)
		}
	}
	return out, nil
}

// compareRequest sets a call's method and path segments beside a
// scenario's. A template variable matches any segment that is not empty
// (and its pattern, when it has one).
func compareRequest(c *mockserver.Call, want mockserver.Request) []missPart {
	parts := []missPart{{Part: "method", Sent: c.Method, Want: want.Method, Same: c.Method == want.Method}}
	sent := strings.Split(strings.TrimPrefix(c.Path, "/"), "/")
	tpl := templateSegments(want.Path)
	for i := range max(len(sent), len(tpl)) {
		p := missPart{Part: fmt.Sprintf("path segment %d", i+1)}
		if i < len(sent) {
			p.Sent = sent[i]
			if dec, err := url.PathUnescape(sent[i]); err == nil {
				p.Sent = dec
			}
		}
		if i < len(tpl) {
			p.Want = tpl[i]
			p.Same = i < len(sent) && segmentMatches(tpl[i], p.Sent)
		}
		parts = append(parts, p)
	}
	return parts
}

// templateSegments splits a path template at the slashes outside its
// variables (a variable's pattern may hold a slash).
func templateSegments(path string) []string {
	var segs []string
	depth, start := 0, 0
	path = strings.TrimPrefix(path, "/")
	for i, r := range path {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
		case '/':
			if depth == 0 {
				segs = append(segs, path[start:i])
				start = i + 1
			}
		}
	}
	return append(segs, path[start:])
}

// segmentMatches reports whether a decoded segment matches a template
// segment: a whole variable ({name} or {name:pattern}), or literal text,
// whose $ may also be sent as %24.
func segmentMatches(tpl, sent string) bool {
	if strings.HasPrefix(tpl, "{") && strings.HasSuffix(tpl, "}") {
		_, pattern, hasPattern := strings.Cut(tpl[1:len(tpl)-1], ":")
		if !hasPattern {
			return sent != ""
		}
		re, err := regexp.Compile("^(?:" + pattern + ")$")
		return err == nil && re.MatchString(sent)
	}
	if dec, err := url.PathUnescape(tpl); err == nil {
		tpl = dec
	}
	return tpl == sent
}
