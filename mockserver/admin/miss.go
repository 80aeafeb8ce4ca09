package admin

import (
	"fmt"
	"net/http"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/mockserver"
)

// nearMiss is the body of GET /_graphmock/calls/{seq}/miss: an unmatched
// call beside the scenario that came closest to answering it, from the
// facts the server recorded with the call (mockserver.NearMiss), never
// from the words of its answer.
type nearMiss struct {
	Seq      int64  `json:"seq"`
	Closest  string `json:"closest"`  // the closest scenario's name
	Template string `json:"template"` // its method and path template
	// Allow, when the path has scenarios with other methods only (a 405),
	// lists those methods.
	Allow []string `json:"allow,omitempty"`
	// Parts are the parts of the request that differ from what the
	// scenario wants, in the order the server found them.
	Parts []missPart `json:"parts"`
}

// missPart is one part of a request that differs from what the scenario
// wants: a mockserver.MissPart with a label for people.
type missPart struct {
	// Part labels the part: "method", "path segment N" (from 1, the API
	// version), "path", "header NAME", "query parameter NAME", "path
	// variable NAME", "body field POINTER", "body" or "flow NAME".
	Part    string `json:"part"`
	Kind    string `json:"kind"`
	Name    string `json:"name,omitempty"`
	Segment int    `json:"segment,omitempty"`
	Rule    string `json:"rule"`
	Sent    string `json:"sent"` // what the request had (Got); "" when it had none
	Want    string `json:"want"` // what the scenario wants (Expected)
}

// callMiss answers GET /_graphmock/calls/{seq}/miss.
func (h *handler) callMiss(r *http.Request) (any, *graphwire.Error) {
	c, e := h.findCall(r)
	if e != nil {
		return nil, e
	}
	if c.Outcome != mockserver.Unmatched || c.NearMiss == nil {
		return nil, graphwire.Errorf(http.StatusNotFound, codeNotFound,
			"call %d is %s with no closest scenario: only an unmatched call that came near a scenario has a near miss", c.Seq, c.Outcome)
	}
	return missView(c.Seq, c.NearMiss), nil
}

// missView is the near miss of call seq as the API shows it.
func missView(seq int64, nm *mockserver.NearMiss) nearMiss {
	out := nearMiss{Seq: seq, Closest: nm.Scenario, Template: nm.Method + " " + nm.Path, Allow: nm.Allow, Parts: make([]missPart, len(nm.Parts))}
	for i, p := range nm.Parts {
		out.Parts[i] = missPart{Part: partLabel(p), Kind: p.Kind, Name: p.Name, Segment: p.Segment, Rule: p.Rule, Sent: p.Got, Want: p.Expected}
	}
	return out
}

// partLabel names a part of a request for people.
func partLabel(p mockserver.MissPart) string {
	switch p.Kind {
	case "method":
		return "method"
	case "path":
		if p.Segment > 0 {
			return fmt.Sprintf("path segment %d", p.Segment)
		}
		return "path"
	case "header":
		return "header " + p.Name
	case "query":
		return "query parameter " + p.Name
	case "pathVar":
		return "path variable " + p.Name
	case "state":
		return "flow " + p.Name
	case "body":
		if p.Name != "" {
			return "body field " + p.Name
		}
		return "body"
	}
	return p.Kind
}
