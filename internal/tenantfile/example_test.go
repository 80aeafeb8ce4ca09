package tenantfile_test

import (
	"fmt"

	"github.com/graphmock/graphmock/internal/tenantfile"
)

func ExampleParse() {
	f, err := tenantfile.Parse("tenant.yaml", []byte(`version: 1
generate: {users: 2, seed: 7}
entities:
  /users:
    - id: 5f3c0e0a-8d3b-4b8e-9a51-0c2a1d7e6f10
      displayName: Adele Vance
      userPrincipalName: adele@contoso.example
  /groups:
    - id: 0b0c6b6a-5d1e-4c61-9a3c-5b2e8c1f0d47
      displayName: Sales
      members@odata.bind: [users/adele@contoso.example]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range f.Collections {
		for _, e := range c.Entities {
			fmt.Println(c.Path, e.Data["displayName"], e.Generated)
			for _, b := range e.Binds {
				fmt.Println("  ", b.Nav, b.Targets)
			}
		}
	}
	upn, _ := f.Users().Entities[0].Prop("userPrincipalName")
	fmt.Println("userPrincipalName at", upn.Pos)
	me, _ := f.SignedIn()
	fmt.Println("me:", me.Data["userPrincipalName"])
	// Output:
	// users Adele Vance false
	// users Hana Svensson true
	// users Jorge Alvarez true
	// groups Sales false
	//    members [users/5f3c0e0a-8d3b-4b8e-9a51-0c2a1d7e6f10]
	// userPrincipalName at tenant.yaml:7:7
	// me: adele@contoso.example
}

func ExampleParse_errors() {
	_, err := tenantfile.Parse("tenant.yaml", []byte(`version: 1
entites:
  /users: []
generate: {users: -5}
`))
	for _, e := range tenantfile.Errors(err) {
		fmt.Println(e)
	}
	// Output:
	// tenant.yaml:2:1: unknown key "entites" (did you mean "entities"?): a tenant file has version, me, generate and entities
	// tenant.yaml:4:19: generate.users: -5 users: want 0 to 100000
}

func ExampleEncode() {
	f, err := tenantfile.Parse("tenant.yaml", []byte(`version: 1
me: adele@contoso.example
generate: {users: 100, seed: 7}
entities:
  /users:
    - {id: u1, userPrincipalName: adele@contoso.example, accountEnabled: true}
  /users/adele@contoso.example/messages:
    - {id: m1, subject: "yes", sentDateTime: 2026-11-27T10:00:00Z}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := tenantfile.Encode(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// # A graphmock tenant file: the entities that seed a simulated Microsoft Graph tenant.
	// version: 1
	// me: adele@contoso.example
	// generate:
	//   users: 100
	//   groups: 0
	//   seed: 7
	//   domain: contoso.example
	// entities:
	//   /users:
	//     - id: u1
	//       userPrincipalName: adele@contoso.example
	//       accountEnabled: true
	//   /users/adele@contoso.example/messages:
	//     - id: m1
	//       subject: yes
	//       sentDateTime: "2026-11-27T10:00:00Z"
}

func ExampleMerge() {
	people, _ := tenantfile.Parse("people.yaml", []byte("version: 1\nentities:\n  /users:\n    - {id: u1, userPrincipalName: adele@contoso.example}\n"))
	more, _ := tenantfile.Parse("more.yaml", []byte("version: 1\nentities:\n  /users:\n    - {id: u2, userPrincipalName: Adele@Contoso.example}\n"))
	_, err := tenantfile.Merge(people, more)
	fmt.Println(err)
	// Output:
	// more.yaml:4:35: /users[0].userPrincipalName: userPrincipalName "Adele@Contoso.example" is taken by /users[0] at people.yaml:4:7 (compared ignoring case): give each entity of /users its own
}
