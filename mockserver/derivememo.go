package mockserver

import (
	"slices"
	"strings"
	"sync/atomic"

	"github.com/graphmock/graphmock/internal/memo"
)

// Bounds of a response's memo of what it derives per path.
const (
	derivedMemoEntries = 64       // paths remembered per response
	derivedMemoMaxPath = 2048     // longer paths are derived afresh
	derivedMemoMaxBody = 16 << 10 // so are larger bodies
	// derivedMemoBudget bounds the bytes the memos of all the responses
	// compiled together (a scenario set, or the scenarios With added)
	// ever remember: past it, responses derive afresh, as without a memo.
	// Without it, 10,000 scenarios each asked on 64 paths could hold
	// 64 bodies each.
	derivedMemoBudget = 16 << 20
)

// derivedReply is what a static response derived for one path: the body
// with its @odata.context, and every header (the static ones, with the
// body's Content-Length and any Location), sorted. Both are shared by the
// replies that use them and never modified.
type derivedReply struct {
	base   string // the URL the Location starts with; "" when the reply has none
	body   []byte
	fields []headerField
}

// derivedReplies remembers a response's derivedReply per request path.
type derivedReplies struct{ byPath *memo.Memo[*derivedReply] }

// remembers reports whether what c derives depends on nothing but the
// request's path and base URL, and is worth remembering: a static body,
// no templated header, something to derive.
func (c *compiledResponse) remembers() bool {
	d := &c.derived
	return c.derivedBudget != nil && c.bodyTmpl == nil && len(c.headerTmpl) == 0 && c.graphErr == nil &&
		(d.autoContext || d.context != "" || d.location) && len(c.body) <= derivedMemoMaxBody
}

// deriveRemembered does what derive does, recalling the result for a path
// (and base URL) it has derived before: a derived @odata.context, Location
// and Content-Length cost one lookup instead of the string work, and the
// reply shares the remembered body and headers.
func (c *compiledResponse) deriveRemembered(rep *reply, in *incoming, template []string) {
	if !c.remembers() || rep.err != nil || len(rep.extra) > 0 {
		c.derive(rep, in, template)
		return
	}
	m := c.derivedMemo.Load()
	if m == nil {
		m = &derivedReplies{byPath: memo.New[*derivedReply](derivedMemoEntries, derivedMemoMaxPath)}
		if !c.derivedMemo.CompareAndSwap(nil, m) {
			m = c.derivedMemo.Load()
		}
	}
	path := in.path
	if e, ok := m.byPath.Get(path); ok && (e.base == "" || in.reachedBy(e.base)) {
		rep.body, rep.fields = e.body, e.fields
		return
	}
	c.derive(rep, in, template)
	e := &derivedReply{body: rep.body, fields: mergeFields(rep.fields, rep.extra)}
	for _, f := range rep.extra {
		if f.name == "Location" {
			e.base = in.baseURL()
		}
	}
	rep.fields, rep.extra = e.fields, nil
	// The budget counts what is put, never what a full memo forgets: once
	// spent, the responses stop remembering for good.
	if c.derivedBudget.Add(int64(derivedCost(path, e))) <= derivedMemoBudget {
		m.byPath.Put(path, e)
	}
}

// derivedCost is about how many bytes remembering e for path holds.
func derivedCost(path string, e *derivedReply) int {
	n := len(path) + len(e.base) + len(e.body) + 64 // the entry and its map slot
	for _, f := range e.fields {
		n += 40 + len(f.name) // the field and its values' slice; values are mostly shared
		for _, v := range f.values {
			n += len(v)
		}
	}
	return n
}

// mergeFields returns fields with extra set over them, sorted by name.
func mergeFields(fields, extra []headerField) []headerField {
	out := make([]headerField, 0, len(fields)+len(extra))
	for _, f := range fields {
		if !slices.ContainsFunc(extra, func(x headerField) bool { return x.name == f.name }) {
			out = append(out, f)
		}
	}
	out = append(out, extra...)
	slices.SortFunc(out, func(a, b headerField) int { return strings.Compare(a.name, b.name) })
	return out
}

// reachedBy reports whether base is the URL the client put before the
// Graph path, as baseURL returns it, without building that URL.
func (in *incoming) reachedBy(base string) bool {
	if in.route.base != "" {
		return base == in.route.base
	}
	scheme := "http://"
	if in.r.TLS != nil {
		scheme = "https://"
	}
	rest, ok := strings.CutPrefix(base, scheme)
	return ok && rest == in.r.Host
}

// derivedMemoOf is the lazily made memo field of a compiledResponse.
type derivedMemoOf = atomic.Pointer[derivedReplies]
