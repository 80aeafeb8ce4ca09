// Package graphwire is how graphmock speaks on the wire as Microsoft Graph
// does: the error envelope and codes, the violations its details list,
// request ids, the headers on every response, reading request bodies
// (gzip included), bearer tokens, canonical paths and the OData context
// URL. It imports only the standard library, so that every package that
// answers in Graph's envelope can use it without linking a validator.
package graphwire

import (
	"encoding/hex"
	"math/rand/v2"
	"net/http"
	"net/textproto"
	"regexp"
)

// GraphJSONContentType is the Content-Type Microsoft Graph sends with JSON
// success bodies; canned JSON responses get it unless they set their own.
const GraphJSONContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

// Graph error codes graphmock answers with. Clients should branch on these
// codes, never on messages.
const (
	CodeBadRequest                 = "BadRequest"
	CodeInvalidAuthenticationToken = "InvalidAuthenticationToken"
	CodeResourceNotFound           = "ResourceNotFound"
	CodeMethodNotAllowed           = "MethodNotAllowed"
	CodeUnsupportedMediaType       = "UnsupportedMediaType"
	CodeRequestEntityTooLarge      = "RequestEntityTooLarge"
	CodeGeneralException           = "generalException"
	CodeFailedDependency           = "FailedDependency"
	CodeConflict                   = "Conflict"
	CodeTooManyRequests            = "TooManyRequests"
	CodeServiceNotAvailable        = "serviceNotAvailable"
	CodeGatewayTimeout             = "gatewayTimeout"
)

// Graph's own messages for the errors graphmock reproduces.
const (
	MsgMissingContentType = "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format."
	MsgEmptyPayload       = "Empty Payload. JSON content expected."
	MsgTokenEmpty         = "Access token is empty."
	MsgTokenInvalid       = "Access token validation failure."
)

// agsDiagnostic is a fixed x-ms-ags-diagnostic value in Graph's shape.
const agsDiagnostic = `{"ServerInfo":{"DataCenter":"graphmock","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"graphmock"}}`

// Header values shared by every response; net/http never modifies them.
var (
	hdrNoCache    = []string{"no-cache"}
	hdrSTS        = []string{"max-age=31536000"}
	hdrDiagnostic = []string{agsDiagnostic}
	hdrErrorJSON  = []string{"application/json"}
	// HeaderBearerChallenge is the WWW-Authenticate value of Graph's 401.
	HeaderBearerChallenge = []string{`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`}
)

// graphManaged are the headers SetGraphHeaders sets, which an answer that
// fails half-way keeps.
var graphManaged = map[string]bool{
	"Request-Id": true, "Client-Request-Id": true, "X-Ms-Ags-Diagnostic": true, "Cache-Control": true, "Strict-Transport-Security": true,
}

// NewRequestID returns a random version 4 UUID. Request ids identify calls;
// they need to be unique, not secret, so the runtime's fast generator does.
func NewRequestID() string {
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

// ClientRequestID returns the client-request-id to echo: the client's own
// when it sent a usable one, else the request id, as Graph does.
func ClientRequestID(r *http.Request, requestID string) string {
	v := r.Header["Client-Request-Id"]
	if len(v) == 0 || v[0] == "" || len(v[0]) > 256 || !ValidHeaderValue(v[0]) {
		return requestID
	}
	return v[0]
}

// SetGraphHeaders sets the headers Graph puts on every response. When the
// client sent no client-request-id, both ids share one slice of one value:
// one allocation for the two.
func SetGraphHeaders(h http.Header, requestID, clientID string) {
	id := []string{requestID}
	h["Request-Id"] = id
	if clientID == requestID {
		h["Client-Request-Id"] = id
	} else {
		h["Client-Request-Id"] = []string{clientID}
	}
	h["X-Ms-Ags-Diagnostic"] = hdrDiagnostic
	h["Cache-Control"] = hdrNoCache
	h["Strict-Transport-Security"] = hdrSTS
}

// KeepGraphHeaders deletes every header but those SetGraphHeaders set, for
// an answer that failed after setting others.
func KeepGraphHeaders(h http.Header) {
	for k := range h {
		if !graphManaged[k] {
			delete(h, k)
		}
	}
}

var tokenRE = regexp.MustCompile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$")

// ValidToken reports whether s is an HTTP token (RFC 9110), as a method or
// a header name must be.
func ValidToken(s string) bool { return tokenRE.MatchString(s) }

// ValidHeaderValue reports whether v can be sent as a header value: no
// control characters but tab.
func ValidHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// Framing reports whether a header describes the message framing or the
// connection, which net/http manages and a scenario cannot set.
func Framing(name string) bool {
	switch textproto.CanonicalMIMEHeaderKey(name) {
	case "Content-Length", "Transfer-Encoding", "Connection":
		return true
	}
	return false
}
