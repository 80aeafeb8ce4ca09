package tenantfile

import (
	"strings"
	"testing"
)

const (
	adeleFile = `version: 1
me: adele@contoso.example
entities:
  /users:
    - {id: u1, userPrincipalName: adele@contoso.example, mailNickname: adele}
  /users/u1/messages:
    - {id: m1, subject: Hello}
`
	alexFile = `version: 1
entities:
  /users:
    - {id: u2, userPrincipalName: alex@contoso.example, mailNickname: alex}
  /users/u2/messages:
    - {id: m1, subject: Hi}
  /users/alex@contoso.example/messages:
    - {id: m2, subject: Hey}
  /groups:
    - {id: g1, mailNickname: sales, members@odata.bind: [users/alex@contoso.example]}
`
)

func TestMerge(t *testing.T) {
	a, b := mustParse(t, "a.yaml", adeleFile), mustParse(t, "b.yaml", alexFile)
	m, err := Merge(a, b)
	if err != nil {
		t.Fatalf("Merge error = %v", err)
	}
	if m.Name != "a.yaml, b.yaml" || m.Version != Version {
		t.Errorf("Merge = %q version %d", m.Name, m.Version)
	}
	var written []string
	for _, c := range m.Collections {
		written = append(written, c.Written)
	}
	if got, want := strings.Join(written, " "), "/users /users/u1/messages /users/u2/messages /users/alex@contoso.example/messages /groups"; got != want {
		t.Errorf("collections %s, want %s", got, want)
	}
	users := m.Users().Entities
	if len(users) != 2 || users[0].ID != "u1" || users[1].ID != "u2" {
		t.Errorf("users = %v, want u1 then u2", users)
	}
	if me, ok := m.SignedIn(); !ok || me.ID != "u1" {
		t.Errorf("SignedIn() = %v, want u1 (a.yaml's me)", me)
	}
	if p, ok := m.Resolve("users/alex@contoso.example"); !ok || p.String() != "users/u2" {
		t.Errorf("Resolve(alex) = %v, %v; want users/u2", p, ok)
	}
	if single, err := Merge(a); err != nil || len(single.Collections) != len(a.Collections) {
		t.Errorf("Merge(a) = %v, %v", single, err)
	}
	if empty, err := Merge(); err != nil || empty.Version != Version || len(empty.Collections) != 0 {
		t.Errorf("Merge() = %+v, %v; want an empty tenant", empty, err)
	}
}

func TestMergeErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  []string
	}{
		{
			name:  "the same id in two files",
			files: []string{adeleFile, "version: 1\nentities:\n  /users:\n    - {id: u1, userPrincipalName: adele2@contoso.example}\n"},
			want:  []string{`f1.yaml:4:12: /users[0].id: id "u1" is taken by /users[0] at f0.yaml:5:7: give each entity of /users its own`},
		},
		{
			name:  "the same userPrincipalName in two files, in another case",
			files: []string{adeleFile, "version: 1\nentities:\n  /users:\n    - {id: u9, userPrincipalName: ADELE@contoso.example}\n"},
			want:  []string{`f1.yaml:4:35: /users[0].userPrincipalName: userPrincipalName "ADELE@contoso.example" is taken by /users[0] at f0.yaml:5:7 (compared ignoring case): give each entity of /users its own`},
		},
		{
			name:  "the same contained id reached by id and by userPrincipalName",
			files: []string{adeleFile, "version: 1\nentities:\n  /users:\n    - {id: u1b, userPrincipalName: b@contoso.example}\n", adeleFile},
			want: []string{
				`f2.yaml:5:12: /users[0].id: id "u1" is taken by /users[0] at f0.yaml:5:7: give each entity of /users its own`,
				`f2.yaml:5:35: /users[0].userPrincipalName: userPrincipalName "adele@contoso.example" is taken by /users[0] at f0.yaml:5:7 (compared ignoring case): give each entity of /users its own`,
				`f2.yaml:7:12: /users/u1/messages[0].id: id "m1" is taken by /users/u1/messages[0] at f0.yaml:7:7: give each entity of /users/u1/messages its own`,
			},
		},
		{
			name:  "two files whose me differ",
			files: []string{adeleFile, strings.Replace(alexFile, "version: 1\n", "version: 1\nme: alex@contoso.example\n", 1)},
			want:  []string{`f1.yaml:2:5: me: "alex@contoso.example" is not the user me names at f0.yaml:2:5 ("adele@contoso.example"): write me in one file, or name the same user`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var files []*File
			for i, text := range tc.files {
				files = append(files, mustParse(t, "f"+string(rune('0'+i))+".yaml", text))
			}
			m, err := Merge(files...)
			if err == nil {
				t.Fatalf("Merge = %v, want errors", m)
			}
			var got []string
			for _, e := range Errors(err) {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Merge errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestMergeSameMe(t *testing.T) {
	a := mustParse(t, "a.yaml", adeleFile)
	// A File made by hand may name a user another file seeds: me is
	// compared in the merged tenant, by the user it names.
	for _, me := range []string{"adele@contoso.example", "ADELE@contoso.example", "u1"} {
		b := &File{Name: "b.yaml", Version: Version, Me: me, MePos: Pos{"b.yaml", 2, 5}}
		m, err := Merge(a, b)
		if err != nil {
			t.Errorf("Merge(me %q) error = %v, want none: both name adele", me, err)
			continue
		}
		if u, ok := m.SignedIn(); !ok || u.ID != "u1" || m.Me != "adele@contoso.example" {
			t.Errorf("Merge(me %q): SignedIn() = %v, me %q; want u1 as a.yaml writes it", me, u, m.Me)
		}
	}
	b := &File{Name: "b.yaml", Version: Version, Me: "nobody@contoso.example", MePos: Pos{"b.yaml", 2, 5}}
	if _, err := Merge(a, b); err == nil || !strings.HasPrefix(err.Error(), `b.yaml:2:5: me: "nobody@contoso.example" is not the user me names at a.yaml:2:5`) {
		t.Errorf("Merge(me nobody) error = %v, want me refused", err)
	}
}

func TestMergeGenerate(t *testing.T) {
	gen := func(name string, seed int) *File {
		return mustParse(t, name, "version: 1\ngenerate: {users: 3, groups: 1, seed: "+string(rune('0'+seed))+"}\n")
	}
	written := mustParse(t, "w.yaml", "version: 1\nentities:\n  /users:\n    - {id: w1, userPrincipalName: w@contoso.example}\n")
	one, err := Merge(written, gen("g.yaml", 1))
	if err != nil {
		t.Fatal(err)
	}
	if one.Generate == nil || one.Generate.Seed != 1 {
		t.Errorf("Merge of one generating file: Generate = %+v, want its block", one.Generate)
	}
	us := one.Users().Entities
	if len(us) != 4 || us[0].ID != "w1" || us[0].Generated || !us[1].Generated {
		t.Errorf("users %v: want w1 written, then 3 generated", us)
	}
	two, err := Merge(gen("g1.yaml", 1), gen("g2.yaml", 2))
	if err != nil {
		t.Fatal(err)
	}
	if two.Generate != nil {
		t.Errorf("Merge of two generating files keeps Generate %+v, want none", two.Generate)
	}
	for _, c := range two.Collections {
		if c.Generated {
			t.Errorf("collection %s still Generated", c.Written)
		}
		for _, e := range c.Entities {
			if e.Generated {
				t.Fatalf("entity %s still Generated: Encode would leave it out", e.ID)
			}
		}
	}
	if g1 := gen("g1.yaml", 1); !g1.Users().Entities[0].Generated {
		t.Error("Merge changed the entities of its files")
	}
}
