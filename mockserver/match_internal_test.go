package mockserver

import "testing"

func TestCanonicalPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/beta/chats/x/chat/$ref", "/beta/chats/x/chat/$ref"},
		{"/beta/chats/x/chat/%24ref", "/beta/chats/x/chat/$ref"},
		{"/beta/chats/19%3Aabc%40thread.v2", "/beta/chats/19:abc@thread.v2"},
		{"/a/b%2Fc", "/a/b%2Fc"},
		{"/a/b%2fc", "/a/b%2Fc"},
		{"/a/100%25", "/a/100%25"},
		{"/a/%zz", "/a/%zz"},
		{"/a/%2", "/a/%2"},
	}
	for _, tt := range tests {
		if got := canonicalPath(tt.in); got != tt.want {
			t.Errorf("canonicalPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := pathVar("MTI%2FNA%25"); got != "MTI/NA%" {
		t.Errorf("pathVar = %q", got)
	}
}

func TestMemoStaysWithinItsBounds(t *testing.T) {
	m := newMemo[int](4, 8)
	for i, k := range []string{"a", "b", "c", "d", "e", "f"} {
		m.put(k, i)
	}
	if n := m.len(); n != 4 {
		t.Errorf("len = %d, want the bound 4", n)
	}
	if v, ok := m.get("f"); !ok || v != 5 {
		t.Errorf("get(f) = %d, %v; want the newest entry kept", v, ok)
	}
	m.put("much-too-long", 1)
	if _, ok := m.get("much-too-long"); ok {
		t.Error("memo kept a key over its size bound")
	}
}

func TestVerdictMemoGivesTheSameVerdict(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	schema := set.byName["add-chat"].schema
	for _, body := range []string{`{"chatType":"group"}`, `{"chatType":"direct","topic":1}`, `{"chatType":`} {
		fresh := schema.check(&incoming{body: []byte(body)})
		again := schema.check(&incoming{body: []byte(body)})
		if (fresh.syntax == nil) != (again.syntax == nil) || len(fresh.violations) != len(again.violations) {
			t.Errorf("%s: first verdict %+v, remembered %+v", body, fresh, again)
		}
		if _, ok := schema.verdicts.getBytes([]byte(body)); !ok {
			t.Errorf("%s: verdict not remembered", body)
		}
	}
}
