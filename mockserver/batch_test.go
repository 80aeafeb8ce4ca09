package mockserver_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/mocktest"
)

// chatRefURL is the seed endpoint relative to the version root, as a batch
// item names it.
var chatRefURL = strings.TrimPrefix(chatRefPath, "/beta")

type batchResponse struct {
	Responses []struct {
		ID      string            `json:"id"`
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"responses"`
}

func (s testServer) batch(t testing.TB, body string) (response, batchResponse) {
	t.Helper()
	resp := s.do(t, "POST", "/beta/$batch", body, validHeaders())
	var br batchResponse
	if resp.status == http.StatusOK {
		if err := json.Unmarshal(resp.body, &br); err != nil {
			t.Fatalf("batch response is not JSON: %v\n%s", err, resp.body)
		}
	}
	return resp, br
}

func TestBatchRunsEachRequestLikeADirectCall(t *testing.T) {
	srv := newDefaultServer(t)
	resp, br := srv.batch(t, `{"requests": [
		{"id": "1", "method": "POST", "url": "`+chatRefURL+`", "headers": {"Content-Type": "application/json"}, "body": `+validChatBody+`},
		{"id": "2", "method": "GET", "url": "`+strings.TrimSuffix(chatRefURL, "/$ref")+`"},
		{"id": "3", "method": "PUT", "url": "`+strings.TrimPrefix(chatRefURL, "/")+`", "headers": {"content-type": "application/json"},
		 "body": {"@odata.id": "https://graph.microsoft.com/beta/chats/19:abc@thread.v2"}},
		{"id": "4", "method": "DELETE", "url": "`+chatRefURL+`", "headers": {"client-request-id": "c0ffee00-0000-4000-8000-000000000004"}}
	]}`)
	if resp.status != http.StatusOK {
		t.Fatalf("status = %d, want 200; %s", resp.status, resp.body)
	}
	if ct := resp.header.Get("Content-Type"); ct != graphJSONContentType || resp.header.Get("OData-Version") != "4.0" {
		t.Errorf("Content-Type = %q, OData-Version = %q", ct, resp.header.Get("OData-Version"))
	}
	wantStatus := []int{204, 200, 204, 204}
	if len(br.Responses) != len(wantStatus) {
		t.Fatalf("got %d responses, want %d: %s", len(br.Responses), len(wantStatus), resp.body)
	}
	for i, r := range br.Responses {
		if r.ID != fmt.Sprint(i+1) || r.Status != wantStatus[i] {
			t.Errorf("response %d = id %q status %d, want id %d status %d", i, r.ID, r.Status, i+1, wantStatus[i])
		}
		if r.Status == 204 && string(r.Body) != "null" {
			t.Errorf("response %s: 204 with body %s, want null", r.ID, r.Body)
		}
	}
	var chat map[string]any
	if err := json.Unmarshal(br.Responses[1].Body, &chat); err != nil || chat["chatType"] != "group" {
		t.Errorf("GET chat body = %s, want the chat fixture embedded as JSON", br.Responses[1].Body)
	}
	if h := br.Responses[1].Headers; h["Content-Type"] != graphJSONContentType || h["OData-Version"] != "4.0" || h["request-id"] == "" {
		t.Errorf("GET chat headers = %v, want Graph's, spelt as Graph does", h)
	}
	if got := br.Responses[3].Headers["client-request-id"]; got != "c0ffee00-0000-4000-8000-000000000004" {
		t.Errorf("item client-request-id = %q, want the item's own echoed", got)
	}

	calls := srv.Calls()
	wantScenarios := []string{"add-chat", "get-chat", "set-chat-ref", "remove-chat-ref", mockserver.BatchScenario}
	if len(calls) != len(wantScenarios) {
		t.Fatalf("journal has %d calls, want the 4 items and then the batch", len(calls))
	}
	batchID := resp.header.Get("request-id")
	for i, c := range calls {
		if c.Scenario != wantScenarios[i] || c.Outcome != mockserver.Served {
			t.Errorf("call %d = %s %s, want %s served", i, c.Scenario, c.Outcome, wantScenarios[i])
		}
		if i < 4 && (c.Batch != batchID || c.BatchItem != fmt.Sprint(i+1)) {
			t.Errorf("call %d: batch %q item %q, want %q item %d", i, c.Batch, c.BatchItem, batchID, i+1)
		}
		if i < 4 && c.Header.Get("Authorization") != "Bearer test-token" {
			t.Errorf("call %d: Authorization %q, want the batch's", i, c.Header.Get("Authorization"))
		}
	}
	if calls[0].Path != chatRefPath || !json.Valid(calls[0].Body) || !bytes.Contains(calls[0].Body, []byte(`"chatType": "group"`)) {
		t.Errorf("first item recorded as %s with body %s", calls[0].Path, calls[0].Body)
	}
	if b := calls[4]; b.RequestID != batchID || b.Batch != "" || b.Path != "/beta/$batch" || b.Status != 200 {
		t.Errorf("batch call = %+v, want the batch itself", b)
	}
	if err := srv.Verify(); err != nil {
		t.Errorf("Verify() = %v", err)
	}
}

func TestBatchItemsFailOnTheirOwn(t *testing.T) {
	srv := newDefaultServer(t)
	resp, br := srv.batch(t, `{"requests": [
		{"id": "bad", "method": "POST", "url": "`+chatRefURL+`", "headers": {"Content-Type": "application/json"}, "body": {"chatType": "direct"}},
		{"id": "after-bad", "method": "DELETE", "url": "`+chatRefURL+`", "dependsOn": ["bad"]},
		{"id": "after-after", "method": "DELETE", "url": "`+chatRefURL+`", "dependsOn": ["after-bad"]},
		{"id": "good", "method": "DELETE", "url": "`+chatRefURL+`"},
		{"id": "nowhere", "method": "GET", "url": "/me"}
	]}`)
	if resp.status != http.StatusOK {
		t.Fatalf("status = %d, want 200 whatever the items got; %s", resp.status, resp.body)
	}
	want := map[string]struct {
		status int
		code   string
	}{"bad": {400, "BadRequest"}, "after-bad": {424, "FailedDependency"}, "after-after": {424, "FailedDependency"}, "good": {204, ""}, "nowhere": {404, "ResourceNotFound"}}
	for _, r := range br.Responses {
		w := want[r.ID]
		if r.Status != w.status {
			t.Errorf("item %s: status %d, want %d", r.ID, r.Status, w.status)
		}
		if w.code == "" {
			continue
		}
		var ge graphError
		if err := json.Unmarshal(r.Body, &ge); err != nil || ge.Error.Code != w.code {
			t.Errorf("item %s: body %s, want a Graph error %s", r.ID, r.Body, w.code)
		}
		if r.ID == "after-bad" && !strings.Contains(ge.Error.Message, `depends on request "bad", which failed with status 400`) {
			t.Errorf("424 message = %q, want it to name the failed dependency", ge.Error.Message)
		}
	}
	var outcomes []string
	for _, c := range srv.Calls() {
		outcomes = append(outcomes, c.BatchItem+":"+string(c.Outcome))
	}
	if got := strings.Join(outcomes, " "); got != "bad:rejected after-bad:skipped after-after:skipped good:served nowhere:unmatched :served" {
		t.Errorf("journal = %s", got)
	}
	err := srv.Verify()
	if err == nil || len(err.(*mockserver.VerifyError).Problems) != 2 {
		t.Errorf("Verify() = %v, want the rejected and the unmatched item, not the skipped ones", err)
	}
	st := srv.Stats()
	if st.Skipped != 2 || st.Served != 2 || st.Rejected != 1 || st.Unmatched != 1 {
		t.Errorf("stats = %+v, want 2 skipped, 2 served (the batch too), 1 rejected, 1 unmatched", st)
	}
	if sum := st.Served + st.Rejected + st.Unmatched + st.Skipped; sum != st.Recorded {
		t.Errorf("served + rejected + unmatched + skipped = %d, recorded %d: the stats do not add up", sum, st.Recorded)
	}
}

func TestBatchRunsRequestsInDependencyOrder(t *testing.T) {
	srv := newDefaultServer(t)
	resp, br := srv.batch(t, `{"requests": [
		{"id": "c", "method": "DELETE", "url": "`+chatRefURL+`", "dependsOn": ["b", "a"]},
		{"id": "b", "method": "DELETE", "url": "`+chatRefURL+`", "dependsOn": ["a"]},
		{"id": "d", "method": "DELETE", "url": "`+chatRefURL+`"},
		{"id": "a", "method": "DELETE", "url": "`+chatRefURL+`"}
	]}`)
	if resp.status != 200 {
		t.Fatalf("status = %d; %s", resp.status, resp.body)
	}
	var ran []string
	for _, c := range srv.Calls() {
		ran = append(ran, c.BatchItem)
	}
	if got := strings.Join(ran, ","); got != "d,a,b,c," {
		t.Errorf("items ran in order %s, want d,a,b,c (each after its dependencies, else in batch order) and then the batch", got)
	}
	var ids []string
	for _, r := range br.Responses {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, ","); got != "c,b,d,a" {
		t.Errorf("responses in order %s, want batch order c,b,d,a", got)
	}
}

func TestBatchItemsAreThrottledOnTheirOwn(t *testing.T) {
	ts := mocktest.NewTestServer(t, mocktest.Lenient(), mocktest.AddScenarios(mockserver.Scenario{
		Name:    "throttled",
		Request: mockserver.Request{Method: "GET", Path: "/beta/me"},
		Response: mockserver.Response{Status: 429, Headers: map[string]string{"Retry-After": "2"},
			Body: map[string]any{"error": map[string]any{"code": "TooManyRequests", "message": "Too many requests."}}},
	}))
	body := `{"requests": [{"id": "1", "method": "GET", "url": "/me"}, {"id": "2", "method": "DELETE", "url": "` + chatRefURL + `"}]}`
	req, _ := http.NewRequest("POST", ts.URL()+"/beta/$batch", strings.NewReader(body))
	req.Header = validHeaders()
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var br batchResponse
	if err := json.Unmarshal(data, &br); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status %d, body %s", resp.StatusCode, data)
	}
	if r := br.Responses[0]; r.Status != 429 || r.Headers["Retry-After"] != "2" {
		t.Errorf("throttled item = %d with headers %v, want 429 with its own Retry-After", r.Status, r.Headers)
	}
	if r := br.Responses[1]; r.Status != 204 {
		t.Errorf("other item = %d, want 204", r.Status)
	}
	if resp.Header.Get("Retry-After") != "" {
		t.Error("the batch response itself carries Retry-After")
	}
	ts.AssertCalledTimes(t, "throttled", 1)
	ts.AssertCalledTimes(t, mockserver.BatchScenario, 1)
}

func TestBatchCarriesNonJSONBodiesAsBase64(t *testing.T) {
	set, err := mockserver.Compile(nil, mockserver.Scenario{
		Name:     "photo",
		Request:  mockserver.Request{Method: "PUT", Path: "/beta/me/photo/$value"},
		Response: mockserver.Response{Status: 200, Body: []byte("\x89PNG\r\n"), Headers: map[string]string{"Content-Type": "image/png"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{})}
	png := base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n"))
	resp, br := srv.batch(t, `{"requests": [{"id": "1", "method": "PUT", "url": "/me/photo/$value", "headers": {"Content-Type": "image/png"}, "body": "`+png+`"}]}`)
	if resp.status != 200 {
		t.Fatalf("status = %d; %s", resp.status, resp.body)
	}
	if got := string(srv.Calls()[0].Body); got != "\x89PNG\r\n\x1a\n" {
		t.Errorf("item body recorded as %q, want the base64 decoded", got)
	}
	if got, want := string(br.Responses[0].Body), `"`+base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n"))+`"`; got != want {
		t.Errorf("item response body = %s, want %s", got, want)
	}
}

