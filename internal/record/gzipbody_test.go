package record

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRecorderDecompressesRequestBodies: a request body the client sent
// gzip, as the Go SDK's compression handler does (kiota-http-go,
// compression_handler.go, in GraphMiddleware of interop/adapter.go), reaches
// the upstream as sent and is recorded decompressed; a body labelled gzip
// that is not is recorded as it came.
func TestRecorderDecompressesRequestBodies(t *testing.T) {
	const plain = `{"body":{"content":"Lunch with Megan?"}}`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(plain))
	zw.Close()
	var seen [][]byte
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, must(io.ReadAll(r.Body)))
		w.WriteHeader(http.StatusCreated)
	}))
	defer up.Close()
	rec, url, got := spooled(t, up.URL, RecorderOptions{})
	do(t, "POST", url+"/v1.0/chats/c/messages", gz.String(), map[string]string{"Content-Encoding": "gzip", "Content-Type": "application/json"})
	do(t, "POST", url+"/v1.0/chats/c/messages", "not gzip", map[string]string{"Content-Encoding": "gzip"})
	if _, err := rec.Flush(); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || !bytes.Equal(seen[0], gz.Bytes()) {
		t.Fatalf("the upstream got %q, want the gzip bytes forwarded unchanged", seen)
	}
	if len(*got) != 2 {
		t.Fatalf("recorded %d calls, want 2", len(*got))
	}
	if b := string((*got)[0].RequestBody); b != plain {
		t.Errorf("recorded request body %q, want %q", b, plain)
	}
	if b := string((*got)[1].RequestBody); b != "not gzip" {
		t.Errorf("a body that is not gzip recorded as %q, want it as sent", b)
	}
}
