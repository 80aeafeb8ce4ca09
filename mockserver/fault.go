package mockserver

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"gopkg.in/yaml.v3"
)

// A Delay holds a response back for a fixed time (Min == Max) or a random
// time between Min and Max. In a scenario file it is a duration such as
// 200ms, or a mapping {min: 100ms, max: 2s}.
type Delay struct {
	Min time.Duration
	Max time.Duration
}

// Fixed returns a Delay of exactly d.
func Fixed(d time.Duration) *Delay { return &Delay{Min: d, Max: d} }

// pick returns the time to wait.
func (d *Delay) pick() time.Duration {
	if d == nil {
		return 0
	}
	if d.Max <= d.Min {
		return d.Min
	}
	return d.Min + rand.N(d.Max-d.Min+1)
}

func (d *Delay) check() error {
	switch {
	case d.Min < 0:
		return fmt.Errorf("min %s is negative", d.Min)
	case d.Max < d.Min:
		return fmt.Errorf("max %s is less than min %s", d.Max, d.Min)
	case d.Max > 10*time.Minute:
		return fmt.Errorf("%s is longer than the 10m limit", d.Max)
	}
	return nil
}

// MarshalJSON writes the delay as its scenario-file form.
func (d Delay) MarshalJSON() ([]byte, error) {
	if d.Min == d.Max {
		return json.Marshal(d.Min.String())
	}
	return json.Marshal(map[string]string{"min": d.Min.String(), "max": d.Max.String()})
}

func (d *Delay) decodeYAML(n *yaml.Node, dec *yamlDecoder, field string) {
	parse := func(n *yaml.Node, field string) (time.Duration, bool) {
		v, err := time.ParseDuration(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			dec.errorf(n, field, "want a duration such as 250ms or 2s, got %s", describeNode(n))
			return 0, false
		}
		return v, true
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if v, ok := parse(n, field); ok {
			*d = Delay{Min: v, Max: v}
		}
	case yaml.MappingNode:
		var b struct {
			Min yaml.Node `yaml:"min"`
			Max yaml.Node `yaml:"max"`
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			switch k := n.Content[i]; k.Value {
			case "min":
				b.Min = *n.Content[i+1]
			case "max":
				b.Max = *n.Content[i+1]
			default:
				dec.errorf(k, field, "unknown field %q%s: a delay has min and max", k.Value, suggest(k.Value, []string{"min", "max"}))
				return
			}
		}
		if b.Min.Kind == 0 || b.Max.Kind == 0 {
			dec.errorf(n, field, "give both min and max, or a single duration")
			return
		}
		lo, ok1 := parse(&b.Min, field+".min")
		hi, ok2 := parse(&b.Max, field+".max")
		if ok1 && ok2 {
			*d = Delay{Min: lo, Max: hi}
		}
	default:
		dec.errorf(n, field, "want a duration such as 250ms, or {min: 100ms, max: 2s}; got %s", describeNode(n))
	}
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

func (f Fault) check() error {
	switch f {
	case "", FaultConnectionReset, FaultEmptyResponse, FaultTruncatedBody:
		return nil
	}
	return fmt.Errorf("unknown fault %q%s: use connectionReset, emptyResponse or truncatedBody",
		string(f), suggest(string(f), []string{string(FaultConnectionReset), string(FaultEmptyResponse), string(FaultTruncatedBody)}))
}

// wait sleeps for d, or less if ctx ends first; it reports whether the
// whole delay passed. The timer is stopped either way, so a client that
// gives up leaves nothing behind.
func wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// breakConnection carries out f for a response whose headers are set and
// whose body is body. Where the connection cannot be taken over (HTTP/2,
// a ResponseRecorder) it aborts the response with http.ErrAbortHandler,
// which net/http turns into a broken connection or stream.
func breakConnection(w http.ResponseWriter, f Fault, status int, body []byte) {
	rc := http.NewResponseController(w)
	if f == FaultTruncatedBody {
		w.WriteHeader(status)
		_, _ = w.Write(body[:len(body)/2])
		_ = rc.Flush()
	}
	conn, _, err := rc.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if f == FaultConnectionReset {
		if tc, ok := conn.(*tls.Conn); ok {
			conn = tc.NetConn()
		}
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0) // close with RST instead of FIN
		}
	}
	_ = conn.Close()
}
