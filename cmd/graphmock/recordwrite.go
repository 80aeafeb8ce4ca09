package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/record"
	"github.com/graphmock/graphmock/internal/scrub"
	"github.com/graphmock/graphmock/mockserver"
)

// The files writeRecording makes in its folder.
const (
	scenarioFile = "scenarios.yaml"
	reportFile   = "scrub-report.txt"
	bodyFolder   = "bodies"
)

// recordingOptions are how writeRecording turns calls into scenarios.
type recordingOptions struct {
	// Seed makes the pseudonyms (see package scrub).
	Seed string
	// Base is the URL @odata.nextLink, @odata.deltaLink and Location
	// point at in the written responses instead of Graph's, such as
	// http://127.0.0.1:8080: where the recording will be served.
	Base string
	// Hosts are the hosts whose calls are taken: record.GraphHosts when nil.
	// AnyHost takes every host's.
	Hosts   []string
	AnyHost bool
	// Catalog is Graph's metadata, for request bodyType: auto;
	// graphmeta.Embedded() when nil.
	Catalog *graphmeta.Catalog
}

// A recordingSummary says what writeRecording did.
type recordingSummary struct {
	Entries   int            // calls read
	Taken     int            // calls written as scenarios
	Skipped   map[string]int // calls left out, by why
	Scenarios int
	Bodies    int // body files
	Report    scrub.Report
	Mapping   []scrub.Mapped // every real value and its pseudonym: personal data, never written by writeRecording
}

// errNoGraphCalls is returned by writeRecording when no call was taken.
var errNoGraphCalls = errors.New("no Microsoft Graph calls")

// writeRecording scrubs the calls of src and writes them under dir: scenarioFile,
// its body files in bodyFolder (replaced as a whole) and reportFile. It
// reads src twice: first to learn the values of personal properties,
// then to scrub and write, one call at a time, so that memory grows with
// the number of distinct calls and ids, not with the bodies.
func writeRecording(dir string, src record.Source, opts recordingOptions) (*recordingSummary, error) {
	if opts.Catalog == nil {
		opts.Catalog = graphmeta.Embedded()
	}
	s := scrub.New(opts.Seed)
	w := &recWriter{opts: opts, scrub: s, dir: dir, sum: &recordingSummary{Skipped: map[string]int{}}, groups: map[string]*recGroup{}, written: map[string]bool{}}
	err := src(func(e *record.Exchange) error {
		if _, why := w.take(e); why == "" {
			s.Learn(e.RequestBody)
			s.Learn(e.ResponseBody)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(filepath.Join(dir, bodyFolder)); err != nil {
		return nil, err
	}
	if err := os.Mkdir(filepath.Join(dir, bodyFolder), 0o755); err != nil {
		return nil, err
	}
	if err := src(w.add); err != nil {
		return nil, err
	}
	if w.sum.Taken == 0 {
		return w.sum, errNoGraphCalls
	}
	scenarios := w.scenarios()
	data, err := mockserver.MarshalScenarios(scenarios...)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, scenarioFile), data, 0o644); err != nil {
		return nil, err
	}
	w.sum.Scenarios = len(scenarios)
	w.sum.Bodies = len(w.written)
	w.sum.Report = s.Report()
	w.sum.Mapping = s.Mapping()
	f, err := os.Create(filepath.Join(dir, reportFile))
	if err != nil {
		return nil, err
	}
	werr := w.sum.WriteText(f)
	if err := f.Close(); werr == nil {
		werr = err
	}
	return w.sum, werr
}

// WriteText writes the summary and the scrubbing report for people.
func (s *recordingSummary) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d calls read, %d written as %d scenarios with %d body files.\n", s.Entries, s.Taken, s.Scenarios, s.Bodies)
	for _, why := range slices.Sorted(maps.Keys(s.Skipped)) {
		fmt.Fprintf(&b, "  left out, %s: %d\n", why, s.Skipped[why])
	}
	if _, err := w.Write([]byte(b.String())); err != nil {
		return err
	}
	return s.Report.WriteText(w)
}

type recWriter struct {
	opts    recordingOptions
	scrub   *scrub.Scrubber
	dir     string
	sum     *recordingSummary
	groups  map[string]*recGroup
	order   []*recGroup
	written map[string]bool // body files written
}

// A recGroup is the calls one scenario answers: one method, one shape of
// path (ids aside), paged or not.
type recGroup struct {
	method  string
	segs    []string          // the path's segments after the version, "" where an id is
	ids     []map[string]bool // for each segment, the ids seen there
	first   []string          // the first call's segments
	paged   bool
	pageKey string // the query parameter that says it is paged: $skiptoken or $deltatoken
	name    string // from the path, before numbering
	auth    bool   // some call carried a bearer token
	body    bool   // some call carried a JSON body
	resps   []mockserver.Response
	keys    []string // one per response, to tell them apart
}

