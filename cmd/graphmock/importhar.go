package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/graphmock/graphmock/internal/record"
)

const importHARUsage = `Usage: graphmock import-har [flags] FILE.har

Turns the Microsoft Graph calls of an HTTP Archive (exported by Chrome's
or Firefox's developer tools, or by graphmock's GET /_graphmock/har) into
a scenario file, DIR/scenarios.yaml, with body files, scrubbed of personal
data and credentials; DIR/scrub-report.txt says what was replaced and what
to check by hand. "graphmock serve -scenarios DIR/scenarios.yaml" answers
the recorded calls. See docs/recording.md.

Flags:
`

// recordingFlags are the flags import-har and record share: how the
// recording is written.
type recordingFlags struct {
	out         string
	seed        string
	keepMapping string
	base        string
}

func (f *recordingFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.out, "out", "", "`folder` to write scenarios.yaml, its body files and scrub-report.txt in (required)")
	fs.StringVar(&f.seed, "seed", "", "`text` the pseudonyms derive from: the same seed gives a value the same pseudonym in every recording (default: a random seed)")
	fs.StringVar(&f.keepMapping, "keep-mapping", "", "also write every real value and its pseudonym to `file` (JSON, readable by you only): personal data, keep it out of the repository")
	fs.StringVar(&f.base, "base", "http://127.0.0.1:8080", "`URL` the recorded @odata.nextLink, @odata.deltaLink and Location headers point at: where the recording will be served")
}

// check reports what is missing or contradictory.
func (f *recordingFlags) check(cmd string, stderr io.Writer) error {
	msg := ""
	switch {
	case f.out == "":
		msg = "-out DIR is required: the folder to write the scenarios in"
	case f.keepMapping != "" && inside(f.keepMapping, f.out):
		msg = "-keep-mapping " + f.keepMapping + " is inside -out " + f.out + ": the mapping holds the real values, keep it away from the recording"
	case !strings.HasPrefix(f.base, "http://") && !strings.HasPrefix(f.base, "https://"):
		msg = fmt.Sprintf("-base %q: want an http or https URL such as http://127.0.0.1:8080", f.base)
	}
	if msg != "" {
		fmt.Fprintf(stderr, "graphmock %s: %s\n", cmd, msg)
		return &exitError{code: exitUsage}
	}
	if f.seed == "" {
		b := make([]byte, 16)
		rand.Read(b)
		f.seed = hex.EncodeToString(b)
	}
	return nil
}

// inside reports whether file is in folder dir.
func inside(file, dir string) bool {
	f, err1 := filepath.Abs(file)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, f)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func (f *recordingFlags) options() recordingOptions {
	return recordingOptions{Seed: f.seed, Base: f.base}
}

// finish prints the summary and writes the mapping when asked for.
func (f *recordingFlags) finish(sum *recordingSummary, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(f.out, scenarioFile))
	if err := sum.WriteText(stdout); err != nil {
		return err
	}
	if f.keepMapping == "" {
		return nil
	}
	data, err := json.MarshalIndent(sum.Mapping, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(f.keepMapping, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("-keep-mapping: %w", err)
	}
	fmt.Fprintf(stderr, "graphmock: warning: %s holds the real value behind every pseudonym: it is personal data, keep it out of the repository and delete it when done\n", f.keepMapping)
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, as in "import-har FILE.har -out DIR".
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// importHAR is the import-har command.
func importHAR(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("graphmock import-har", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, importHARUsage); fs.PrintDefaults() }
	var rf recordingFlags
	rf.register(fs)
	hosts := fs.String("host", "", "comma-separated host `names` whose calls are taken besides Graph's (graph.microsoft.com and the national clouds), such as a local server a page called")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &exitError{code: 0}
		}
		return &exitError{code: exitUsage}
	}
	if len(files) != 1 {
		fmt.Fprint(stderr, "graphmock import-har: name one HAR file\n\n"+importHARUsage)
		return &exitError{code: exitUsage}
	}
	if err := rf.check("import-har", stderr); err != nil {
		return err
	}
	file := files[0]
	opts := rf.options()
	creator, err := record.HARCreator(file)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	// graphmock's own archive has graphmock's address, not Graph's: every
	// call in it is a Graph call.
	opts.AnyHost = creator == "graphmock"
	if *hosts != "" {
		opts.Hosts = slices.Clone(record.GraphHosts)
		for _, h := range strings.Split(*hosts, ",") {
			if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
				opts.Hosts = append(opts.Hosts, h)
			}
		}
	}
	sum, err := writeRecording(rf.out, record.HAR(file, nil), opts)
	if errors.Is(err, errNoGraphCalls) {
		why := ""
		for _, k := range slices.Sorted(maps.Keys(sum.Skipped)) {
			why += fmt.Sprintf("; %d %s", sum.Skipped[k], k)
		}
		return &exitError{code: exitUsage, err: fmt.Errorf("%s: no Microsoft Graph calls among its %d entries%s (take other hosts with -host)", file, sum.Entries, why)}
	}
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	return rf.finish(sum, stdout, stderr)
}
