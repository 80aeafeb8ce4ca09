package store

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error the store returns matches one of them with
// errors.Is; ErrRefExists and ErrNotUnique come as *RefExistsError and
// *NotUniqueError, which say more.
var (
	// ErrNotFound: the path leads to nothing (or its parent is gone).
	ErrNotFound = errors.New("not found")
	// ErrExists: an entity with that key is already in the collection.
	ErrExists = errors.New("already exists")
	// ErrBadPath: a path that is empty, names no collection where one is
	// needed, or holds a separator character.
	ErrBadPath = errors.New("bad path")
	// ErrEmptyKey: Create without a key.
	ErrEmptyKey = errors.New("empty key")
	// ErrBadValue: an entity holding something that is not a JSON value.
	ErrBadValue = errors.New("not a JSON value")
	// ErrRefExists: AddRefs of a reference that is already there.
	ErrRefExists = errors.New("reference already exists")
	// ErrNotUnique: a value that another entity of the collection already
	// holds in a unique property.
	ErrNotUnique = errors.New("value not unique")
	// ErrFull: the store holds Limits.MaxEntities entities.
	ErrFull = errors.New("store full")
)

// A RefExistsError is the error of AddRefs when some targets are already
// referenced: Targets lists them, in the order they were given.
type RefExistsError struct {
	From    Path
	Nav     string
	Targets []Path
}

func (e *RefExistsError) Error() string {
	ts := make([]string, len(e.Targets))
	for i, t := range e.Targets {
		ts[i] = t.String()
	}
	return fmt.Sprintf("%s/%s: %v: %s", e.From, e.Nav, ErrRefExists, strings.Join(ts, ", "))
}

// Is makes errors.Is(err, ErrRefExists) true.
func (e *RefExistsError) Is(target error) bool { return target == ErrRefExists }

// A NotUniqueError is the error of a Create or Update that would give
// Property the Value that entity Holder of Collection already has.
type NotUniqueError struct {
	Collection Path
	Property   string
	Value      string
	Holder     string // key of the entity that has the value
}

func (e *NotUniqueError) Error() string {
	return fmt.Sprintf("%s: %v: %s %q is held by %s", e.Collection, ErrNotUnique, e.Property, e.Value, e.Holder)
}

// Is makes errors.Is(err, ErrNotUnique) true.
func (e *NotUniqueError) Is(target error) bool { return target == ErrNotUnique }

func notFound(p Path) error { return fmt.Errorf("%s: %w", p, ErrNotFound) }
