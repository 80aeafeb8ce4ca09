package coarsedeadline

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"
)

// fakeConn records the deadlines it is given.
type fakeConn struct {
	net.Conn // nil: only the deadline methods are called
	mu       sync.Mutex
	reads    []time.Time
	writes   []time.Time
	closed   bool
}

func (f *fakeConn) SetReadDeadline(t time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads = append(f.reads, t)
	return nil
}

func (f *fakeConn) SetWriteDeadline(t time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, t)
	return nil
}

func (f *fakeConn) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

// seen returns copies of the deadlines given so far.
func (f *fakeConn) seen() (reads, writes []time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.reads...), append([]time.Time(nil), f.writes...)
}

// fakeListener hands out the connections of its channel.
type fakeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newFakeListener() *fakeListener {
	return &fakeListener{conns: make(chan net.Conn, 8), done: make(chan struct{})}
}

func (l *fakeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}
func (l *fakeListener) Close() error   { l.once.Do(func() { close(l.done) }); return nil }
func (l *fakeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }

// accept returns a connection of ln over a fresh fakeConn.
func accept(t *testing.T, ln net.Listener, fl *fakeListener) (net.Conn, *fakeConn) {
	t.Helper()
	fc := &fakeConn{}
	fl.conns <- fc
	c, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	return c, fc
}

// waitFor polls cond until it holds, failing after a generous bound.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("still not so after 10s: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestAFarDeadlineReachesTheConnectionOnlyOnceItHasPassed(t *testing.T) {
	fl := newFakeListener()
	ln := Listen(fl, 10*time.Millisecond)
	defer ln.Close()
	c, fc := accept(t, ln, fl)
	due := time.Now().Add(300 * time.Millisecond)
	if err := c.SetReadDeadline(due); err != nil {
		t.Fatal(err)
	}
	if reads, _ := fc.seen(); len(reads) != 0 {
		t.Fatalf("a deadline 300ms away went to the connection at once: %v", reads)
	}
	waitFor(t, "the read deadline reaches the connection", func() bool { r, _ := fc.seen(); return len(r) > 0 })
	if now := time.Now(); now.Before(due) {
		t.Fatalf("the deadline reached the connection at %v, before it was due (%v)", now, due)
	}
	reads, writes := fc.seen()
	if len(reads) != 1 || !reads[0].Equal(due) || len(writes) != 0 {
		t.Fatalf("reads %v, writes %v; want the one read deadline %v", reads, writes, due)
	}
}

func TestADeadlineMovedAwayBeforeItPassesNeverReachesTheConnection(t *testing.T) {
	fl := newFakeListener()
	ln := Listen(fl, 5*time.Millisecond)
	defer ln.Close()
	c, fc := accept(t, ln, fl)
	// net/http's pattern: a header deadline, a whole-request one, a
	// write deadline, then cleared, then the idle one, request after request.
	for range 50 {
		now := time.Now()
		_ = c.SetReadDeadline(now.Add(10 * time.Second))
		_ = c.SetReadDeadline(now.Add(time.Minute))
		_ = c.SetWriteDeadline(now.Add(time.Minute))
		_ = c.SetReadDeadline(time.Time{})
		_ = c.SetWriteDeadline(time.Time{})
		_ = c.SetReadDeadline(now.Add(2 * time.Minute))
		time.Sleep(time.Millisecond)
	}
	if reads, writes := fc.seen(); len(reads)+len(writes) != 0 {
		t.Fatalf("far deadlines that never passed reached the connection: reads %v, writes %v", reads, writes)
	}
}

func TestPastNearAndClearingDeadlinesGoToTheConnectionAtOnce(t *testing.T) {
	fl := newFakeListener()
	ln := Listen(fl, time.Hour) // the clock never ticks during the test
	defer ln.Close()
	c, fc := accept(t, ln, fl)
	longAgo := time.Unix(1, 0) // net/http's abort of a background read
	_ = c.SetReadDeadline(longAgo)
	_ = c.SetReadDeadline(time.Time{})
	near := time.Now().Add(time.Minute) // within two ticks of an hour
	_ = c.SetWriteDeadline(near)
	_ = c.SetWriteDeadline(time.Time{})
	_ = c.SetWriteDeadline(time.Time{}) // nothing left to clear
	reads, writes := fc.seen()
	if len(reads) != 2 || !reads[0].Equal(longAgo) || !reads[1].IsZero() {
		t.Fatalf("reads %v; want %v then zero", reads, longAgo)
	}
	if len(writes) != 2 || !writes[0].Equal(near) || !writes[1].IsZero() {
		t.Fatalf("writes %v; want %v then zero", writes, near)
	}
}

func TestAPassedDeadlineIsClearedByTheNextOne(t *testing.T) {
	fl := newFakeListener()
	ln := Listen(fl, 5*time.Millisecond)
	defer ln.Close()
	c, fc := accept(t, ln, fl)
	due := time.Now().Add(50 * time.Millisecond)
	_ = c.SetWriteDeadline(due)
	waitFor(t, "the write deadline reaches the connection", func() bool { _, w := fc.seen(); return len(w) == 1 })
	_ = c.SetWriteDeadline(time.Now().Add(time.Hour)) // far: kept on the clock, the passed one cleared
	_, writes := fc.seen()
	if len(writes) != 2 || !writes[0].Equal(due) || !writes[1].IsZero() {
		t.Fatalf("writes %v; want %v then zero", writes, due)
	}
}

