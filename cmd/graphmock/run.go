package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/graphmock/graphmock/internal/bounds"
	"github.com/graphmock/graphmock/internal/coarsedeadline"
	"github.com/graphmock/graphmock/internal/cors"
	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/admin"
)

// Exit codes.
const (
	exitProblems = 1 // validate found problems
	exitUsage    = 2 // bad flags, or a scenario file that fails to load
)

// exitError carries the process exit code for an error.
type exitError struct {
	code int
	err  error // nil when the message was already printed
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// run is the whole command, testable without a process: args excludes the
// program name.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		cfg, err := parseServeFlags(args, stderr)
		if err != nil {
			return err
		}
		return serve(ctx, cfg, stdout, stderr)
	case "schema":
		return schemaCommand(args, stdout, stderr)
	case "resolve":
		return resolveCommand(args, stdout, stderr)
	case "validate":
		return validate(args, stdout, stderr)
	case "ca":
		return caCommand(args, stdout, stderr)
	case "record":
		return recordCommand(ctx, args, stdout, stderr)
	case "import-har":
		return importHAR(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "graphmock: unknown command %q\n\n%s", cmd, usage)
		return &exitError{code: exitUsage}
	}
}

const usage = `Usage:
  graphmock [serve] [flags]        serve scenarios (the default command)
  graphmock validate FILE...       check scenario files without serving them
  graphmock schema TYPE            print the JSON Schema made from Graph's metadata for a type
  graphmock resolve METHOD PATH    say what Graph's metadata has at a path, and the body it takes
  graphmock ca                     where the local CA certificate for -tls is, and how to trust it
  graphmock record -upstream URL -out DIR
                                   proxy to Graph and write what passed as scrubbed scenarios
  graphmock import-har FILE.har -out DIR
                                   turn a browser's HAR of Graph calls into scrubbed scenarios
  graphmock help                   show this help

Run "graphmock serve -h" for the flags.
`

// serveConfig is what the serve flags say.
type serveConfig struct {
	addr      string
	scenarios string // "" for the embedded defaults
	logFormat string
	logLevel  slog.Level
	opts      mockserver.Options

	readHeaderTimeout time.Duration
	readTimeout       time.Duration
	writeTimeout      time.Duration
	idleTimeout       time.Duration

	cpuProfile string

	readyFile     string        // "" for none
	watch         bool          // reload the scenarios when their files change
	simulate      bool          // answer what no scenario matches from a simulated tenant
	tenants       stringList    // tenant files that seed it
	watchInterval time.Duration // how often to look

	adminToken string
	metadata   metadataFlags
	allowHosts []string // host names besides loopback ones the admin API answers to

	tls tlsFlags
}

