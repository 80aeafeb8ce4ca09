package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/odatapath"
)

const schemaUsage = `Usage: graphmock schema [-version v1.0|beta] [-metadata VERSION=FILE] [-strict] TYPE

Prints the draft-07 JSON Schema graphmock generates from Graph's metadata
for TYPE, such as microsoft.graph.user, to vendor and edit into a
scenario folder's schemas/. The schema describes one level of the object:
nested values of entity and complex types are objects that graphmock
checks against their own type's schema (print those too). In the layered
beta, a line on stderr names the layer of the metadata the type came from.
`

const resolveUsage = `Usage: graphmock resolve [-version v1.0|beta] [-metadata VERSION=FILE] [-strict] METHOD PATH

Prints what graphmock derives from Graph's metadata for METHOD PATH (the
path after the version, or with it, such as /v1.0/me/sendMail): what the
path addresses, its type, and the body METHOD takes there, or the first
segment Graph does not know.
`

// metadataCommand holds the flags schema and resolve share.
type metadataCommand struct {
	version  string
	metadata metadataFlags
	strict   bool
}

func (c *metadataCommand) parse(name, usage string, args []string, nargs int, stderr io.Writer) ([]string, error) {
	fs := flag.NewFlagSet("graphmock "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	fs.StringVar(&c.version, "version", "v1.0", "Graph API `version`: v1.0 or beta")
	fs.Var(&c.metadata, "metadata", "`VERSION=FILE`: use the Graph metadata (CSDL) in FILE for that version; repeatable")
	fs.BoolVar(&c.strict, "strict", false, "read as strict OData, without Graph's leniencies")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, &exitError{code: 0}
		}
		return nil, &exitError{code: exitUsage}
	}
	if fs.NArg() != nargs {
		fmt.Fprintf(stderr, "graphmock %s: want %d argument(s), got %d\n\n", name, nargs, fs.NArg())
		fs.Usage()
		return nil, &exitError{code: exitUsage}
	}
	return fs.Args(), nil
}

// catalogVersion returns the metadata of version, with the -metadata
// files applied.
func (c *metadataCommand) catalogVersion(version string) (*graphmeta.Version, error) {
	cat := graphmeta.Embedded()
	for _, f := range c.metadata {
		data, err := os.ReadFile(f.file)
		if err != nil {
			return nil, fmt.Errorf("-metadata %s=%s: %w", f.version, f.file, err)
		}
		if cat, err = cat.With(f.version, data); err != nil {
			return nil, fmt.Errorf("-metadata %s=%s: %w", f.version, f.file, err)
		}
	}
	ver, err := cat.Version(version)
	if err == nil && ver == nil {
		err = fmt.Errorf("unknown API version %q: want %s", version, strings.Join(graphmeta.Versions(), " or "))
	}
	return ver, err
}

// schemaCommand is "graphmock schema".
func schemaCommand(args []string, stdout, stderr io.Writer) error {
	var c metadataCommand
	rest, err := c.parse("schema", schemaUsage, args, 1, stderr)
	if err != nil {
		return err
	}
	ver, err := c.catalogVersion(c.version)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	body, err := ver.Schemas(c.strict).Type(rest[0])
	if err != nil {
		return &exitError{code: exitProblems, err: err}
	}
	doc, err := body.StandaloneDocument()
	if err != nil {
		return &exitError{code: exitProblems, err: err}
	}
	if t := ver.Model.Type(ver.Model.Qualify(rest[0])); t != nil {
		if layer := ver.Model.LayerOf(t); layer != "" {
			fmt.Fprintf(stderr, "metadata: %s\n", layer)
		}
	}
	var out bytes.Buffer
	if err := json.Indent(&out, doc, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = stdout.Write(out.Bytes())
	return err
}

// resolveCommand is "graphmock resolve".
func resolveCommand(args []string, stdout, stderr io.Writer) error {
	var c metadataCommand
	rest, err := c.parse("resolve", resolveUsage, args, 2, stderr)
	if err != nil {
		return err
	}
	method, path := strings.ToUpper(rest[0]), rest[1]
	version := c.version
	for _, v := range graphmeta.Versions() {
		if after, ok := strings.CutPrefix(path, "/"+v+"/"); ok {
			version, path = v, "/"+after
		}
	}
	ver, err := c.catalogVersion(version)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	target, err := ver.Paths(c.strict).Resolve(path)
	var unknown *odatapath.UnknownSegmentError
	if errors.As(err, &unknown) {
		fmt.Fprintf(stdout, "%s /%s%s: not a Graph path: Resource not found for the segment '%s'.\n", method, version, path, unknown.Segment)
		return &exitError{code: exitProblems}
	}
	if err != nil {
		return &exitError{code: exitProblems, err: err}
	}
	fmt.Fprintf(stdout, "%s /%s%s\n", method, version, path)
	if layer := ver.Layer(&target); layer != "" {
		fmt.Fprintf(stdout, "  metadata: %s\n", layer)
	}
	what := target.Type
	if target.Collection {
		what = "a collection of " + what
	}
	if target.Operation != nil {
		fmt.Fprintf(stdout, "  addresses: the %s %s, returning %s\n", kindWord(target.Operation.Kind == csdl.ActionKind), target.Operation.Name, orNothing(what))
	} else {
		fmt.Fprintf(stdout, "  addresses: %s\n", orNothing(what))
	}
	if len(target.Keys) > 0 {
		fmt.Fprintf(stdout, "  keys: %s\n", strings.Join(target.Keys, ", "))
	}
	body := target.Body(method)
	switch body.Kind {
	case odatapath.ObjectBody:
		fmt.Fprintf(stdout, "  body: an object of %s (bodyType: auto, or bodyType: %s)\n", body.Type, body.Type)
	case odatapath.ParametersBody:
		var names []string
		for _, p := range body.Operation.Unbound() {
			names = append(names, p.Name)
		}
		fmt.Fprintf(stdout, "  body: the parameters of %s: %s (bodyType: auto)\n", body.Operation.Name, strings.Join(names, ", "))
	case odatapath.ReferenceBody:
		if graphmeta.ReferenceClearable(ver.Model, target) {
			fmt.Fprintln(stdout, `  body: an entity reference, {"@odata.id": "https://graph.microsoft.com/..."}, or {} to remove it (bodyType: auto)`)
			break
		}
		fmt.Fprintln(stdout, `  body: an entity reference, {"@odata.id": "https://graph.microsoft.com/..."} (bodyType: auto)`)
	case odatapath.MediaBody:
		fmt.Fprintln(stdout, "  body: the raw bytes of a stream")
	default:
		fmt.Fprintf(stdout, "  body: none (Graph takes no body with %s here)\n", method)
	}
	return nil
}

func kindWord(action bool) string {
	if action {
		return "action"
	}
	return "function"
}

func orNothing(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}