func TestBatchRejectsWhatGraphRejects(t *testing.T) {
	item := func(id, extra string) string {
		return `{"id": "` + id + `", "method": "DELETE", "url": "` + chatRefURL + `"` + extra + `}`
	}
	var many []string
	for i := range 21 {
		many = append(many, item(fmt.Sprint(i), ""))
	}
	tests := []struct {
		name       string
		body       string
		wantStatus int
		wantField  string
		wantMsg    string
	}{
		{"more than 20 requests", `{"requests": [` + strings.Join(many, ",") + `]}`, 400, "/requests", "the batch has 21 requests; Graph accepts at most 20"},
		{"no requests", `{"requests": []}`, 400, "/requests", "the batch has no requests"},
		{"no requests at all", `{}`, 400, "/requests", "the batch has no requests"},
		{"requests that are not a list", `{"requests": {"id": "1"}}`, 400, "", "requests is object"},
		{"not JSON", `{"requests": [`, 400, "", "Unable to read JSON request payload"},
		{"duplicate ids", `{"requests": [` + item("1", "") + `,` + item("1", "") + `]}`, 400, "/requests/1/id", `id "1" is used by requests 0 and 1`},
		{"a missing id", `{"requests": [` + item("", "") + `]}`, 400, "/requests/0/id", "request 0 has no id"},
		{"a missing method", `{"requests": [{"id": "1", "url": "/me"}]}`, 400, "/requests/0/method", `method "" is not an HTTP method`},
		{"a missing url", `{"requests": [{"id": "1", "method": "GET"}]}`, 400, "/requests/0/url", "the url is missing"},
		{"an absolute url", `{"requests": [{"id": "1", "method": "GET", "url": "https://graph.microsoft.com/beta/me"}]}`, 400, "/requests/0/url", "must be relative to /beta"},
		{"a scheme-relative url", `{"requests": [{"id": "1", "method": "GET", "url": "//graph.microsoft.com/beta/me"}]}`, 400, "/requests/0/url", "must be relative"},
		{"a batch in a batch", `{"requests": [{"id": "1", "method": "POST", "url": "/$batch"}]}`, 400, "/requests/0/url", "a batch cannot contain a batch"},
		{"a body without Content-Type", `{"requests": [{"id": "1", "method": "POST", "url": "` + chatRefURL + `", "body": {"chatType": "group"}}]}`, 400, "/requests/0/body", "needs a Content-Type header"},
		{"a binary body that is not base64", `{"requests": [{"id": "1", "method": "PUT", "url": "/me/photo/$value", "headers": {"Content-Type": "image/png"}, "body": "not base64!"}]}`, 400, "/requests/0/body", "must be a base64 string"},
		{"an unknown dependency", `{"requests": [` + item("1", `, "dependsOn": ["2"]`) + `]}`, 400, "/requests/0/dependsOn/0", `depends on "2", which is not in the batch`},
		{"a request that depends on itself", `{"requests": [` + item("1", `, "dependsOn": ["1"]`) + `]}`, 400, "/requests/0/dependsOn/0", "depends on itself"},
		{"a cycle", `{"requests": [` + item("1", `, "dependsOn": ["3"]`) + `,` + item("2", `, "dependsOn": ["1"]`) + `,` + item("3", `, "dependsOn": ["2"]`) + `,` + item("4", "") + `]}`, 400, "/requests", `requests "1", "2", "3" form a cycle`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newDefaultServer(t)
			resp, _ := srv.batch(t, tt.body)
			if resp.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d; %s", resp.status, tt.wantStatus, resp.body)
			}
			ge := resp.graphError(t)
			if ge.Error.Code != "BadRequest" || !strings.Contains(ge.Error.Message, tt.wantMsg) {
				t.Errorf("error = %s %q, want BadRequest containing %q", ge.Error.Code, ge.Error.Message, tt.wantMsg)
			}
			if tt.wantField != "" && (len(ge.Error.Details) == 0 || ge.Error.Details[0].Field != tt.wantField) {
				t.Errorf("details = %+v, want the first to name %s", ge.Error.Details, tt.wantField)
			}
			calls := srv.Calls()
			if len(calls) != 1 || calls[0].Scenario != mockserver.BatchScenario || calls[0].Outcome != mockserver.Rejected {
				t.Errorf("journal = %+v, want only the rejected batch: no item runs", calls)
			}
		})
	}
}

