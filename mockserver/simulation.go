package mockserver

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/graphmock/graphmock/internal/folder"
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/graphrules"
	"github.com/graphmock/graphmock/internal/graphwire"
	"github.com/graphmock/graphmock/internal/simulate"
	"github.com/graphmock/graphmock/internal/store"
	"github.com/graphmock/graphmock/internal/tenantfile"
)

// A Simulation turns on graphmock's simulated tenant: a request no
// scenario matches is answered from a stateful, in-memory Graph tenant,
// driven by Graph's metadata, where what a client creates it can read back,
// update, link and delete (see docs/simulated-tenant.md). Scenarios still
// answer first.
//
// In a scenario file it is the simulate section:
//
//	simulate:
//	  versions: [v1.0]        # default: every version
//	  sets: [users, groups]   # default: every entity set and singleton
//	  tenantFiles: [tenant.yaml]
type Simulation struct {
	// Versions and Sets bound what the simulation answers: the API versions
	// ("v1.0", "beta") and the entity sets or singletons a path starts
	// with ("users", "groups", "chats", "me"). Empty means all of them.
	Versions []string `yaml:"versions,omitempty"`
	Sets     []string `yaml:"sets,omitempty"`
	// TenantFiles are tenant files that seed the tenant, merged in order
	// (see docs/simulated-tenant.md for their format): in a scenario file,
	// relative to its folder; in Go, to the working directory. Every
	// seeded entity is checked against Graph's metadata.
	TenantFiles []string `yaml:"tenantFiles,omitempty"`
	// Entities seed the tenant too, after the tenant files, in order.
	Entities []SeedEntity `yaml:"-"`

	section *tenantfile.File // a scenario file's tenant: section, seeded after the tenant files
	// Me is the id of the signed-in user /me addresses; "" means the first
	// user seeded.
	Me string `yaml:"me,omitempty"`
	// MaxEntities bounds how many entities one running tenant (the
	// server's, or a session's) holds; a create beyond it gets 507. Zero
	// means 100,000.
	MaxEntities int `yaml:"maxEntities,omitempty"`
	// StrictQueries refuses, with a 400 in Graph's error shape, a request
	// with a query option Graph would silently ignore ($count=true on
	// /users without ConsistencyLevel: eventual, $top on one entity).
	// Without it such options are ignored, as Graph ignores them, and the
	// journal names them (Call.Ignored).
	StrictQueries bool `yaml:"strictQueries,omitempty"`
}

// A SeedEntity is one entity the simulated tenant starts with: the
// collection it is in, as a path of names and keys from the service root
// ("users", "users/{id}/messages"; a user's key may be its
// userPrincipalName), and its properties. An id is generated when Data
// has none. A nav@odata.bind property lists the entities it references,
// by URL or by path: "members@odata.bind": []any{"users/adele@contoso.com"}.
type SeedEntity struct {
	Collection string
	Data       map[string]any
}

// A Tenant is a seeded simulated tenant, ready to run: each server and
// session that simulates runs its own copy of it, made in constant time.
// It is immutable and safe for concurrent use.
type Tenant struct {
	t      *simulate.Tenant
	spec   *tenantSpec // for a tenant of a scenario file's simulate section
	digest string      // of the tenant files' contents
	files  []string    // the tenant files, to watch
	strict bool        // StrictQueries
}

// tenantSpec is what a scenario file's simulate section said, to tell
// whether a reload changed it.
type tenantSpec struct {
	versions, sets, files, digest, me, section string
	max                                        int
}

// NewTenant seeds a tenant as sim says, checking each entity's place
// against Graph's v1.0 metadata, binding the references, and applying
// Graph's uniqueness rules (two users with one userPrincipalName are an
// error).
// A tenant file's problems are *LoadError values naming the file, line
// and column, every one at once, as for scenario files.
func NewTenant(sim Simulation) (*Tenant, error) {
	return newTenant(graphmeta.Embedded(), sim, nil)
}

