package record

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/graphmock/graphmock/internal/graphwire"
)

// FlushPath is the recorder's own endpoint: POST writes the recording so
// far, as the recorder writes it when it stops.
const FlushPath = "/_graphmock/record/flush"

// RecorderOptions configure a Recorder.
type RecorderOptions struct {
	// Write writes the recording of the calls of a Source: called by
	// Flush. What it returns is the answer to POST FlushPath, as JSON.
	Write func(Source) (any, error)
	// MaxBody is the largest body, request or response, kept in the
	// recording; a larger one is forwarded whole and recorded without
	// its body. 32 MiB when zero.
	MaxBody int64
	// Timeout bounds each call to the upstream, 100 seconds (Graph's own
	// gateway timeout) when zero; a call that takes longer gets 504.
	Timeout time.Duration
	// Transport reaches the upstream: http.DefaultTransport when nil.
	Transport http.RoundTripper
}

// A Recorder is a proxy: it forwards each request to the upstream,
// returns the upstream's answer unchanged (but for @odata.nextLink and
// @odata.deltaLink on the upstream, which point at the recorder so that a
// client pages through it), and keeps the call, without credentials, in a
// spool file that Flush hands to RecorderOptions.Write. It is safe for
// concurrent use.
type Recorder struct {
	upstream *url.URL
	opts     RecorderOptions
	client   *http.Client
	spool    *spool

	writing sync.Mutex // one Write at a time
}

// NewRecorder returns a Recorder that forwards to upstream, an absolute
// http or https URL such as https://graph.microsoft.com. Close it.
func NewRecorder(upstream string, opts RecorderOptions) (*Recorder, error) {
	u, err := url.Parse(upstream)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("-upstream %q: want an absolute http or https URL such as https://graph.microsoft.com", upstream)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("-upstream %q: give the host only, without a path: the client's paths (/v1.0/...) are kept", upstream)
	}
	if opts.MaxBody == 0 {
		opts.MaxBody = 32 << 20
	}
	if opts.Timeout == 0 {
		opts.Timeout = 100 * time.Second
	}
	if opts.Transport == nil {
		opts.Transport = http.DefaultTransport
	}
	if opts.Write == nil {
		return nil, errors.New("record: RecorderOptions.Write is nil")
	}
	sp, err := newSpool()
	if err != nil {
		return nil, err
	}
	return &Recorder{
		upstream: u, opts: opts, spool: sp,
		client: &http.Client{
			Transport:     opts.Transport,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}, nil
}

// hopHeaders are not forwarded (RFC 9110, section 7.6.1).
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// ServeHTTP forwards r, or answers FlushPath.
func (rec *Recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == FlushPath {
		rec.serveFlush(w, r)
		return
	}
	reqBody, tooBig, err := readLimited(r.Body, rec.opts.MaxBody)
	if err != nil {
		rec.fail(w, r, nil, http.StatusBadGateway, "badGateway", "graphmock record could not read the request body: "+err.Error())
		return
	}
	target := *rec.upstream
	target.Path, target.RawPath, target.RawQuery = r.URL.Path, r.URL.RawPath, r.URL.RawQuery
	ctx, cancel := context.WithTimeout(r.Context(), rec.opts.Timeout)
	defer cancel()
	var body io.Reader = bytes.NewReader(reqBody)
	if tooBig {
		body = io.MultiReader(bytes.NewReader(reqBody), r.Body)
	}
	out, err := http.NewRequestWithContext(ctx, r.Method, target.String(), body)
	if err != nil {
		rec.fail(w, r, reqBody, http.StatusBadGateway, "badGateway", "graphmock record could not forward the request: "+err.Error())
		return
	}
	out.Header = r.Header.Clone()
	for _, h := range hopHeaders {
		out.Header.Del(h)
	}
	out.ContentLength = r.ContentLength
	if !tooBig {
		out.ContentLength = int64(len(reqBody))
	}
	resp, err := rec.client.Do(out)
	if err != nil {
		var ne net.Error
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
			rec.fail(w, r, reqBody, http.StatusGatewayTimeout, graphwire.CodeGatewayTimeout, "graphmock record: the upstream "+rec.upstream.Host+" did not answer in time")
			return
		}
		rec.fail(w, r, reqBody, http.StatusBadGateway, "badGateway", "graphmock record could not reach the upstream "+rec.upstream.Host)
		return
	}
	defer resp.Body.Close()
	for _, h := range hopHeaders {
		resp.Header.Del(h)
	}
	raw, over, err := readLimited(resp.Body, rec.opts.MaxBody)
	if err != nil {
		rec.fail(w, r, reqBody, http.StatusBadGateway, "badGateway", "graphmock record: the upstream "+rec.upstream.Host+" broke off its answer")
		return
	}
	plain := raw
	gzipped := strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip")
	if gzipped && !over {
		if zr, err := gzip.NewReader(bytes.NewReader(raw)); err == nil {
			if b, err := io.ReadAll(io.LimitReader(zr, rec.opts.MaxBody)); err == nil {
				plain = b
			}
		}
	}
	send := raw
	if !over {
		// A client pointed at the recorder must page through it: the
		// links to the next page point at the recorder, not the upstream.
		if b := rec.rewriteLinks(plain, r); !bytes.Equal(b, plain) {
			send = b
			resp.Header.Del("Content-Encoding")
			resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
		}
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	_, copyErr := w.Write(send)
	if copyErr == nil && over {
		_, copyErr = io.Copy(w, resp.Body)
	}
	respBody := plain
	if over {
		respBody = nil
	}
	if tooBig {
		reqBody = nil
	}
	if copyErr != nil && r.Context().Err() != nil {
		return // the client went away: no answer to record
	}
	rec.keep(r, reqBody, resp.StatusCode, resp.Header, respBody)
}