func TestBatchNeedsWhatEveryGraphCallNeeds(t *testing.T) {
	body := `{"requests": [{"id": "1", "method": "DELETE", "url": "` + chatRefURL + `"}]}`
	tests := []struct {
		name       string
		method     string
		body       string
		header     http.Header
		wantStatus int
		wantCode   string
	}{
		{"a token", "POST", body, http.Header{"Content-Type": {"application/json"}}, 401, "InvalidAuthenticationToken"},
		{"a Content-Type", "POST", body, http.Header{"Authorization": {"Bearer t"}}, 400, "BadRequest"},
		{"a JSON Content-Type", "POST", body, http.Header{"Authorization": {"Bearer t"}, "Content-Type": {"text/plain"}}, 415, "UnsupportedMediaType"},
		{"a body", "POST", "", validHeaders(), 400, "BadRequest"},
		{"POST", "GET", "", validHeaders(), 405, "MethodNotAllowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newDefaultServer(t)
			resp := srv.do(t, tt.method, "/v1.0/$batch", tt.body, tt.header)
			if resp.status != tt.wantStatus || resp.graphError(t).Error.Code != tt.wantCode {
				t.Errorf("status %d %s, want %d %s", resp.status, resp.body, tt.wantStatus, tt.wantCode)
			}
			if tt.wantStatus == 405 && resp.header.Get("Allow") != "POST" {
				t.Errorf("Allow = %q, want POST", resp.header.Get("Allow"))
			}
		})
	}
}

