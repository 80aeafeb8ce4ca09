package localca_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphmock/graphmock/internal/localca"
)

// When the test binary runs with openDirEnv set, it is one of the
// processes of TestOpenInProcessesStartedTogether: it opens the CA in that
// folder at the moment openAtEnv names (Unix nanoseconds), prints the
// CA's serial and whether it made the CA, and exits.
const (
	openDirEnv = "GRAPHMOCK_LOCALCA_TEST_OPEN_DIR"
	openAtEnv  = "GRAPHMOCK_LOCALCA_TEST_OPEN_AT"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(openDirEnv); dir != "" {
		os.Exit(openAndPrint(dir, os.Getenv(openAtEnv)))
	}
	os.Exit(m.Run())
}

func openAndPrint(dir, at string) int {
	nanos, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s=%q: %v\n", openAtEnv, at, err)
		return 2
	}
	time.Sleep(time.Until(time.Unix(0, nanos)))
	ca, err := localca.Open(dir, localca.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("%x %t\n", ca.Certificate().SerialNumber, ca.Created())
	return 0
}

// checkOneCA reports whether the serials all name one CA and exactly one
// opener made it.
func checkOneCA(t *testing.T, serials []string, created []bool) {
	t.Helper()
	made := 0
	for i := range serials {
		if serials[i] != serials[0] {
			t.Errorf("opener %d got the CA with serial %s, opener 0 the one with %s: want one CA", i, serials[i], serials[0])
		}
		if created[i] {
			made++
		}
	}
	if made != 1 {
		t.Errorf("%d openers made the CA, want exactly 1", made)
	}
}

// checkNoLeftovers reports a temporary folder that a losing opener left
// beside the CA folder.
func checkNoLeftovers(t *testing.T, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "ca" {
			t.Errorf("%s holds %s, want only the CA folder", parent, e.Name())
		}
	}
}

func TestOpenInGoroutinesStartedTogether(t *testing.T) {
	const n = 8
	parent := t.TempDir()
	dir := filepath.Join(parent, "ca")
	var (
		start   = make(chan struct{})
		wg      sync.WaitGroup
		serials = make([]string, n)
		created = make([]bool, n)
		errs    = make([]error, n)
	)
	for i := range n {
		wg.Go(func() { // each returns once its Open has
			<-start
			ca, err := localca.Open(dir, localca.Options{})
			if err != nil {
				errs[i] = err
				return
			}
			serials[i] = ca.Certificate().SerialNumber.Text(16)
			created[i] = ca.Created()
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open in goroutine %d error = %v", i, err)
		}
	}
	checkOneCA(t, serials, created)
	checkNoLeftovers(t, parent)
}

func TestOpenInProcessesStartedTogether(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: this test starts three test processes; make test runs it")
	}
	const n = 3
	parent := t.TempDir()
	dir := filepath.Join(parent, "ca")
	// Long enough for every process to start and wait for the moment.
	at := time.Now().Add(500 * time.Millisecond).UnixNano()
	cmds := make([]*exec.Cmd, n)
	outs := make([]strings.Builder, n)
	errOuts := make([]strings.Builder, n)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), openDirEnv+"="+dir, openAtEnv+"="+strconv.FormatInt(at, 10))
		cmd.Stdout, cmd.Stderr = &outs[i], &errOuts[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	serials := make([]string, n)
	created := make([]bool, n)
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("process %d: %v\n%s", i, err, errOuts[i].String())
		}
		if _, err := fmt.Sscanf(outs[i].String(), "%s %t", &serials[i], &created[i]); err != nil {
			t.Fatalf("process %d printed %q: %v", i, outs[i].String(), err)
		}
	}
	checkOneCA(t, serials, created)
	checkNoLeftovers(t, parent)

	ca, err := localca.Load(dir, localca.Options{})
	if err != nil {
		t.Fatalf("Load(%q) after the processes error = %v", dir, err)
	}
	if got := ca.Certificate().SerialNumber.Text(16); got != serials[0] {
		t.Errorf("the folder holds the CA with serial %s, the processes got %s", got, serials[0])
	}
}
