package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/graphmock/graphmock/internal/localca"
)

// caCommand is "graphmock ca": it opens the local CA (making it when there
// is none yet) and prints where its certificate is and how to trust it.
func caCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("graphmock ca", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("ca-dir", "", "`folder` of the local CA (default: graphmock/ca in the user's configuration folder)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: graphmock ca [-ca-dir FOLDER]\n\nPrints where graphmock's local CA certificate is, and how to trust it.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: exitUsage}
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "graphmock ca: unexpected argument %q\n", fs.Arg(0))
		return &exitError{code: exitUsage}
	}
	ca, err := openCA(*dir)
	if err != nil {
		return err
	}
	if ca.Created() {
		fmt.Fprintf(stdout, "Made graphmock's local CA in %s.\n\n", ca.Dir())
	}
	fmt.Fprintf(stdout, "graphmock serve -tls serves certificates signed by the CA in %s,\nvalid until %s.\n\n",
		ca.Dir(), ca.Certificate().NotAfter.Format("2 January 2006"))
	fmt.Fprint(stdout, localca.TrustInstructions(ca.CertPath()))
	return nil
}
