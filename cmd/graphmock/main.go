// Command graphmock serves Microsoft Graph mock scenarios over HTTP.
//
// Usage:
//
//	graphmock [serve] [-addr 127.0.0.1:8080] [-scenarios FILE] [flags]
//	graphmock validate FILE...
//	graphmock ca [-ca-dir FOLDER]
//
// "graphmock serve -tls" serves HTTPS with certificates from a local CA
// that "graphmock ca" says how to trust.
//
// Run "graphmock serve -h" for every flag. Exit status: 0 after a clean
// shutdown or a clean validation, 1 when validate finds problems, 2 for
// bad flags or a scenario file that fails to load.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	keepGCHeadroom()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.err != nil {
				fmt.Fprintln(os.Stderr, "graphmock:", ee.err)
			}
			os.Exit(ee.code)
		}
		fmt.Fprintln(os.Stderr, "graphmock:", err)
		os.Exit(1)
	}
}
