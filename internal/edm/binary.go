package edm

// IsBinary reports whether s is an Edm.Binary: base64 in either the URL-safe
// alphabet OData specifies (- and _) or the standard one (+ and /) Graph's
// own examples use, but not both in one value; the "=" padding is optional
// but, if present, completes the last group of four. The empty string is
// the empty binary value.
func IsBinary(s string) bool {
	body := s
	pad := 0
	for pad < 2 && len(body) > 0 && body[len(body)-1] == '=' {
		body = body[:len(body)-1]
		pad++
	}
	if pad > 0 && len(s)%4 != 0 {
		return false
	}
	if len(body)%4 == 1 {
		return false
	}
	std, url := false, false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || isDigit(c):
		case c == '+' || c == '/':
			std = true
		case c == '-' || c == '_':
			url = true
		default:
			return false
		}
	}
	return !(std && url)
}
