package odataquery

import (
	"strings"
	"time"
)

// A tokenKind is what a token is.
type tokenKind int

const (
	tEOF    tokenKind = iota
	tIdent            // a name: a property, a keyword, a function, a lambda variable
	tString           // 'text', with '' for a quote
	tNumber           // 12, -3.5, 1e3
	tGUID             // 8-4-4-4-12 hex digits, unquoted
	tDate             // 2024-01-02T03:04:05Z, or a date 2024-01-02
	tEnum             // microsoft.graph.type'value'
	tPunct            // ( ) , / :
)

// A token is one lexeme of an option's value.
type token struct {
	kind tokenKind
	text string // the ident, the unquoted string, the number, the punctuation
	enum string // the type of tEnum
	pos  int
}

// lexer cuts an option's value into tokens.
type lexer struct {
	option string
	src    string
	pos    int
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
func isIdentStart(c byte) bool {
	return c == '_' || c == '@' || c == '$' || (c|0x20 >= 'a' && c|0x20 <= 'z')
}
func isIdent(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '.' }

// guidAt reports whether a GUID starts at s[0].
func guidAt(s string) bool {
	if len(s) < 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return len(s) == 36 || !isIdent(s[36])
}

// dateAt returns the length of a date or date-time literal at s[0], 0 for
// none.
func dateAt(s string) int {
	if len(s) < 10 || !isDigit(s[0]) || s[4] != '-' || s[7] != '-' {
		return 0
	}
	n := 10
	for n < len(s) && (isDigit(s[n]) || strings.IndexByte("T:.-+Z", s[n]) >= 0) {
		n++
	}
	lit := s[:n]
	if _, ok := parseTime(lit); !ok {
		return 0
	}
	return n
}

// parseTime reads a date or date-time literal.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// next returns the next token.
func (l *lexer) next() (token, *Error) {
	for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
		l.pos++
	}
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: tEOF, pos: start}, nil
	}
	rest := l.src[l.pos:]
	c := rest[0]
	switch {
	case strings.IndexByte("(),/:", c) >= 0:
		l.pos++
		return token{kind: tPunct, text: string(c), pos: start}, nil
	case c == '\'':
		s, err := l.quoted()
		if err != nil {
			return token{}, err
		}
		return token{kind: tString, text: s, pos: start}, nil
	case guidAt(rest):
		l.pos += 36
		return token{kind: tGUID, text: rest[:36], pos: start}, nil
	case dateAt(rest) > 0:
		n := dateAt(rest)
		l.pos += n
		return token{kind: tDate, text: rest[:n], pos: start}, nil
	case isDigit(c) || (c == '-' && len(rest) > 1 && isDigit(rest[1])):
		n := 1
		for n < len(rest) && (isDigit(rest[n]) || rest[n] == '.' || rest[n]|0x20 == 'e' ||
			((rest[n] == '-' || rest[n] == '+') && rest[n-1]|0x20 == 'e')) {
			n++
		}
		l.pos += n
		return token{kind: tNumber, text: rest[:n], pos: start}, nil
	case isIdentStart(c):
		n := 1
		for n < len(rest) && isIdent(rest[n]) {
			n++
		}
		name := rest[:n]
		l.pos += n
		if l.pos < len(l.src) && l.src[l.pos] == '\'' && strings.Contains(name, ".") {
			s, err := l.quoted()
			if err != nil {
				return token{}, err
			}
			return token{kind: tEnum, text: s, enum: name, pos: start}, nil
		}
		return token{kind: tIdent, text: name, pos: start}, nil
	}
	return token{}, errorf(l.option, "Syntax error: character '%c' is not valid at position %d in '%s'.", c, start, l.src)
}

// quoted reads a quoted string at l.pos, ” standing for a quote.
func (l *lexer) quoted() (string, *Error) {
	start := l.pos
	l.pos++
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		l.pos++
		if c != '\'' {
			b.WriteByte(c)
			continue
		}
		if l.pos < len(l.src) && l.src[l.pos] == '\'' {
			b.WriteByte('\'')
			l.pos++
			continue
		}
		return b.String(), nil
	}
	return "", errorf(l.option, "Syntax error: the string literal at position %d in '%s' is not closed.", start, l.src)
}
