package mockserver

import (
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// GraphJSONContentType is the Content-Type Microsoft Graph sends with JSON
// success bodies; canned JSON responses get it unless they set their own.
const GraphJSONContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

// Graph error codes graphmock itself answers with. Clients should branch on
// these codes, never on messages.
const (
	CodeBadRequest                 = "BadRequest"
	CodeInvalidAuthenticationToken = "InvalidAuthenticationToken"
	CodeResourceNotFound           = "ResourceNotFound"
	CodeMethodNotAllowed           = "MethodNotAllowed"
	CodeUnsupportedMediaType       = "UnsupportedMediaType"
	CodeRequestEntityTooLarge      = "RequestEntityTooLarge"
	CodeGeneralException           = "generalException"
)

// Graph's own messages for the errors graphmock reproduces.
const (
	msgMissingContentType = "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."
	msgEmptyPayload       = "Empty Payload. JSON content expected."
	msgTokenEmpty         = "Access token is empty."
	msgTokenInvalid       = "Access token validation failure."
)

// agsDiagnostic is a fixed x-ms-ags-diagnostic value in Graph's shape.
const agsDiagnostic = `{"ServerInfo":{"DataCenter":"graphmock","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"graphmock"}}`

// Header values shared by every response; net/http never modifies them.
var (
	hdrNoCache       = []string{"no-cache"}
	hdrSTS           = []string{"max-age=31536000"}
	hdrDiagnostic    = []string{agsDiagnostic}
	hdrErrorJSON     = []string{"application/json"}
	hdrBearerChallng = []string{`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`}
)

// newRequestID returns a random version 4 UUID. Request ids identify calls;
// they need to be unique, not secret, so the runtime's fast generator does.
func newRequestID() string {
	var b [16]byte
	hi, lo := rand.Uint64(), rand.Uint64()
	for i := range 8 {
		b[i] = byte(hi >> (56 - 8*i))
		b[8+i] = byte(lo >> (56 - 8*i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

// clientRequestID returns the client-request-id to echo: the client's own
// when it sent a usable one, else the request id, as Graph does.
func clientRequestID(r *http.Request, requestID string) string {
	v := r.Header["Client-Request-Id"]
	if len(v) == 0 || v[0] == "" || len(v[0]) > 256 || !validHeaderValue(v[0]) {
		return requestID
	}
	return v[0]
}

// setGraphHeaders sets the headers Graph puts on every response.
func setGraphHeaders(h http.Header, requestID, clientID string) {
	h["Request-Id"] = []string{requestID}
	if clientID == requestID {
		h["Client-Request-Id"] = h["Request-Id"]
	} else {
		h["Client-Request-Id"] = []string{clientID}
	}
	h["X-Ms-Ags-Diagnostic"] = hdrDiagnostic
	h["Cache-Control"] = hdrNoCache
	h["Strict-Transport-Security"] = hdrSTS
}

// GraphError is Microsoft Graph's error envelope:
//
//	{"error": {"code": "...", "message": "...", "details": [...], "innerError": {...}}}
type GraphError struct {
	Error GraphErrorBody `json:"error"`
}

// GraphErrorBody is the inside of a [GraphError].
type GraphErrorBody struct {
	Code       string          `json:"code"`
	Message    string          `json:"message"`
	Details    []Violation     `json:"details,omitempty"`
	InnerError GraphInnerError `json:"innerError"`
}

// GraphInnerError carries the ids of the failed call. Date has no UTC
// offset, as in Graph.
type GraphInnerError struct {
	Code            string `json:"code,omitempty"` // set on throttling: "429"
	Date            string `json:"date"`
	RequestID       string `json:"request-id"`
	ClientRequestID string `json:"client-request-id"`
}

// graphErrorDateLayout is Graph's innerError.date format (no offset).
const graphErrorDateLayout = "2006-01-02T15:04:05"

// graphErrorBody encodes a Graph error.
func graphErrorBody(status int, e *graphErrorReply, requestID, clientID string) []byte {
	body, err := json.Marshal(GraphError{Error: GraphErrorBody{
		Code:    e.code,
		Message: e.message,
		Details: e.details,
		InnerError: GraphInnerError{
			Code:            e.innerCode,
			Date:            time.Now().UTC().Format(graphErrorDateLayout),
			RequestID:       requestID,
			ClientRequestID: clientID,
		},
	}})
	if err != nil { // cannot happen: every field is a plain string
		panic(err)
	}
	return body
}

// setErrorHeaders sets the headers of a Graph error response.
func setErrorHeaders(h http.Header, status, length int) {
	h["Content-Type"] = hdrErrorJSON
	h["Content-Length"] = []string{strconv.Itoa(length)}
	if status == http.StatusUnauthorized {
		h["Www-Authenticate"] = hdrBearerChallng
	}
}

// writeGraphError sends a Graph error on w, whose Graph headers are set,
// for answers made outside Server.write (a recovered panic, a batch item).
func writeGraphError(w http.ResponseWriter, status int, e *graphErrorReply, requestID, clientID string) {
	body := graphErrorBody(status, e, requestID, clientID)
	setErrorHeaders(w.Header(), status, len(body))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
