package mockserver_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/graphmock/graphmock/mockserver"
)

// TestThousandsOfBadEnumValuesGetABoundedAnswerAndLogLine sends
// auditLogQuery's recordTypeFilters (a collection of
// microsoft.graph.security.auditLogRecordType, 472 members in the v1.0
// metadata; https://learn.microsoft.com/en-us/graph/api/security-auditcoreroot-post-auditlogqueries)
// 15,000 values that are no member: the answer lists 20, says how many
// more there are, and neither it nor the log line grows with the enum or
// the count.
func TestThousandsOfBadEnumValuesGetABoundedAnswerAndLogLine(t *testing.T) {
	yaml := `version: 1
scenarios:
  - name: create-audit-query
    request:
      method: POST
      path: /v1.0/security/auditLog/queries
      bodyType: microsoft.graph.security.auditLogQuery
    response:
      status: 201
`
	set, err := mockserver.Load(fstest.MapFS{"scenarios.yaml": {Data: []byte(yaml)}}, "scenarios.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	srv := testServer{mockserver.New(set, mockserver.Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})}
	body := `{"displayName": "q", "recordTypeFilters": [` + strings.TrimSuffix(strings.Repeat(`"nope",`, 15_000), ",") + `]}`
	resp := srv.do(t, "POST", "/v1.0/security/auditLog/queries", body, validHeaders())
	if resp.status != 400 {
		t.Fatalf("status = %d, want 400: %.500s", resp.status, resp.body)
	}
	ge := resp.graphError(t)
	if len(ge.Error.Details) != 20 || !strings.Contains(ge.Error.Message, "(and 14999 more; details list the first 20)") {
		t.Errorf("%d details, message %.300q; want 20 and a count of the 14999 more", len(ge.Error.Details), ge.Error.Message)
	}
	if d := ge.Error.Details[0]; d.Field != "/recordTypeFilters/0" || d.Code != "invalidEnumMember" || !strings.HasSuffix(d.Message, "…and 462 more") {
		t.Errorf("first detail = %+v, want /recordTypeFilters/0 invalidEnumMember listing 10 members and 462 more", d)
	}
	if len(resp.body) > 8<<10 {
		t.Errorf("the answer is %d bytes, want it small whatever the body", len(resp.body))
	}
	if line := log.String(); len(line) > 4<<10 || !strings.Contains(line, "create-audit-query") {
		t.Errorf("the log line is %d bytes, want one short line naming the scenario: %.300s", len(line), line)
	}
}
