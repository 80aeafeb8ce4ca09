package mockserver_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

func gzipped(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestServerDecompressesGzipBodies(t *testing.T) {
	for _, encoding := range []string{"gzip", "x-gzip", "GZIP", "identity, gzip"} {
		t.Run(encoding, func(t *testing.T) {
			srv := newDefaultServer(t)
			resp := srv.do(t, "POST", chatRefPath, gzipped(t, validChatBody), withHeader(validHeaders(), "Content-Encoding", encoding))
			if resp.status != http.StatusNoContent {
				t.Fatalf("status = %d, want 204; %s", resp.status, resp.body)
			}
			call := srv.Calls()[0]
			if string(call.Body) != validChatBody {
				t.Errorf("journal body = %q, want the decompressed body", call.Body)
			}
			if got := call.Header.Get("Content-Encoding"); got != encoding {
				t.Errorf("journal Content-Encoding = %q, want %q as sent", got, encoding)
			}
		})
	}
}

func TestServerValidatesTheDecompressedBody(t *testing.T) {
	srv := newDefaultServer(t)
	resp := srv.do(t, "POST", chatRefPath, gzipped(t, `{"chatType": "direct"}`), withHeader(validHeaders(), "Content-Encoding", "gzip"))
	if resp.status != http.StatusBadRequest {
		t.Fatalf("status = %d, want 400", resp.status)
	}
	if ge := resp.graphError(t); len(ge.Error.Details) == 0 || ge.Error.Details[0].Field != "/chatType" {
		t.Errorf("details = %+v, want the /chatType violation", ge.Error.Details)
	}
}

func TestServerRejectsBodiesItCannotDecode(t *testing.T) {
	valid := gzipped(t, validChatBody)
	tests := []struct {
		name       string
		encoding   string
		body       string
		wantStatus int
		wantCode   string
		wantMsg    string
	}{
		{"a body that is not gzip is a bad request", "gzip", validChatBody, 400, "BadRequest", "the gzip body is corrupt"},
		{"a truncated gzip stream is a bad request", "gzip", valid[:len(valid)-6], 400, "BadRequest", "the gzip body is corrupt"},
		{"brotli is unsupported, so the client can send it plain", "br", validChatBody, 415, "UnsupportedMediaType", `Content-Encoding "br" is not supported`},
		{"deflate is unsupported", "deflate", validChatBody, 415, "UnsupportedMediaType", `"deflate"`},
		{"gzip twice is unsupported", "gzip, gzip", gzipped(t, valid), 415, "UnsupportedMediaType", `"gzip, gzip"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newDefaultServer(t)
			resp := srv.do(t, "POST", chatRefPath, tt.body, withHeader(validHeaders(), "Content-Encoding", tt.encoding))
			if resp.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d; %s", resp.status, tt.wantStatus, resp.body)
			}
			ge := resp.graphError(t)
			if ge.Error.Code != tt.wantCode || !strings.Contains(ge.Error.Message, tt.wantMsg) {
				t.Errorf("error = %s: %q, want %s containing %q", ge.Error.Code, ge.Error.Message, tt.wantCode, tt.wantMsg)
			}
			if c := srv.Calls()[0]; c.Outcome != mockserver.Rejected || c.Scenario != "add-chat" {
				t.Errorf("journal: %s %q, want rejected add-chat", c.Outcome, c.Scenario)
			}
		})
	}
}

func TestServerStopsInflatingAtTheBodyLimit(t *testing.T) {
	set, err := mockserver.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{MaxBodyBytes: 64 << 10})}
	// 8 MiB of spaces compress to a few KiB, well within the limit; only
	// the first 64 KiB + 1 byte are ever inflated.
	bomb := gzipped(t, `{"chatType":"group","topic":"`+strings.Repeat(" ", 8<<20)+`"}`)
	if len(bomb) > 64<<10 {
		t.Fatalf("the compressed body has %d bytes, want it within the limit", len(bomb))
	}
	resp := srv.do(t, "POST", chatRefPath, bomb, withHeader(validHeaders(), "Content-Encoding", "gzip"))
	if resp.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("status = %d, want 413; %s", resp.status, resp.body)
	}
	if code := resp.graphError(t).Error.Code; code != "RequestEntityTooLarge" {
		t.Errorf("code = %s, want RequestEntityTooLarge", code)
	}
	if c := srv.Calls()[0]; len(c.Body) != 0 {
		t.Errorf("journal kept %d bytes of an oversized body", len(c.Body))
	}
}
