package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/record"
)

const recordUsage = `Usage: graphmock record -upstream URL -out DIR [flags]

Listens as "graphmock serve" does and forwards every request to the
upstream (such as https://graph.microsoft.com), answering the client with
the upstream's answer unchanged. When it stops (SIGINT or SIGTERM), and on
POST /_graphmock/record/flush, it writes what it saw, scrubbed of personal
data and credentials, as DIR/scenarios.yaml with body files, and
DIR/scrub-report.txt. The client keeps its own token: graphmock never
writes it. An upstream that cannot be reached gets Graph-shaped 502 and
504 answers, recorded as such. See docs/recording.md.

Flags:
`

// recordCommand is the record command.
func recordCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("graphmock record", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, recordUsage); fs.PrintDefaults() }
	cfg := &serveConfig{readHeaderTimeout: 10 * time.Second, readTimeout: time.Minute, writeTimeout: 3 * time.Minute, idleTimeout: 2 * time.Minute}
	var rf recordingFlags
	rf.register(fs)
	upstream := fs.String("upstream", "", "`URL` of the Graph to record, such as https://graph.microsoft.com (required)")
	timeout := fs.Duration("upstream-timeout", 100*time.Second, "how long a call to the upstream may take before the client gets 504")
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "listen `address`; port 0 picks a free port. Binding beyond loopback must be asked for explicitly")
	fs.StringVar(&cfg.readyFile, "ready-file", "", "once listening, write the URL to `file` (atomically, no newline); removed on shutdown")
	cfg.tls.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &exitError{code: 0}
		}
		return &exitError{code: exitUsage}
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "graphmock record: unexpected argument %q\n", fs.Arg(0))
		return &exitError{code: exitUsage}
	}
	if *upstream == "" {
		fmt.Fprintln(stderr, "graphmock record: -upstream URL is required, such as https://graph.microsoft.com")
		return &exitError{code: exitUsage}
	}
	if err := rf.check("record", stderr); err != nil {
		return err
	}
	if err := cfg.tls.check(stderr); err != nil {
		return err
	}
	cfg.logLevel = slog.LevelInfo
	log := cfg.logger(stderr)
	opts := rf.options()
	var rec *record.Recorder
	write := func(src record.Source) (any, error) {
		if opts.Hosts == nil {
			opts.Hosts = append([]string{strings.ToLower(rec.Host())}, record.GraphHosts...)
		}
		sum, err := writeRecording(rf.out, src, opts)
		if errors.Is(err, errNoGraphCalls) {
			return flushAnswer{Dir: rf.out, Calls: sum.Entries}, nil
		}
		if err != nil {
			return nil, err
		}
		return flushAnswer{Dir: rf.out, Calls: sum.Entries, Taken: sum.Taken, Scenarios: sum.Scenarios, Bodies: sum.Bodies, summary: sum}, nil
	}
	rec, err := record.NewRecorder(*upstream, record.RecorderOptions{Write: write, Timeout: *timeout})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	defer rec.Close()
	ln, url, tlsConfig, err := listen(cfg, log)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	hs := httpServer(cfg, rec, log, tlsConfig)
	errc := make(chan error, 1)
	go func() { errc <- serveOn(hs, ln) }()
	if err := announce(cfg, stdout, url); err != nil {
		hs.Close()
		return &exitError{code: exitUsage, err: err}
	}
	if cfg.readyFile != "" {
		defer os.Remove(cfg.readyFile)
	}
	log.Info("graphmock recording", "url", url, "upstream", *upstream, "out", rf.out)
	if err := runUntilDone(ctx, hs, errc, log); err != nil {
		return err
	}
	answer, err := rec.Flush()
	if err != nil {
		return err
	}
	if a := answer.(flushAnswer); a.summary != nil {
		return rf.finish(a.summary, stdout, stderr)
	}
	fmt.Fprintf(stderr, "graphmock record: no Graph calls to record: nothing written to %s\n", rf.out)
	return nil
}

// flushAnswer is the answer to POST /_graphmock/record/flush: where the
// recording went and how much of it there is.
type flushAnswer struct {
	Dir       string `json:"dir"`
	Calls     int    `json:"calls"`
	Taken     int    `json:"taken"`
	Scenarios int    `json:"scenarios"`
	Bodies    int    `json:"bodies"`

	summary *recordingSummary // nil when nothing was written
}
