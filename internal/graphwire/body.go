package graphwire

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// ReadBody reads the body and undoes its Content-Encoding. Graph's
// Go SDK gzips request bodies by default, so graphmock accepts gzip; the
// decompressed size counts against limit, so a small body that inflates
// past it (a gzip bomb) is an *http.MaxBytesError like any oversized body,
// and decompression stops there. A corrupt gzip stream is a
// *contentEncodingError; an encoding graphmock cannot decode is an
// *unsupportedEncodingError, answered with 415 so that a client that
// compressed on its own initiative sends the body again uncompressed (the
// Go SDK's compression handler does exactly that).
func ReadBody(r *http.Request, limit int64) ([]byte, error) {
	body, err := readRaw(r, limit)
	if err != nil {
		return body, err
	}
	codings := r.Header["Content-Encoding"]
	if len(codings) == 0 || len(body) == 0 {
		return body, nil
	}
	var coding string
	for _, v := range codings {
		for c := range strings.SplitSeq(v, ",") {
			switch c = strings.ToLower(strings.TrimSpace(c)); c {
			case "", "identity":
			case "gzip", "x-gzip":
				if coding != "" {
					return nil, &unsupportedEncodingError{strings.Join(codings, ", ")}
				}
				coding = c
			default:
				return nil, &unsupportedEncodingError{strings.Join(codings, ", ")}
			}
		}
	}
	if coding == "" {
		return body, nil
	}
	return gunzip(body, limit)
}

// gunzip decompresses a gzip stream (one member or several) of at most
// limit decompressed bytes.
func gunzip(compressed []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return nil, &contentEncodingError{err}
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if int64(len(out)) > limit {
		return nil, &http.MaxBytesError{Limit: limit}
	}
	if err != nil {
		return nil, &contentEncodingError{err}
	}
	return out, nil
}

// unsupportedEncodingError is a Content-Encoding graphmock cannot decode.
type unsupportedEncodingError struct{ encoding string }

func (e *unsupportedEncodingError) Error() string {
	return fmt.Sprintf("content encoding %q is not supported", e.encoding)
}

// contentEncodingError is a body that does not decode as its
// Content-Encoding says.
type contentEncodingError struct{ err error }

func (e *contentEncodingError) Error() string { return "the gzip body is corrupt: " + e.err.Error() }

func (e *contentEncodingError) Unwrap() error { return e.err }

// ReadError is Graph's answer to a request whose body could not be read
// (see ReadBody).
func ReadError(err error, limit int64) *Error {
	var tooLarge *http.MaxBytesError
	var unsupported *unsupportedEncodingError
	var corrupt *contentEncodingError
	switch {
	case errors.As(err, &tooLarge):
		return Errorf(http.StatusRequestEntityTooLarge, CodeRequestEntityTooLarge, "The request body is larger than the limit of %d bytes.", limit)
	case errors.As(err, &unsupported):
		return Errorf(http.StatusUnsupportedMediaType, CodeUnsupportedMediaType, "Content-Encoding %q is not supported: send the body uncompressed or gzip-compressed.", unsupported.encoding)
	case errors.As(err, &corrupt):
		return Errorf(http.StatusBadRequest, CodeBadRequest, "Unable to read the request body: %v.", corrupt)
	default:
		return Errorf(http.StatusBadRequest, CodeBadRequest, "Unable to read the request body: %v.", err)
	}
}

// readRaw reads the whole body, up to limit bytes. A body known or found
// to be larger is not read further: the error is an *http.MaxBytesError.
func readRaw(r *http.Request, limit int64) ([]byte, error) {
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
