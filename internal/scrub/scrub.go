// Package scrub replaces the personal data in recorded Microsoft Graph
// traffic with consistent pseudonyms, so that a recording can be
// committed.
//
// A Scrubber replaces tenant ids and object ids (GUIDs), mail addresses
// and user principal names, and the values of Graph's personal properties
// (names, phone numbers, postal addresses, free text such as a message's
// body.content; see [PersonalProperties]) wherever they appear: in JSON
// bodies, inside ids such as a chat's 19:{a}_{b}@unq.gbl.spaces, in URLs
// and their query strings (percent-encoded or not). The same real value
// always gets the same pseudonym, derived from a seed with HMAC-SHA256,
// so the recording still hangs together: the id a POST returned is the id
// the next GET uses. Credentials (Authorization, cookies, tokens in JSON)
// are dropped, never replaced. A [Report] says what was replaced, by kind
// and count, and what looked personal but was left, without any real
// value.
//
// A value of a personal property is recognised wherever else it appears
// only once the scrubber has seen it there: feed every body to Learn
// before scrubbing the first.
package scrub

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// A Kind is a kind of personal value.
type Kind string

// The kinds of value a Scrubber replaces. Name to Address are the kinds
// personal.txt gives properties.
const (
	Name     Kind = "name"
	Mail     Kind = "mail"
	Phone    Kind = "phone"
	Text     Kind = "text"
	Secret   Kind = "secret"
	Address  Kind = "address"
	Tenant   Kind = "tenant id"
	ObjectID Kind = "object id"
	Opaque   Kind = "opaque id"
	Token    Kind = "paging token"
)

var kindNames = map[Kind]bool{Name: true, Mail: true, Phone: true, Text: true, Secret: true, Address: true}

// minLearned is the shortest value of a personal property that is looked
// for elsewhere: shorter ones ("Al", "12") would be found inside unrelated
// text.
const minLearned = 4

