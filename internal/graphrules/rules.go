package graphrules

import (
	"strconv"
	"strings"
)

// A Cite says where a rule comes from.
type Cite struct {
	// Source is the address of the page (Microsoft's documentation, or an
	// SDK's source) that states the rule.
	Source string `yaml:"source"`
	// Guess is set when the rule could not be checked against Source: the
	// page says nothing that decides it, or only client code quotes it.
	Guess bool `yaml:"guess"`
	// Note says what the source shows, or why the rule is a guess.
	Note string `yaml:"note"`
}

// A Status is the HTTP status of a successful answer.
type Status struct {
	Status int `yaml:"status"`
	Cite   `yaml:",inline"`
}

// An ErrorRule is an error answer: status, Graph's error code, and a
// message template whose placeholders ({id}, {nav}, {property}) Render
// fills in.
type ErrorRule struct {
	Status  int    `yaml:"status"`
	Code    string `yaml:"code"`
	Message string `yaml:"message"`
	Cite    `yaml:",inline"`
}

// A GraphError is an ErrorRule with its message rendered.
type GraphError struct {
	Status  int
	Code    string
	Message string
}

// Render fills in the placeholders of the message: pairs of name and
// value, such as Render("id", "42").
func (e *ErrorRule) Render(pairs ...string) GraphError {
	old := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		old = append(old, "{"+pairs[i]+"}", pairs[i+1])
	}
	return GraphError{Status: e.Status, Code: e.Code, Message: strings.NewReplacer(old...).Replace(e.Message)}
}

// A Limit is a number Graph enforces.
type Limit struct {
	Value int `yaml:"value"`
	Cite  `yaml:",inline"`
}

// A PageSize is how many entities a page holds when the client sends no
// $top (Default) and the largest $top the service accepts (Max).
type PageSize struct {
	Default int `yaml:"default"`
	Max     int `yaml:"max"`
	Cite    `yaml:",inline"`
}

// A Properties rule names properties of the collection's entity type.
type Properties struct {
	Properties []string `yaml:"properties"`
	Cite       `yaml:",inline"`
}

// Has reports whether p names property name. p may be nil.
func (p *Properties) Has(name string) bool {
	if p == nil {
		return false
	}
	for _, n := range p.Properties {
		if n == name {
			return true
		}
	}
	return false
}

// A Unique rule says no two entities of the collection may hold the same
// value of Property, compared ignoring case.
type Unique struct {
	Property string `yaml:"property"`
	Cite     `yaml:",inline"`
}

// A Workload is a family of collections served alike (the directory,
// Outlook, Teams, Planner, To Do). A collection's own rule, where it has
// one, wins over its workload's.
type Workload struct {
	Name string `yaml:"name"`
	// Update is the status of a successful PATCH of an entity.
	Update *Status `yaml:"update"`
	// Delete is the status of a successful DELETE.
	Delete *Status `yaml:"delete"`
	// NotFound is the error for an entity that does not exist.
	NotFound *ErrorRule `yaml:"notFound"`
	// DuplicateRef is the error for adding a reference already there.
	DuplicateRef *ErrorRule `yaml:"duplicateRef"`
	// NotUnique is the error for a value another entity holds in a unique
	// property.
	NotUnique *ErrorRule `yaml:"notUnique"`
	// MaxBindRefs bounds the references one request may add through
	// nav@odata.bind.
	MaxBindRefs *Limit `yaml:"maxBindRefs"`
	// ID is the shape of the ids of the workload's entities.
	ID *IDShape `yaml:"id"`
}

