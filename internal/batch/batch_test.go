package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// The rules tested here are those of Graph's JSON batching,
// https://learn.microsoft.com/en-us/graph/json-batching: at most 20
// requests, ids unique without regard to case, urls relative to the
// version, a Content-Type with every body, base64 for a body that is not
// JSON, and dependsOn ordering the requests (a request whose dependency
// fails is answered 424).

func TestIsPath(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"/v1.0/$batch", true},
		{"/beta/$batch", true},
		{"/$batch", false}, // no version: once sliced out of range
		{"$batch", false},
		{"/$batc", false},
		{"//$batch", false},
		{"", false},
		{"/", false},
		{"/v1.0/users/$batch", false},
		{"/v1.0/$batch/", false},
		{"/v1.0/$batchx", false},
		{"v1.0/$batch", false},
		{"/v1.0/%24batch", false}, // the escaped form of a request path is decoded first
	}
	for _, tt := range tests {
		if got := IsPath(tt.path); got != tt.want {
			t.Errorf("IsPath(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// items builds a batch body of n DELETE requests with ids 0…n-1.
func items(n int) string {
	var parts []string
	for i := range n {
		parts = append(parts, fmt.Sprintf(`{"id": "%d", "method": "DELETE", "url": "/chats/%d"}`, i, i))
	}
	return `{"requests": [` + strings.Join(parts, ",") + `]}`
}

func TestParseRejectsWhatGraphRejects(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		wantField string // of the first violation; "" for a body that is not JSON
		wantCode  string
		wantMsg   string // the start of the error message, after "Invalid batch payload: "
	}{
		{"more than 20 requests", items(21), "/requests", "tooManyRequests", "the batch has 21 requests; Graph accepts at most 20"},
		{"no requests", `{"requests": []}`, "/requests", "required", "the batch has no requests"},
		{"no requests member", `{}`, "/requests", "required", "the batch has no requests"},
		{"requests that are not a list", `{"requests": {"id": "1"}}`, "", "invalidBatch", "the body is not a JSON batch: requests is object"},
		{"a method that is a number", `{"requests": [{"id": "1", "method": 5, "url": "/me"}]}`, "", "invalidBatch", "the body is not a JSON batch: requests.method is number"},
		{"a duplicate id", `{"requests": [{"id": "a", "method": "GET", "url": "/me"}, {"id": "a", "method": "GET", "url": "/me"}]}`, "/requests/1/id", "duplicateId", `id "a" is used by requests 0 and 1`},
		{"a duplicate id in another case", `{"requests": [{"id": "a", "method": "GET", "url": "/me"}, {"id": "A", "method": "GET", "url": "/me"}]}`, "/requests/1/id", "duplicateId", `id "A" is used by requests 0 and 1`},
		{"a missing id", `{"requests": [{"method": "GET", "url": "/me"}]}`, "/requests/0/id", "required", "request 0 has no id"},
		{"a missing method", `{"requests": [{"id": "1", "url": "/me"}]}`, "/requests/0/method", "invalidMethod", `request "1": method "" is not an HTTP method`},
		{"a method with a space", `{"requests": [{"id": "1", "method": "GE T", "url": "/me"}]}`, "/requests/0/method", "invalidMethod", `request "1": method "GE T"`},
		{"a missing url", `{"requests": [{"id": "1", "method": "GET"}]}`, "/requests/0/url", "invalidUrl", `request "1": the url is missing`},
		{"an absolute url", `{"requests": [{"id": "1", "method": "GET", "url": "https://graph.microsoft.com/v1.0/me"}]}`, "/requests/0/url", "invalidUrl", `request "1": url "https://graph.microsoft.com/v1.0/me" must be relative to /v1.0, such as /me`},
		{"a scheme-relative url", `{"requests": [{"id": "1", "method": "GET", "url": "//graph.microsoft.com/me"}]}`, "/requests/0/url", "invalidUrl", `request "1": url "//graph.microsoft.com/me" must be relative`},
		{"a url with a control character", `{"requests": [{"id": "1", "method": "GET", "url": "/me\u0000"}]}`, "/requests/0/url", "invalidUrl", `request "1": url "/me\x00" is not a valid URL`},
		{"a batch in a batch", `{"requests": [{"id": "1", "method": "POST", "url": "/$batch"}]}`, "/requests/0/url", "invalidUrl", `request "1": a batch cannot contain a batch`},
		{"a batch in a batch without the slash", `{"requests": [{"id": "1", "method": "POST", "url": "$batch"}]}`, "/requests/0/url", "invalidUrl", `request "1": a batch cannot contain a batch`},
		{"a header name that is no token", `{"requests": [{"id": "1", "method": "GET", "url": "/me", "headers": {"a b": "x"}}]}`, "/requests/0/headers/a b", "invalidHeader", `request "1": "a b" is not a valid header name`},
		{"a header value with a line feed", `{"requests": [{"id": "1", "method": "GET", "url": "/me", "headers": {"X-A": "1\r\nX-B: 2"}}]}`, "/requests/0/headers/X-A", "invalidHeader", `request "1": header X-A holds a control character`},
		{"a header given in two cases", `{"requests": [{"id": "1", "method": "GET", "url": "/me", "headers": {"If-Match": "a", "if-match": "b"}}]}`, "/requests/0/headers/if-match", "duplicateHeader", `request "1": header If-Match is given twice, as "If-Match" and "if-match"`},
		{"a body without Content-Type", `{"requests": [{"id": "1", "method": "POST", "url": "/chats", "body": {}}]}`, "/requests/0/body", "invalidBody", `request "1": a request with a body needs a Content-Type header`},
		{"a blank Content-Type", `{"requests": [{"id": "1", "method": "POST", "url": "/chats", "headers": {"Content-Type": " "}, "body": {}}]}`, "/requests/0/body", "invalidBody", `request "1": a request with a body needs a Content-Type header`},
		{"a binary body that is not base64", `{"requests": [{"id": "1", "method": "PUT", "url": "/me/photo/$value", "headers": {"Content-Type": "image/png"}, "body": "not base64!"}]}`, "/requests/0/body", "invalidBody", `request "1": a image/png body must be a base64 string`},
		{"an unknown dependency", `{"requests": [{"id": "1", "method": "GET", "url": "/me", "dependsOn": ["2"]}]}`, "/requests/0/dependsOn/0", "unknownDependency", `request "1" depends on "2", which is not in the batch`},
		{"a request that depends on itself", `{"requests": [{"id": "a", "method": "GET", "url": "/me", "dependsOn": ["A"]}]}`, "/requests/0/dependsOn/0", "dependencyCycle", `request "a" depends on itself`},
		{"a cycle", `{"requests": [{"id": "1", "method": "GET", "url": "/me", "dependsOn": ["3"]}, {"id": "2", "method": "GET", "url": "/me", "dependsOn": ["1"]}, {"id": "3", "method": "GET", "url": "/me", "dependsOn": ["2"]}, {"id": "4", "method": "GET", "url": "/me"}]}`, "/requests", "dependencyCycle", `the dependencies of requests "1", "2", "3" form a cycle`},
		{"a request waiting on a cycle", `{"requests": [{"id": "1", "method": "GET", "url": "/me", "dependsOn": ["2"]}, {"id": "2", "method": "GET", "url": "/me", "dependsOn": ["1"]}, {"id": "3", "method": "GET", "url": "/me", "dependsOn": ["1"]}]}`, "/requests", "dependencyCycle", `the dependencies of requests "1", "2", "3" form a cycle`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, e := Parse([]byte(tt.body), "v1.0")
			if e == nil {
				t.Fatalf("Parse(%s) = %v, want an error", tt.body, b)
			}
			if e.Status != http.StatusBadRequest || e.Code != "BadRequest" {
				t.Errorf("Parse() error = %d %s, want 400 BadRequest", e.Status, e.Code)
			}
			if want := "Invalid batch payload: " + tt.wantMsg; !strings.HasPrefix(e.Message, want) {
				t.Errorf("Parse() message = %q, want it to start %q", e.Message, want)
			}
			if len(e.Details) == 0 || e.Details[0].Field != tt.wantField || e.Details[0].Code != tt.wantCode {
				t.Errorf("Parse() details = %+v, want the first at %q with code %s", e.Details, tt.wantField, tt.wantCode)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	body := `{"requests": [{"id": "1", "url": "/me"}, {"id": "1", "method": "GET"}, {"method": "GET", "url": "https://x/y"}]}`
	_, e := Parse([]byte(body), "beta")
	if e == nil {
		t.Fatal("Parse() = nil error, want one")
	}
	var fields []string
	for _, v := range e.Details {
		fields = append(fields, v.Field)
	}
	want := []string{"/requests/0/method", "/requests/1/id", "/requests/1/url", "/requests/2/id", "/requests/2/url"}
	if !slices.Equal(fields, want) {
		t.Errorf("Parse() details at %v, want %v", fields, want)
	}
	if !strings.Contains(e.Message, "(and 4 more; see details)") {
		t.Errorf("Parse() message = %q, want it to count the other problems", e.Message)
	}
}

func TestParseNotJSON(t *testing.T) {
	for _, body := range []string{``, `{"requests": [`, `nope`} {
		_, e := Parse([]byte(body), "v1.0")
		if e == nil || e.Status != 400 || !strings.HasPrefix(e.Message, "Unable to read JSON request payload") {
			t.Errorf("Parse(%q) = %v, want 400 Unable to read JSON request payload", body, e)
		}
	}
}

func TestParseAcceptsTwentyRequests(t *testing.T) {
	b, e := Parse([]byte(items(MaxRequests)), "v1.0")
	if e != nil {
		t.Fatalf("Parse(20 requests) = %v, want no error", e)
	}
	if len(b.order) != MaxRequests {
		t.Errorf("Parse(20 requests) orders %d, want 20", len(b.order))
	}
}

// call is what the handler saw of one item.
type call struct {
	id, method, uri, auth, contentType, body, skip string
}

// run parses body and runs it through h, which records each item's call
// and answers with answer (nil: 204).
func run(t *testing.T, body string, parent *http.Request, answer func(w http.ResponseWriter, c call)) ([]call, Outcome) {
	t.Helper()
	b, e := Parse([]byte(body), "v1.0")
	if e != nil {
		t.Fatalf("Parse() = %v", e)
	}
	var calls []call
	h := Handler(func(w http.ResponseWriter, r *http.Request, link Link) {
		if link.Batch != "batch-1" {
			t.Errorf("the item's link = %+v; want the batch's", link)
		}
		data, _ := io.ReadAll(r.Body)
		c := call{link.Item, r.Method, r.RequestURI, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(data), link.Skip}
		calls = append(calls, c)
		if answer == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		answer(w, c)
	})
	if parent == nil {
		parent = httptest.NewRequest("POST", "/v1.0/$batch", nil)
	}
	return calls, b.Run(parent, "batch-1", h)
}

func ids(calls []call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.id)
	}
	return out
}

func TestRunFollowsDependsOn(t *testing.T) {
	body := `{"requests": [
		{"id": "a", "method": "GET", "url": "/me", "dependsOn": ["B"]},
		{"id": "b", "method": "GET", "url": "/me", "dependsOn": ["c"]},
		{"id": "c", "method": "GET", "url": "/me"},
		{"id": "d", "method": "GET", "url": "/me"}]}`
	calls, out := run(t, body, nil, nil)
	if got, want := ids(calls), []string{"c", "b", "a", "d"}; !slices.Equal(got, want) {
		t.Errorf("run order = %v, want %v: each after what it depends on, otherwise in batch order", got, want)
	}
	var resp struct {
		Responses []itemResponse `json:"responses"`
	}
	if err := json.Unmarshal(out.Body, &resp); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range resp.Responses {
		order = append(order, r.ID)
	}
	if want := []string{"a", "b", "c", "d"}; !slices.Equal(order, want) {
		t.Errorf("responses in order %v, want batch order %v", order, want)
	}
}

func TestRunSkipsWhatDependsOnAFailure(t *testing.T) {
	body := `{"requests": [
		{"id": "1", "method": "GET", "url": "/me"},
		{"id": "2", "method": "GET", "url": "/me", "dependsOn": ["1"]},
		{"id": "3", "method": "GET", "url": "/me"}]}`
	calls, _ := run(t, body, nil, func(w http.ResponseWriter, c call) {
		switch {
		case c.skip != "":
			w.WriteHeader(http.StatusFailedDependency)
		case c.id == "1":
			w.WriteHeader(http.StatusNotFound)
		default:
			w.WriteHeader(http.StatusOK)
		}
	})
	if len(calls) != 3 {
		t.Fatalf("calls = %+v, want all three handed to the handler", calls)
	}
	if want := `it depends on request "1", which failed with status 404`; calls[1].skip != want {
		t.Errorf("item 2 skip = %q, want %q", calls[1].skip, want)
	}
	if calls[0].skip != "" || calls[2].skip != "" {
		t.Errorf("items 1 and 3 skip = %q, %q; want neither skipped", calls[0].skip, calls[2].skip)
	}
}

func TestRunBuildsEachRequest(t *testing.T) {
	body := `{"requests": [
		{"id": "1", "method": "POST", "url": "chats?$top=1", "headers": {"content-type": "application/json"}, "body": {"chatType": "group"}},
		{"id": "2", "method": "PUT", "url": "/me/photo/$value", "headers": {"Content-Type": "image/png", "Authorization": "Bearer own"}, "body": "iVBORw=="},
		{"id": "3", "method": "DELETE", "url": "/chats/19:a@thread.v2", "body": null}]}`
	parent := httptest.NewRequest("POST", "/v1.0/$batch", nil)
	parent.Header.Set("Authorization", "Bearer batch")
	calls, _ := run(t, body, parent, nil)
	want := []call{
		{"1", "POST", "/v1.0/chats?$top=1", "Bearer batch", "application/json", `{"chatType": "group"}`, ""},
		{"2", "PUT", "/v1.0/me/photo/$value", "Bearer own", "image/png", "\x89PNG", ""},
		{"3", "DELETE", "/v1.0/chats/19:a@thread.v2", "Bearer batch", "", "", ""},
	}
	if !slices.Equal(calls, want) {
		t.Errorf("calls =\n%+v\nwant\n%+v", calls, want)
	}
}

func TestRunEncodesEachResponse(t *testing.T) {
	body := `{"requests": [
		{"id": "json", "method": "GET", "url": "/me"},
		{"id": "bytes", "method": "GET", "url": "/me/photo/$value"},
		{"id": "none", "method": "DELETE", "url": "/me"},
		{"id": "default", "method": "GET", "url": "/me"}]}`
	_, out := run(t, body, nil, func(w http.ResponseWriter, c call) {
		h := w.Header()
		h.Set("Request-Id", "r1")
		h.Set("Date", "Wed, 02 Dec 2026 10:00:00 GMT")
		h.Set("Content-Length", "5")
		switch c.id {
		case "json":
			h.Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte(`{"id":"1"}`))
			w.WriteHeader(http.StatusTeapot) // too late: ignored
		case "bytes":
			h.Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG"))
		case "none":
			w.WriteHeader(http.StatusNoContent)
		}
	})
	want := `{"responses":[` +
		`{"id":"json","status":201,"headers":{"Content-Type":"application/json","request-id":"r1"},"body":{"id":"1"}},` +
		`{"id":"bytes","status":200,"headers":{"Content-Type":"image/png","request-id":"r1"},"body":"iVBORw=="},` +
		`{"id":"none","status":204,"headers":{"request-id":"r1"},"body":null},` +
		`{"id":"default","status":200,"headers":{"request-id":"r1"},"body":null}]}`
	if string(out.Body) != want {
		t.Errorf("batch response =\n%s\nwant\n%s", out.Body, want)
	}
	if out.Aborted != "" || out.GaveUp != "" {
		t.Errorf("outcome = %+v, want a complete run", out)
	}
}

func TestRunStopsAtAnAbort(t *testing.T) {
	calls, out := run(t, items(3), nil, func(w http.ResponseWriter, c call) {
		if c.id == "1" {
			panic(http.ErrAbortHandler)
		}
	})
	if out.Aborted != "1" || out.Body != nil || len(calls) != 2 {
		t.Errorf("outcome = %+v after %d calls, want aborted at item 1 after 2 calls, no body", out, len(calls))
	}
}

func TestRunPassesOtherPanicsOn(t *testing.T) {
	defer func() {
		if v := recover(); v != "boom" {
			t.Errorf("recover() = %v, want the handler's panic", v)
		}
	}()
	run(t, items(1), nil, func(http.ResponseWriter, call) { panic("boom") })
	t.Error("Run returned, want it to panic")
}

func TestRunGivesUpWhenTheClientGoesAway(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	parent := httptest.NewRequest("POST", "/v1.0/$batch", nil).WithContext(ctx)
	calls, out := run(t, items(3), parent, func(w http.ResponseWriter, c call) {
		if c.id == "1" {
			cancel()
		}
	})
	if out.GaveUp != "1" || out.Body != nil || len(calls) != 2 {
		t.Errorf("outcome = %+v after %d calls, want given up at item 1 after 2 calls", out, len(calls))
	}
}
