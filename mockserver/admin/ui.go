package admin

import (
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/graphmock/graphmock/internal/graphwire"
)

// pageFiles are the page's files: plain HTML, CSS and JavaScript, with no
// build step and nothing loaded from elsewhere.
//
//go:embed ui
var pageFiles embed.FS

// pagePrefix is where the page is served.
const pagePrefix = Prefix + "ui/"

// pagePolicy keeps the page to its own files and its own origin: no
// inline script, nothing from other sites, no framing by other pages.
const pagePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// isPagePath reports whether r asks for one of the page's own files,
// which need no admin token: they hold no data, and a browser opening
// the page has no way to send a token with that first request.
func isPagePath(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.HasPrefix(r.URL.Path, pagePrefix)
}

// ui answers GET /_graphmock/ui/ and the files under it.
func (h *handler) ui(r *http.Request) (any, *graphwire.Error) {
	name := strings.TrimPrefix(r.URL.Path, pagePrefix)
	if name == "" {
		name = "index.html"
	}
	data, err := fs.ReadFile(pageFiles, path.Join("ui", path.Clean("/" + name)[1:]))
	if err != nil || name != path.Clean(name) {
		return nil, graphwire.Errorf(http.StatusNotFound, codeNotFound, "the page has no file %q; open %s", name, pagePrefix)
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	return rawAnswer(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Type", ctype)
		hd.Set("Cache-Control", "no-cache")
		hd.Set("Content-Security-Policy", pagePolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		graphwire.SetContentLength(hd, len(data))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(data)
		}
	}), nil
}
