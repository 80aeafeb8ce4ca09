package graphwire

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
		if got := CanonicalPath(tt.in); got != tt.want {
			t.Errorf("CanonicalPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := PathVar("MTI%2FNA%25"); got != "MTI/NA%" {
		t.Errorf("PathVar = %q", got)
	}
}
