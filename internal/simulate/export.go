package simulate

import (
	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/tenantfile"
)

// Export returns what the copy holds now as a tenant file: every
// collection, its entities with their properties, and the references
// they hold to entities of top-level collections as @odata.bind
// properties. Seeding a tenant from it gives the same entities again.
func (s *Sim) Export() *tenantfile.File {
	s.mu.RLock()
	st := s.st.Clone()
	s.mu.RUnlock()
	f := &tenantfile.File{Version: tenantfile.Version}
	byEntity := map[string]*tenantfile.Entity{}
	for _, coll := range st.Collections() {
		list, err := st.List(coll)
		if err != nil {
			continue
		}
		c := &tenantfile.Collection{Path: coll}
		for _, e := range list {
			te := &tenantfile.Entity{ID: e.Key, Data: e.Data}
			c.Entities = append(c.Entities, te)
			byEntity[coll.Entity(e.Key).String()] = te
		}
		f.Collections = append(f.Collections, c)
	}
	for _, r := range st.References() {
		te := byEntity[r.From.String()]
		if te == nil {
			continue
		}
		b := &tenantfile.Bind{Nav: r.Nav, Single: r.Single}
		for _, t := range r.Targets {
			if len(t) == 1 { // a reference a tenant file can write: users/{id}
				b.Targets = append(b.Targets, t)
			}
		}
		if len(b.Targets) > 0 {
			te.Binds = append(te.Binds, b)
		}
	}
	if s.t.me != "" {
		f.Me = s.t.me
	}
	return f
}

// Seed adds the entities of a tenant file to the copy, checked as SeedFile
// checks them, all or nothing: on any problem the copy is left as it was.
func (s *Sim) Seed(cat *graphmeta.Catalog, f *tenantfile.File) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.st.Clone()
	if _, _, err := seedFileOnto(next, cat, "v1.0", f); err != nil {
		return err
	}
	s.st = next
	return nil
}
