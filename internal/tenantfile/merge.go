package tenantfile

import (
	"fmt"
	"slices"
	"strings"
)

// Merge returns the tenant the files seed together: the entities of each
// later file added after those of the earlier ones, a collection several
// files write (by its path as written) merged into one. Every problem is
// reported, each an *Error naming both places, joined with errors.Join:
// two entities of one collection with the same id, or the same value of a
// property Graph keeps unique (userPrincipalName, a group's
// mailNickname), and two files whose me name different users of the
// merged tenant.
//
// References are resolved per file: a bind or path names a user of its
// own file. The me of the merged tenant is the first file's that sets
// one. When one file generates, the merged tenant keeps its generate
// block; when several do, their entities are kept as if written, and
// Encode writes them all.
//
// The merged File shares its entities' Data with files: change neither.
func Merge(files ...*File) (*File, error) {
	out := &File{Version: Version}
	var names []string
	var errs []*Error
	var meFile *File
	generators := 0
	for _, f := range files {
		names = append(names, f.Name)
		if f.Generate != nil {
			generators++
			if out.Generate == nil {
				g := *f.Generate
				out.Generate = &g
			}
		}
		if f.Me != "" && meFile == nil {
			meFile, out.Me, out.MePos = f, f.Me, f.MePos
		}
	}
	out.Name = strings.Join(names, ", ")
	materialize := generators > 1
	if materialize {
		out.Generate = nil
	}
	byWritten := map[string]*Collection{}
	for _, f := range files {
		for _, c := range f.Collections {
			m := byWritten[c.Written]
			if m == nil {
				m = &Collection{Written: c.Written, Path: c.Path, Pos: c.Pos, Generated: c.Generated && !materialize}
				byWritten[c.Written] = m
				out.Collections = append(out.Collections, m)
			} else if !c.Generated {
				if m.Generated {
					m.Pos = c.Pos
				}
				m.Generated = false
			}
			for _, e := range c.Entities {
				if materialize && e.Generated {
					cp := *e
					cp.Generated = false
					e = &cp
				}
				m.Entities = append(m.Entities, e)
			}
		}
	}
	// As Parse leaves them: written entities before generated ones, and
	// the collections only generate makes first.
	for _, c := range out.Collections {
		slices.SortStableFunc(c.Entities, func(a, b *Entity) int { return boolCmp(a.Generated, b.Generated) })
	}
	slices.SortStableFunc(out.Collections, func(a, b *Collection) int { return boolCmp(b.Generated, a.Generated) })
	errs = append(errs, checkUnique(out.Collections)...)
	ix := newIndex()
	for _, c := range out.Collections {
		if isTop(c.Path) {
			for _, e := range c.Entities {
				ix.add(c.Path, e)
			}
		}
	}
	out.idx = ix
	if meFile != nil {
		first, _ := ix.user(meFile.Me)
		for _, f := range files {
			if f == meFile || f.Me == "" {
				continue
			}
			if this, ok := ix.user(f.Me); !ok || first == nil || this.ID != first.ID {
				errs = append(errs, &Error{Pos: f.MePos, Where: "me", Err: fmt.Errorf("%q is not the user me names at %s (%q): write me in one file, or name the same user", f.Me, meFile.MePos, meFile.Me)})
			}
		}
	}
	if err := join(errs); err != nil {
		return nil, err
	}
	return out, nil
}

// boolCmp orders false before true.
func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}