func parseServeFlags(args []string, stderr io.Writer) (*serveConfig, error) {
	cfg := &serveConfig{}
	fs := flag.NewFlagSet("graphmock serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "listen `address`; port 0 picks a free port. Binding beyond loopback must be asked for explicitly")
	fs.StringVar(&cfg.scenarios, "scenarios", "", "scenario `file` to serve (default: the embedded scenarios.yaml)")
	fs.StringVar(&cfg.logFormat, "log-format", "text", "request log format: text or json")
	level := fs.String("log-level", "info", "least important log level shown: debug, info, warn or error (warn hides served requests)")
	fs.Int64Var(&cfg.opts.MaxBodyBytes, "max-body", bounds.MaxBodyBytes, "largest request body in `bytes`; larger ones get 413")
	fs.IntVar(&cfg.opts.JournalLimit, "journal-limit", bounds.JournalLimit, "most `calls` the journal keeps; older ones are dropped (counters stay exact)")
	fs.Int64Var(&cfg.opts.JournalMaxBytes, "journal-max-bytes", bounds.JournalMaxBytes, "about how many `bytes` of calls the journal keeps")
	fs.IntVar(&cfg.opts.MaxSessions, "max-sessions", bounds.MaxSessions, "most `sessions` live at once (POST /_graphmock/sessions); one more gets 429 TooManySessions")
	fs.DurationVar(&cfg.opts.SessionTTL, "session-ttl", bounds.SessionTTL, "how long a session may stay idle before it expires, unless it asks for another time")
	fs.DurationVar(&cfg.opts.MaxSessionTTL, "session-max-ttl", bounds.MaxSessionTTL, "the longest idle time-to-live a session may ask for")
	fs.IntVar(&cfg.opts.SessionJournalLimit, "session-journal-limit", bounds.SessionJournalLimit, "most `calls` each session's journal keeps")
	fs.Int64Var(&cfg.opts.SessionJournalMaxBytes, "session-journal-max-bytes", bounds.SessionJournalMaxBytes, "about how many `bytes` of calls each session's journal keeps")
	fs.DurationVar(&cfg.readHeaderTimeout, "read-header-timeout", 10*time.Second, "time allowed to read request headers")
	fs.DurationVar(&cfg.readTimeout, "read-timeout", time.Minute, "time allowed to read a whole request")
	fs.DurationVar(&cfg.writeTimeout, "write-timeout", time.Minute, "time allowed to write a response")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", 2*time.Minute, "how long an idle keep-alive connection stays open")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to `file` (for go tool pprof)")
	fs.StringVar(&cfg.readyFile, "ready-file", "", "once serving, write the URL to `file` (atomically, no newline); removed on shutdown")
	fs.StringVar(&cfg.adminToken, "admin-token", "", "bearer `token` every admin API request (/_graphmock/...) must carry; Graph routes never need it")
	allowHosts := fs.String("allow-host", "", "comma-separated host `names` besides loopback ones (localhost, 127.0.0.1, ::1) that the admin API answers to, such as a container's name; others get 400 Invalid Hostname")
	corsOn := fs.Bool("cors", false, "answer CORS preflights and let browsers on the allowed origins read responses")
	corsOrigins := fs.String("cors-origins", "", "comma-separated allowed `origins` such as http://localhost:3000 or http://localhost:* (implies -cors; default: any http(s) origin on localhost, 127.0.0.1 or [::1])")
	fs.Var(&cfg.metadata, "metadata", "`VERSION=FILE`: use the Graph metadata (CSDL) in FILE for API version v1.0 or beta instead of the embedded one, such as the full public beta; repeatable")
	fs.BoolVar(&cfg.simulate, "simulate", false, "answer what no scenario matches from a simulated Graph tenant: what a client creates it can read back, update, link and delete (see docs/simulated-tenant.md)")
	fs.Var(&cfg.tenants, "tenant", "tenant `file` that seeds the simulated tenant (implies -simulate); repeatable, merged in order")
	fs.BoolVar(&cfg.watch, "watch", false, "reload the scenario file when it, or a schema or fixture it names, changes (needs -scenarios)")
	fs.DurationVar(&cfg.watchInterval, "watch-interval", 400*time.Millisecond, "how often -watch looks at the files")
	cfg.tls.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, &exitError{code: 0}
		}
		return nil, &exitError{code: exitUsage}
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "graphmock serve: unexpected argument %q\n", fs.Arg(0))
		return nil, &exitError{code: exitUsage}
	}
	if err := cfg.logLevel.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(stderr, "graphmock serve: -log-level %q: want debug, info, warn or error\n", *level)
		return nil, &exitError{code: exitUsage}
	}
	if cfg.logFormat != "text" && cfg.logFormat != "json" {
		fmt.Fprintf(stderr, "graphmock serve: -log-format %q: want text or json\n", cfg.logFormat)
		return nil, &exitError{code: exitUsage}
	}
	if cfg.readyFile != "" {
		if fi, err := os.Stat(filepath.Dir(cfg.readyFile)); err != nil || !fi.IsDir() {
			fmt.Fprintf(stderr, "graphmock serve: -ready-file %s: the folder %s does not exist\n", cfg.readyFile, filepath.Dir(cfg.readyFile))
			return nil, &exitError{code: exitUsage}
		}
	}
	for _, h := range strings.Split(*allowHosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			cfg.allowHosts = append(cfg.allowHosts, h)
		}
	}
	if *corsOn || *corsOrigins != "" {
		cfg.opts.CORS = &mockserver.CORS{}
		for _, o := range strings.Split(*corsOrigins, ",") {
			if o = strings.TrimSpace(o); o != "" {
				cfg.opts.CORS.Origins = append(cfg.opts.CORS.Origins, o)
			}
		}
		if _, err := cors.New(cfg.opts.CORS.Origins, 0); err != nil {
			fmt.Fprintf(stderr, "graphmock serve: -cors-origins: %v\n", err)
			return nil, &exitError{code: exitUsage}
		}
	}
	if cfg.watch && cfg.scenarios == "" {
		fmt.Fprintln(stderr, "graphmock serve: -watch needs -scenarios FILE: the embedded scenarios never change")
		return nil, &exitError{code: exitUsage}
	}
	if cfg.watchInterval <= 0 {
		fmt.Fprintf(stderr, "graphmock serve: -watch-interval %v: want a positive duration such as 400ms\n", cfg.watchInterval)
		return nil, &exitError{code: exitUsage}
	}
	if err := cfg.tls.check(stderr); err != nil {
		return nil, err
	}
	return cfg, nil
}

