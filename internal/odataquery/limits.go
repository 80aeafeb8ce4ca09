package odataquery

// Limits bound what a query may ask. A zero field takes the default.
type Limits struct {
	// MaxLength is the longest option value read, in bytes.
	MaxLength int
	// MaxDepth is how deeply expressions may nest (parentheses, not,
	// lambdas, function arguments).
	MaxDepth int
	// MaxNodes is how many nodes a parsed expression may hold.
	MaxNodes int
}

// DefaultLimits are the bounds used where a field of Limits is zero.
// Graph documents no exact numbers; these let any real client's query
// through and stop a hostile one early.
var DefaultLimits = Limits{MaxLength: 4096, MaxDepth: 32, MaxNodes: 512}

func (l Limits) withDefaults() Limits {
	if l.MaxLength <= 0 {
		l.MaxLength = DefaultLimits.MaxLength
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultLimits.MaxNodes
	}
	return l
}

// A Budget bounds the work of evaluations: each node visited and each
// collection member a lambda or /$count looks at spends one unit. One
// Budget is meant to be shared by every evaluation of one request. The
// zero Budget refuses every evaluation; a Budget is not safe for
// concurrent use.
type Budget struct{ left int }

// NewBudget returns a budget of n units.
func NewBudget(n int) *Budget { return &Budget{left: n} }

// Left returns the units not yet spent.
func (b *Budget) Left() int { return b.left }

func (b *Budget) spend(n int) error {
	b.left -= n
	if b.left < 0 {
		return errorf("$filter", "The query is too complex to evaluate: it exceeds the evaluation budget.")
	}
	return nil
}
