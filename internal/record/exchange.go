// Package record captures Microsoft Graph traffic for recordings: a
// proxy that records what a client and Graph exchange ([Recorder]) and a
// reader of browsers' HTTP Archives ([HAR]), both as [Exchange]s without
// credentials. The command scrubs them (package scrub) and writes them as
// scenario files.
package record

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
)

// GraphHosts are the hosts of Microsoft Graph's national clouds
// (https://learn.microsoft.com/en-us/graph/deployments) and its canary
// endpoint: the calls a recording takes by default.
var GraphHosts = []string{
	"graph.microsoft.com", "canary.graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us",
	"graph.microsoft.de", "microsoftgraph.chinacloudapi.cn",
}

// An Exchange is one call: the request a client sent and the answer it
// got. Credentials are dropped before an Exchange is kept anywhere: its
// headers never hold Authorization or cookies; HadAuth says whether the
// request carried a bearer token.
type Exchange struct {
	Method         string      `json:"method"`
	URL            string      `json:"url"` // absolute
	RequestHeader  http.Header `json:"requestHeader,omitempty"`
	RequestBody    []byte      `json:"requestBody,omitempty"`
	HadAuth        bool        `json:"hadAuth,omitempty"`
	Dropped        []string    `json:"dropped,omitempty"` // the credential headers dropped, by name
	Status         int         `json:"status"`            // 0: no answer
	ResponseHeader http.Header `json:"responseHeader,omitempty"`
	ResponseBody   []byte      `json:"responseBody,omitempty"`
}

// A Source yields exchanges in the order they happened, calling each for
// every one and stopping at the first error it returns. Write reads a
// Source twice: it must yield the same exchanges each time.
type Source func(each func(*Exchange) error) error

// credentialHeaders are dropped from every exchange before it is kept.
var credentialHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"}

// withoutCredentials returns a copy of h without credentials, whether it
// had a bearer token, and adds the names of the headers dropped to
// dropped.
func withoutCredentials(h http.Header, dropped *[]string) (http.Header, bool) {
	out := h.Clone()
	auth := strings.HasPrefix(strings.ToLower(h.Get("Authorization")), "bearer ")
	for _, k := range credentialHeaders {
		if _, ok := out[k]; ok {
			*dropped = append(*dropped, k)
			out.Del(k)
		}
	}
	return out, auth
}

// A spool keeps exchanges in a file, one JSON line each, so that a long
// recording does not stay in memory. The file holds unscrubbed values
// (never credentials): it is made readable by its owner only and removed
// by Close.
type spool struct {
	mu   sync.Mutex
	f    *os.File
	w    *bufio.Writer
	size int64
	n    int
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "graphmock-record-*.jsonl")
	if err != nil {
		return nil, fmt.Errorf("making the recording's spool file: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &spool{f: f, w: bufio.NewWriter(f)}, nil
}

func (s *spool) add(e *Exchange) error {
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return errors.New("the recording is closed")
	}
	n, err := s.w.Write(append(line, '\n'))
	s.size += int64(n)
	s.n++
	return err
}

// snapshot returns a Source of the exchanges added so far, and how many
// there are.
func (s *spool) snapshot() (Source, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil, 0, errors.New("the recording is closed")
	}
	if err := s.w.Flush(); err != nil {
		return nil, 0, err
	}
	f, size := s.f, s.size
	return func(each func(*Exchange) error) error {
		dec := json.NewDecoder(bufio.NewReader(io.NewSectionReader(f, 0, size)))
		for {
			var e Exchange
			if err := dec.Decode(&e); err == io.EOF {
				return nil
			} else if err != nil {
				return fmt.Errorf("reading the recording's spool: %w", err)
			}
			if err := each(&e); err != nil {
				return err
			}
		}
	}, s.n, nil
}

// close removes the spool file.
func (s *spool) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	name := s.f.Name()
	err := s.f.Close()
	s.f = nil
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	return err
}
