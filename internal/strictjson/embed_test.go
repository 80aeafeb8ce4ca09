package strictjson

import (
	"bytes"
	"testing"
)

func TestEmbedRoundTrips(t *testing.T) {
	tests := []struct {
		name           string
		body           []byte
		asJSON, asText bool
		wantForm       string
		want           string
	}{
		{"JSON stays JSON", []byte(`{"a":1}`), true, true, EmbedJSON, `{"a":1}`},
		{"JSON becomes text when JSON is not allowed", []byte(`{"a":1}`), false, true, EmbedText, `"{\"a\":1}"`},
		{"text is a string", []byte("hello\n"), true, true, EmbedText, `"hello\n"`},
		{"text is base64 when text is not allowed", []byte("hi"), true, false, EmbedBase64, `"aGk="`},
		{"bytes are base64", []byte{0xff, 0x00, 0x10}, true, true, EmbedBase64, `"/wAQ"`},
		{"nothing is nothing", nil, true, true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, form := Embed(tt.body, tt.asJSON, tt.asText)
			if form != tt.wantForm || string(v) != tt.want {
				t.Fatalf("Embed = %s, %q; want %s, %q", v, form, tt.want, tt.wantForm)
			}
			back, err := Unembed(v, form)
			if err != nil || !bytes.Equal(back, tt.body) {
				t.Errorf("Unembed = %q, %v; want %q", back, err, tt.body)
			}
		})
	}
	if _, err := Unembed([]byte(`"x"`), "hex"); err == nil {
		t.Error("Unembed accepted an unknown form")
	}
}
