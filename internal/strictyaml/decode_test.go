package strictyaml

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

type doc struct {
	Name  string            `yaml:"name"`
	Count int               `yaml:"count"`
	Tags  []string          `yaml:"tags"`
	Meta  map[string]string `yaml:"meta"`
	Body  any               `yaml:"body"`
	Wait  *wait             `yaml:"wait"`
}

type wait struct{ d time.Duration }

func decode(t *testing.T, src string) (doc, *Decoder) {
	t.Helper()
	n, perr := ParseDocument([]byte(src))
	if perr != nil {
		t.Fatalf("ParseDocument: %v", perr)
	}
	d := NewDecoder()
	Register(d, func(d *Decoder, n *yaml.Node, v *wait, at Path) {
		dur, err := time.ParseDuration(n.Value)
		if err != nil {
			d.Errorf(n, at, "want a duration")
			return
		}
		v.d = dur
	})
	var out doc
	d.Decode(n, reflect.ValueOf(&out).Elem(), Path{})
	return out, d
}

func TestDecodeReportsEveryProblemWithItsPosition(t *testing.T) {
	_, d := decode(t, "name: [x]\ncount: many\nstatus: 1\ntags: {a: b}\nwait: soon\n")
	var got []string
	for _, e := range d.Errors() {
		got = append(got, e.Error())
	}
	want := []string{
		`1:7: name: want a string, got a list`,
		`2:8: count: want an integer, got "many"`,
		`3:1: unknown field "status"`,
		`4:7: tags: want a list, got a mapping`,
		`5:7: wait: want a duration`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDecodeUsesHooksAndMerges(t *testing.T) {
	out, d := decode(t, "base: &b {x: '1', y: '2'}\nname: n\nmeta:\n  <<: *b\n  y: own\nwait: 2s\nbody: {date: 2026-11-27, n: 1.50}\n")
	for _, e := range d.Errors() {
		if !strings.Contains(e.Error(), `unknown field "base"`) {
			t.Errorf("unexpected error %v", e)
		}
	}
	if out.Meta["x"] != "1" || out.Meta["y"] != "own" {
		t.Errorf("meta = %v, want the merged x and the written y", out.Meta)
	}
	if out.Wait == nil || out.Wait.d != 2*time.Second {
		t.Errorf("wait = %v, want 2s from the hook", out.Wait)
	}
	body := out.Body.(map[string]any)
	if body["date"] != "2026-11-27" || body["n"] != any(json.Number("1.50")) {
		t.Errorf("body = %#v, want scalars kept as written", body)
	}
	if n, ok := d.Node(ParsePath("meta.y")); !ok || n.Line != 5 {
		t.Errorf("Node(meta.y) = %v, %v; want line 5", n, ok)
	}
	if n, ok := d.Node(ParsePath("wait.missing")); !ok || n.Line != 6 {
		t.Errorf("Node(wait.missing) should fall back to wait on line 6, got %v, %v", n, ok)
	}
}

func TestDecodeStopsAliasAndMergeBombs(t *testing.T) {
	var merge strings.Builder
	merge.WriteString("a0: &a0 {k: v}\n")
	for i := 1; i <= 40; i++ {
		merge.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " {<<: [*a" + itoa(i-1) + ", *a" + itoa(i-1) + "]}\n")
	}
	merge.WriteString("meta: *a40\n")
	var alias strings.Builder
	alias.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		alias.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [*a" + itoa(i-1) + ", *a" + itoa(i-1) + ", *a" + itoa(i-1) + ", *a" + itoa(i-1) + ", *a" + itoa(i-1) + ", *a" + itoa(i-1) + ", *a" + itoa(i-1) + ", *a" + itoa(i-1) + ", *a" + itoa(i-1) + ", *a" + itoa(i-1) + "]\n")
	}
	alias.WriteString("body: *a9\n")
	for name, src := range map[string]string{"merge keys": merge.String(), "aliases": alias.String()} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			n, perr := ParseDocument([]byte(src))
			if perr != nil {
				t.Fatal(perr)
			}
			d := NewDecoder()
			var out struct {
				Meta map[string]string `yaml:"meta"`
				Body any               `yaml:"body"`
				Rest map[string]any    `yaml:"-"`
			}
			d.Decode(n, reflect.ValueOf(&out).Elem(), Path{})
			found := false
			for _, e := range d.Errors() {
				found = found || errors.Is(e, ErrTooManyNodes)
			}
			if !found {
				t.Errorf("no ErrTooManyNodes among %v", d.Errors())
			}
			if el := time.Since(start); el > 20*time.Second {
				t.Errorf("decoding took %v", el)
			}
		})
	}
}

func TestParseDocument(t *testing.T) {
	if _, err := ParseDocument(nil); err == nil || !errors.Is(err, ErrEmpty) {
		t.Errorf("ParseDocument(empty) = %v, want ErrEmpty", err)
	}
	if _, err := ParseDocument([]byte("a: 1\n---\nb: 2\n")); err == nil || err.Line != 2 {
		t.Errorf("two documents: %v, want an error on line 2, where the second starts", err)
	}
	if _, err := ParseDocument([]byte("a: [1, 2\nb: 3\n")); err == nil || err.Line == 0 || !strings.Contains(err.Error(), "YAML syntax") {
		t.Errorf("broken flow list: %v, want a YAML syntax error with a line", err)
	}
}

