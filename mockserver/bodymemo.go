package mockserver

import (
	"github.com/graphmock/graphmock/internal/memo"
	"github.com/graphmock/graphmock/internal/schema"
)

// Bounds of a body type's verdict memo, those of a bodySchema's.
const (
	typeMemoEntries   = 1024     // bodies remembered per scenario's type
	typeMemoMaxBody   = 16 << 10 // larger bodies are always checked afresh
	typeSightingSlots = 4096     // recent bodies told apart from new ones
)

// typeVerdicts remembers a body type's verdicts on bodies seen twice, as
// a bodySchema does: a verdict depends on nothing but the type, the
// scenario's required properties and the bytes.
type typeVerdicts struct {
	verdicts *memo.Memo[schema.Verdict]
	seen     *memo.Sightings
}

func newTypeVerdicts() *typeVerdicts {
	return &typeVerdicts{verdicts: memo.New[schema.Verdict](typeMemoEntries, typeMemoMaxBody), seen: memo.NewSightings(typeSightingSlots)}
}

// Check validates a request body against the type, and the scenario's
// required properties, or recalls the verdict on the same bytes: the first
// graphwire.MaxDetails violations in pointer order, and how many there are
// in all. parse is called at most once, and not at all for a remembered
// verdict. The verdict's slices are shared: callers must not modify them.
func (g *graphType) Check(body []byte, parse func() (any, error)) schema.Verdict {
	m := g.memo.Load()
	if m == nil {
		m = newTypeVerdicts()
		if !g.memo.CompareAndSwap(nil, m) {
			m = g.memo.Load()
		}
	}
	if v, ok := m.verdicts.GetBytes(body); ok {
		return v
	}
	v := g.checkFresh(body, parse)
	// Only a verdict that lists every violation, and only on the body's
	// second sighting.
	if len(v.Violations) == v.Total && m.seen.Again(body) {
		m.verdicts.Put(string(body), v)
	}
	return v
}

// verdict is Check as a bodyRule.
func (g *graphType) verdict(body []byte, p bodyParser) schema.Verdict { return g.Check(body, p.json) }