func TestClosingTheListenerHandsWaitingDeadlinesToTheConnections(t *testing.T) {
	fl := newFakeListener()
	ln := Listen(fl, time.Millisecond)
	c, fc := accept(t, ln, fl)
	read, write := time.Now().Add(time.Hour), time.Now().Add(2*time.Hour)
	_ = c.SetReadDeadline(read)
	_ = c.SetWriteDeadline(write)
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	reads, writes := fc.seen()
	if len(reads) != 1 || !reads[0].Equal(read) || len(writes) != 1 || !writes[0].Equal(write) {
		t.Fatalf("after Close: reads %v, writes %v; want %v and %v", reads, writes, read, write)
	}
	later := time.Now().Add(3 * time.Hour)
	_ = c.SetReadDeadline(later)
	if reads, _ := fc.seen(); len(reads) != 2 || !reads[1].Equal(later) {
		t.Fatalf("a deadline set after Close did not go to the connection: %v", reads)
	}
}

func TestTheClockRunsOnlyWhileAConnectionIsOpen(t *testing.T) {
	fl := newFakeListener()
	ln := Listen(fl, time.Millisecond)
	defer ln.Close()
	l := ln.(*listener)
	ticking := func() bool { l.mu.Lock(); defer l.mu.Unlock(); return l.ticking }
	if ticking() {
		t.Fatal("the clock runs before any connection")
	}
	c, fc := accept(t, ln, fl)
	if !ticking() {
		t.Fatal("the clock does not run with a connection open")
	}
	if err := c.Close(); err != nil || !fc.closed {
		t.Fatalf("Close: %v, the connection closed: %v", err, fc.closed)
	}
	waitFor(t, "the clock stops once no connection is open", func() bool { return !ticking() })
	c2, fc2 := accept(t, ln, fl)
	defer c2.Close()
	due := time.Now().Add(20 * time.Millisecond)
	_ = c2.SetReadDeadline(due)
	waitFor(t, "a restarted clock applies the deadline", func() bool { r, _ := fc2.seen(); return len(r) == 1 })
}

func TestDeadlinesFromManyGoroutines(t *testing.T) {
	fl := newFakeListener()
	ln := Listen(fl, time.Millisecond)
	defer ln.Close()
	c, _ := accept(t, ln, fl)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				d := time.Now().Add(time.Duration(i%7) * time.Millisecond)
				switch (g + i) % 4 {
				case 0:
					_ = c.SetReadDeadline(d)
				case 1:
					_ = c.SetWriteDeadline(d)
				case 2:
					_ = c.SetDeadline(time.Time{})
				default:
					_ = c.SetDeadline(d.Add(time.Hour))
				}
			}
		})
	}
	wg.Wait()
}

// tcpPair returns both ends of a loopback TCP connection, the server's
// accepted through Listen.
func tcpPair(t *testing.T, tick time.Duration) (server, client net.Conn) {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := Listen(inner, tick)
	t.Cleanup(func() { ln.Close() })
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	server, err = ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	return server, client
}

func TestAReadBlockedPastAFarDeadlineEndsWithTheTimeoutError(t *testing.T) {
	server, _ := tcpPair(t, 20*time.Millisecond)
	due := time.Now().Add(200 * time.Millisecond)
	if err := server.SetReadDeadline(due); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { _, err := server.Read(make([]byte, 1)); errc <- err }()
	select {
	case err := <-errc:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("Read: %v; want os.ErrDeadlineExceeded", err)
		}
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("Read: %v is not a net.Error timeout", err)
		}
		if time.Now().Before(due) {
			t.Fatal("the read ended before its deadline")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a read past its deadline still blocks after 10s")
	}
	// Cleared, the connection reads again.
	if err := server.SetReadDeadline(time.Time{}); err != nil {
		t.Fatal(err)
	}
}

func TestAWriteToAPeerThatDoesNotReadEndsAtItsDeadline(t *testing.T) {
	server, client := tcpPair(t, 20*time.Millisecond)
	due := time.Now().Add(300 * time.Millisecond)
	_ = server.SetWriteDeadline(due)
	chunk := make([]byte, 1<<20)
	var err error
	for end := time.Now().Add(10 * time.Second); err == nil && time.Now().Before(end); {
		_, err = server.Write(chunk) // the client reads nothing: the buffers fill, then Write blocks
	}
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Write: %v; want os.ErrDeadlineExceeded", err)
	}
	if time.Now().Before(due) {
		t.Fatal("the write ended before its deadline")
	}
	_ = client
}

func TestCloseWriteAndReadFromReachTheTCPConnection(t *testing.T) {
	server, client := tcpPair(t, time.Second)
	if _, ok := server.(io.ReaderFrom); !ok {
		t.Fatal("the connection has no ReadFrom")
	}
	if n, err := server.(io.ReaderFrom).ReadFrom(io.LimitReader(zeros{}, 5)); n != 5 || err != nil {
		t.Fatalf("ReadFrom: %d, %v", n, err)
	}
	cw, ok := server.(interface{ CloseWrite() error })
	if !ok {
		t.Fatal("the connection has no CloseWrite")
	}
	if err := cw.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(client) // ends at the server's FIN, the connection still open
	if err != nil || len(got) != 5 {
		t.Fatalf("the client read %d bytes, %v; want 5 and EOF", len(got), err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
