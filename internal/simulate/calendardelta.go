package simulate

import (
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/odataquery"
)

// calendarViewDelta reports whether the request is the delta of a user's
// calendar view, /users/{id}/calendarView/delta.
func (x *exchange) calendarViewDelta() bool {
	p := x.p
	return p.kind == atAction && isDelta(p.op) && p.rules == "users/calendarView" && len(p.path) == 2 && p.missing == ""
}

// eventTime reads an event's start or end ({"dateTime": …, "timeZone":
// …}) as UTC; the time zone is not applied. False when it has none.
func eventTime(v any) (time.Time, bool) {
	m, _ := v.(map[string]any)
	s, _ := m["dateTime"].(string)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// eventsDelta answers GET /users/{id}/calendarView/delta?startDateTime=…&endDateTime=…
// as "event: delta" says (https://learn.microsoft.com/en-us/graph/api/event-delta):
// the events of users/{id}/events that overlap the window, a later round
// what was created, changed, deleted or moved out of it since, with
// @removed. The window is required, and kept in the round's tokens;
// $select, $filter, $orderby, $expand and $search are refused, as the page
// says the calendar view's delta does not take them; Prefer:
// odata.maxpagesize=n sets the page size.
func (x *exchange) eventsDelta() (Response, bool) {
	user := x.p.path[:1]
	rules := x.rulesOf("users/events")
	for _, opt := range []string{"$select", "$filter", "$orderby", "$expand", "$search", "$count", "$skip", "$top"} {
		if _, ok := x.r.Query[opt]; ok {
			return errorResponse(queryRule("deltaOption", "option", opt)), true
		}
	}
	for _, o := range []string{"$skiptoken", "$deltatoken"} {
		x.use(o)
	}
	start, okStart := time.Parse(time.RFC3339Nano, x.r.Query.Get("startDateTime"))
	end, okEnd := time.Parse(time.RFC3339Nano, x.r.Query.Get("endDateTime"))
	// A round's links keep the window: it is read from them as from the
	// first request, and the token holds it in its fingerprint.
	if okStart != nil || okEnd != nil {
		// The calendar view's refusal of a request without its window,
		// as clients quote it (https://learn.microsoft.com/en-us/graph/api/user-list-calendarview).
		return errorResponse(graphwire.Errorf(http.StatusBadRequest, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.")), true
	}
	lq := &listQuery{budget: odataquery.NewBudget(evaluationBudget), size: 10}
	if rules != nil && rules.PageSize != nil {
		lq.size = rules.PageSize.Default
	}
	if n := maxPageSize(x.r.Header); n > 0 {
		lq.size = min(n, 1000)
	}
	h := sha256.Sum256([]byte(strings.ToLower(x.r.Query.Get("startDateTime") + "\x00" + x.r.Query.Get("endDateTime"))))
	fp := x.deltaQuery() ^ binary.LittleEndian.Uint64(h[:8])
	overlaps := func(m map[string]any) bool {
		s, ok1 := eventTime(m["start"])
		e, ok2 := eventTime(m["end"])
		return ok1 && ok2 && s.Before(end) && e.After(start)
	}
	c := graphwire.GraphRoot + "/" + x.version + "/$metadata#Collection(event)"
	return x.containedDelta(lq, fp, user.Collection("events"), "users/events", "#microsoft.graph.event", c, overlaps), true
}
