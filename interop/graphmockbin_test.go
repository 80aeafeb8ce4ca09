package interop_test

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// buildGraphmock builds the graphmock command into a folder of the
// test's, as the browser suite does: the command is package main, not
// importable.
func buildGraphmock(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "graphmock")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/graphmock/graphmock/cmd/graphmock").CombinedOutput(); err != nil {
		t.Fatalf("building graphmock: %v\n%s", err, out)
	}
	return bin
}

// A process is a running graphmock command.
type process struct {
	URL    string
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan error
}

// startGraphmock runs the graphmock binary bin with args and -ready-file, and returns
// once it listens. The process is stopped when the test ends, if not
// before.
func startGraphmock(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	ready := filepath.Join(t.TempDir(), "url")
	p := &process{done: make(chan error, 1)}
	p.cmd = exec.Command(bin, append(args, "-ready-file", ready)...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() { p.stop() })
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(ready); err == nil {
			p.URL = string(data)
			return p
		}
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("graphmock %v exited: %v\n%s", args, err, p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("graphmock %v wrote no ready file within 15s", args)
		}
	}
}

// stop sends SIGTERM, as a user's Ctrl-C would, and waits for the exit.
func (p *process) stop() error {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		p.done <- err
		return err
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		return <-p.done
	}
}

// freeAddr returns a loopback address with a free port, for a replay
// the recording's links must point at before it starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
