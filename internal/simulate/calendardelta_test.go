package simulate

import (
	"slices"
	"testing"
)

// Delta of a calendar view (https://learn.microsoft.com/en-us/graph/api/event-delta):
// the events overlapping the window, then exactly what changed in it,
// with @removed for those deleted or moved out; the window is required.
func TestCalendarViewDelta(t *testing.T) {
	ev := func(id, start, end string) SeedEntity {
		return SeedEntity{Collection: "users/u1/events", Data: map[string]any{"id": id, "subject": id,
			"start": map[string]any{"dateTime": start, "timeZone": "UTC"}, "end": map[string]any{"dateTime": end, "timeZone": "UTC"}}}
	}
	sim := newSim(t,
		SeedEntity{Collection: "users", Data: map[string]any{"id": "u1", "displayName": "One", "userPrincipalName": "one@contoso.example"}},
		ev("e1", "2026-03-02T09:00:00.0000000", "2026-03-02T10:00:00.0000000"),
		ev("e2", "2026-03-03T09:00:00", "2026-03-03T10:00:00"),
		ev("before", "2026-02-01T09:00:00", "2026-02-01T10:00:00"),
		ev("e3", "2026-02-28T23:00:00", "2026-03-01T01:00:00"), // overlaps the window's start
	)
	window := "/v1.0/users/u1/calendarView/delta?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-03-08T00:00:00Z"
	ids, link := folderRound(t, sim, window, "Prefer", "odata.maxpagesize=2")
	if !slices.Equal(ids, []string{"e1", "e2", "e3"}) {
		t.Fatalf("first round = %v, want the 3 events in the window", ids)
	}
	if ids, _ := folderRound(t, sim, link); len(ids) != 0 {
		t.Errorf("a round with no change = %v", ids)
	}
	do(t, sim, "PATCH", "/v1.0/users/u1/events/e1", `{"subject": "moved on"}`).want(t, "PATCH e1", 200)
	do(t, sim, "PATCH", "/v1.0/users/u1/events/e2", `{"start": {"dateTime": "2026-04-01T09:00:00", "timeZone": "UTC"}, "end": {"dateTime": "2026-04-01T10:00:00", "timeZone": "UTC"}}`).want(t, "move e2 out", 200)
	do(t, sim, "PATCH", "/v1.0/users/u1/events/before", `{"subject": "still outside"}`).want(t, "PATCH an event outside", 200)
	do(t, sim, "DELETE", "/v1.0/users/u1/events/e3", "").want(t, "DELETE e3", 204)
	ids, _ = folderRound(t, sim, link)
	if !slices.Equal(ids, []string{"e1", "-e2", "-e3"}) {
		t.Errorf("second round = %v, want e1 changed, e2 and e3 removed", ids)
	}
	for _, bad := range []string{
		"/v1.0/users/u1/calendarView/delta",
		"/v1.0/users/u1/calendarView/delta?startDateTime=2026-03-01T00:00:00Z",
		"/v1.0/users/u1/calendarView/delta?startDateTime=soon&endDateTime=later",
	} {
		if got := get(t, sim, bad).want(t, bad, 400); got.body["code"] != "ErrorInvalidParameter" {
			t.Errorf("%s = %s", bad, got.raw)
		}
	}
	get(t, sim, window+"&$select=subject").want(t, "$select in a calendar view delta", 400)
	other := "/v1.0/users/u1/calendarView/delta?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-12-31T00:00:00Z"
	_, otherLink := folderRound(t, sim, other)
	// A deltaLink of one window does not continue another.
	get(t, sim, otherLink[:len("/v1.0/users/u1/calendarView/delta?")]+"startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-03-08T00:00:00Z&"+otherLink[len("/v1.0/users/u1/calendarView/delta?"):]).want(t, "another window's token", 410)
}
