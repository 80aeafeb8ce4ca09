package mockserver

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
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

// Graph's transient errors.
const (
	CodeTooManyRequests     = "TooManyRequests"
	CodeServiceNotAvailable = "serviceNotAvailable"
	CodeGatewayTimeout      = "gatewayTimeout"
)

// Throttled returns the Response Graph sends when it throttles: 429 with
// Retry-After (in seconds) and a TooManyRequests error.
func Throttled(retryAfter float64) Response {
	return Response{Throttle: &GraphFault{RetryAfter: retryAfter}}
}

// graphFaultKind is what a GraphFault short form stands for.
type graphFaultKind struct {
	status    int
	code      string
	message   string
	innerCode string
	needRetry bool // the header is always sent
}

var (
	throttleKind    = graphFaultKind{http.StatusTooManyRequests, CodeTooManyRequests, "Too many requests, retry after the time in Retry-After.", "429", true}
	unavailableKind = graphFaultKind{http.StatusServiceUnavailable, CodeServiceNotAvailable, "The service is temporarily unavailable, retry after the time in Retry-After.", "503", false}
	timeoutKind     = graphFaultKind{http.StatusGatewayTimeout, CodeGatewayTimeout, "The request timed out in the gateway.", "504", false}
)

// graphFaultResponse compiles a short form into a response.
func graphFaultResponse(kind graphFaultKind, f *GraphFault) (*compiledResponse, error) {
	if f.RetryAfter < 0 {
		return nil, fmt.Errorf("retryAfter %v is negative", f.RetryAfter)
	}
	retry := f.RetryAfter
	if retry == 0 && kind.needRetry {
		retry = 1
	}
	r := &compiledResponse{status: kind.status, graphErr: &graphErrorSpec{code: kind.code, message: kind.message, innerCode: kind.innerCode}}
	if f.Message != "" {
		r.graphErr.message = f.Message
	}
	if retry > 0 {
		r.fields = append(r.fields, headerField{"Retry-After", []string{strconv.FormatFloat(retry, 'f', -1, 64)}})
	}
	return r, nil
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

// compiledChaos is a checked Chaos.
type compiledChaos struct {
	rate      float64
	seed      uint64
	responses []*compiledResponse
}

func compileChaos(c *Chaos) (*compiledChaos, []fieldErr) {
	var errs []fieldErr
	if c.Rate < 0 || c.Rate > 1 {
		errs = append(errs, fieldErr{"chaos.rate", fmt.Errorf("%v: want a share from 0 to 1", c.Rate)})
	}
	names := c.Errors
	if len(names) == 0 {
		names = []string{"throttle", "serviceUnavailable", "gatewayTimeout"}
	}
	retry := c.RetryAfter
	if retry == 0 {
		retry = 1
	}
	cc := &compiledChaos{rate: c.Rate, seed: c.Seed}
	for i, name := range names {
		var kind graphFaultKind
		switch name {
		case "throttle":
			kind = throttleKind
		case "serviceUnavailable":
			kind = unavailableKind
		case "gatewayTimeout":
			kind = timeoutKind
		default:
			errs = append(errs, fieldErr{fmt.Sprintf("chaos.errors[%d]", i), fmt.Errorf("unknown error %q%s: use throttle, serviceUnavailable or gatewayTimeout",
				name, suggest(name, []string{"throttle", "serviceUnavailable", "gatewayTimeout"}))})
			continue
		}
		r, err := graphFaultResponse(kind, &GraphFault{RetryAfter: retry})
		if err != nil {
			errs = append(errs, fieldErr{"chaos.retryAfter", err})
			continue
		}
		cc.responses = append(cc.responses, r)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(cc.responses) == 0 {
		return nil, []fieldErr{{"chaos.errors", errors.New("no errors to choose from")}}
	}
	return cc, nil
}

// chaosDice is one server's reproducible source of chaos.
type chaosDice struct {
	mu  sync.Mutex
	rng *rand.Rand
}

func newChaosDice(seed uint64) *chaosDice {
	return &chaosDice{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// roll decides whether this call is hit and with which response.
func (d *chaosDice) roll(c *compiledChaos) (*compiledResponse, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.rng.Float64() >= c.rate {
		return nil, false
	}
	return c.responses[d.rng.IntN(len(c.responses))], true
}
