package tenantfile

import (
	"fmt"
	"strings"

	"github.com/graphmock/graphmock/internal/store"
)

// Version is the tenant file format version Parse reads and Encode writes.
const Version = 1

// A Pos is a place in a tenant file. The zero Pos is nowhere (an entity a
// program made rather than a file).
type Pos struct {
	File   string
	Line   int // 1-based; 0 when unknown
	Column int // 1-based; 0 when unknown
}

// String renders the place as file:line:column, leaving out what is
// unknown.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	return b.String()
}

// A File is a tenant: the entities that seed a simulated Microsoft Graph
// tenant, each with where it was written. Parse and Merge return one;
// Encode writes one back. A File is plain data: safe for concurrent reads,
// not for a write concurrent with anything.
type File struct {
	// Name is the file's name as given to Parse; for a merged file, the
	// names of its files joined with ", ".
	Name    string
	Version int
	// Me is the signed-in user as written: a userPrincipalName or an id,
	// or "" when the file leaves it to the first user. SignedIn resolves
	// it.
	Me    string
	MePos Pos
	// Generate is the generate block, nil when there is none. Its
	// entities are in Collections, marked Generated.
	Generate *Generate
	// Collections holds the entities per collection, in the order the
	// file writes the collections; collections made only by Generate come
	// first (users, then groups).
	Collections []*Collection

	idx *index // built by Parse and Merge; nil for a File built by hand
}

// A Collection is one key of the entities mapping: a collection and the
// entities seeded in it, in file order.
type Collection struct {
	// Written is the path as the file writes it, such as
	// "/users/adele@contoso.example/messages".
	Written string
	// Path is the collection in the store: the keys that named a user by
	// userPrincipalName hold the user's id.
	Path store.Path
	Pos  Pos // of the key
	// Generated says the file does not write this collection: Generate
	// made it.
	Generated bool
	Entities  []*Entity
}

// An Entity is one entity to seed.
type Entity struct {
	// ID is the entity's key in its collection: the id written, or one
	// derived from the file's name, the collection and the entity's place
	// in it when none is.
	ID string
	// Data holds the entity's properties as JSON values (nil, bool,
	// json.Number, string, []any, map[string]any), "id" included, the
	// top-level @odata.bind properties left out: they are in Binds.
	Data map[string]any
	// Binds are the entity's top-level @odata.bind properties, resolved,
	// in file order.
	Binds []*Bind
	// Pos is where the entity starts.
	Pos Pos
	// Props are the entity's top-level properties in file order with the
	// place of each (binds included); nil for a generated entity.
	Props []Prop
	// Generated says Generate made the entity; Encode leaves it out and
	// writes the generate block instead.
	Generated bool

	at string // where the file writes it, for messages: /users[2]; "" when made by hand
}

// A Prop is one top-level property of an entity as written.
type Prop struct {
	Name     string
	Pos      Pos // of the key
	ValuePos Pos // of the value
}

// Prop returns where property name of e is written, and whether it is.
func (e *Entity) Prop(name string) (Prop, bool) {
	for _, p := range e.Props {
		if p.Name == name {
			return p, true
		}
	}
	return Prop{}, false
}

// A Bind is one navigation@odata.bind property, such as members@odata.bind,
// its references resolved to entities of the file.
type Bind struct {
	// Nav is the navigation property: "members" for members@odata.bind.
	Nav string
	// Single says the property holds one reference rather than a list
	// (manager@odata.bind: "users/…").
	Single bool
	// Refs are the references as written ("users/adele@contoso.example").
	Refs []string
	// Targets are the entities the references name, one per reference.
	Targets []store.Path
}

// Generate asks for generated users and groups. The same values generate
// the same entities, byte for byte.
type Generate struct {
	Users  int    // how many users, 0 to MaxUsers
	Groups int    // how many groups, 0 to MaxGroups
	Seed   int64  // the seed; another seed gives other people
	Domain string // the domain of userPrincipalNames and mail; DefaultDomain when empty
	Pos    Pos    // of the generate key
}

// Limits of what a tenant file may ask for.
const (
	// MaxFileSize bounds a tenant file: a larger one is refused before
	// parsing. Split a larger tenant into several files and Merge them.
	MaxFileSize = 16 << 20
	// MaxUsers bounds generate.users.
	MaxUsers = 100_000
	// MaxGroups bounds generate.groups.
	MaxGroups = 10_000
	// MaxGroupMembers bounds the members of a generated group.
	MaxGroupMembers = 25
)

// DefaultDomain is the domain of generated users when generate.domain is
// not written. .example is reserved for examples (RFC 2606), so no
// generated address can reach anyone.
const DefaultDomain = "contoso.example"

// Users returns the collection of top-level users, or nil.
func (f *File) Users() *Collection { return f.top("users") }

func (f *File) top(name string) *Collection {
	for _, c := range f.Collections {
		if len(c.Path) == 1 && c.Path[0].Name == name && c.Path[0].Key == "" {
			return c
		}
	}
	return nil
}

// SignedIn returns the user /me stands for: the user Me names, or the
// first user when Me is empty. It returns false when there is no such
// user.
func (f *File) SignedIn() (*Entity, bool) {
	ix := f.index()
	users := ix.colls["users"]
	if users == nil || len(users.order) == 0 {
		return nil, false
	}
	if f.Me == "" {
		return users.order[0], true
	}
	e, ok := ix.user(f.Me)
	return e, ok
}

// Resolve returns the entity a reference names, as an @odata.bind value
// writes it: users/{id}, users/{userPrincipalName}, users('{id}'),
// groups/{id}, directoryObjects/{id} (any user or group), optionally
// after https://graph.microsoft.com/v1.0/ (or beta) or a slash. It
// returns false when the reference is malformed or names no entity of a
// top-level collection of f.
func (f *File) Resolve(ref string) (store.Path, bool) {
	p, err := f.index().resolve(ref, nil)
	return p, err == nil
}
