package schema

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/internal/strictjson"
)

var testFolder = fstest.MapFS{
	"thing.json": {Data: []byte(`{
		"type": "object",
		"properties": {"kind": {"enum": ["group", "direct"]}, "size": {"$ref": "size.json"}},
		"required": ["kind"],
		"additionalProperties": false
	}`)},
	"size.json":    {Data: []byte(`{"type": "integer", "minimum": 0}`)},
	"escape.json":  {Data: []byte(`{"$ref": "../../outside.json"}`)},
	"network.json": {Data: []byte(`{"$ref": "http://example.com/x.json"}`)},
	"broken.json":  {Data: []byte(`{"type": 5}`)},
}

func compile(t *testing.T, name string) *Schema {
	t.Helper()
	s, err := NewCompiler(testFolder, "the test folder").Compile(name)
	if err != nil {
		t.Fatalf("Compile(%s) error = %v", name, err)
	}
	return s
}

func check(s *Schema, body string) Verdict {
	return s.Check([]byte(body), func() (any, error) { return strictjson.Parse([]byte(body)) })
}

func TestCompileFollowsRefsInsideTheFolderOnly(t *testing.T) {
	s := compile(t, "thing.json")
	if got := strings.Join(s.Files, ","); got != "thing.json,size.json" {
		t.Errorf("Files = %s, want thing.json,size.json", got)
	}
	c := NewCompiler(testFolder, "the test folder")
	for name, want := range map[string]string{
		"escape.json":  "outside.json: file does not exist",
		"network.json": "only files beside the scenario file can be referenced",
		"broken.json":  "is not a valid JSON Schema (draft-07)",
		"missing.json": "file does not exist (paths are relative to the test folder)",
		"/abs.json":    "absolute paths are not allowed",
	} {
		if _, err := c.Compile(name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Compile(%s) error = %v, want one containing %q", name, err, want)
		}
	}
	if again, _ := c.Compile("thing.json"); again == nil {
		t.Fatal("Compile(thing.json) failed the second time")
	} else if third, _ := c.Compile("./thing.json"); third != again {
		t.Error("the same file was compiled twice")
	}
}

func TestCheckNamesEveryViolationByPointer(t *testing.T) {
	s := compile(t, "thing.json")
	v := check(s, `{"kind": "other", "size": -1, "colour": "red"}`)
	var got []string
	for _, vi := range v.Violations {
		got = append(got, vi.Field+" "+vi.Code)
	}
	want := "/colour unknownProperty,/kind invalidEnumMember,/size numberGte"
	if strings.Join(got, ",") != want {
		t.Errorf("violations = %v, want %s", got, want)
	}
	if v := check(s, `{"kind":`); v.Syntax == nil {
		t.Error("a truncated body has no syntax error")
	}
	if v := check(s, `{"kind": "group"}`); v.Syntax != nil || len(v.Violations) > 0 {
		t.Errorf("a valid body got %+v", v)
	}
}

// TestVerdictMemoGivesTheSameVerdict: a body seen twice is remembered,
// and the remembered verdict is the one first given.
func TestVerdictMemoGivesTheSameVerdict(t *testing.T) {
	s := compile(t, "thing.json")
	for _, body := range []string{`{"kind":"group"}`, `{"kind":"direct","size":"x"}`, `{"kind":`} {
		fresh := check(s, body)
		if second := check(s, body); fmt.Sprint(second) != fmt.Sprint(fresh) {
			t.Errorf("%s: first verdict %+v, second %+v", body, fresh, second)
		}
		parsed := false
		again := s.Check([]byte(body), func() (any, error) { parsed = true; return nil, nil })
		if parsed {
			t.Errorf("%s: parsed again instead of remembered", body)
		}
		if fmt.Sprint(fresh) != fmt.Sprint(again) {
			t.Errorf("%s: first verdict %+v, remembered %+v", body, fresh, again)
		}
	}
}

// TestABodySeenOnceIsNotRemembered: only a body's second sighting puts it
// in the memo. The body that comes back is the last one checked, so no
// other body can have taken its sighting slot in between (sightings are
// one hash per slot, and a collision may forget an older body).
func TestABodySeenOnceIsNotRemembered(t *testing.T) {
	s := compile(t, "thing.json")
	for i := range 100 {
		check(s, fmt.Sprintf(`{"kind":"group","size":%d}`, i))
	}
	if n := s.verdicts.Len(); n != 0 {
		t.Errorf("%d verdicts remembered for bodies seen once, want none", n)
	}
	check(s, `{"kind":"group","size":99}`)
	if n := s.verdicts.Len(); n != 1 {
		t.Errorf("%d verdicts remembered after a body came back, want 1", n)
	}
}

func TestCheckFirstListsTheFirstAndCountsAll(t *testing.T) {
	s := compile(t, "thing.json")
	body := []byte(`{"kind": "other", "size": -1, "colour": "red"}`)
	parse := func() (any, error) { return strictjson.Parse(body) }
	for range 3 { // the third call may be answered from memory
		if v := s.CheckFirst(body, parse, 2); len(v.Violations) != 2 || v.Total != 3 || v.Violations[0].Field != "/colour" || v.Violations[1].Field != "/kind" {
			t.Fatalf("CheckFirst(3 violations, 2) = %+v, want /colour and /kind of 3", v)
		}
	}
	for range 3 {
		if v := s.Check(body, parse); len(v.Violations) != 3 || v.Total != 3 {
			t.Fatalf("Check() = %+v, want all 3 violations", v)
		}
		if v := s.CheckFirst(body, parse, 1); len(v.Violations) != 1 || v.Total != 3 {
			t.Fatalf("CheckFirst(3 violations, 1) after Check = %+v, want the first of 3", v)
		}
	}
}