// newTenant is NewTenant over a catalog of metadata, reading tenant files
// from dir (from disk when dir is nil).
func newTenant(cat *graphmeta.Catalog, sim Simulation, dir fs.FS) (*Tenant, error) {
	if cat == nil {
		cat = graphmeta.Embedded()
	}
	st, me, digest, err := seedFiles(cat, sim.TenantFiles, dir, sim.section)
	if err != nil {
		return nil, err
	}
	seed := make([]simulate.SeedEntity, len(sim.Entities))
	for i, e := range sim.Entities {
		seed[i] = simulate.SeedEntity{Collection: e.Collection, Data: e.Data}
	}
	st, err = simulate.SeedOnto(st, cat, "v1.0", seed)
	if err != nil {
		return nil, fmt.Errorf("mockserver: seeding the simulated tenant: %w", err)
	}
	if sim.Me != "" {
		me = sim.Me
	}
	t, err := simulate.NewTenant(cat, graphrules.Default(), st, simulate.Options{
		Scope: simulate.Scope{Versions: sim.Versions, Sets: sim.Sets}, Me: me, MaxEntities: sim.MaxEntities,
		StrictQueries: sim.StrictQueries,
	})
	if err != nil {
		return nil, fmt.Errorf("mockserver: seeding the simulated tenant: %w", err)
	}
	return &Tenant{t: t, digest: digest, files: sim.TenantFiles, strict: sim.StrictQueries}, nil
}

// seedFiles reads, merges and seeds the tenant files, returning the store
// (nil without files) and the signed-in user's id. Their problems are
// *LoadError values, all at once.
func seedFiles(cat *graphmeta.Catalog, names []string, dir fs.FS, section *tenantfile.File) (st *store.Store, me, digest string, err error) {
	if len(names) == 0 && section == nil {
		return nil, "", "", nil
	}
	var files []*tenantfile.File
	var problems []error
	sum := sha256.New()
	for _, name := range names {
		var data []byte
		var err error
		if dir != nil {
			data, err = fs.ReadFile(dir, name)
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			problems = append(problems, &LoadError{File: name, Err: folder.FileError(name, err, "")})
			continue
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", name, len(data))
		sum.Write(data)
		f, err := tenantfile.Parse(name, data)
		if err != nil {
			problems = append(problems, tenantErrors(err)...)
			continue
		}
		files = append(files, f)
	}
	if len(problems) > 0 {
		return nil, "", "", errors.Join(problems...)
	}
	if section != nil {
		files = append(files, section)
	}
	merged, err := tenantfile.Merge(files...)
	if err != nil {
		return nil, "", "", errors.Join(tenantErrors(err)...)
	}
	st, me, err = simulate.SeedFile(cat, "v1.0", merged)
	if err != nil {
		return nil, "", "", errors.Join(tenantErrors(err)...)
	}
	return st, me, hex.EncodeToString(sum.Sum(nil)), nil
}

// tenantErrors turns a tenant file's problems into LoadErrors.
func tenantErrors(err error) []error {
	var out []error
	for _, e := range tenantfile.Errors(err) {
		out = append(out, &LoadError{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Column, Field: e.Where, Err: e.Err})
	}
	if len(out) == 0 {
		out = append(out, err)
	}
	return out
}

// simulation is a running copy of a tenant, as a mock's fallback
// answerer.
type simulation struct {
	tenant *Tenant
	sim    *simulate.Sim
}

// Len returns how many entities the tenant is seeded with.
func (t *Tenant) Len() int { return t.t.Len() }

// same reports whether t and u were seeded alike: both nil, or from one
// Simulation. A reloaded scenario file whose simulate section did not
// change keeps its running tenant.
func (t *Tenant) same(u *Tenant) bool {
	if t == nil || u == nil {
		return t == u
	}
	return t.spec != nil && u.spec != nil && *t.spec == *u.spec && t.strict == u.strict
}

// start returns a running copy of t, or nil for no tenant.
func (t *Tenant) start() *simulation {
	if t == nil {
		return nil
	}
	return &simulation{tenant: t, sim: t.t.Start()}
}

// answered is what the journal records of a simulated answer: the
// entity it touched and the query options it ignored.
type answered struct {
	entity  string
	ignored []string
}

// answer offers the request to the simulation. The token and the body's
// size and media type are checked as a scenario checks them, and answered
// only when the simulation takes the path.
func (s *simulation) answer(in *incoming) (reply, answered, bool) {
	r := in.r
	refusal := graphwire.CheckBearer(r.Header)
	var body func() (any, error)
	if refusal == nil {
		if err := in.readBody(); err != nil {
			refusal = graphwire.ReadError(err, in.maxBody)
		} else if len(in.body) > 0 {
			if refusal = graphwire.CheckJSONPayload(r.Header, in.body); refusal == nil {
				body = in.json
			}
		}
	}
	resp, ok := s.sim.Answer(&simulate.Request{
		Method: r.Method, Path: in.sentPath(), Query: in.query(), Body: body,
		Base: in.baseURL(), Hosts: []string{r.Host}, Header: r.Header, Refusal: refusal,
	})
	if !ok {
		return reply{}, answered{}, false
	}
	a := answered{entity: resp.Entity, ignored: resp.Ignored}
	if resp.Err != nil {
		return errorReply(resp.Err), a, true
	}
	rep := reply{status: resp.Status, body: resp.Body}
	if resp.ContentType != "" {
		rep.fields = []headerField{{"Content-Type", []string{resp.ContentType}}, {"Odata-Version", []string{"4.0"}}}
		rep.setLength(len(resp.Body))
	}
	if resp.Location != "" {
		rep.setExtra("Location", resp.Location)
	}
	return rep, a, true
}

// ErrNotSimulated is the error of Entity and Entities on a mock that
// simulates no tenant; ErrEntityNotFound says the tenant does not hold
// what was asked for.
var (
	ErrNotSimulated   = errors.New("mockserver: this mock simulates no tenant (see Simulation)")
	ErrEntityNotFound = errors.New("mockserver: the simulated tenant holds no such entity")
)

// Entity returns a copy of the entity the mock's simulated tenant holds at
// path, a path of names and keys from the service root ("users/{id}",
// "users/{id}/messages/{id}"), as a test reads what its client created
// without going through HTTP.
func (m *Mock) Entity(path string) (map[string]any, error) {
	st, p, err := m.storePath(path, true)
	if err != nil {
		return nil, err
	}
	e, err := st.Get(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrEntityNotFound, path)
	}
	return e.Data, nil
}

