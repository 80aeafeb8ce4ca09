package mockserver

import (
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/schema"
)

// A bodyRule is a scenario's compiled check of request bodies: its JSON
// Schema (schemaRule) or its type of Graph's metadata (*graphType). Both
// speak package schema's vocabulary, so checkBody answers alike for both.
type bodyRule interface {
	// verdict validates body, parsed by p at most once: a Verdict with
	// the syntax error, or the violations (at least the first
	// graphwire.MaxDetails in pointer order) and how many in all.
	verdict(body []byte, p bodyParser) schema.Verdict
	// broken ends "The request body …" for a body that breaks the rule,
	// such as "does not match schemas/chat.json".
	broken() string
}

// A bodyParser parses a request body, once: an *incoming. It is an
// interface rather than a func so that handing it over costs no closure.
type bodyParser interface{ json() (any, error) }

// schemaRule is a scenario's bodySchema as a bodyRule.
type schemaRule struct{ *schema.Schema }

// verdict checks body, writing the violations the answer lists.
func (r schemaRule) verdict(body []byte, p bodyParser) schema.Verdict {
	return r.CheckFirst(body, p.json, graphwire.MaxDetails)
}

func (r schemaRule) broken() string { return "does not match " + r.Path }

// checkBody checks the Content-Type, then the body against rule (parsing
// it at most once).
func checkBody(in *incoming, rule bodyRule) *graphwire.Error {
	if e := graphwire.CheckJSONPayload(in.r.Header, in.body); e != nil {
		return e
	}
	v := rule.verdict(in.body, in)
	if v.Syntax != nil {
		return graphwire.InvalidJSON(v.Syntax)
	}
	if vs := v.Violations; len(vs) > 0 {
		return graphwire.InvalidCounted("The request body "+rule.broken()+": "+vs[0].String(), vs, v.Total)
	}
	return nil
}