// take says why a call is left out, "" when writeRecording takes it, and its URL.
func (w *recWriter) take(e *record.Exchange) (*url.URL, string) {
	u, err := url.Parse(e.URL)
	switch {
	case err != nil || u.Host == "":
		return u, "not an absolute URL"
	case !w.opts.AnyHost && !w.onHost(u):
		return u, "not a Graph host"
	case strings.HasPrefix(u.Path, "/_graphmock/"):
		return u, "graphmock's admin API"
	case !slices.Contains(graphmeta.Versions(), strings.Split(strings.TrimPrefix(u.Path, "/"), "/")[0]):
		return u, "not under /v1.0 or /beta"
	case e.Method == http.MethodOptions:
		return u, "CORS preflight"
	case e.Status == 0:
		return u, "no response"
	}
	return u, ""
}

// onHost reports whether u is on one of the hosts taken.
func (w *recWriter) onHost(u *url.URL) bool {
	hosts := w.hosts()
	return slices.Contains(hosts, strings.ToLower(u.Host)) || slices.Contains(hosts, strings.ToLower(u.Hostname()))
}

func (w *recWriter) hosts() []string {
	if w.opts.Hosts != nil {
		return w.opts.Hosts
	}
	return record.GraphHosts
}

// idRE tells a path segment that is an id (a GUID, a chat id, an address,
// a message's number, base64) from one that names something (users,
// members, $ref, microsoft.graph.delta()).
var idRE = regexp.MustCompile(`[0-9:@=]|^[A-Za-z0-9_-]{20,}$`)

func isIDSegment(seg string) bool {
	return seg != "" && !strings.HasPrefix(seg, "$") && !strings.Contains(seg, "(") && idRE.MatchString(seg) && !strings.HasPrefix(seg, "microsoft.graph.")
}

// add scrubs one call and adds it to its recGroup, writing its body file.
func (w *recWriter) add(e *record.Exchange) error {
	w.sum.Entries++
	u, why := w.take(e)
	if why != "" {
		w.sum.Skipped[why]++
		return nil
	}
	w.sum.Taken++
	scrubbed := w.scrub.URL(u.EscapedPath() + "?" + u.RawQuery)
	p, q, _ := strings.Cut(scrubbed, "?")
	decoded, err := url.PathUnescape(p)
	if err != nil {
		decoded = p
	}
	all := strings.Split(strings.TrimPrefix(decoded, "/"), "/")
	version, segs := all[0], all[1:]
	query, _ := url.ParseQuery(q)
	pageKey := ""
	for _, k := range []string{"$skiptoken", "$deltatoken"} {
		if query.Has(k) {
			pageKey = k
		}
	}
	paged := pageKey != ""
	shape := make([]string, len(segs))
	for i, seg := range segs {
		if !isIDSegment(seg) && !strings.ContainsAny(seg, "{}") {
			shape[i] = seg
		}
	}
	method := strings.ToUpper(e.Method)
	key := method + " /" + version + "/" + strings.Join(shape, "/") + " " + strconv.FormatBool(paged)
	g := w.groups[key]
	if g == nil {
		g = &recGroup{method: method, segs: append([]string{version}, shape...), first: append([]string{version}, segs...), paged: paged, pageKey: pageKey, name: scenarioName(e.Method, shape)}
		g.ids = make([]map[string]bool, len(g.segs))
		w.groups[key] = g
		w.order = append(w.order, g)
	}
	for i, seg := range segs {
		if shape[i] == "" {
			if g.ids[i+1] == nil {
				g.ids[i+1] = map[string]bool{}
			}
			g.ids[i+1][seg] = true
		}
	}
	g.auth = g.auth || e.HadAuth
	g.body = g.body || (len(e.RequestBody) > 0 && json.Valid(e.RequestBody))
	resp, rkey, err := w.response(e, g.name)
	if err != nil {
		return err
	}
	g.resps = append(g.resps, resp)
	g.keys = append(g.keys, rkey)
	return nil
}

// keptHeaders are the response headers a scenario keeps: the others are
// Graph's per-call ones (request-id, dates) or carry nothing a client
// reads.
var keptHeaders = []string{"Content-Type", "Retry-After", "Location", "Preference-Applied", "OData-Version"}

