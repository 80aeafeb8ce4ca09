package mockserver

import (
	"context"
	"crypto/tls"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/graphmock/graphmock/internal/suggest"
)

// pickDelay returns the time to wait: d's fixed time, or a random time
// within its bounds; none for a nil d.
func pickDelay(d *Delay) time.Duration {
	if d == nil {
		return 0
	}
	if d.Max <= d.Min {
		return d.Min
	}
	return d.Min + rand.N(d.Max-d.Min+1)
}

// checkDelay reports what is wrong with a delay.
func checkDelay(d *Delay) error {
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

// checkFault reports a fault graphmock does not know.
func checkFault(f Fault) error {
	switch f {
	case "", FaultConnectionReset, FaultEmptyResponse, FaultTruncatedBody:
		return nil
	}
	return fmt.Errorf("unknown fault %q%s: use connectionReset, emptyResponse or truncatedBody",
		string(f), suggest.DidYouMean(string(f), []string{string(FaultConnectionReset), string(FaultEmptyResponse), string(FaultTruncatedBody)}))
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
