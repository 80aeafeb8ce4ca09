package mockserver_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// paddedBody is a response body whose JSON encoding is exactly n bytes.
func paddedBody(t *testing.T, n int) map[string]any {
	t.Helper()
	const frame = len(`{"pad":""}`)
	if n < frame {
		t.Fatalf("no body of %d bytes", n)
	}
	return map[string]any{"pad": strings.Repeat("x", n-frame)}
}

// Every answer over HTTP/1 carries exactly one Content-Length equal to
// its body, not chunked, whether graphmock writes the header (bodies of
// 2,048 bytes and more, HEAD, errors) or leaves it to net/http (smaller
// bodies): a second Content-Length would make Go's client refuse the
// answer, a wrong one would cut or stall it. A ResponseRecorder, which
// frames nothing, still gets the header.
func TestEveryAnswerHasOneContentLengthOfItsBody(t *testing.T) {
	sizes := []int{10, 190, 2046, 2047, 2048, 2049, 5000}
	var scenarios []mockserver.Scenario
	for _, n := range sizes {
		scenarios = append(scenarios, mockserver.Scenario{Name: "body" + itoa(n),
			Request:  mockserver.Request{Method: "GET", Path: "/v1.0/sizes/" + itoa(n), Auth: "none"},
			Response: mockserver.Response{Status: 200, Body: paddedBody(t, n)}})
	}
	scenarios = append(scenarios,
		mockserver.Scenario{Name: "empty", Request: mockserver.Request{Method: "GET", Path: "/v1.0/empty", Auth: "none"}, Response: mockserver.Response{Status: 200}},
		mockserver.Scenario{Name: "templated", Request: mockserver.Request{Method: "GET", Path: "/v1.0/users/{id}", Auth: "none"},
			Response: mockserver.Response{Status: 200, Body: map[string]any{"id": "{{.PathVars.id}}"}}},
		mockserver.Scenario{Name: "created", Request: mockserver.Request{Method: "POST", Path: "/v1.0/users", Auth: "none"},
			Response: mockserver.Response{Status: 201, ODataContext: "auto", Body: map[string]any{"id": "u1"}}})
	srv := mockserver.New(compileSet(t, scenarios...), mockserver.Options{})
	ts := httptest.NewServer(srv)
	defer ts.Close()

	type call struct{ method, path string }
	calls := []call{{"GET", "/v1.0/empty"}, {"GET", "/v1.0/users/abc"}, {"POST", "/v1.0/users"}, {"POST", "/v1.0/users"}, {"GET", "/v1.0/nowhere"}}
	for _, n := range sizes {
		calls = append(calls, call{"GET", "/v1.0/sizes/" + itoa(n)}, call{"HEAD", "/v1.0/sizes/" + itoa(n)})
	}
	for _, c := range calls {
		// The raw bytes: the client would hide a repeated header.
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(conn, c.method+" "+c.path+" HTTP/1.1\r\nHost: graph.test\r\nContent-Length: 0\r\n\r\n")
		br := bufio.NewReader(conn)
		var lengths []string
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				t.Fatalf("%s %s: %v", c.method, c.path, err)
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			name, value, _ := strings.Cut(line, ":")
			switch strings.ToLower(name) {
			case "content-length":
				lengths = append(lengths, strings.TrimSpace(value))
			case "transfer-encoding":
				t.Errorf("%s %s: Transfer-Encoding %s", c.method, c.path, value)
			}
		}
		conn.Close()

		req, _ := http.NewRequest(c.method, ts.URL+c.path, nil)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", c.method, c.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := len(body)
		if c.method == "HEAD" {
			g, err := ts.Client().Get(ts.URL + c.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(g.Body)
			g.Body.Close()
			want = len(b)
		}
		if len(lengths) != 1 || lengths[0] != itoa(want) {
			t.Errorf("%s %s: Content-Length %q, want one of %d", c.method, c.path, lengths, want)
		}

		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
		if got := rec.Header().Values("Content-Length"); len(got) != 1 || got[0] != itoa(want) {
			t.Errorf("%s %s through a ResponseRecorder: Content-Length %q, want %d", c.method, c.path, got, want)
		}
	}
}

// hijackable is a ResponseWriter that claims a connection, as net/http's
// HTTP/1 writer does, and notes how many header entries it was given.
type hijackable struct {
	*httptest.ResponseRecorder
	entries int
}

func (h *hijackable) WriteHeader(status int) {
	h.entries = len(h.Header())
	h.ResponseRecorder.WriteHeader(status)
}

func (h *hijackable) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return nil, nil, errors.New("not a connection")
}

// The 201 of a created entity is handed to net/http with eight header
// entries, which a Go map holds without growing: its Content-Length is
// left to the server connection, which writes it.
func TestCreatedAnswerHasEightHeaderEntries(t *testing.T) {
	set := compileSet(t, mockserver.Scenario{Name: "created", Request: mockserver.Request{Method: "POST", Path: "/v1.0/users", Auth: "none"},
		Response: mockserver.Response{Status: 201, ODataContext: "auto", Body: map[string]any{"id": "u1"}}})
	srv := mockserver.New(set, mockserver.Options{})
	for range 2 { // derived, then remembered
		w := &hijackable{ResponseRecorder: httptest.NewRecorder()}
		srv.ServeHTTP(w, httptest.NewRequest("POST", "/v1.0/users", strings.NewReader("{}")))
		if w.Code != 201 || w.entries != 8 || w.Header().Get("Content-Length") != "" || w.Header().Get("Location") == "" {
			t.Errorf("status %d, %d entries, Content-Length %q, Location %q; want 201, 8 entries, none, a Location: %v",
				w.Code, w.entries, w.Header().Get("Content-Length"), w.Header().Get("Location"), w.Header())
		}
	}
}
