package admin

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync/atomic"

	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/mockserver"
)

// maxExports bounds the journal exports (GET /_graphmock/calls and
// /_graphmock/har, the server's and the sessions') written at once; one
// more gets 429 TooManyRequests.
const maxExports = 4

// exportRetryAfter is the Retry-After of an export refused beyond
// maxExports.
const exportRetryAfter = "1"

// exportGate counts the exports being written.
type exportGate struct{ n atomic.Int32 }

// export answers with the JSON document write streams, call by call, into
// the response, or with 429 when maxExports are being written already.
// The document is written as json.MarshalIndent would, two spaces a
// level.
func (h *handler) export(what string, header http.Header, write func(w *bufio.Writer) error) (any, *graphwire.Error) {
	if h.exports.n.Add(1) > maxExports {
		h.exports.n.Add(-1)
		e := graphwire.Errorf(http.StatusTooManyRequests, codeTooManyStreams,
			"%d exports of the journal are being written, as many as graphmock writes at once: try again when one is done (%s)", maxExports, what)
		return rawAnswer(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", exportRetryAfter)
			e.WritePlain(w)
		}), nil
	}
	return rawAnswer(func(w http.ResponseWriter, _ *http.Request) {
		defer h.exports.n.Add(-1)
		hd := w.Header()
		for k, v := range header {
			hd[k] = v
		}
		hd.Set("Content-Type", "application/json; charset=utf-8")
		hd.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		bw := bufio.NewWriterSize(w, 32<<10)
		if write(bw) == nil {
			_ = bw.Flush()
		}
	}), nil
}

// itemEncoder writes the items of a JSON array one at a time, indented
// for their depth, as json.MarshalIndent writes them.
type itemEncoder struct {
	w      io.Writer
	buf    bytes.Buffer
	enc    *json.Encoder
	indent string // the array's own indentation
	n      int
}

func newItemEncoder(w io.Writer, indent string) *itemEncoder {
	e := &itemEncoder{w: w, indent: indent}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetIndent(indent+"  ", "  ")
	return e
}

// encode writes v as the next item.
func (e *itemEncoder) encode(v any) error {
	e.buf.Reset()
	if e.n == 0 {
		e.buf.WriteString("[\n" + e.indent + "  ")
	} else {
		e.buf.WriteString(",\n" + e.indent + "  ")
	}
	e.n++
	if err := e.enc.Encode(v); err != nil {
		return err
	}
	_, err := e.w.Write(bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")))
	return err
}

// close ends the array.
func (e *itemEncoder) close() error {
	end := "\n" + e.indent + "]"
	if e.n == 0 {
		end = "[]"
	}
	_, err := io.WriteString(e.w, end)
	return err
}

// eachCall calls fn with each kept call that passes f, oldest first, up to
// the newest call recorded when it starts. It copies the journal a chunk
// at a time; with limit= and other filters it walks the journal twice,
// first to count.
func (h *handler) eachCall(f callFilter, fn func(*mockserver.Call) error) error {
	end := window(h.srv).Last
	filtered := f.scenario != "" || f.outcome != "" || f.invalid != nil
	since, skip := f.since, 0
	if f.limit > 0 && !filtered {
		since = max(since, end-int64(f.limit))
	}
	walk := func(fn func(*mockserver.Call) error) error {
		for from := since; from < end; {
			chunk, _ := h.srv.CallsSince(from, callChunk)
			if len(chunk) == 0 {
				return nil
			}
			for i := range chunk {
				if chunk[i].Seq > end {
					return nil
				}
				if f.keep(&chunk[i]) {
					if err := fn(&chunk[i]); err != nil {
						return err
					}
				}
			}
			from = chunk[len(chunk)-1].Seq
		}
		return nil
	}
	if f.limit > 0 && filtered {
		n := 0
		_ = walk(func(*mockserver.Call) error { n++; return nil })
		skip = n - f.limit
	}
	return walk(func(c *mockserver.Call) error {
		if skip > 0 {
			skip--
			return nil
		}
		return fn(c)
	})
}
