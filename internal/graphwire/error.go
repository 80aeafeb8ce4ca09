package graphwire

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// An Error is an answer that is not the one a client hoped for: the
// status, the code a client branches on, a message for people, and the
// facts behind it. Every refusal graphmock gives is one, whatever refused:
// a check on a request, a batch's rules, the admin API, CORS. It is
// written in Graph's envelope for Graph routes (WriteGraph) and in
// graphmock's own plain envelope for its admin API (WritePlain).
type Error struct {
	Status    int
	Code      string
	Message   string
	InnerCode string      // Graph's innerError.code, such as "429"; "" for none
	Details   []Violation // each thing wrong, by JSON pointer
	Facts     any         // the plain envelope's details when they are not violations (load errors)
	Allow     []string    // the methods the path answers, for a 405
}

// Errorf returns an Error with a formatted message.
func Errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// envelope is Microsoft Graph's error body:
//
//	{"error": {"code": "...", "message": "...", "details": [...], "innerError": {...}}}
type envelope struct {
	Error envelopeBody `json:"error"`
}

type envelopeBody struct {
	Code       string      `json:"code"`
	Message    string      `json:"message"`
	Details    []Violation `json:"details,omitempty"`
	InnerError innerError  `json:"innerError"`
}

// innerError carries the ids of the failed call. Date has no UTC offset,
// as in Graph.
type innerError struct {
	Code            string `json:"code,omitempty"`
	Date            string `json:"date"`
	RequestID       string `json:"request-id"`
	ClientRequestID string `json:"client-request-id"`
}

// errorDateLayout is Graph's innerError.date format (no offset).
const errorDateLayout = "2006-01-02T15:04:05"

// GraphBody encodes the error in Graph's envelope.
func (e *Error) GraphBody(requestID, clientID string) []byte {
	body, err := json.Marshal(envelope{Error: envelopeBody{
		Code:    e.Code,
		Message: e.Message,
		Details: e.Details,
		InnerError: innerError{
			Code:            e.InnerCode,
			Date:            time.Now().UTC().Format(errorDateLayout),
			RequestID:       requestID,
			ClientRequestID: clientID,
		},
	}})
	if err != nil { // cannot happen: every field is plain data
		panic(err)
	}
	return body
}

// PrepareGraph sets the headers of the error's Graph answer on h, whose
// Graph headers (SetGraphHeaders) are set, and returns its body.
func (e *Error) PrepareGraph(h http.Header, requestID, clientID string) []byte {
	body := e.GraphBody(requestID, clientID)
	h["Content-Type"] = hdrErrorJSON
	SetContentLength(h, len(body))
	switch e.Status {
	case http.StatusUnauthorized:
		h["Www-Authenticate"] = HeaderBearerChallenge
	case http.StatusRequestEntityTooLarge:
		h["Connection"] = hdrClose
	}
	if len(e.Allow) > 0 {
		h["Allow"] = []string{strings.Join(e.Allow, ", ")}
	}
	return body
}

// WriteGraph sends the error in Graph's envelope on w, whose Graph headers
// are set.
func (e *Error) WriteGraph(w http.ResponseWriter, requestID, clientID string) {
	body := e.PrepareGraph(w.Header(), requestID, clientID)
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

// plainEnvelope is the body of graphmock's own errors (the admin API,
// CORS refusals): {"error": {"code", "message", "details"}}.
type plainEnvelope struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details any    `json:"details,omitempty"`
	} `json:"error"`
}

// Header values of graphmock's own JSON answers.
var (
	hdrPlainJSON      = []string{"application/json; charset=utf-8"}
	hdrNoStore        = []string{"no-store"}
	hdrAdminChallenge = []string{`Bearer realm="graphmock admin"`}
	hdrClose          = []string{"close"}
)

// WritePlain sends the error in graphmock's own envelope, indented for
// people at a terminal, and returns the status sent.
func (e *Error) WritePlain(w http.ResponseWriter) int {
	var b plainEnvelope
	b.Error.Code, b.Error.Message = e.Code, e.Message
	switch {
	case e.Facts != nil:
		b.Error.Details = e.Facts
	case len(e.Details) > 0:
		b.Error.Details = e.Details
	}
	body, err := json.MarshalIndent(b, "", "  ")
	status := e.Status
	if err != nil { // details are plain data; this cannot happen
		status = http.StatusInternalServerError
		body = []byte(`{"error": {"code": "InternalError", "message": "encoding the error failed"}}`)
	}
	h := w.Header()
	if len(e.Allow) > 0 {
		h["Allow"] = []string{strings.Join(e.Allow, ", ")}
	}
	if status == http.StatusUnauthorized {
		h["Www-Authenticate"] = hdrAdminChallenge
	}
	return WritePlainJSON(w, status, body)
}

// WritePlainJSON sends a JSON body of graphmock's own, ending it with a
// newline for the terminal, and returns the status.
func WritePlainJSON(w http.ResponseWriter, status int, body []byte) int {
	h := w.Header()
	h["Content-Type"] = hdrPlainJSON
	h["Cache-Control"] = hdrNoStore
	SetContentLength(h, len(body)+1)
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
	return status
}

// SetContentLength sets the Content-Length header to n.
func SetContentLength(h http.Header, n int) {
	h["Content-Length"] = []string{strconv.Itoa(n)}
}