// TestParseDocumentFastAndFallback checks that documents the fast reader
// takes parse into the top node yaml.v3 gives, comments aside, and that
// the ones it declines still parse, or fail, with yaml.v3.
func TestParseDocumentFastAndFallback(t *testing.T) {
	for _, src := range []string{
		"version: 1\nscenarios:\n  - name: a # trailing\n    request: {method: GET, path: /v1.0/me}\n    response: {status: 200, body: {id: x1}}\n",
		"a: |\n  block\nb: &x 1\nc: *x\n",
	} {
		got, perr := ParseDocument([]byte(src))
		if perr != nil {
			t.Fatalf("%q: %v", src, perr)
		}
		var want yaml.Node
		if err := yaml.Unmarshal([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		clearComments(got)
		clearComments(&want)
		if !reflect.DeepEqual(got, want.Content[0]) {
			t.Errorf("%q: ParseDocument's node differs from yaml.v3's", src)
		}
	}
	if _, err := ParseDocument([]byte("a: 1\n  b: 2\n")); err == nil || err.Line != 2 {
		t.Errorf("a stray indented line: %v, want yaml.v3's error on line 2", err)
	}
}

// clearComments empties the comments of n and of every node under it.
func clearComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		clearComments(c)
	}
}

func TestPathRoundTrips(t *testing.T) {
	p := Path{}.Key("scenarios").Index(3).Key("request").Key("headers").Key("X-Probe")
	if got := p.String(); got != "scenarios[3].request.headers.X-Probe" {
		t.Fatalf("String() = %q", got)
	}
	if got := ParsePath(p.String()); !reflect.DeepEqual(got, p) {
		t.Errorf("ParsePath(%q) = %#v, want %#v", p, got, p)
	}
	if i, ok := p.IndexAt(1); !ok || i != 3 {
		t.Errorf("IndexAt(1) = %d, %v", i, ok)
	}
	if got := p.From(2).String(); got != "request.headers.X-Probe" {
		t.Errorf("From(2) = %q", got)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestRecordOnDemandAnswersAsRecordingEverything compares, for every path
// of a document with merges, a duplicate, an unknown field and values of
// the wrong kind, what a decoder recording on demand answers with what one
// recording everything answers.
func TestRecordOnDemandAnswersAsRecordingEverything(t *testing.T) {
	src := "base: &b {x: '1', y: '2'}\nname: n\ncount: [1]\ntags: [a, b]\nmeta:\n  <<: *b\n  y: own\n  y: again\nwait: 2s\nbody: {k: {deep: 1}}\n"
	eager, perr := ParseDocument([]byte(src))
	if perr != nil {
		t.Fatal(perr)
	}
	lazy, _ := ParseDocument([]byte(src))
	de, dl := NewDecoder(), NewDecoder()
	dl.RecordOnDemand()
	var oe, ol doc
	de.Decode(eager, reflect.ValueOf(&oe).Elem(), Path{})
	dl.Decode(lazy, reflect.ValueOf(&ol).Elem(), Path{})
	if len(de.Errors()) != len(dl.Errors()) || len(de.Errors()) == 0 {
		t.Fatalf("errors: %d recording everything, %d on demand; want the same, and some", len(de.Errors()), len(dl.Errors()))
	}
	paths := []string{"", "name", "count", "count[0]", "tags", "tags[1]", "tags[5]", "meta", "meta.x", "meta.y", "meta.z", "wait", "wait.x", "body", "body.k", "body.k.deep", "base", "base.x", "nothing.at.all"}
	for _, p := range paths {
		at := ParsePath(p)
		ne, oke := de.Node(at)
		nl, okl := dl.Node(at)
		if oke != okl || (oke && (ne.Line != nl.Line || ne.Column != nl.Column)) {
			t.Errorf("Node(%q): %v %v recording everything, %v %v on demand", p, ne, oke, nl, okl)
		}
		if de.Has(at) != dl.Has(at) {
			t.Errorf("Has(%q): %v recording everything, %v on demand", p, de.Has(at), dl.Has(at))
		}
	}
	if n, ok := dl.Node(ParsePath("meta.y")); !ok || n.Line != 7 {
		t.Errorf("Node(meta.y) on demand = %v, %v; want line 7, the written y", n, ok)
	}
}

// TestDecoderPathsAreValues checks that the paths a decoder makes from
// its shared blocks of elements keep their own elements: siblings made
// one after another, across more than a block, and paths made from them
// with Key, are each what they were made as.
func TestDecoderPathsAreValues(t *testing.T) {
	d := NewDecoder()
	parent := d.child(Path{}, elemKey("scenarios"))
	var made []Path
	for i := range 3 * pathBlock {
		item := d.child(parent, elem{index: i})
		made = append(made, d.child(item, elemKey("name")), item.Key("request"))
	}
	for i := range 3 * pathBlock {
		if got, want := made[2*i].String(), "scenarios["+strconv.Itoa(i)+"].name"; got != want {
			t.Fatalf("path %d is %q, want %q", 2*i, got, want)
		}
		if got, want := made[2*i+1].String(), "scenarios["+strconv.Itoa(i)+"].request"; got != want {
			t.Fatalf("path %d is %q, want %q", 2*i+1, got, want)
		}
	}
	if parent.String() != "scenarios" {
		t.Errorf("the parent became %q", parent)
	}
}

// TestPairsInPlaceAgreeWithPairs checks that the pairs a mapping is
// decoded through are those Pairs returns, for mappings read in place
// and mappings that need Pairs (merges, duplicates, many keys).
func TestPairsInPlaceAgreeWithPairs(t *testing.T) {
	var many strings.Builder
	many.WriteString("{")
	for i := range pairsScanMax + 3 {
		many.WriteString("k" + strconv.Itoa(i) + ": v, ")
	}
	many.WriteString("last: v}")
	for _, src := range []string{"{a: 1, b: 2}", "{}", "{a: 1, a: 2, b: 3}", "base: &b {x: 1}\nm: {<<: *b, y: 2}", "{[a]: 1, b: 2}", many.String()} {
		n, perr := ParseDocument([]byte(src))
		if perr != nil {
			t.Fatal(perr)
		}
		if n.Kind == yaml.MappingNode && len(n.Content) == 4 && n.Content[2].Value == "m" {
			n = n.Content[3]
		}
		var got, want []string
		dp := NewDecoder()
		for k, v := range dp.pairs(n, Path{}) {
			got = append(got, k.Value+"="+v.Value)
		}
		dw := NewDecoder()
		for _, kv := range dw.Pairs(n, Path{}) {
			want = append(want, kv[0].Value+"="+kv[1].Value)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") || len(dp.Errors()) != len(dw.Errors()) {
			t.Errorf("%s: pairs %v (%d errors), Pairs %v (%d errors)", src, got, len(dp.Errors()), want, len(dw.Errors()))
		}
	}
}

// TestRecordOnDemandReportsAsRecordingEverything checks that a decoder
// recording on demand, which makes the paths of leaf values only for
// their problems, reports every problem as one recording everything.
func TestRecordOnDemandReportsAsRecordingEverything(t *testing.T) {
	type items struct {
		Items []doc `yaml:"items"`
	}
	src := "items:\n  - name: ok\n    count: 1.5\n    tags: [a, [b]]\n    meta: {x: {y: z}, w: v}\n    body: {[k]: 1}\n  - name: [n]\n    count: 2\n    body: {a: [1, {b: c}]}\n    wait: soon\n"
	var reports [2][]string
	for i, onDemand := range []bool{false, true} {
		n, perr := ParseDocument([]byte(src))
		if perr != nil {
			t.Fatal(perr)
		}
		d := NewDecoder()
		Register(d, func(d *Decoder, n *yaml.Node, v *wait, at Path) {
			if _, err := time.ParseDuration(n.Value); err != nil {
				d.Errorf(n, at, "want a duration")
			}
		})
		if onDemand {
			d.RecordOnDemand()
		}
		var out items
		d.Decode(n, reflect.ValueOf(&out).Elem(), Path{})
		for _, e := range d.Errors() {
			reports[i] = append(reports[i], e.Error())
		}
	}
	want := []string{
		`3:12: items[0].count: want an integer, got "1.5"`,
		`4:15: items[0].tags[1]: want a string, got a list`,
		`5:15: items[0].meta.x: want a string, got a mapping`,
		`6:11: items[0].body: line 6: JSON object keys must be strings`,
		`7:11: items[1].name: want a string, got a list`,
		`10:11: items[1].wait: want a duration`,
	}
	for i, what := range []string{"recording everything", "recording on demand"} {
		if got := strings.Join(reports[i], "\n"); got != strings.Join(want, "\n") {
			t.Errorf("%s:\n%s\nwant:\n%s", what, got, strings.Join(want, "\n"))
		}
	}
}

// TestRegisterAfterDecode checks that a hook registered once a decoder
// has decoded values of its type decodes the next ones: the decoder's
// knowledge of a type is not kept past a Register.
func TestRegisterAfterDecode(t *testing.T) {
	n, perr := ParseDocument([]byte("name: a\ntags: [x, y]\n"))
	if perr != nil {
		t.Fatal(perr)
	}
	d := NewDecoder()
	var before doc
	d.Decode(n, reflect.ValueOf(&before).Elem(), Path{})
	if len(d.Errors()) != 0 || !reflect.DeepEqual(before.Tags, []string{"x", "y"}) {
		t.Fatalf("without a hook: %+v, %v", before, d.Errors())
	}
	Register(d, func(d *Decoder, n *yaml.Node, v *string, at Path) { *v = "hooked " + n.Value })
	var after doc
	d.Decode(n, reflect.ValueOf(&after).Elem(), Path{})
	if after.Name != "hooked a" || !reflect.DeepEqual(after.Tags, []string{"hooked x", "hooked y"}) {
		t.Errorf("with a hook on string: %+v", after)
	}
}
