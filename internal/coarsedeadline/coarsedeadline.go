// Package coarsedeadline keeps the read and write deadlines of a listener's connections on one
// clock that ticks a few times a second, instead of a runtime timer moved on every call.
//
// net/http sets a connection's deadlines four to eight times a request when a server has
// timeouts (the header deadline, the whole request's, the write deadline, the idle one), and
// each far deadline moves a runtime timer. Here a deadline further away than two ticks is only
// written down; the clock's tick applies it to the connection once it has passed, so the
// connection's read or write ends with the same timeout error it would have had, at most one
// tick late. Deadlines in the past, near ones and clearing a deadline go to the connection at
// once, so net/http's abort of a background read and short deadlines behave exactly as
// without this package.
package coarsedeadline

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Listen wraps ln: the connections it accepts keep far deadlines on a clock that ticks every
// tick. The clock runs only while a connection is open; closing the listener hands every open
// connection's deadlines to the connection itself.
func Listen(ln net.Listener, tick time.Duration) net.Listener {
	return &listener{Listener: ln, tick: tick, conns: map[*conn]struct{}{}}
}

type listener struct {
	net.Listener
	tick time.Duration
	now  atomic.Int64 // the clock's last reading, Unix nanoseconds

	mu      sync.Mutex // guards what follows; taken before a conn's mu
	conns   map[*conn]struct{}
	ticking bool
	closed  bool
}

// Accept accepts a connection and starts the clock if it was stopped.
func (l *listener) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	c := &conn{Conn: nc, l: l}
	l.mu.Lock()
	if l.closed {
		c.exact = true
	} else {
		l.conns[c] = struct{}{}
		if !l.ticking {
			l.ticking = true
			l.now.Store(time.Now().UnixNano())
			go l.run()
		}
	}
	l.mu.Unlock()
	return c, nil
}

// Close closes the listener; open connections keep their deadlines exactly from then on.
func (l *listener) Close() error {
	l.mu.Lock()
	l.closed = true
	for c := range l.conns {
		c.makeExact()
	}
	clear(l.conns)
	l.mu.Unlock()
	return l.Listener.Close()
}

// run ticks until no connection is open or the listener is closed.
func (l *listener) run() {
	t := time.NewTicker(l.tick)
	defer t.Stop()
	for now := range t.C {
		l.now.Store(now.UnixNano())
		l.mu.Lock()
		if len(l.conns) == 0 || l.closed {
			l.ticking = false
			l.mu.Unlock()
			return
		}
		for c := range l.conns {
			c.expire(now.UnixNano())
		}
		l.mu.Unlock()
	}
}

func (l *listener) forget(c *conn) {
	l.mu.Lock()
	delete(l.conns, c)
	l.mu.Unlock()
}

// conn is an accepted connection whose far deadlines wait on the listener's clock.
type conn struct {
	net.Conn
	l *listener

	mu          sync.Mutex // guards what follows
	read, write side
	exact       bool // every deadline goes to the connection (the listener is closed)
}

// side is one direction's deadline.
type side struct {
	due    int64 // a far deadline not yet on the connection, Unix nanoseconds; 0 for none
	onConn bool  // the connection holds a deadline of this side
}

// SetDeadline sets both deadlines.
func (c *conn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

// SetReadDeadline sets the read deadline.
func (c *conn) SetReadDeadline(t time.Time) error {
	return c.set(&c.read, t, c.Conn.SetReadDeadline)
}

// SetWriteDeadline sets the write deadline.
func (c *conn) SetWriteDeadline(t time.Time) error {
	return c.set(&c.write, t, c.Conn.SetWriteDeadline)
}

func (c *conn) set(s *side, t time.Time, apply func(time.Time) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.IsZero() {
		s.due = 0
		if !s.onConn {
			return nil
		}
		s.onConn = false
		return apply(t)
	}
	due := t.UnixNano()
	if c.exact || due-c.l.now.Load() <= 2*int64(c.l.tick) {
		s.due, s.onConn = 0, true
		return apply(t)
	}
	s.due = due
	if !s.onConn {
		return nil
	}
	s.onConn = false
	return apply(time.Time{})
}

// expire applies each deadline that has passed by now.
func (c *conn) expire(now int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range [...]struct {
		side  *side
		apply func(time.Time) error
	}{{&c.read, c.Conn.SetReadDeadline}, {&c.write, c.Conn.SetWriteDeadline}} {
		if s.side.due != 0 && s.side.due <= now {
			_ = s.apply(time.Unix(0, s.side.due))
			s.side.due, s.side.onConn = 0, true
		}
	}
}

// makeExact hands the deadlines waiting on the clock to the connection.
func (c *conn) makeExact() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.exact = true
	if c.read.due != 0 {
		_ = c.Conn.SetReadDeadline(time.Unix(0, c.read.due))
		c.read.due, c.read.onConn = 0, true
	}
	if c.write.due != 0 {
		_ = c.Conn.SetWriteDeadline(time.Unix(0, c.write.due))
		c.write.due, c.write.onConn = 0, true
	}
}

// Close closes the connection and takes it off the clock.
func (c *conn) Close() error {
	c.l.forget(c)
	return c.Conn.Close()
}

// CloseWrite shuts down the writing side when the connection can (net/http uses it to let a
// client read an answer before the connection is closed).
func (c *conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom lets the connection copy from r its own way (sendfile, splice) where it can.
func (c *conn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}