func (cfg *serveConfig) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	if cfg.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(newTextHandler(w, cfg.logLevel))
}

// startCPUProfile profiles the process into file until stop is called.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// serve loads the scenarios, listens, prints the URL as the first line on
// stdout (and writes it to the ready file) and serves until ctx is done,
// then shuts down gracefully.
func serve(ctx context.Context, cfg *serveConfig, stdout, stderr io.Writer) error {
	log := cfg.logger(stderr)
	set, source, err := cfg.metadata.load(cfg.scenarios)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	warnResponses(log, set)
	count := set.Len()
	// Loading a large set decodes its YAML through a heap many times what
	// the compiled set keeps; give that memory back to the system now,
	// once, rather than holding it for the life of the server.
	debug.FreeOSMemory()
	cfg.opts.Logger = log
	if cfg.simulate || len(cfg.tenants) > 0 {
		if cfg.opts.Tenant, err = mockserver.NewTenant(mockserver.Simulation{TenantFiles: cfg.tenants}); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}
	srv := mockserver.New(set, cfg.opts)
	var w *watcher
	if cfg.watch {
		// Look at the files now, so that an edit made while starting
		// is seen at the first poll.
		w = newWatcher(cfg.scenarios, set, srv, log, cfg.watchInterval)
		w.metadata = cfg.metadata
	}
	if cfg.cpuProfile != "" {
		stop, err := startCPUProfile(cfg.cpuProfile)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		defer stop()
	}
	ln, url, tlsConfig, err := listen(cfg, log)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	shuttingDown, endStreams := context.WithCancel(context.Background())
	defer endStreams()
	handler := endAdminAtShutdown(shuttingDown, admin.Handler(srv, admin.Options{Token: cfg.adminToken, Logger: log, CORS: cfg.opts.CORS, Hosts: cfg.adminHosts(ln)}))
	hs := httpServer(cfg, handler, log, tlsConfig)
	hs.RegisterOnShutdown(endStreams)
	errc := make(chan error, 1)
	go func() { errc <- serveOn(hs, ln) }() // exits when hs is shut down or closed

	if err := announce(cfg, stdout, url); err != nil {
		hs.Close()
		return &exitError{code: exitUsage, err: err}
	}
	if cfg.readyFile != "" {
		defer os.Remove(cfg.readyFile)
	}
	log.Info("graphmock serving", "url", url, "scenarios", source, "count", count)

	var watching sync.WaitGroup
	watchCtx, stopWatching := context.WithCancel(ctx)
	defer func() { stopWatching(); watching.Wait() }()
	if w != nil {
		watching.Go(func() { w.run(watchCtx) }) // returns when watchCtx is done
	}
	return runUntilDone(ctx, hs, errc, log)
}

