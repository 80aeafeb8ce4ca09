package tenantfile

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/strictyaml"
)

// An Error is one problem with a tenant file: where it is, the value at
// fault and what to change. Parse and Merge return every problem they
// find, joined with errors.Join; Errors takes them apart again.
type Error struct {
	Pos Pos
	// Where names the value at fault: "generate.users",
	// "/users[2].userPrincipalName", "/groups[0].members@odata.bind[1]";
	// "" for the file as a whole.
	Where string
	Err   error
}

// Error renders the problem as file:line:column: where: what.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	if e.Where != "" {
		b.WriteString(e.Where)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns what is wrong.
func (e *Error) Unwrap() error { return e.Err }

// Errors returns the *Error values err is made of, in order: err itself
// when it is one, or those joined in it.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		var e *Error
		if errors.As(err, &e) && err == error(e) {
			out = append(out, e)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, err := range j.Unwrap() {
				walk(err)
			}
			return
		}
		if errors.As(err, &e) {
			out = append(out, e)
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// join sorts errs by place and joins them; nil when there are none.
func join(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Column, b.Pos.Column))
	})
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

// where renders a path in the file as a reader of the file would write
// it: the entities key left out, collection paths as written, property
// names joined with dots and indexes in brackets.
func where(p strictyaml.Path) string {
	var b strings.Builder
	for i := range p.Len() {
		if idx, ok := p.IndexAt(i); ok {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(idx))
			b.WriteByte(']')
			continue
		}
		k, _ := p.KeyAt(i)
		if i == 0 && k == "entities" && p.Len() > 1 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		if strings.IndexFunc(k, func(r rune) bool { return !strconv.IsPrint(r) }) >= 0 {
			k = strconv.Quote(k)
		}
		b.WriteString(k)
	}
	return b.String()
}