// rewriteLinks points the @odata.nextLink and @odata.deltaLink of a JSON
// body on the upstream at the recorder that r reached.
func (rec *Recorder) rewriteLinks(body []byte, r *http.Request) []byte {
	if !bytes.Contains(body, []byte("Link")) {
		return body
	}
	own := "http://" + r.Host
	if r.TLS != nil {
		own = "https://" + r.Host
	}
	origin := rec.upstream.Scheme + "://" + rec.upstream.Host
	for _, o := range []string{origin, strings.ReplaceAll(origin, "/", `\/`)} {
		re := regexp.MustCompile(`("@odata\.(?:next|delta)Link"\s*:\s*")` + regexp.QuoteMeta(o) + `([/\\"])`)
		body = re.ReplaceAll(body, []byte("${1}"+strings.ReplaceAll(own, "$", "$$")+"${2}"))
	}
	return body
}

// fail answers a call the upstream did not, in Graph's error envelope
// (https://learn.microsoft.com/en-us/graph/errors), and records it so.
func (rec *Recorder) fail(w http.ResponseWriter, r *http.Request, reqBody []byte, status int, code, msg string) {
	id := graphwire.NewRequestID()
	e := graphwire.Errorf(status, code, "%s", msg)
	h := http.Header{}
	client := graphwire.ClientRequestID(r, id)
	graphwire.SetGraphHeaders(h, id, client)
	body := e.PrepareGraph(h, id, client)
	for k, v := range h {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	w.Write(body)
	rec.keep(r, reqBody, status, h, body)
}

func (rec *Recorder) keep(r *http.Request, reqBody []byte, status int, respHeader http.Header, respBody []byte) {
	// The SDKs' compression handler gzips request bodies: record them
	// decompressed, as the answers are, so that the scrubber learns their
	// personal values and the writer can check them (bodyType: auto).
	if len(reqBody) > 0 && strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		if zr, err := gzip.NewReader(bytes.NewReader(reqBody)); err == nil {
			if b, err := io.ReadAll(io.LimitReader(zr, rec.opts.MaxBody)); err == nil {
				reqBody = b
			}
		}
	}
	e := &Exchange{Method: r.Method, URL: rec.upstream.Scheme + "://" + rec.upstream.Host + r.URL.RequestURI(), RequestBody: reqBody, Status: status, ResponseBody: respBody}
	e.RequestHeader, e.HadAuth = withoutCredentials(r.Header, &e.Dropped)
	e.ResponseHeader, _ = withoutCredentials(respHeader, &e.Dropped)
	e.ResponseHeader.Del("Content-Encoding")
	_ = rec.spool.add(e) // a full disk loses the call from the recording, not from the client
}

// serveFlush answers POST FlushPath with what Flush wrote.
func (rec *Recorder) serveFlush(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if !loopbackHost(r.Host) {
		// As the admin API: a page that reached the recorder by another
		// name (DNS rebinding) does not get to write the recording.
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintln(w, `{"error":{"code":"BadRequest","message":"Invalid Hostname: the recorder's own endpoint answers to localhost, 127.0.0.1 and ::1 only"}}`)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		w.WriteHeader(http.StatusMethodNotAllowed)
		fmt.Fprintf(w, `{"error":{"code":"MethodNotAllowed","message":"POST %s writes the recording so far"}}`+"\n", FlushPath)
		return
	}
	answer, err := rec.Flush()
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "InternalError", "message": err.Error()}})
		return
	}
	json.NewEncoder(w).Encode(answer)
}

// loopbackHost reports whether a Host header names this computer's
// loopback: localhost, 127.0.0.0/8 or ::1, with or without a port.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Flush writes the recording so far with RecorderOptions.Write, and
// returns what it returned.
func (rec *Recorder) Flush() (any, error) {
	rec.writing.Lock()
	defer rec.writing.Unlock()
	src, _, err := rec.spool.snapshot()
	if err != nil {
		return nil, err
	}
	return rec.opts.Write(src)
}

// Host is the upstream's host, such as graph.microsoft.com.
func (rec *Recorder) Host() string { return rec.upstream.Host }

// Close removes the spool file; write the recording with Flush first.
func (rec *Recorder) Close() error { return rec.spool.close() }

// readLimited reads up to limit bytes of r; tooBig says r had more, and
// r is left after what was read.
func readLimited(r io.Reader, limit int64) ([]byte, bool, error) {
	if r == nil {
		return nil, false, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(b)) > limit {
		return b, true, nil
	}
	return b, false, nil
}
