package tenantfile

import (
	"fmt"
	"strconv"

	"github.com/graphmock/graphmock/internal/graphrules"
)

// A seat is where one entity sits: its collection and place in it.
type seat struct {
	c *Collection
	i int
	e *Entity
}

// where names the entity's property prop ("" for the entity) for
// messages: /users[2].userPrincipalName, or generate for a generated
// entity.
func (s seat) where(prop string) string {
	if s.e.Generated {
		return "generate"
	}
	w := s.e.at
	if w == "" {
		w = s.c.Written + "[" + strconv.Itoa(s.i) + "]"
	}
	if prop != "" {
		w += "." + prop
	}
	return w
}

// pos is where the entity writes prop, or where it starts.
func (s seat) pos(prop string) Pos {
	if p, ok := s.e.Prop(prop); ok {
		return p.ValuePos
	}
	return s.e.Pos
}

// checkUnique reports two entities of one collection (by store path, so
// /users/adele@contoso.example/messages and /users/{her id}/messages are
// one) with the same id, or the same value of a property graphrules says
// is unique, compared ignoring case as Graph does.
func checkUnique(colls []*Collection) []*Error {
	var errs []*Error
	type slot struct {
		coll, prop, value string
	}
	seen := map[slot]seat{}
	for _, c := range colls {
		coll := c.Path.String()
		var unique []string
		if r, ok := graphrules.Default().Collection(rulesName(c.Path)); ok {
			unique = r.UniqueProperties()
		}
		for i, e := range c.Entities {
			here := seat{c, i, e}
			claim := func(prop, value string, folded bool) {
				k := slot{coll, prop, value}
				if folded {
					k.value = fold(value)
				}
				first, dup := seen[k]
				if !dup {
					seen[k] = here
					return
				}
				how := ""
				if folded {
					how = " (compared ignoring case)"
				}
				errs = append(errs, &Error{Pos: here.pos(prop), Where: here.where(prop), Err: fmt.Errorf("%s %q is taken by %s at %s%s: give each entity of /%s its own", prop, value, first.where(""), first.e.Pos, how, coll)})
			}
			claim("id", e.ID, false)
			for _, prop := range unique {
				switch v := e.Data[prop].(type) {
				case string:
					claim(prop, v, true)
				case []any:
					for _, item := range v {
						if s, ok := item.(string); ok {
							claim(prop, s, true)
						}
					}
				}
			}
		}
	}
	return errs
}
