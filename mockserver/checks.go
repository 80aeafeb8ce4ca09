package mockserver

import (
	"fmt"
	"io"
	"net/http"
	"strings"
)

// The checks a scenario runs on a request it matched: body size, bearer
// token, Content-Type and the body against its schema.

// readBody reads the whole body, up to limit bytes. A body known or found
// to be larger is not read further: the error is an *http.MaxBytesError.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	if r.ContentLength >= 0 {
		buf := make([]byte, r.ContentLength)
		n, err := io.ReadFull(r.Body, buf)
		if err != nil {
			return buf[:n], err
		}
		return buf, nil
	}
	buf, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if int64(len(buf)) > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	return buf, err
}

// checkBearer checks for a non-empty bearer token, answering as Graph does.
func checkBearer(h http.Header) (string, bool) {
	v := h["Authorization"]
	if len(v) == 0 || strings.TrimSpace(v[0]) == "" {
		return msgTokenEmpty, false
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(v[0]), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return msgTokenInvalid + " The Authorization header must be \"Bearer <token>\".", false
	}
	if strings.TrimSpace(token) == "" {
		return msgTokenEmpty, false
	}
	return "", true
}

// checkJSONBody checks the Content-Type, then the body against the
// scenario's schema (parsing it at most once).
func checkJSONBody(in *incoming, schema *bodySchema) (reply, bool) {
	if rep, ok := checkJSONPayload(in.r.Header, in.body); !ok {
		return rep, false
	}
	v := schema.check(in)
	if v.syntax != nil {
		return errorReply(http.StatusBadRequest, CodeBadRequest,
			"Unable to read JSON request payload: "+v.syntax.Error()+".",
			Violation{Code: "invalidJson", Message: v.syntax.Error()}), false
	}
	if vs := v.violations; len(vs) > 0 {
		msg := fmt.Sprintf("The request body does not match %s: %s", schema.path, vs[0])
		if len(vs) > 1 {
			msg += fmt.Sprintf(" (and %d more; see details)", len(vs)-1)
		}
		return errorReply(http.StatusBadRequest, CodeBadRequest, msg+".", vs...), false
	}
	return reply{}, true
}

// checkJSONPayload checks that a request has a body labelled as JSON, as
// Graph does.
func checkJSONPayload(h http.Header, body []byte) (reply, bool) {
	ct := h["Content-Type"]
	if len(ct) == 0 || strings.TrimSpace(ct[0]) == "" {
		return errorReply(http.StatusBadRequest, CodeBadRequest, msgMissingContentType), false
	}
	if !isJSONMediaType(ct[0]) {
		return errorReply(http.StatusUnsupportedMediaType, CodeUnsupportedMediaType,
			fmt.Sprintf("Content-Type %q is not supported: send application/json.", ct[0])), false
	}
	if len(body) == 0 {
		return errorReply(http.StatusBadRequest, CodeBadRequest, msgEmptyPayload), false
	}
	return reply{}, true
}

// isJSONMediaType accepts application/json with optional parameters; a
// charset, when given, must be UTF-8.
func isJSONMediaType(v string) bool {
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
