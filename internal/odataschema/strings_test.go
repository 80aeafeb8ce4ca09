package odataschema_test

import (
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/odataschema"
)

// TestPrimitivesWrittenAsStrings: Graph's reader converts a string to the
// primitive type a property declares, and Microsoft's examples rely on it.
// graphmock takes the forms those examples send, and strict OData does
// not:
//   - "isFolder": "True" on a referenceAttachment
//     (https://learn.microsoft.com/en-us/graph/api/event-post-attachments?view=graph-rest-beta);
//   - "minimumAttendeePercentage": "100", a Double, on findMeetingTimes
//     (https://learn.microsoft.com/en-us/graph/api/user-findmeetingtimes);
//   - an Edm.TimeOfDay such as "0:00:00" or "8:30", as the reader's
//     pattern takes it (PlatformHelper.TimeOfDayValidator, OData/odata.net).
//
// Their near misses are refused: a word that is no boolean, a numeral with
// white space or a thousands separator, an hour past 23, and an integer
// written as a string, which no example sends.
func TestPrimitivesWrittenAsStrings(t *testing.T) {
	find := body{operation: "microsoft.graph.user/findMeetingTimes"}
	ref := body{typ: "microsoft.graph.fileAttachment"}
	hours := body{typ: "microsoft.graph.workingHours"}
	tests := []struct {
		name   string
		strict bool
		body   body
		json   string
		want   []string
	}{
		{"a Boolean as True", false, ref, `{"isInline": "True"}`, nil},
		{"a Boolean as FALSE", false, ref, `{"isInline": "FALSE"}`, nil},
		{"a Boolean as yes is refused", false, ref, `{"isInline": "yes"}`, []string{"/isInline invalidType"}},
		{"a Boolean as True with white space is refused", false, ref, `{"isInline": " True"}`, []string{"/isInline invalidType"}},
		{"strict OData refuses a Boolean as True", true, ref, `{"isInline": "True"}`, []string{"/isInline invalidType"}},
		{"a Double as 100", false, find, `{"minimumAttendeePercentage": "100"}`, nil},
		{"a Double as -2.5e1", false, find, `{"minimumAttendeePercentage": "-2.5e1"}`, nil},
		{"a Double as INF still", false, find, `{"minimumAttendeePercentage": "INF"}`, nil},
		{"a Double with a thousands separator is refused", false, find, `{"minimumAttendeePercentage": "1,000"}`, []string{"/minimumAttendeePercentage invalidDouble"}},
		{"a Double with white space is refused", false, find, `{"minimumAttendeePercentage": "100 "}`, []string{"/minimumAttendeePercentage invalidDouble"}},
		{"a Double as a word is refused", false, find, `{"minimumAttendeePercentage": "all"}`, []string{"/minimumAttendeePercentage invalidDouble"}},
		{"strict OData refuses a Double as 100", true, find, `{"minimumAttendeePercentage": "100"}`, []string{"/minimumAttendeePercentage invalidDouble"}},
		{"an Int32 as a string is refused", false, find, `{"maxCandidates": "5"}`, []string{"/maxCandidates invalidType"}},
		{"a TimeOfDay as 0:00:00", false, hours, `{"startTime": "0:00:00", "endTime": "8:30"}`, nil},
		{"a TimeOfDay as hh:mm:ss.fffffff", false, hours, `{"startTime": "08:00:00.0000000"}`, nil},
		{"a TimeOfDay past 23 is refused", false, hours, `{"startTime": "24:00:00"}`, []string{"/startTime invalidTimeOfDay"}},
		{"a TimeOfDay with three-digit minutes is refused", false, hours, `{"startTime": "8:000"}`, []string{"/startTime invalidTimeOfDay"}},
		{"strict OData refuses a TimeOfDay as 0:00:00", true, hours, `{"startTime": "0:00:00"}`, []string{"/startTime invalidTimeOfDay"}},
	}
	sets := map[bool]*odataschema.Set{
		false: odataschema.New(v10(t), odataschema.Options{}),
		true:  odataschema.New(v10(t), odataschema.Options{Strict: true}),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := decode([]byte(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range tt.body.of(t, sets[tt.strict]).Validate(doc) {
				got = append(got, v.Field+" "+v.Code)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Validate(%s) = %q, want %q", tt.json, got, tt.want)
			}
		})
	}
}
