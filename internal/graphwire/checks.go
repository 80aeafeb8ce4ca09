package graphwire

import (
	"fmt"

	"net/http"
	"strings"
)

// CheckBearer checks for a non-empty bearer token, answering as Graph
// does: nil when there is one. Two Authorization headers are refused, as
// neither can be trusted to be the one meant.
func CheckBearer(h http.Header) *Error {
	v := h["Authorization"]
	switch {
	case len(v) == 0 || strings.TrimSpace(v[0]) == "":
		return Errorf(http.StatusUnauthorized, CodeInvalidAuthenticationToken, "%s", MsgTokenEmpty)
	case len(v) > 1:
		return Errorf(http.StatusUnauthorized, CodeInvalidAuthenticationToken, "%s Send one Authorization header, not %d.", MsgTokenInvalid, len(v))
	}
	token, ok := BearerToken(v[0])
	if !ok {
		return Errorf(http.StatusUnauthorized, CodeInvalidAuthenticationToken, "%s The Authorization header must be \"Bearer <token>\".", MsgTokenInvalid)
	}
	if token == "" {
		return Errorf(http.StatusUnauthorized, CodeInvalidAuthenticationToken, "%s", MsgTokenEmpty)
	}
	return nil
}

// BearerToken returns the token of an Authorization header's value, and
// whether its scheme is Bearer (in any case). The token may be "".
func BearerToken(value string) (string, bool) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(value), " ")
	return strings.TrimSpace(token), strings.EqualFold(scheme, "Bearer")
}

// CheckJSONPayload checks that a request has a body labelled as JSON, as
// Graph does: nil when it has.
func CheckJSONPayload(h http.Header, body []byte) *Error {
	ct := h["Content-Type"]
	if len(ct) == 0 || strings.TrimSpace(ct[0]) == "" {
		return Errorf(http.StatusBadRequest, CodeBadRequest, "%s", MsgMissingContentType)
	}
	if !IsJSONMediaType(ct[0]) {
		return Errorf(http.StatusUnsupportedMediaType, CodeUnsupportedMediaType, "Content-Type %q is not supported: send application/json.", ct[0])
	}
	if len(body) == 0 {
		return Errorf(http.StatusBadRequest, CodeBadRequest, "%s", MsgEmptyPayload)
	}
	return nil
}

// IsJSONMediaType accepts application/json with optional parameters; a
// charset, when given, must be UTF-8.
func IsJSONMediaType(v string) bool {
	mt, params, _ := strings.Cut(v, ";")
	if !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
		return false
	}
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, val, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "charset") {
			cs := strings.Trim(strings.TrimSpace(val), `"`)
			if !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
				return false
			}
		}
	}
	return true
}

// InvalidJSON is Graph's 400 for a body that is not JSON.
func InvalidJSON(syntax error) *Error {
	e := Errorf(http.StatusBadRequest, CodeBadRequest, "Unable to read JSON request payload: %v.", syntax)
	e.Details = append(e.Details, violation("", "invalidJson", syntax.Error()))
	return e
}

// NotFound is the answer to a request no scenario answers: 404, or 405
// with the methods the path answers when allow is not empty.
func NotFound(message string, allow []string) *Error {
	if len(allow) > 0 {
		return &Error{Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed, Message: message, Allow: allow}
	}
	return &Error{Status: http.StatusNotFound, Code: CodeResourceNotFound, Message: message}
}

// Internal is Graph's 500 generalException.
func Internal(format string, args ...any) *Error {
	return Errorf(http.StatusInternalServerError, CodeGeneralException, format, args...)
}

// MaxDetails bounds the details of one error: a body with thousands of
// problems gets the first MaxDetails, and a message saying how many more
// there were, so that the answer stays small whatever was sent.
const MaxDetails = 20

// Invalid is a 400 listing problems: its message says what the first is
// (first) and how many there are in all, and its details hold at most
// MaxDetails of them.
func Invalid(first string, problems []Violation) *Error {
	return InvalidCounted(first, problems, len(problems))
}

// InvalidCounted is Invalid for a check that wrote only the first of
// total problems (kept, in order): the message counts them all, the
// details hold at most MaxDetails of those kept. Its code is the first
// violation's ErrorCode, the workload's own, or else BadRequest.
func InvalidCounted(first string, kept []Violation, total int) *Error {
	problems := kept
	msg := first
	switch n := max(total, len(problems)); {
	case n > MaxDetails:
		msg += fmt.Sprintf(" (and %d more; details list the first %d)", n-1, MaxDetails)
	case n > 1:
		msg += fmt.Sprintf(" (and %d more; see details)", n-1)
	}
	code := CodeBadRequest
	if len(kept) > 0 && kept[0].ErrorCode != "" {
		code = kept[0].ErrorCode
	}
	e := Errorf(http.StatusBadRequest, code, "%s.", msg)
	e.Details = problems[:min(len(problems), MaxDetails)]
	return e
}

func violation(field, code, message string) Violation {
	return Violation{Field: field, Code: code, Message: message}
}
