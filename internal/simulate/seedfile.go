package simulate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/graphmock/graphmock/internal/graphmeta"
	"github.com/graphmock/graphmock/internal/store"
	"github.com/graphmock/graphmock/internal/tenantfile"
)

// SeedFile builds the store a tenant file seeds, checking each entity
// against its collection's type in Graph's metadata of version. Every
// problem is returned at once, each a *tenantfile.Error at the file, line
// and column of the property at fault, joined. It returns the id of the
// signed-in user too, "" when the file has no user.
func SeedFile(cat *graphmeta.Catalog, version string, f *tenantfile.File) (*store.Store, string, error) {
	return seedFileOnto(store.New(store.Limits{}), cat, version, f)
}

// seedFileOnto is SeedFile adding to st, which it returns.
func seedFileOnto(st *store.Store, cat *graphmeta.Catalog, version string, f *tenantfile.File) (*store.Store, string, error) {
	ver, err := cat.Version(version)
	if err != nil {
		return nil, "", err
	}
	var problems []error
	fail := func(pos tenantfile.Pos, where string, err error) {
		problems = append(problems, &tenantfile.Error{Pos: pos, Where: where, Err: err})
	}
	schemas := ver.Schemas(false)
	for _, c := range f.Collections {
		typ := collectionType(ver, c.Path)
		if typ == nil {
			fail(c.Pos, c.Written, fmt.Errorf("no collection %s in Graph's %s metadata: name an entity set (users, groups, chats, …) or a collection its entities contain (messages, channels, …)", c.Written, version))
			continue
		}
		body, err := schemas.Type(typ.Name)
		for i, e := range c.Entities {
			where := fmt.Sprintf("%s[%d]", c.Written, i)
			if err == nil {
				bad := false
				for _, v := range body.Validate(asJSON(e.Data)) {
					pos, prop := e.Pos, strings.SplitN(strings.TrimPrefix(v.Field, "/"), "/", 2)[0]
					if p, ok := e.Prop(prop); ok {
						pos = p.ValuePos
					}
					fail(pos, where+v.Field, fmt.Errorf("%s (Graph's %s)", v.Message, typ.Name))
					bad = true
				}
				if bad {
					continue
				}
			}
			data := make(map[string]any, len(e.Data)+1)
			for k, v := range e.Data {
				data[k] = v
			}
			if typ.Property("id") != nil {
				data["id"] = e.ID
			}
			if err := st.Create(c.Path, e.ID, data); err != nil {
				fail(e.Pos, where, err)
			}
		}
	}
	for _, c := range f.Collections {
		for i, e := range c.Entities {
			from := c.Path.Entity(e.ID)
			for _, b := range e.Binds {
				where := fmt.Sprintf("%s[%d].%s@odata.bind", c.Written, i, b.Nav)
				pos := e.Pos
				if p, ok := e.Prop(b.Nav + bindSuffix); ok {
					pos = p.ValuePos
				}
				var err error
				switch {
				case b.Single && len(b.Targets) == 1:
					err = st.SetRef(from, b.Nav, b.Targets[0])
				default:
					err = st.AddRefs(from, b.Nav, b.Targets...)
				}
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					fail(pos, where, err)
				}
			}
		}
	}
	if len(problems) > 0 {
		return nil, "", errors.Join(problems...)
	}
	me := ""
	if u, ok := f.SignedIn(); ok {
		me = u.ID
	}
	return st, me, nil
}
