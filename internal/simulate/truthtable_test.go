package simulate

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/queryrules"
)

var update = flag.Bool("update", false, "rewrite testdata/directory-filter-truth-table.txt with what the simulation answers")

// truthFilter writes a $filter that uses property with operator, as a
// client would: through a lambda when the property's first segment is a
// collection of typ. It returns "" where the operator does not apply.
func truthFilter(typ *csdl.StructuredType, property, op string) string {
	segs := strings.Split(property, "/")
	coll := false
	if p := typ.Property(segs[0]); p != nil {
		coll = p.Type.Collection
	} else if n := typ.NavigationProperty(segs[0]); n != nil {
		coll = n.Type.Collection
	}
	target := property // what the operator reads
	wrap := func(body string) string { return body }
	if coll {
		target = "v"
		if len(segs) > 1 {
			target = "v/" + strings.Join(segs[1:], "/")
		}
		wrap = func(body string) string { return segs[0] + "/any(v:" + body + ")" }
	}
	switch op {
	case "eq", "ne", "lt", "le", "gt", "ge":
		return wrap(target + " " + op + " 'x'")
	case "in":
		return wrap(target + " in ('x')")
	case "not":
		if coll {
			return "not(" + wrap(target+" eq 'x'") + ")"
		}
		return "not(" + target + " eq 'x')"
	case "startsWith", "endsWith", "contains":
		return wrap(strings.ToLower(op) + "(" + target + ",'x')")
	case "null":
		return wrap(target + " eq null")
	case "any":
		if coll {
			return segs[0] + "/any()"
		}
	case "all":
		if coll {
			return segs[0] + "/all(v:" + target + " eq 'x')"
		}
	case "count":
		if coll {
			return segs[0] + "/$count eq 0"
		}
	}
	return ""
}

// TestDirectoryTruthTable checks every property × operator cell of
// Microsoft's per-property tables (internal/queryrules/queryrules.yaml,
// from https://learn.microsoft.com/en-us/graph/aad-advanced-queries)
// against what the simulation answers without the advanced query
// parameters, with the header alone, and with both; the golden file
// records the table and Graph's exact error texts.
func TestDirectoryTruthTable(t *testing.T) {
	sim := seededUsers(t, 1)
	model := graphmeta.Embedded()
	ver, err := model.Version("v1.0")
	if err != nil {
		t.Fatal(err)
	}
	rules := queryrules.Default()
	var table strings.Builder
	legend := map[string]int{}
	var texts []string
	outcome := func(a answer) string {
		if a.status == 200 {
			return "200"
		}
		text := fmt.Sprintf("%d %s: %s", a.status, a.body["code"], a.body["message"])
		n, ok := legend[text]
		if !ok {
			n = len(texts) + 1
			legend[text] = n
			texts = append(texts, text)
		}
		return fmt.Sprintf("[%d]", n)
	}
	cells := 0
	for _, coll := range []string{"users", "groups"} {
		res, _ := rules.For(coll)
		typ := ver.Model.Type("microsoft.graph." + strings.ToLower(res.Name))
		if typ == nil {
			t.Fatalf("no type for %s", res.Name)
		}
		for _, prop := range res.Properties() {
			for _, op := range rules.Operators() {
				f := truthFilter(typ, prop, op)
				if f == "" {
					continue
				}
				cells++
				key := prop
				if op == "any" || op == "all" || op == "count" {
					key = strings.Split(prop, "/")[0]
				}
				want, _ := res.Filter(key, op)
				path := "/v1.0/" + coll + "?$filter=" + url.QueryEscape(f)
				none := get(t, sim, path)
				header := get(t, sim, path, eventual...)
				adv := get(t, sim, path+"&$count=true", eventual...)
				ok := func(a answer) bool { return a.status == 200 }
				switch want {
				case queryrules.ByDefault:
					if !ok(none) || !ok(header) || !ok(adv) {
						t.Errorf("%s %s %s: the table says default; answers %d %d %d (%s)", res.Name, prop, op, none.status, header.status, adv.status, f)
					}
				case queryrules.Advanced:
					if ok(none) || ok(header) || !ok(adv) {
						t.Errorf("%s %s %s: the table says advanced; answers %d %d %d (%s)", res.Name, prop, op, none.status, header.status, adv.status, f)
					}
				default:
					if ok(none) || ok(header) || ok(adv) {
						t.Errorf("%s %s %s: the table says not supported; answers %d %d %d (%s)", res.Name, prop, op, none.status, header.status, adv.status, f)
					}
				}
				fmt.Fprintf(&table, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", res.Name, prop, op, want, outcome(none), outcome(adv), f)
			}
		}
	}
	if cells < 300 {
		t.Errorf("only %d cells checked", cells)
	}
	var out strings.Builder
	out.WriteString("# The directory's $filter rules as the simulation answers them, cell by cell,\n")
	out.WriteString("# from Microsoft's per-property tables (https://learn.microsoft.com/en-us/graph/aad-advanced-queries).\n")
	out.WriteString("# Columns: resource, property, operator, the table's support, the answer without\n")
	out.WriteString("# ConsistencyLevel and $count, the answer with ConsistencyLevel: eventual and $count=true,\n")
	out.WriteString("# and the filter sent. [n] is error n below. Regenerate: go test ./internal/simulate -run TruthTable -update\n#\n")
	for i, text := range texts {
		fmt.Fprintf(&out, "# [%d] %s\n", i+1, text)
	}
	out.WriteString(table.String())
	golden := filepath.Join("testdata", "directory-filter-truth-table.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if string(want) != out.String() {
		t.Errorf("%s differs from what the simulation answers; run with -update and review the diff", golden)
	}
}
