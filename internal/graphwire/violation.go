package graphwire

// A Violation is one way a document breaks a rule: a JSON Schema's, a type
// of Graph's metadata, or one of Graph's own (a batch's, say). It becomes
// one entry of a Graph error's details.
type Violation struct {
	// Field is the JSON pointer (RFC 6901) of the offending value; "" is the
	// whole body.
	Field string `json:"target"`
	// Code names the broken rule, such as "required", "invalidEnumMember"
	// or "invalidType".
	Code string `json:"code"`
	// Message says what is wrong in words.
	Message string `json:"message"`
	// ErrorCode is the code of the error a workload of Graph answers
	// this violation with, such as the directory's "Request_BadRequest"
	// or Outlook's "RequestBodyRead"; "" for Graph's "BadRequest". It is
	// not a part of the detail written on the wire.
	ErrorCode string `json:"-"`
}

// String renders the violation as "/pointer: message".
func (v Violation) String() string {
	field := v.Field
	if field == "" {
		field = "(body)"
	}
	return field + ": " + v.Message
}