// A Collection holds the rules of one collection. Its Path names it by
// entity set (or singleton) and navigation properties, keys left out:
// "users", "users/messages", "teams/channels", "planner/tasks".
type Collection struct {
	Path     string `yaml:"path"`
	Workload string `yaml:"workload"`
	// Type is the qualified entity type of the collection's members in
	// Graph's v1.0 metadata.
	Type string `yaml:"type"`

	Update       *Status    `yaml:"update"`
	Delete       *Status    `yaml:"delete"`
	NotFound     *ErrorRule `yaml:"notFound"`
	DuplicateRef *ErrorRule `yaml:"duplicateRef"`
	NotUnique    *ErrorRule `yaml:"notUnique"`
	MaxBindRefs  *Limit     `yaml:"maxBindRefs"`
	ID           *IDShape   `yaml:"id"`

	// PageSize is nil where Graph does not page the collection.
	PageSize *PageSize `yaml:"pageSize"`
	// Required lists the properties a create must carry.
	Required *Properties `yaml:"required"`
	// Unique lists the properties no two members may share.
	Unique []Unique `yaml:"unique"`
	// DefaultSelect lists the properties returned without $select; nil
	// means all of them.
	DefaultSelect *Properties `yaml:"defaultSelect"`
	// WriteOnly lists properties accepted on write and never returned.
	WriteOnly *Properties `yaml:"writeOnly"`
	// Computed lists the properties the service sets on create.
	Computed *Properties `yaml:"computed"`

	workload *Workload
}

// Of returns the workload c belongs to.
func (c *Collection) Of() *Workload { return c.workload }

// UpdateStatus returns the status of a successful PATCH of a member: 204,
// or 200 when Graph answers with the entity.
func (c *Collection) UpdateStatus() int { return pick(c.Update, c.workload.Update).Status }

// DeleteStatus returns the status of a successful DELETE of a member.
func (c *Collection) DeleteStatus() int { return pick(c.Delete, c.workload.Delete).Status }

// NotFoundError returns the error Graph gives for member id missing.
func (c *Collection) NotFoundError(id string) GraphError {
	return pick(c.NotFound, c.workload.NotFound).Render("id", id)
}

// DuplicateRefError returns the error Graph gives for adding a reference
// to navigation property nav that is already there, and false when the
// collection has no such rule.
func (c *Collection) DuplicateRefError(nav string) (GraphError, bool) {
	r := pick(c.DuplicateRef, c.workload.DuplicateRef)
	if r == nil {
		return GraphError{}, false
	}
	return r.Render("nav", nav), true
}

// NotUniqueError returns the error Graph gives for a value of property
// another member holds, and false when the collection has no such rule.
func (c *Collection) NotUniqueError(property string) (GraphError, bool) {
	r := pick(c.NotUnique, c.workload.NotUnique)
	if r == nil {
		return GraphError{}, false
	}
	return r.Render("property", property), true
}

// BindLimit returns how many references one request may bind through
// nav@odata.bind, 0 when no rule bounds it.
func (c *Collection) BindLimit() int {
	if l := pick(c.MaxBindRefs, c.workload.MaxBindRefs); l != nil {
		return l.Value
	}
	return 0
}

// IDShape returns the shape of the members' ids.
func (c *Collection) IDShape() *IDShape { return pick(c.ID, c.workload.ID) }

// UniqueProperties returns the names of the collection's unique properties.
func (c *Collection) UniqueProperties() []string {
	out := make([]string, len(c.Unique))
	for i, u := range c.Unique {
		out[i] = u.Property
	}
	return out
}

// Top returns the page size for a request whose $top is top (0 when the
// client sent none) and false when top is larger than Graph accepts.
// A collection Graph does not page returns everything: 0, true.
func (c *Collection) Top(top int) (int, bool) {
	if c.PageSize == nil {
		return 0, true
	}
	switch {
	case top == 0:
		return c.PageSize.Default, true
	case top < 0 || top > c.PageSize.Max:
		return 0, false
	}
	return top, true
}

func pick[T any](own, inherited *T) *T {
	if own != nil {
		return own
	}
	return inherited
}

// Rules is a loaded rules file.
type Rules struct {
	workloads   map[string]*Workload
	collections map[string]*Collection
	order       []*Collection
}

// Collection returns the rules of the collection at path (such as
// "users/messages"), and false when there are none.
func (r *Rules) Collection(path string) (*Collection, bool) {
	c, ok := r.collections[path]
	return c, ok
}

// Collections returns every collection, in file order.
func (r *Rules) Collections() []*Collection { return append([]*Collection(nil), r.order...) }

// Workload returns the workload called name, and false when there is none.
func (r *Rules) Workload(name string) (*Workload, bool) {
	w, ok := r.workloads[name]
	return w, ok
}

// String renders a GraphError for messages.
func (e GraphError) String() string {
	return strconv.Itoa(e.Status) + " " + e.Code + ": " + e.Message
}
