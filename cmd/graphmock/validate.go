package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/graphmock/graphmock/mockserver"
)

const validateUsage = `Usage: graphmock validate FILE...

Loads each scenario file as "graphmock serve -scenarios FILE" would,
without serving it, and checks every canned JSON response against the
response bodySchema or bodyType its scenario names; a tenant file (one with
entities: or generate: and no scenarios:) is loaded as "graphmock serve
-tenant FILE" would, every entity checked against Graph's metadata. Each
problem is printed as file:line:column: message.

Exit status: 0 when every file is clean, 1 when a file has problems,
2 for usage errors.
`

// validate is the validate command: args are the files to check.
func validate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("graphmock validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, validateUsage); fs.PrintDefaults() }
	var metadata metadataFlags
	fs.Var(&metadata, "metadata", "`VERSION=FILE`: check body types against the Graph metadata (CSDL) in FILE for that version; repeatable")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &exitError{code: 0}
		}
		return &exitError{code: exitUsage}
	}
	if fs.NArg() == 0 {
		fmt.Fprint(stderr, "graphmock validate: name the scenario files to check\n\n"+validateUsage)
		return &exitError{code: exitUsage}
	}
	failed := false
	for _, file := range fs.Args() {
		if !validateFile(file, metadata, stdout) {
			failed = true
		}
	}
	if failed {
		return &exitError{code: exitProblems}
	}
	return nil
}

// validateFile checks one scenario file, printing its problems or a
// one-line summary, and reports whether it is clean.
func validateFile(file string, metadata metadataFlags, stdout io.Writer) bool {
	if isTenantFile(file) {
		return validateTenant(file, stdout)
	}
	set, _, err := metadata.load(file)
	if err == nil {
		err = set.CheckResponses()
	}
	if err != nil {
		printProblems(stdout, file, err)
		return false
	}
	checked := 0
	for _, s := range set.Scenarios() {
		for _, r := range append([]mockserver.Response{s.Response}, s.Responses...) {
			if r.BodySchema != "" || r.BodyType != "" {
				checked++
			}
		}
	}
	fmt.Fprintf(stdout, "%s: ok: %s, %s, %s checked against a schema\n", file,
		count(set.Len(), "scenario"), count(len(set.Files()), "file"), count(checked, "response"))
	return true
}

// count says "1 file", "2 files".
func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// isTenantFile reports whether file reads as a tenant file rather than a
// scenario file: a YAML mapping with entities or generate, and no
// scenarios.
func isTenantFile(file string) bool {
	data, err := os.ReadFile(file)
	if err != nil {
		return false
	}
	var top map[string]any
	if yaml.Unmarshal(data, &top) != nil {
		return false
	}
	_, scenarios := top["scenarios"]
	_, entities := top["entities"]
	_, generate := top["generate"]
	return !scenarios && (entities || generate)
}

// validateTenant checks one tenant file, printing its problems or a
// one-line summary, and reports whether it is clean.
func validateTenant(file string, stdout io.Writer) bool {
	tenant, err := mockserver.NewTenant(mockserver.Simulation{TenantFiles: []string{file}})
	if err != nil {
		printProblems(stdout, file, err)
		return false
	}
	fmt.Fprintf(stdout, "%s: ok: a tenant of %s\n", file, count(tenant.Len(), "entity"))
	return true
}

// printProblems prints each problem of a file that failed to load, one a
// line, then how many there were.
func printProblems(stdout io.Writer, file string, err error) {
	les := mockserver.LoadErrors(err)
	for _, le := range les {
		fmt.Fprintln(stdout, le)
	}
	if len(les) == 0 {
		fmt.Fprintf(stdout, "%s: %v\n", file, err)
	}
	fmt.Fprintf(stdout, "%s: %s\n", file, count(max(len(les), 1), "problem"))
}