func TestBatchAcceptsAGzipBody(t *testing.T) {
	srv := newDefaultServer(t)
	body := gzipped(t, `{"requests": [{"id": "1", "method": "DELETE", "url": "`+chatRefURL+`"}]}`)
	resp := srv.do(t, "POST", "/beta/%24batch", body, withHeader(validHeaders(), "Content-Encoding", "gzip"))
	if resp.status != 200 || !bytes.Contains(resp.body, []byte(`"status":204`)) {
		t.Errorf("status %d: %s", resp.status, resp.body)
	}
}

// BenchmarkBatch compares 20 seed requests sent in one JSON batch with the
// same 20 sent one by one: through the handler alone (the requests built
// once, so only the serving is measured), and over loopback HTTP.
func BenchmarkBatch(b *testing.B) {
	set, err := mockserver.Default()
	if err != nil {
		b.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{})
	var items []string
	for i := range 20 {
		items = append(items, fmt.Sprintf(`{"id":"%d","method":"POST","url":%q,"headers":{"Content-Type":"application/json"},"body":%s}`, i+1, chatRefURL, validChatBody))
	}
	serve := func(b *testing.B, req *http.Request, body []byte, times int) {
		rd := bytes.NewReader(body)
		b.ReportAllocs()
		for b.Loop() {
			for range times {
				rd.Reset(body)
				req.Body = io.NopCloser(rd)
				srv.ServeHTTP(&discardWriter{h: make(http.Header)}, req)
			}
		}
	}
	batch := []byte(`{"requests":[` + strings.Join(items, ",") + `]}`)
	b.Run("direct-20", func(b *testing.B) {
		body := []byte(validChatBody)
		serve(b, benchRequest(body), body, 20)
	})
	b.Run("batch-20", func(b *testing.B) {
		req := httptest.NewRequest("POST", "/beta/$batch", bytes.NewReader(batch))
		req.Header.Set("Authorization", "Bearer test-token")
		req.Header.Set("Content-Type", "application/json")
		serve(b, req, batch, 1)
	})

	// The same over loopback HTTP with a keep-alive client, as a test
	// suite sends them: what a batch saves is the round trips.
	ts := httptest.NewServer(srv)
	defer ts.Close()
	post := func(b *testing.B, path string, body []byte, times int) {
		client := ts.Client()
		b.ReportAllocs()
		for b.Loop() {
			for range times {
				req, _ := http.NewRequest("POST", ts.URL+path, bytes.NewReader(body))
				req.Header = validHeaders()
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	}
	b.Run("http-direct-20", func(b *testing.B) { post(b, chatRefPath, []byte(validChatBody), 20) })
	b.Run("http-batch-20", func(b *testing.B) { post(b, "/beta/$batch", batch, 1) })
}

func TestBatchItemsGetEveryScenarioFeature(t *testing.T) {
	set, err := mockserver.Compile(nil,
		mockserver.Scenario{
			Name:      "busy",
			Request:   mockserver.Request{Method: "GET", Path: "/beta/me", Auth: "none"},
			Responses: []mockserver.Response{mockserver.Response{Throttle: &mockserver.GraphFault{RetryAfter: 2}}, {Status: 200, Body: map[string]any{"id": "u1"}, Delay: &mockserver.Delay{Min: 20 * time.Millisecond, Max: 20 * time.Millisecond}}},
		},
		mockserver.Scenario{
			Name:    "create-chat",
			Request: mockserver.Request{Method: "POST", Path: "/beta/chats"},
			Response: mockserver.Response{Status: 201, Template: true, ODataContext: "auto",
				Body: `{"id": {{json .RequestID}}, "topic": {{json .Body.topic}}}`},
		})
	if err != nil {
		t.Fatal(err)
	}
	srv := testServer{mockserver.New(set, mockserver.Options{})}
	start := time.Now()
	resp, br := srv.batch(t, `{"requests": [
		{"id": "1", "method": "GET", "url": "/me"},
		{"id": "2", "method": "GET", "url": "/me"},
		{"id": "3", "method": "POST", "url": "/chats", "headers": {"Content-Type": "application/json"}, "body": {"topic": "Weekly sync"}}
	]}`)
	if resp.status != 200 {
		t.Fatalf("status %d: %s", resp.status, resp.body)
	}
	if took := time.Since(start); took < 20*time.Millisecond {
		t.Errorf("the batch took %v, want the item's 20ms delay in it", took)
	}
	throttled, later, created := br.Responses[0], br.Responses[1], br.Responses[2]
	if throttled.Status != 429 || throttled.Headers["Retry-After"] != "2" || !bytes.Contains(throttled.Body, []byte(`"TooManyRequests"`)) {
		t.Errorf("first item = %d %v %s, want the sequence's throttle", throttled.Status, throttled.Headers, throttled.Body)
	}
	if later.Status != 200 || string(later.Body) != `{"id":"u1"}` {
		t.Errorf("second item = %d %s, want the sequence's next response", later.Status, later.Body)
	}
	var chat map[string]any
	if err := json.Unmarshal(created.Body, &chat); err != nil || created.Status != 201 || chat["topic"] != "Weekly sync" ||
		chat["@odata.context"] != "https://graph.microsoft.com/beta/$metadata#chats/$entity" || created.Headers["Location"] == "" {
		t.Errorf("third item = %d %v %s, want the template rendered with its Graph defaults", created.Status, created.Headers, created.Body)
	}
	if c := srv.Calls()[2]; c.Scenario != "create-chat" || chat["id"] != c.RequestID {
		t.Errorf("the template saw request id %v, the journal has %q", chat["id"], c.RequestID)
	}
}

func TestAFaultInABatchBreaksTheBatchsConnection(t *testing.T) {
	ts := mocktest.NewTestServer(t, mocktest.Lenient(), mocktest.AddScenarios(mockserver.Scenario{
		Name:     "reset",
		Request:  mockserver.Request{Method: "GET", Path: "/beta/me"},
		Response: mockserver.Response{Status: 200, Fault: mockserver.FaultConnectionReset},
	}))
	body := `{"requests": [{"id": "1", "method": "DELETE", "url": "` + chatRefURL + `"}, {"id": "2", "method": "GET", "url": "/me"}]}`
	req, _ := http.NewRequest("POST", ts.URL()+"/beta/$batch", strings.NewReader(body))
	req.Header = validHeaders()
	if resp, err := ts.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("status %d, want the connection broken", resp.StatusCode)
	}
	ts.Close()
	calls := ts.Server().Calls()
	if len(calls) != 3 || calls[1].Scenario != "reset" || calls[2].Scenario != mockserver.BatchScenario || calls[2].Status != 0 ||
		!strings.Contains(calls[2].Problem, `request "2" of the batch broke the connection`) {
		t.Errorf("journal = %+v, want both items and then the batch, unanswered", calls)
	}
}