// Entities returns copies of the entities of the collection at path
// ("users", "users/{id}/messages"), in the order they were created.
func (m *Mock) Entities(path string) ([]map[string]any, error) {
	st, p, err := m.storePath(path, false)
	if err != nil {
		return nil, err
	}
	list, err := st.List(p)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrEntityNotFound, path)
	}
	out := make([]map[string]any, len(list))
	for i, e := range list {
		out[i] = e.Data
	}
	return out, nil
}

// storePath reads a path of names and keys for Entity (entity) or
// Entities, over a snapshot of the mock's store.
func (m *Mock) storePath(path string, entity bool) (*store.Store, store.Path, error) {
	sim := m.simulation()
	if sim == nil {
		return nil, nil, ErrNotSimulated
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if parts[0] == "" || (len(parts)%2 == 0) != entity {
		what := "a collection such as users or users/{id}/messages"
		if entity {
			what = "an entity such as users/{id}"
		}
		return nil, nil, fmt.Errorf("mockserver: %q: want %s", path, what)
	}
	var p store.Path
	for i := 0; i < len(parts); i += 2 {
		st := store.Step{Name: parts[i]}
		if i+1 < len(parts) {
			st.Key = parts[i+1]
		}
		p = append(p, st)
	}
	return sim.sim.Store(), p, nil
}

// simulation returns the mock's running tenant, nil when it has none.
func (m *Mock) simulation() *simulation {
	s, _ := m.fallback.(*simulation)
	return s
}

// ExportTenant writes what the mock's simulated tenant holds now as a
// tenant file (see docs/simulated-tenant.md): every collection and
// entity, and the references between entities as @odata.bind properties.
// A tenant seeded from it holds the same entities.
func (m *Mock) ExportTenant() ([]byte, error) {
	sim := m.simulation()
	if sim == nil {
		return nil, ErrNotSimulated
	}
	return tenantfile.Encode(sim.sim.Export())
}

// SeedTenant adds the entities of a tenant file to the mock's running
// tenant, as a tenant file given at start would seed them; name names the
// file in messages. It is all or nothing: a file with problems (each a
// *LoadError, all at once) changes nothing. References in the file name
// entities of the same file.
func (m *Mock) SeedTenant(name string, data []byte) error {
	sim := m.simulation()
	if sim == nil {
		return ErrNotSimulated
	}
	f, err := tenantfile.Parse(name, data)
	if err != nil {
		return errors.Join(tenantErrors(err)...)
	}
	if err := sim.sim.Seed(graphmeta.Embedded(), f); err != nil {
		return errors.Join(tenantErrors(err)...)
	}
	return nil
}
