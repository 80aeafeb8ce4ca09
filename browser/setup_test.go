package browser

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var update = flag.Bool("update", false, "rewrite the screenshots in ../docs")

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// suite is what every test shares: one graphmock process serving HTTPS
// from a CA made for the run, and one Chromium whose profile trusts it.
type suite struct {
	url     string       // graphmock's https URL
	caPath  string       // the CA certificate, rootCA.pem
	client  *http.Client // trusts the CA, and only it
	browser context.Context
	dir     string // everything the run made
}

var s suite

func TestMain(m *testing.M) {
	flag.Parse()
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	for _, tool := range []string{chromiumPath, "certutil"} {
		if _, err := exec.LookPath(tool); err != nil {
			return 0, fmt.Errorf("%s is missing: scripts/install-chromium.sh installs it (make test runs it)", tool)
		}
	}
	dir, err := os.MkdirTemp("", "graphmock-browser-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	s.dir = dir

	stop, err := startGraphmock(dir)
	if err != nil {
		return 0, err
	}
	defer stop()
	home := filepath.Join(dir, "home")
	if err := trustingProfile(home, s.caPath); err != nil {
		return 0, err
	}
	closeBrowser, err := startChromium(home, filepath.Join(dir, "chromium"))
	if err != nil {
		return 0, err
	}
	defer closeBrowser()
	return m.Run(), nil
}

// startGraphmock builds the command and starts it on a free loopback
// port with -tls, its CA in dir, and CORS for local origins.
func startGraphmock(dir string) (stop func(), err error) {
	bin := filepath.Join(dir, "graphmock")
	build := exec.Command("go", "build", "-o", bin, "github.com/graphmock/graphmock/cmd/graphmock")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building graphmock: %v\n%s", err, out)
	}
	ready := filepath.Join(dir, "url")
	cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-tls", "-ca-dir", filepath.Join(dir, "ca"),
		"-cors", "-ready-file", ready, "-log-level", "warn")
	logFile, err := os.Create(filepath.Join(dir, "graphmock.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = io.Discard, logFile
	dieWithTests(cmd)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop = func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }() // returns when the process exits
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		logFile.Close()
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(ready); err == nil {
			s.url = string(data)
			break
		}
		if time.Now().After(deadline) {
			stop()
			log, _ := os.ReadFile(logFile.Name())
			return nil, fmt.Errorf("graphmock wrote no ready file within 15s:\n%s", log)
		}
	}
	s.caPath = filepath.Join(dir, "ca", "rootCA.pem")
	pem, err := os.ReadFile(s.caPath)
	if err != nil {
		stop()
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		stop()
		return nil, errors.New("the CA certificate holds no PEM certificate")
	}
	s.client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, MaxIdleConnsPerHost: 16}}
	return stop, nil
}

// trustingProfile makes the NSS database Chromium on Linux reads,
// $HOME/.pki/nssdb, with graphmock's CA trusted to identify websites: what
// "graphmock ca" tells a user to do.
func trustingProfile(home, caPath string) error {
	db := filepath.Join(home, ".pki", "nssdb")
	if err := os.MkdirAll(db, 0o700); err != nil {
		return err
	}
	for _, args := range [][]string{
		{"-d", "sql:" + db, "-N", "--empty-password"},
		{"-d", "sql:" + db, "-A", "-t", "C,,", "-n", "graphmock", "-i", caPath},
	} {
		if out, err := exec.Command("certutil", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("certutil %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}

// startChromium starts headless Chromium with a fresh profile and HOME, so
// that it trusts what the NSS database in home trusts. No flag relaxes
// certificate checks.
func startChromium(home, profile string) (func(), error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 760),
		chromedp.Env("HOME=" + home),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(browser); err != nil {
		cancelBrowser()
		cancelAlloc()
		return nil, fmt.Errorf("starting %s: %w", chromiumPath, err)
	}
	s.browser = browser
	return func() { cancelBrowser(); cancelAlloc() }, nil
}

// newTab opens a tab for one test, failing the test on any exception the
// page throws. The tab closes when the test ends.
func newTab(t *testing.T) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(s.browser)
	t.Cleanup(cancel)
	var mu sync.Mutex
	var thrown []string
	err := chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			thrown = append(thrown, (&chromedp.ExceptionError{ExceptionDetails: e.ExceptionDetails}).Error())
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range thrown {
			t.Errorf("the page threw: %s", e)
		}
	})
	ctx, cancelTimeout := context.WithTimeout(tab, 45*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// do runs browser actions, failing the test with what was being done.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// click clicks the first element that the CSS selector sel selects. The
// page redraws its rows whenever a call arrives or the window changes, so
// the node found may be replaced before the click reaches it: click then
// looks again, for at most two seconds.
func click(t *testing.T, ctx context.Context, what, sel string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel)))
		if err == nil {
			return
		}
		if !strings.Contains(err.Error(), "Could not find node") || time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// eval evaluates a JavaScript expression in the page (awaiting a promise).
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitJS waits until the JavaScript expression is true, for at most
// within, and returns how long that took.
func waitJS(t *testing.T, ctx context.Context, what, expr string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(within)))
	if err != nil {
		page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 3000)`))
		t.Fatalf("%s: not within %v (%v); the page says:\n%s", what, within, err, page)
	}
	return time.Since(start)
}
