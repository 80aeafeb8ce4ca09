package mockserver

import (
	"net/http"
	"net/url"
)

// incoming is a request being answered, with what has been learnt of it so
// far. The body is read once; it is parsed as JSON at most once, and only
// when something needs the parsed form.
type incoming struct {
	r        *http.Request
	body     []byte
	tooLarge bool // the body was over the limit and not read

	parsed bool
	doc    any
	docErr error

	queryParsed bool
	queryValues url.Values
}

// json returns the body parsed as JSON.
func (in *incoming) json() (any, error) {
	if !in.parsed {
		in.parsed = true
		in.doc, in.docErr = parseJSON(in.body)
	}
	return in.doc, in.docErr
}

// query returns the parsed query string.
func (in *incoming) query() url.Values {
	if !in.queryParsed {
		in.queryParsed = true
		in.queryValues = in.r.URL.Query()
	}
	return in.queryValues
}
