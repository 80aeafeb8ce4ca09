package record

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
)

// The parts of an HTTP Archive 1.2
// (http://www.softwareishard.com/blog/har-12-spec/) that an import reads,
// as Chrome's and Firefox's developer tools and graphmock's own
// GET /_graphmock/har write them.
type (
	harEntry struct {
		Request struct {
			Method   string         `json:"method"`
			URL      string         `json:"url"`
			Headers  []harNameValue `json:"headers"`
			PostData *struct {
				MimeType string `json:"mimeType"`
				Text     string `json:"text"`
				Encoding string `json:"encoding"` // not in 1.2, written by some tools
			} `json:"postData"`
		} `json:"request"`
		Response struct {
			Status  int            `json:"status"`
			Headers []harNameValue `json:"headers"`
			Content struct {
				MimeType string `json:"mimeType"`
				Text     string `json:"text"`
				Encoding string `json:"encoding"` // "base64" or ""
			} `json:"content"`
		} `json:"response"`
	}
	harNameValue struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
)

// A HARError says what is wrong with an HTTP Archive.
type HARError struct {
	File string
	Msg  string
}

// Error says the file and what is wrong with it.
func (e *HARError) Error() string { return e.File + ": " + e.Msg }

// HAR returns a Source of the calls in an HTTP Archive file, read as a
// stream, one entry at a time, each time the Source is read. The entries
// are checked as they are read: a file that is not an archive is a
// *HARError naming the file and what is wrong. Creator is set, at the
// first read, to the name of the tool that wrote the archive (graphmock
// for graphmock's own).
func HAR(file string, creator *string) Source {
	return func(each func(*Exchange) error) error {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		return readHAR(file, bufio.NewReaderSize(f, 1<<16), creator, each)
	}
}

// errStop ends a read early.
var errStop = errors.New("stop")

// HARCreator returns the name of the tool that wrote an HTTP Archive
// (log.creator.name: "graphmock" for graphmock's own), reading the file
// only up to its first entry.
func HARCreator(file string) (string, error) {
	var creator string
	err := HAR(file, &creator)(func(*Exchange) error { return errStop })
	if err != nil && !errors.Is(err, errStop) {
		return "", err
	}
	return creator, nil
}

func readHAR(file string, r io.Reader, creator *string, each func(*Exchange) error) error {
	dec := json.NewDecoder(r)
	bad := func(format string, a ...any) error {
		return &HARError{File: file, Msg: "not an HTTP Archive (HAR): " + fmt.Sprintf(format, a...)}
	}
	syntax := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return bad("invalid JSON at byte %d: %v", se.Offset, err)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return bad("the file ends before the archive does")
		}
		return bad("%v", err)
	}
	if err := expectDelim(dec, '{'); err != nil {
		return bad("it does not start with a JSON object (%v)", err)
	}
	sawLog, sawEntries := false, false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return syntax(err)
		}
		if key != "log" {
			if err := skip(dec); err != nil {
				return syntax(err)
			}
			continue
		}
		sawLog = true
		if err := expectDelim(dec, '{'); err != nil {
			return bad(`"log" is not an object`)
		}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return syntax(err)
			}
			switch key {
			case "creator":
				var c struct {
					Name string `json:"name"`
				}
				if err := dec.Decode(&c); err != nil {
					return bad(`"log.creator" is not an object: %v`, err)
				}
				if creator != nil {
					*creator = c.Name
				}
			case "entries":
				sawEntries = true
				if err := expectDelim(dec, '['); err != nil {
					return bad(`"log.entries" is not a list`)
				}
				for i := 0; dec.More(); i++ {
					var he harEntry
					if err := dec.Decode(&he); err != nil {
						return bad("entry %d: %v", i, err)
					}
					e, err := he.exchange()
					if err != nil {
						return bad("entry %d: %v", i, err)
					}
					if err := each(e); err != nil {
						return err
					}
				}
				if _, err := dec.Token(); err != nil {
					return syntax(err)
				}
			default:
				if err := skip(dec); err != nil {
					return syntax(err)
				}
			}
		}
		if _, err := dec.Token(); err != nil {
			return syntax(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err)
	}
	switch {
	case !sawLog:
		return bad(`no "log" object`)
	case !sawEntries:
		return bad(`no "log.entries" list`)
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("found %v where %q was expected", tok, want)
	}
	return nil
}

// skip reads past one JSON value without keeping it.
func skip(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// exchange is the call an entry records, without credentials.
func (he *harEntry) exchange() (*Exchange, error) {
	if he.Request.Method == "" || he.Request.URL == "" {
		return nil, errors.New("no request method or URL")
	}
	reqH := http.Header{}
	for _, h := range he.Request.Headers {
		reqH.Add(h.Name, h.Value)
	}
	respH := http.Header{}
	for _, h := range he.Response.Headers {
		respH.Add(h.Name, h.Value)
	}
	e := &Exchange{Method: he.Request.Method, URL: he.Request.URL, Status: he.Response.Status}
	e.RequestHeader, e.HadAuth = withoutCredentials(reqH, &e.Dropped)
	e.ResponseHeader, _ = withoutCredentials(respH, &e.Dropped)
	if he.Request.PostData != nil {
		e.RequestBody = []byte(he.Request.PostData.Text)
		if he.Request.PostData.Encoding == "base64" {
			b, err := base64.StdEncoding.DecodeString(he.Request.PostData.Text)
			if err != nil {
				return nil, fmt.Errorf("request body: %v", err)
			}
			e.RequestBody = b
		}
	}
	e.ResponseBody = []byte(he.Response.Content.Text)
	if he.Response.Content.Encoding == "base64" {
		b, err := base64.StdEncoding.DecodeString(he.Response.Content.Text)
		if err != nil {
			return nil, fmt.Errorf("response content: %v", err)
		}
		e.ResponseBody = b
	}
	if e.ResponseHeader.Get("Content-Type") == "" && he.Response.Content.MimeType != "" && len(e.ResponseBody) > 0 {
		e.ResponseHeader.Set("Content-Type", he.Response.Content.MimeType)
	}
	return e, nil
}
