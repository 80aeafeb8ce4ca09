package mockserver

import "testing"

// What an unmatched call says about Graph's path is the same whether it
// was looked up now or remembered from an earlier call.
func TestRememberedGraphPathsAnswerAsALookupDoes(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cat := set.catalog
	paths := []string{
		"/v1.0/itemz/item-3",             // unknown first segment
		"/v1.0/users/u1/messagez",        // unknown later segment
		"/v1.0/users/u1/memberOf",        // Graph has it: a collection
		"/v1.0/me",                       // Graph has it: a single entity
		"/v9.9/users",                    // no metadata for the version
		"/beta/chats/c1/installedApps/a", // Graph has it in beta
	}
	remembered := newGraphPaths()
	for round := 0; round < 2; round++ {
		for _, p := range paths {
			want := (*graphPaths)(nil).lookup(cat, p)
			if got := remembered.lookup(cat, p); got != want {
				t.Errorf("round %d: %s: remembered %+v, looked up %+v", round, p, got, want)
			}
		}
	}
	if n := remembered.facts.Len(); n != len(paths) {
		t.Errorf("remembered %d paths, want %d", n, len(paths))
	}
	if f := remembered.lookup(cat, "/v1.0/itemz/item-3"); !f.unknown || f.segment != "itemz" {
		t.Errorf("/v1.0/itemz/item-3: %+v, want the unknown segment itemz", f)
	}
	if f := remembered.lookup(cat, "/v1.0/users/u1/memberOf"); !f.has || f.what == "" {
		t.Errorf("/v1.0/users/u1/memberOf: %+v, want a path Graph has, with its type", f)
	}
}
