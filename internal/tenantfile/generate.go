package tenantfile

import (
	_ "embed"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/graphmock/graphmock/internal/store"
)

var (
	//go:embed names/given.txt
	givenText string
	//go:embed names/surnames.txt
	surnameText string
	//go:embed names/groupwords.txt
	groupWordText string

	givenNames = lines(givenText)
	surnames   = lines(surnameText)
	groupWords = lines(groupWordText)
)

// What generated users do, where and in which department; and what
// generated groups are.
var (
	jobTitles = []string{
		"Account Manager", "Attorney", "Business Analyst", "Designer", "Developer",
		"Director", "Engineer", "Marketing Assistant", "Product Manager", "Program Manager",
		"Researcher", "Retail Manager", "Sales Representative", "Support Engineer", "Technician",
	}
	departments = []string{
		"Engineering", "Finance", "Human Resources", "Legal", "Manufacturing",
		"Marketing", "Operations", "Research", "Retail", "Sales", "Support",
	}
	offices = []string{
		"12/1110", "131/1104", "18/2111", "20/1101", "23/2102", "24/1106",
		"Amsterdam", "Bangalore", "Lagos", "London", "Redmond", "Sao Paulo", "Seoul", "Sydney", "Tokyo",
	}
	groupKinds = []string{"Team", "Project", "Council", "Guild", "Squad", "Crew", "Circle", "Forum"}
)

// lines returns the lines of text that are neither empty nor comments.
func lines(text string) []string {
	var out []string
	for l := range strings.Lines(text) {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// A rng is splitmix64: a generator whose sequence is fixed by its
// algorithm, so a seed gives the same tenant with every Go release.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// pick returns one of list.
func pick[T any](r *rng, list []T) T { return list[r.intn(len(list))] }

// guid returns a GUID shaped as version 4 (random) ids are, such as
// 4c1d5a7e-9b0f-4e3a-8d2c-7f1e6b5a4c3d.
func (r *rng) guid() string {
	var b [16]byte
	x, y := r.next(), r.next()
	for i := range 8 {
		b[i], b[8+i] = byte(x>>(8*i)), byte(y>>(8*i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// Streams of the generator: users and groups draw from their own, so
// asking for more groups changes no user.
const (
	userStream  = 0x75736572 // "user"
	groupStream = 0x67726f75 // "grou"
)

// generate adds g's users and groups to f, after the written ones, and
// indexes them in ix. A generated userPrincipalName, or mailNickname, is
// never one a written entity of f holds: the first free of first.last,
// first.last2, first.last3… is taken.
func generate(f *File, g *Generate, ix *index) {
	var added []*Collection
	var userIDs []string
	if g.Users > 0 {
		users := f.top("users")
		if users == nil {
			users = &Collection{Written: "/users", Path: store.Path{{Name: "users"}}, Pos: g.Pos, Generated: true}
			added = append(added, users)
		}
		userIDs = generateUsers(users, g, ix)
	}
	if g.Groups > 0 {
		groups := f.top("groups")
		if groups == nil {
			groups = &Collection{Written: "/groups", Path: store.Path{{Name: "groups"}}, Pos: g.Pos, Generated: true}
			added = append(added, groups)
		}
		generateGroups(groups, g, ix, userIDs)
	}
	f.Collections = append(added, f.Collections...)
}

// taken returns the folded values of prop held by the entities of c.
func taken(c *Collection, prop string) map[string]bool {
	out := map[string]bool{}
	for _, e := range c.Entities {
		if v, ok := e.Data[prop].(string); ok {
			out[fold(v)] = true
		}
	}
	return out
}

func generateUsers(c *Collection, g *Generate, ix *index) []string {
	takenUPN := taken(c, "userPrincipalName")
	takenNick := taken(c, "mailNickname")
	r := rng{s: uint64(g.Seed) ^ userStream<<32}
	next := map[string]int{} // first.last → the suffix to try next
	ids := make([]string, 0, g.Users)
	c.Entities = slices.Grow(c.Entities, g.Users)
	for range g.Users {
		given, surname := pick(&r, givenNames), pick(&r, surnames)
		job, dept, office := pick(&r, jobTitles), pick(&r, departments), pick(&r, offices)
		id := r.guid()
		base := strings.ToLower(given + "." + surname)
		var nick, upn string
		n := next[base]
		for {
			nick = base
			if n > 0 {
				nick += strconv.Itoa(n + 1)
			}
			n++
			upn = nick + "@" + g.Domain
			if !takenUPN[upn] && !takenNick[nick] {
				break
			}
		}
		next[base] = n
		takenUPN[upn], takenNick[nick] = true, true
		e := &Entity{ID: id, Pos: g.Pos, Generated: true, Data: map[string]any{
			"id":                id,
			"displayName":       given + " " + surname,
			"givenName":         given,
			"surname":           surname,
			"userPrincipalName": upn,
			"mailNickname":      nick,
			"mail":              upn,
			"jobTitle":          job,
			"department":        dept,
			"officeLocation":    office,
			"accountEnabled":    true,
		}}
		c.Entities = append(c.Entities, e)
		ix.add(c.Path, e)
		ids = append(ids, id)
	}
	return ids
}

func generateGroups(c *Collection, g *Generate, ix *index, userIDs []string) {
	takenNick := taken(c, "mailNickname")
	r := rng{s: uint64(g.Seed) ^ groupStream<<32}
	next := map[string]int{}
	for range g.Groups {
		word, kind := pick(&r, groupWords), pick(&r, groupKinds)
		unified := r.intn(3) == 0
		id := r.guid()
		base := strings.ToLower(word + kind)
		var nick string
		n := next[base]
		for {
			nick = base
			if n > 0 {
				nick += strconv.Itoa(n + 1)
			}
			n++
			if !takenNick[nick] {
				break
			}
		}
		next[base] = n
		takenNick[nick] = true
		name := word + " " + kind
		if n > 1 {
			name += " " + strconv.Itoa(n)
		}
		data := map[string]any{
			"id":              id,
			"displayName":     name,
			"description":     "The " + name + ".",
			"mailNickname":    nick,
			"securityEnabled": !unified,
			"mailEnabled":     unified,
			"groupTypes":      []any{},
		}
		if unified {
			data["groupTypes"] = []any{"Unified"}
			data["mail"] = nick + "@" + g.Domain
			data["visibility"] = pick(&r, []string{"Private", "Public"})
		}
		e := &Entity{ID: id, Pos: g.Pos, Generated: true, Data: data}
		if members := sample(&r, len(userIDs), min(len(userIDs), MaxGroupMembers)); len(members) > 0 {
			b := &Bind{Nav: "members"}
			for _, m := range members {
				b.Refs = append(b.Refs, "users/"+userIDs[m])
				b.Targets = append(b.Targets, store.Path{{Name: "users", Key: userIDs[m]}})
			}
			e.Binds = []*Bind{b}
		}
		c.Entities = append(c.Entities, e)
		ix.add(c.Path, e)
	}
}

// sample returns up to most distinct numbers in [0, n), in increasing
// order, drawn by Floyd's algorithm.
func sample(r *rng, n, most int) []int {
	if most == 0 {
		return nil
	}
	k := r.intn(most + 1)
	chosen := make(map[int]bool, k)
	for j := n - k; j < n; j++ {
		t := r.intn(j + 1)
		if chosen[t] {
			t = j
		}
		chosen[t] = true
	}
	out := make([]int, 0, k)
	for i := range chosen {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}
