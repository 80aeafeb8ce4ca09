package odataquery

import "fmt"

// CodeBadRequest is the code of every Error the package returns; a caller
// answering for a workload with codes of its own (the directory's
// Request_BadRequest) replaces it.
const CodeBadRequest = "BadRequest"

// An Error is a query refused: always HTTP 400, with the Graph code and
// message a client is shown. Option names the system query option
// ("$filter", "$orderby", …).
type Error struct {
	Option  string
	Code    string
	Message string
}

// Status is the HTTP status of every Error: 400.
func (e *Error) Status() int { return 400 }

func (e *Error) Error() string { return e.Option + ": " + e.Message }

func errorf(option, format string, args ...any) *Error {
	return &Error{Option: option, Code: CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}
