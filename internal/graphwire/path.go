package graphwire

import (
	"net/http"
	"strings"
)

// CanonicalPath puts an escaped URL path in the one form routes are matched
// against: every percent-escape is decoded except %2F and %25, which stay
// escaped so that an encoded slash stays inside its segment. Thus $ref and
// %24ref match alike, and a variable can hold "a%2Fb".
func CanonicalPath(escaped string) string {
	if !strings.Contains(escaped, "%") {
		return escaped
	}
	var b strings.Builder
	b.Grow(len(escaped))
	for i := 0; i < len(escaped); i++ {
		c := escaped[i]
		if c == '%' && i+2 < len(escaped) && isHex(escaped[i+1]) && isHex(escaped[i+2]) {
			v := unhex(escaped[i+1])<<4 | unhex(escaped[i+2])
			if v != '/' && v != '%' {
				b.WriteByte(v)
				i += 2
				continue
			}
			b.WriteByte('%')
			b.WriteByte(upperHex(escaped[i+1]))
			b.WriteByte(upperHex(escaped[i+2]))
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// PathVar decodes a variable taken from a canonical path.
func PathVar(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	return strings.NewReplacer("%2F", "/", "%25", "%").Replace(s)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// HasEncodedSlashOrPercent reports whether an escaped path contains %2F or
// %25, the escapes CanonicalPath keeps.
func HasEncodedSlashOrPercent(p string) bool {
	for {
		i := strings.IndexByte(p, '%')
		if i < 0 || i+2 >= len(p) {
			return false
		}
		if p[i+1] == '2' && (p[i+2] == 'F' || p[i+2] == 'f' || p[i+2] == '5') {
			return true
		}
		p = p[i+1:]
	}
}

// EscapedPath returns the request path as the client sent it.
func EscapedPath(r *http.Request) string {
	if u := r.RequestURI; strings.HasPrefix(u, "/") {
		if i := strings.IndexByte(u, '?'); i >= 0 {
			return u[:i]
		}
		return u
	}
	return r.URL.EscapedPath()
}

// BaseURL returns the origin the client reached: "http://" or, over TLS,
// "https://", then the Host it asked for. Links graphmock makes for a
// client (such as a 201's Location) start with it, so that they point
// back at graphmock rather than at Graph.
func BaseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