// response is a call's answer as a scenario's response, its body in a
// body file, and a key that tells different answers apart.
func (w *recWriter) response(e *record.Exchange, name string) (mockserver.Response, string, error) {
	r := mockserver.Response{Status: e.Status}
	for _, k := range e.Dropped {
		w.scrub.DropHeader(k) // counted
	}
	for k := range e.RequestHeader {
		w.scrub.DropHeader(k) // counted when it carries credentials
	}
	for k := range e.ResponseHeader {
		w.scrub.DropHeader(k)
	}
	for _, k := range keptHeaders {
		v := e.ResponseHeader.Get(k)
		if v == "" || (k == "Content-Type" && len(e.ResponseBody) == 0) {
			continue
		}
		if k == "Location" {
			v = w.rebase(w.scrub.URL(v))
		}
		if r.Headers == nil {
			r.Headers = map[string]string{}
		}
		r.Headers[k] = v
	}
	body := e.ResponseBody
	ext := ".json"
	if len(body) > 0 && e.Status != http.StatusNoContent && e.Status != http.StatusNotModified {
		if out, ok := w.scrub.JSON(body, w.rebase); ok {
			body = out
		} else if utf8.Valid(body) && isText(e.ResponseHeader.Get("Content-Type")) {
			body, ext = []byte(w.scrub.String(string(body))), ".txt"
		} else {
			w.sum.Skipped["binary response body (the status and headers are kept)"]++
			body = nil
		}
	} else {
		body = nil
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\n", r.Status)
	for _, k := range slices.Sorted(maps.Keys(r.Headers)) {
		fmt.Fprintf(h, "%s: %s\n", k, r.Headers[k])
	}
	h.Write(body)
	sum := hex.EncodeToString(h.Sum(nil))
	if body != nil {
		bh := sha256.Sum256(body)
		file := path.Join(bodyFolder, name+"-"+hex.EncodeToString(bh[:])[:10]+ext)
		if !w.written[file] {
			if err := os.WriteFile(filepath.Join(w.dir, filepath.FromSlash(file)), body, 0o644); err != nil {
				return r, "", err
			}
			w.written[file] = true
		}
		r.BodyFile = file
	}
	return r, sum, nil
}

func isText(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.Contains(contentType, "json") || strings.Contains(contentType, "xml")
}

// rebase points a URL on a taken host at opts.Base.
func (w *recWriter) rebase(v string) string {
	if w.opts.Base == "" {
		return v
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return v
	}
	if !w.opts.AnyHost && !w.onHost(u) {
		return v
	}
	_, rest, _ := strings.Cut(v[strings.Index(v, "://")+3:], "/")
	return strings.TrimSuffix(w.opts.Base, "/") + "/" + rest
}

// scenarioName names a call from its method and the names in its path:
// get-chats-members.
func scenarioName(method string, shape []string) string {
	parts := []string{strings.ToLower(method)}
	for _, s := range shape {
		s = strings.TrimPrefix(s, "microsoft.graph.")
		s = strings.TrimSuffix(s, "()")
		s = strings.ToLower(strings.TrimPrefix(s, "$"))
		s = nonName.ReplaceAllString(s, "-")
		if s = strings.Trim(s, "-"); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "-")
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// scenarios makes one scenario of each recGroup, in the order the groups
// were first called.
func (w *recWriter) scenarios() []mockserver.Scenario {
	used := map[string]int{}
	// Shapes with a variable: a scenario without one of the same method
	// and length is tried first.
	var out []mockserver.Scenario
	variable := map[string]bool{}
	templates := make([]string, len(w.order))
	for i, g := range w.order {
		segs := slices.Clone(g.segs)
		names := map[string]int{}
		vars := 0
		for j, seg := range segs {
			if seg != "" {
				continue
			}
			if len(g.ids[j]) == 1 {
				segs[j] = g.first[j]
				continue
			}
			vars++
			name := "id"
			if j > 0 && g.segs[j-1] != "" {
				name = nonName.ReplaceAllString(strings.ToLower(strings.TrimPrefix(g.segs[j-1], "microsoft.graph.")), "") + "Id"
			}
			names[name]++
			if names[name] > 1 {
				name += strconv.Itoa(names[name])
			}
			segs[j] = "{" + name + "}"
		}
		templates[i] = "/" + strings.Join(segs, "/")
		if vars > 0 {
			variable[g.method+strconv.Itoa(len(segs))] = true
		}
	}
	for i, g := range w.order {
		used[g.name]++
		name := g.name
		if used[g.name] > 1 {
			name += "-" + strconv.Itoa(used[g.name])
		}
		sc := mockserver.Scenario{Name: name, Request: mockserver.Request{Method: g.method, Path: templates[i]}}
		if !strings.Contains(templates[i], "{") && variable[g.method+strconv.Itoa(len(g.segs))] {
			sc.Priority = 1
		}
		if !g.auth {
			sc.Request.Auth = "none"
		}
		if g.paged {
			sc.Request.Query = map[string]mockserver.Match{g.pageKey: mockserver.Present()}
		} else if pg := w.groups[strings.TrimSuffix(groupKey(g), "false")+"true"]; pg != nil {
			sc.Request.Query = map[string]mockserver.Match{pg.pageKey: mockserver.Absent()}
		}
		if g.body && (g.method == http.MethodPost || g.method == http.MethodPatch || g.method == http.MethodPut) {
			if _, err := w.opts.Catalog.RequestBody(g.method, templates[i], graphmeta.Auto, false); err == nil {
				sc.Request.BodyType = graphmeta.Auto
			}
		}
		if allSame(g.keys) {
			sc.Response = g.resps[0]
		} else {
			sc.Responses = g.resps
		}
		sc.Times = mockserver.Exactly(len(g.resps))
		out = append(out, sc)
	}
	return out
}

func groupKey(g *recGroup) string {
	return g.method + " /" + strings.Join(g.segs, "/") + " " + strconv.FormatBool(g.paged)
}

func allSame(keys []string) bool {
	for _, k := range keys {
		if k != keys[0] {
			return false
		}
	}
	return true
}
