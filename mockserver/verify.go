package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ProblemKind classifies what Verify found.
type ProblemKind string

// The kinds of problem.
const (
	// ProblemExpectation: a scenario was called fewer or more times than its
	// Times allow.
	ProblemExpectation ProblemKind = "expectation"
	// ProblemUnmatched: a request matched no scenario.
	ProblemUnmatched ProblemKind = "unmatched"
	// ProblemRejected: a request matched a scenario but failed its checks
	// (token, Content-Type, body schema).
	ProblemRejected ProblemKind = "rejected"
)

// A Problem is one thing Verify found wrong.
type Problem struct {
	Kind     ProblemKind `json:"kind"`
	Scenario string      `json:"scenario,omitempty"` // the scenario concerned, if any
	Message  string      `json:"message"`            // one line saying what is wrong
	Call     *Call       `json:"call,omitempty"`     // the request at fault, for unmatched and rejected calls
}

// String renders the problem with its request, as Verify's error does.
func (p Problem) String() string {
	if p.Call == nil {
		return p.Message
	}
	return p.Message + "\n" + indent(formatRequest(*p.Call), "    ")
}

// A VerifyError lists every problem Verify found.
type VerifyError struct {
	Problems []Problem
}

// Error lists the problems, numbered, each with its request.
func (e *VerifyError) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		b.WriteString("graphmock: 1 problem:\n")
	} else {
		fmt.Fprintf(&b, "graphmock: %d problems:\n", len(e.Problems))
	}
	for i, p := range e.Problems {
		fmt.Fprintf(&b, "%d. %s\n", i+1, p)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Verify checks the calls recorded since the journal was created or last
// reset: every scenario with Times was called a number of times they
// allow, no request went unmatched and none was rejected. It returns nil,
// or a *VerifyError listing each problem with the request at fault.
func (m *Mock) Verify() error {
	if problems := m.Problems(); len(problems) > 0 {
		return &VerifyError{Problems: problems}
	}
	return nil
}

// Problems returns what Verify would report, as data.
func (m *Mock) Problems() []Problem {
	var problems []Problem
	st := m.journal.stats()
	for _, c := range m.Scenarios().scenarios {
		t := c.spec.Times
		if t == nil {
			continue
		}
		if n := st.Scenarios[c.spec.Name].Calls; !allows(t, n) {
			problems = append(problems, Problem{
				Kind:     ProblemExpectation,
				Scenario: c.spec.Name,
				Message:  fmt.Sprintf("scenario %q expected %s, got %d", c.spec.Name, timesText(t), n),
			})
		}
	}
	var keptUnmatched, keptRejected int64
	for _, c := range m.journal.calls() {
		switch c.Outcome {
		case Unmatched:
			keptUnmatched++
			problems = append(problems, Problem{
				Kind:    ProblemUnmatched,
				Message: fmt.Sprintf("%s %s matched no scenario (%d %s): %s", c.Method, c.Path, c.Status, c.ErrorCode, c.Problem),
				Call:    &c,
			})
		case Rejected:
			keptRejected++
			problems = append(problems, Problem{
				Kind:     ProblemRejected,
				Scenario: c.Scenario,
				Message:  fmt.Sprintf("%s %s to scenario %q was rejected (%d %s): %s", c.Method, c.Path, c.Scenario, c.Status, c.ErrorCode, c.Problem),
				Call:     &c,
			})
		}
	}
	if n := st.Unmatched - keptUnmatched; n > 0 {
		problems = append(problems, Problem{Kind: ProblemUnmatched, Message: fmt.Sprintf("%s more matched no scenario (dropped from the journal, so not shown)", plural(n, "request"))})
	}
	if n := st.Rejected - keptRejected; n > 0 {
		problems = append(problems, Problem{Kind: ProblemRejected, Message: fmt.Sprintf("%s more were rejected (dropped from the journal, so not shown)", plural(n, "request"))})
	}
	return problems
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.FormatInt(n, 10) + " " + word + "s"
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+prefix)
}

// maxFormattedBody is how much of a body formatRequest shows.
const maxFormattedBody = 2048

// importantHeaders are the request headers formatRequest shows.
var importantHeaders = []string{"Authorization", "Content-Type", "Content-Encoding", "Client-Request-Id", "Consistencylevel", "If-Match", "Prefer"}

// formatRequest renders a recorded request for people: the request line,
// the headers that usually matter (a bearer token shortened), and the body,
// pretty-printed when it is JSON and cut after 2 KiB.
func formatRequest(c Call) string {
	var b strings.Builder
	b.WriteString(c.Method)
	b.WriteByte(' ')
	b.WriteString(c.Path)
	if c.RawQuery != "" {
		b.WriteByte('?')
		b.WriteString(c.RawQuery)
	}
	b.WriteByte('\n')
	for _, name := range importantHeaders {
		for _, v := range c.Header.Values(name) {
			if name == "Authorization" {
				v = redactToken(v)
			}
			fmt.Fprintf(&b, "%s: %s\n", http.CanonicalHeaderKey(name), v)
		}
	}
	if len(c.Body) > 0 {
		b.WriteString(formatBody(c.Body))
		b.WriteByte('\n')
	}
	return b.String()
}

// redactToken keeps the scheme and a few characters of a credential.
func redactToken(v string) string {
	scheme, token, ok := strings.Cut(v, " ")
	if !ok {
		scheme, token = "", v
	}
	if len(token) > 8 {
		token = token[:4] + "…"
	}
	return strings.TrimSpace(scheme + " " + token)
}

// formatBody pretty-prints JSON and quotes other bodies, within
// maxFormattedBody bytes.
func formatBody(body []byte) string {
	var out []byte
	var pretty bytes.Buffer
	if json.Indent(&pretty, body, "", "  ") == nil {
		out = pretty.Bytes()
	} else if utf8.Valid(body) {
		out = body
	} else {
		out = []byte(strconv.Quote(string(body)))
	}
	if len(out) <= maxFormattedBody {
		return string(out)
	}
	cut := maxFormattedBody
	for cut > 0 && !utf8.RuneStart(out[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", out[:cut], len(out)-cut)
}

// allows reports whether n calls meet the expectation.
func allows(t *Times, n int64) bool {
	return n >= int64(t.Min) && (t.Max < 0 || n <= int64(t.Max))
}

// timesText says the expectation in words: "exactly 1 call", "at least 2
// calls".
func timesText(t *Times) string {
	calls := func(n int) string {
		if n == 1 {
			return "1 call"
		}
		return fmt.Sprintf("%d calls", n)
	}
	switch {
	case t.Max == t.Min:
		return "exactly " + calls(t.Min)
	case t.Max < 0:
		return "at least " + calls(t.Min)
	case t.Min == 0:
		return "at most " + calls(t.Max)
	default:
		return fmt.Sprintf("from %d to %s", t.Min, calls(t.Max))
	}
}
