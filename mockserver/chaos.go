package mockserver

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/suggest"
)

// graphFaultKind is what a GraphFault short form stands for.
type graphFaultKind struct {
	status    int
	code      string
	message   string
	innerCode string
	needRetry bool // the header is always sent
}

var (
	throttleKind    = graphFaultKind{http.StatusTooManyRequests, graphwire.CodeTooManyRequests, "Too many requests, retry after the time in Retry-After.", "429", true}
	unavailableKind = graphFaultKind{http.StatusServiceUnavailable, graphwire.CodeServiceNotAvailable, "The service is temporarily unavailable, retry after the time in Retry-After.", "503", false}
	timeoutKind     = graphFaultKind{http.StatusGatewayTimeout, graphwire.CodeGatewayTimeout, "The request timed out in the gateway.", "504", false}
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
	e := &graphwire.Error{Status: kind.status, Code: kind.code, Message: kind.message, InnerCode: kind.innerCode}
	if f.Message != "" {
		e.Message = f.Message
	}
	r := &compiledResponse{status: kind.status, graphErr: e}
	if retry > 0 {
		r.fields = append(r.fields, headerField{"Retry-After", []string{strconv.FormatFloat(retry, 'f', -1, 64)}})
	}
	return r, nil
}

// compiledChaos is a checked Chaos.
type compiledChaos struct {
	rate      float64
	seed      uint64
	responses []*compiledResponse
}

// compileChaos checks c; problems name fields inside chaos.
func compileChaos(c *Chaos) (*compiledChaos, []fieldProblem) {
	var errs []fieldProblem
	if c.Rate < 0 || c.Rate > 1 {
		errs = append(errs, fieldProblem{at("rate"), fmt.Errorf("%v: want a share from 0 to 1", c.Rate)})
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
			errs = append(errs, fieldProblem{at("errors").Index(i), fmt.Errorf("unknown error %q%s: use throttle, serviceUnavailable or gatewayTimeout",
				name, suggest.DidYouMean(name, []string{"throttle", "serviceUnavailable", "gatewayTimeout"}))})
			continue
		}
		r, err := graphFaultResponse(kind, &GraphFault{RetryAfter: retry})
		if err != nil {
			errs = append(errs, fieldProblem{at("retryAfter"), err})
			continue
		}
		cc.responses = append(cc.responses, r)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(cc.responses) == 0 {
		return nil, []fieldProblem{{at("errors"), errors.New("no errors to choose from")}}
	}
	return cc, nil
}

// chaosDice is one server's reproducible source of chaos.
type chaosDice struct {
	mu  sync.Mutex // guards rng
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