var (
	guidRE = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	mailRE = regexp.MustCompile(`[A-Za-z0-9._%+#'!-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// opaqueRE is an id Graph makes of base64, such as an Outlook item's
	// AAMkAGI2…: it may encode a mailbox's GUID.
	opaqueRE = regexp.MustCompile(`^[A-Za-z0-9+/=_-]{32,}$`)
	phoneRE  = regexp.MustCompile(`^\+?[0-9][0-9 ().-]{6,}[0-9]$`)
)

// teamsDomains are the address-like suffixes of Teams' own ids, such as a
// one-on-one chat's 19:{a}_{b}@unq.gbl.spaces and a group chat's
// 19:…@thread.v2 (https://learn.microsoft.com/en-us/graph/api/resources/chat):
// not mail addresses. The GUIDs inside them are replaced as GUIDs.
var teamsDomains = []string{"unq.gbl.spaces", "thread.v2", "thread.skype", "thread.tacv2"}

// credentialKeys are JSON properties whose values are credentials, dropped
// whatever their type: OAuth's token response
// (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow)
// and client secrets.
var credentialKeys = map[string]bool{
	"access_token": true, "refresh_token": true, "id_token": true, "client_secret": true,
	"client_assertion": true, "assertion": true,
}

// pagingKeys are query parameters whose values are Graph's opaque paging
// and delta tokens (https://learn.microsoft.com/en-us/graph/paging,
// https://learn.microsoft.com/en-us/graph/delta-query-overview).
var pagingKeys = map[string]bool{"$skiptoken": true, "$deltatoken": true, "%24skiptoken": true, "%24deltatoken": true}

// Dropped is what a dropped credential is replaced with in a JSON body.
const Dropped = "[dropped]"

// A Scrubber replaces personal values. It is safe for concurrent use.
type Scrubber struct {
	key []byte

	mu       sync.Mutex
	learned  map[string]pseudonym // real value of a personal property → its pseudonym
	replacer *strings.Replacer    // of learned, longest first; nil when stale
	mapping  map[string]pseudonym // every real value replaced → its pseudonym
	report   *Report
}

type pseudonym struct {
	kind Kind
	fake string
}

// New returns a Scrubber whose pseudonyms derive from seed: two
// Scrubbers with the same seed give a value the same pseudonym.
func New(seed string) *Scrubber {
	return &Scrubber{key: []byte(seed), learned: map[string]pseudonym{}, mapping: map[string]pseudonym{}, report: newReport()}
}

func (s *Scrubber) sum(kind, v string) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(v))
	return h.Sum(nil)
}

func (s *Scrubber) hexOf(kind, v string, n int) string {
	return hex.EncodeToString(s.sum(kind, v))[:n]
}

// fakeGUID is the pseudonym of a GUID: a version-4 GUID, in the case of
// the real one. GUIDs are compared without case, as Graph compares them.
func (s *Scrubber) fakeGUID(g string) string {
	b := s.sum("guid", strings.ToLower(g))[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	f := h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	if strings.ToLower(g) != g {
		f = strings.ToUpper(f)
	}
	return f
}

// fakeMail is the pseudonym of a mail address or UPN: a local part from
// the whole address and a domain from the domain, under .example
// (reserved by RFC 2606), so that addresses of one domain stay in one.
func (s *Scrubber) fakeMail(m string) string {
	lower := strings.ToLower(m)
	domain := lower[strings.LastIndexByte(lower, '@')+1:]
	return "user-" + s.hexOf("mail", lower, 10) + "@d" + s.hexOf("domain", domain, 8) + ".example"
}

// fake returns the pseudonym of v, a value of kind.
func (s *Scrubber) fake(kind Kind, v string) string {
	switch kind {
	case Tenant, ObjectID:
		return s.fakeGUID(v)
	case Mail:
		return s.fakeMail(v)
	case Phone:
		n := binary.BigEndian.Uint64(s.sum("phone", v)) % 10_000_000
		return fmt.Sprintf("+1 555 %03d %04d", n/10000, n%10000)
	case Name:
		return "Person " + s.hexOf("name", v, 8)
	case Address:
		return "Address " + s.hexOf("address", v, 8)
	case Opaque:
		return "opaque" + s.hexOf("opaque", v, 26)
	case Token:
		return "token" + s.hexOf("token", v, 24)
	case Secret:
		return Dropped
	default:
		return "Text " + s.hexOf("text", v, 12)
	}
}

// isMail reports whether m, matched by mailRE, is a mail address rather
// than a Teams id or a pseudonym.
func isMail(m string) bool {
	domain := strings.ToLower(m[strings.LastIndexByte(m, '@')+1:])
	return !slices.Contains(teamsDomains, domain) && !strings.HasSuffix(domain, ".example")
}

// replace records that real is replaced by its pseudonym of kind, and
// returns the pseudonym. s.mu is held.
func (s *Scrubber) replace(kind Kind, real string) string {
	key := real
	if kind == Tenant || kind == ObjectID || kind == Mail {
		key = strings.ToLower(real)
	}
	p, ok := s.mapping[key]
	if !ok {
		p = pseudonym{kind, s.fake(kind, real)}
		s.mapping[key] = p
	} else if kind == Tenant && p.kind == ObjectID {
		// A GUID first seen as an object id and then as a tenant id
		// counts as a tenant id.
		s.report.move(ObjectID, Tenant)
		p.kind = Tenant
		s.mapping[key] = p
	}
	if kind == Tenant || kind == ObjectID {
		// The same GUID keeps one pseudonym whichever it is.
		p.fake = s.fakeGUID(real)
	}
	s.report.replaced(p.kind, !ok)
	return p.fake
}

// Learn reads a JSON body for the values of personal properties, so that
// they are replaced wherever else they appear (in URLs, in other bodies).
// A body that is not JSON is ignored.
func (s *Scrubber) Learn(body []byte) {
	doc, ok := decode(body)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.learn(doc, "", "")
}

func (s *Scrubber) learn(v any, parent, key string) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			s.learn(c, key, k)
		}
	case []any:
		for _, c := range x {
			s.learn(c, parent, key)
		}
	case string:
		kind := personalKind(parent, key)
		if kind == "" && isIDKey(key) && opaqueRE.MatchString(x) && !guidRE.MatchString(x) {
			kind = Opaque
		}
		if kind == "" || kind == Secret || utf8.RuneCountInString(strings.TrimSpace(x)) < minLearned {
			return
		}
		if guidRE.FindString(x) == x || (mailRE.FindString(x) == x && isMail(x)) {
			return // replaced wherever it is, without learning
		}
		if _, ok := s.learned[x]; !ok {
			s.learned[x] = pseudonym{kind, s.fake(kind, x)}
			s.replacer = nil
		}
	}
}

// isIDKey reports whether a JSON property holds an id: id, or a name
// ending in Id such as chatId.
func isIDKey(key string) bool {
	return key == "id" || strings.HasSuffix(key, "Id") || strings.HasSuffix(key, "Ids")
}

// isTenantKey reports whether a JSON property or query parameter holds a
// tenant id, such as tenantId in a webUrl's query or a member's tenantId.
func isTenantKey(key string) bool {
	k := strings.ToLower(key)
	return strings.Contains(k, "tenantid") || k == "tid"
}

// decode reads a JSON document, numbers kept as written.
func decode(body []byte) (any, bool) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil || dec.More() {
		return nil, false
	}
	return doc, true
}

// JSON returns body with every personal value replaced, and false when
// body is not JSON (it is then returned unchanged: scrub it as text or
// leave it out). rebase, when not nil, rewrites the URLs of
// @odata.nextLink and @odata.deltaLink once scrubbed.
func (s *Scrubber) JSON(body []byte, rebase func(string) string) ([]byte, bool) {
	doc, ok := decode(body)
	if !ok {
		return body, false
	}
	s.mu.Lock()
	doc = s.value(doc, "", "", rebase)
	s.mu.Unlock()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return body, false
	}
	return buf.Bytes(), true
}

func (s *Scrubber) value(v any, parent, key string, rebase func(string) string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if credentialKeys[k] {
				x[k] = Dropped
				s.report.drop("JSON property " + k)
				continue
			}
			x[k] = s.value(c, key, k, rebase)
		}
	case []any:
		for i := range x {
			x[i] = s.value(x[i], parent, key, rebase)
		}
	case string:
		return s.field(parent, key, x, rebase)
	}
	return v
}

// field scrubs the string value of property key under parent. s.mu is
// held.
func (s *Scrubber) field(parent, key, v string, rebase func(string) string) string {
	if v == "" || key == "@odata.type" {
		return v
	}
	if kind := personalKind(parent, key); kind != "" {
		return s.personal(kind, v)
	}
	switch {
	case key == "@odata.nextLink" || key == "@odata.deltaLink":
		u := s.url(v)
		if rebase != nil {
			u = rebase(u)
		}
		return u
	case isTenantKey(key) && guidRE.FindString(v) == v:
		return s.replace(Tenant, v)
	case isIDKey(key) && opaqueRE.MatchString(v) && !guidRE.MatchString(v):
		return s.replace(Opaque, v)
	}
	out := s.text(v)
	if out == v {
		s.looksPersonal(key, v)
	}
	return out
}

// personal replaces the value of a personal property: a GUID or an
// address as such, anything else by its kind. s.mu is held.
func (s *Scrubber) personal(kind Kind, v string) string {
	switch {
	case strings.TrimSpace(v) == "":
		return v
	case guidRE.FindString(v) == v:
		return s.replace(ObjectID, v)
	case mailRE.FindString(v) == v && isMail(v):
		return s.replace(Mail, v)
	case kind == Secret:
		s.report.drop("JSON property (secret)")
		return Dropped
	}
	return s.replace(kind, v)
}

// String returns v with every personal value in it replaced: an absolute
// URL part by part, else the learned values of personal properties, GUIDs
// and mail addresses.
func (s *Scrubber) String(v string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.text(v)
}

// URL returns the URL (absolute, or a path with a query) with every
// personal value in its path segments, query values and fragment
// replaced, each decoded first so that an encoded address is found, and
// the user information dropped.
func (s *Scrubber) URL(v string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url(v)
}

func (s *Scrubber) text(v string) string {
	if strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") {
		return s.url(v)
	}
	return s.plain(v)
}

// plain scrubs a string that is not a URL: GUIDs and mail addresses
// first, each as a whole, then the learned values of personal properties
// in what lies between them (so that a name inside an address does not
// break the address up). s.mu is held.
func (s *Scrubber) plain(v string) string {
	var b strings.Builder
	last := 0
	for _, m := range idOrMailRE.FindAllStringIndex(v, -1) {
		b.WriteString(s.learnedIn(v[last:m[0]]))
		match := v[m[0]:m[1]]
		switch {
		case len(match) == 36 && guidRE.MatchString(match):
			b.WriteString(s.replace(ObjectID, match))
		case isMail(match):
			b.WriteString(s.replace(Mail, match))
		default: // a Teams id such as 19:{a}_{b}@unq.gbl.spaces
			b.WriteString(s.guidsIn(match))
		}
		last = m[1]
	}
	if last == 0 {
		return s.learnedIn(v)
	}
	b.WriteString(s.learnedIn(v[last:]))
	return b.String()
}

// guidsIn replaces the GUIDs in v, and the learned values between them.
// s.mu is held.
func (s *Scrubber) guidsIn(v string) string {
	var b strings.Builder
	last := 0
	for _, m := range guidRE.FindAllStringIndex(v, -1) {
		b.WriteString(s.learnedIn(v[last:m[0]]))
		b.WriteString(s.replace(ObjectID, v[m[0]:m[1]]))
		last = m[1]
	}
	b.WriteString(s.learnedIn(v[last:]))
	return b.String()
}

// idOrMailRE finds GUIDs and mail addresses.
var idOrMailRE = regexp.MustCompile(guidRE.String() + "|" + mailRE.String())

// learnedIn replaces the learned values of personal properties in v.
// s.mu is held.
func (s *Scrubber) learnedIn(v string) string {
	if len(s.learned) == 0 || v == "" {
		return v
	}
	if s.replacer == nil {
		s.buildReplacer()
	}
	r := s.replacer.Replace(v)
	if r == v {
		return v
	}
	for real, p := range s.learned {
		if n := strings.Count(v, real); n > 0 {
			s.mapping[real] = p
			for range n {
				s.report.replaced(p.kind, false)
			}
		}
	}
	return r
}

// buildReplacer makes the replacer of the learned values, the longest
// first so that "Megan Bowen" wins over "Megan". s.mu is held.
func (s *Scrubber) buildReplacer() {
	reals := make([]string, 0, len(s.learned))
	for r := range s.learned {
		reals = append(reals, r)
	}
	slices.SortFunc(reals, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	pairs := make([]string, 0, 2*len(reals))
	for _, r := range reals {
		pairs = append(pairs, r, s.learned[r].fake)
	}
	s.replacer = strings.NewReplacer(pairs...)
}

// url scrubs a URL. s.mu is held.
func (s *Scrubber) url(v string) string {
	rest, fragment, hasFragment := strings.Cut(v, "#")
	rest, query, hasQuery := strings.Cut(rest, "?")
	prefix := ""
	if i := strings.Index(rest, "://"); i >= 0 {
		authority := rest[i+3:]
		path := ""
		if j := strings.IndexByte(authority, '/'); j >= 0 {
			authority, path = authority[:j], authority[j:]
		}
		if at := strings.LastIndexByte(authority, '@'); at >= 0 {
			authority = authority[at+1:]
			s.report.drop("URL user information")
		}
		prefix, rest = rest[:i+3]+authority, path
	}
	segs := strings.Split(rest, "/")
	for i, seg := range segs {
		dec, err := url.PathUnescape(seg)
		if err != nil {
			segs[i] = s.plain(seg)
			continue
		}
		if odataNameRE.MatchString(dec) {
			continue // v1.0, users, $ref, microsoft.graph.delta(): never a person's, even if a name is spelt so
		}
		if out := s.plain(dec); out != dec {
			segs[i] = escapeSegment(out)
		}
	}
	out := prefix + strings.Join(segs, "/")
	if hasQuery {
		out += "?" + s.query(query)
	}
	if hasFragment {
		out += "#" + s.plain(fragment)
	}
	return out
}

// odataNameRE is a path segment that names what Graph has: an API
// version, an entity set, a property, $ref, an operation without
// arguments. Letters only: an opaque id (base64) has digits.
var odataNameRE = regexp.MustCompile(`^(?:v1\.0|\$?[A-Za-z]+(?:\.[A-Za-z]+)*(?:\(\))?)$`)

// escapeSegment percent-encodes what a path segment cannot hold as is,
// leaving OData's punctuation (: @ ' ( ) $ = ,) readable.
func escapeSegment(seg string) string {
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:@'()$=,!*+&", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// query scrubs a query string parameter by parameter, keeping their
// order. s.mu is held.
func (s *Scrubber) query(q string) string {
	parts := strings.Split(q, "&")
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		dec, err := url.QueryUnescape(v)
		if err != nil {
			parts[i] = k + "=" + s.plain(v)
			continue
		}
		key, _ := url.QueryUnescape(k)
		var out string
		switch {
		case pagingKeys[strings.ToLower(key)]:
			out = s.replace(Token, dec)
		case isTenantKey(key) && guidRE.FindString(dec) == dec:
			out = s.replace(Tenant, dec)
		case credentialKeys[key] || strings.EqualFold(key, "access_token"):
			s.report.drop("query parameter " + key)
			out = Dropped
		default:
			out = s.plain(dec)
		}
		if out != dec {
			v = url.QueryEscape(out)
		}
		parts[i] = k + "=" + v
	}
	return strings.Join(parts, "&")
}

// credentialHeaders are the request and response headers that carry
// credentials: always dropped.
var credentialHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
	"x-ms-token-aad-access-token": true, "x-ms-token-aad-id-token": true, "x-ms-token-aad-refresh-token": true,
}

// DropHeader reports whether a header carries credentials, counting it
// as dropped when it does: Authorization, cookies, and any header whose
// name says token, secret or key.
func (s *Scrubber) DropHeader(name string) bool {
	n := strings.ToLower(name)
	if credentialHeaders[n] || strings.Contains(n, "token") || strings.Contains(n, "secret") || strings.HasSuffix(n, "-key") {
		s.mu.Lock()
		s.report.drop("header " + name)
		s.mu.Unlock()
		return true
	}
	return false
}

// leftKeys are words in property names that suggest a personal value not
// on the list, reported for a person to check.
var leftKeys = []string{"name", "mail", "phone", "address", "street", "city", "title", "note", "description", "location", "department", "company", "birthday", "preview", "summary"}

// looksPersonal reports a value that was left as it is but may be
// personal. s.mu is held.
func (s *Scrubber) looksPersonal(key, v string) {
	if strings.HasPrefix(key, "@") || key == "" || strings.HasSuffix(key, "Type") || strings.HasSuffix(key, "DateTime") {
		return
	}
	lower := strings.ToLower(key)
	for _, w := range leftKeys {
		if strings.Contains(lower, w) {
			s.report.left(fmt.Sprintf("property %q: its name suggests personal data", key))
			return
		}
	}
	if phoneRE.MatchString(v) && strings.ContainsAny(v, " +()") {
		s.report.left(fmt.Sprintf("property %q: looks like a phone number", key))
	}
}

// Report returns what was replaced, dropped and left so far.
func (s *Scrubber) Report() Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.report.clone()
}

// A Mapped is one real value and its pseudonym.
type Mapped struct {
	Kind Kind   `json:"kind"`
	Real string `json:"real"`
	Fake string `json:"fake"`
}

// Mapping returns every value replaced so far with its pseudonym, sorted
// by kind and pseudonym. It is personal data: never write it where the
// recording goes.
func (s *Scrubber) Mapping() []Mapped {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Mapped, 0, len(s.mapping))
	for real, p := range s.mapping {
		out = append(out, Mapped{Kind: p.kind, Real: real, Fake: p.fake})
	}
	slices.SortFunc(out, func(a, b Mapped) int {
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		return strings.Compare(a.Fake, b.Fake)
	})
	return out
}
