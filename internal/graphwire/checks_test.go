package graphwire

import (
	"strings"
	"testing"
)

func TestInvalidCountedCountsWhatWasNotWritten(t *testing.T) {
	kept := make([]Violation, MaxDetails)
	for i := range kept {
		kept[i] = Violation{Field: "/a", Code: "invalidEnumMember", Message: "m"}
	}
	e := InvalidCounted("The request body breaks it: /a: m", kept, 15000)
	if !strings.HasSuffix(e.Message, "(and 14999 more; details list the first 20).") || len(e.Details) != MaxDetails || e.Status != 400 {
		t.Errorf("InvalidCounted(20 of 15000) = %d %q with %d details, want 400 counting 14999 more and 20 details", e.Status, e.Message, len(e.Details))
	}
	if e := InvalidCounted("first", kept[:2], 2); e.Message != "first (and 1 more; see details)." || len(e.Details) != 2 {
		t.Errorf("InvalidCounted(2 of 2) = %q with %d details", e.Message, len(e.Details))
	}
	if e := InvalidCounted("first", kept[:1], 1); e.Message != "first." {
		t.Errorf("InvalidCounted(1 of 1) = %q", e.Message)
	}
}

// TestInvalidCountedTakesTheWorkloadsCode: the first violation's
// ErrorCode is the error's code, and no ErrorCode leaves Graph's
// BadRequest; the details on the wire do not carry it.
func TestInvalidCountedTakesTheWorkloadsCode(t *testing.T) {
	outlook := Violation{Field: "/subjct", Code: "unknownProperty", Message: "m", ErrorCode: "RequestBodyRead"}
	plain := Violation{Field: "/a", Code: "invalidType", Message: "m"}
	for _, tt := range []struct {
		kept []Violation
		want string
	}{
		{[]Violation{outlook}, "RequestBodyRead"},
		{[]Violation{outlook, plain}, "RequestBodyRead"},
		{[]Violation{plain, outlook}, CodeBadRequest},
		{nil, CodeBadRequest},
	} {
		if e := InvalidCounted("first", tt.kept, len(tt.kept)); e.Code != tt.want {
			t.Errorf("InvalidCounted(%v).Code = %q, want %q", tt.kept, e.Code, tt.want)
		}
	}
	body := string(InvalidCounted("first", []Violation{outlook}, 1).GraphBody("r", "c"))
	if strings.Count(body, "RequestBodyRead") != 1 {
		t.Errorf("the body names the workload's code other than once, as the error's code: %s", body)
	}
}