// listen opens the listening socket and the TLS configuration, and
// returns the URL clients reach the server at. It warns when the address
// is beyond loopback.
func listen(cfg *serveConfig, log *slog.Logger) (net.Listener, string, *tls.Config, error) {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, "", nil, err
	}
	ln = coarsedeadline.Listen(ln, deadlineTick)
	tlsConfig, err := cfg.tls.config(ln, log)
	if err != nil {
		ln.Close()
		return nil, "", nil, err
	}
	url := "http://" + ln.Addr().String()
	if tlsConfig != nil {
		url = "https://" + ln.Addr().String()
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		msg := "listening beyond loopback: anyone who can reach this address can use the mock"
		if cfg.adminToken == "" {
			msg += " and its admin API (set -admin-token)"
		}
		log.Warn(msg, "addr", ln.Addr().String())
	}
	return ln, url, tlsConfig, nil
}

// httpServer returns the HTTP server for handler, with the timeouts and
// limits of cfg.
func httpServer(cfg *serveConfig, handler http.Handler, log *slog.Logger, tlsConfig *tls.Config) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.readHeaderTimeout,
		ReadTimeout:       cfg.readTimeout,
		WriteTimeout:      cfg.writeTimeout,
		IdleTimeout:       cfg.idleTimeout,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          errorLog(log, cfg.tls.localCA),
		TLSConfig:         tlsConfig,
	}
}

// announce tells the world the server is up: the ready file first, then
// the URL on stdout, so that a test suite that has read the URL finds the
// file there too.
func announce(cfg *serveConfig, stdout io.Writer, url string) error {
	if cfg.readyFile != "" {
		if err := writeReadyFile(cfg.readyFile, url); err != nil {
			return fmt.Errorf("-ready-file: %w", err)
		}
	}
	fmt.Fprintln(stdout, url)
	return nil
}

// runUntilDone waits for the server to fail or ctx to end, then shuts the
// server down, giving requests in flight 5 seconds to finish.
func runUntilDone(ctx context.Context, hs *http.Server, errc <-chan error, log *slog.Logger) error {
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	log.Info("graphmock stopped")
	return nil
}

// endAdminAtShutdown ends the context of each admin request once
// shuttingDown is done, so that an event stream (GET /_graphmock/events)
// ends at shutdown instead of holding it up. Graph requests in flight are
// left to finish.
func endAdminAtShutdown(shuttingDown context.Context, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, admin.Prefix) {
			ctx, cancel := context.WithCancel(r.Context())
			defer cancel()
			defer context.AfterFunc(shuttingDown, cancel)()
			r = r.WithContext(ctx)
		}
		h.ServeHTTP(w, r)
	})
}

// adminHosts returns the host names the admin API answers to besides
// loopback ones: those given with -allow-host, and the address graphmock
// listens on when that is a particular address beyond loopback.
func (cfg *serveConfig) adminHosts(ln net.Listener) []string {
	hosts := cfg.allowHosts
	if host, _, err := net.SplitHostPort(ln.Addr().String()); err == nil {
		if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() && !ip.IsLoopback() {
			hosts = append(hosts, host)
		}
	}
	return hosts
}

// warnResponses logs, as warnings, each canned response that breaks the
// response schema its scenario names.
func warnResponses(log *slog.Logger, set *mockserver.ScenarioSet) {
	for _, le := range mockserver.LoadErrors(set.CheckResponses()) {
		log.Warn(le.Error())
	}
}

// writeReadyFile writes url to file atomically: into a temporary file in
// the same folder, then renamed over file, so that a process polling for
// file never reads a partial URL.
func writeReadyFile(file, url string) error {
	f, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return err
	}
	_, err = f.WriteString(url)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// deadlineTick is how often the clock of the connections' far deadlines ticks: a server
// timeout ends a connection at most this much late (package coarsedeadline).
const deadlineTick = 250 * time.Millisecond
