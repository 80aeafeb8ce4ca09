package graphrules_test

import (
	"fmt"

	"github.com/graphmock/graphmock/internal/graphrules"
)

func Example() {
	rules := graphrules.Default()
	users, _ := rules.Collection("users")
	messages, _ := rules.Collection("users/messages")

	fmt.Println(users.UpdateStatus(), messages.UpdateStatus())
	fmt.Println(users.NotFoundError("42").Message)
	dup, _ := users.DuplicateRefError("members")
	fmt.Println(dup.Code, dup.Message)
	top, ok := users.Top(1000)
	fmt.Println(top, ok)
	fmt.Println(users.IDShape().Match("87d349ed-44d7-43e1-9a83-5f2406dee5bd"))
	// Output:
	// 204 200
	// Resource '42' does not exist or one of its queried reference-property objects are not present.
	// Request_BadRequest One or more added object references already exist for the following modified properties: 'members'.
	// 0 false
	// true
}
