// Package tenantfile reads and writes tenant files: the YAML that seeds a
// simulated Microsoft Graph tenant with users, groups and what they hold.
//
// A tenant file looks like this:
//
//	version: 1
//	me: adele@contoso.example        # the signed-in user of /me
//	generate:                        # optional generated people
//	  users: 250
//	  groups: 10
//	  seed: 7
//	  domain: contoso.example
//	entities:
//	  /users:
//	    - id: 5f3c0e0a-8d3b-4b8e-9a51-0c2a1d7e6f10   # optional
//	      displayName: Adele Vance
//	      userPrincipalName: adele@contoso.example
//	      mailNickname: adele
//	      accountEnabled: true
//	  /groups:
//	    - displayName: Sales
//	      mailNickname: sales
//	      mailEnabled: false
//	      securityEnabled: true
//	      members@odata.bind: ["users/adele@contoso.example"]
//	  /users/adele@contoso.example/messages:
//	    - subject: Hello
//	      body: {contentType: text, content: Hi}
//	  /chats:
//	    - chatType: group
//	      topic: Launch
//
// Parse reads one file, Merge puts several together and Encode writes a
// File back (to export a tenant); Parse(Encode(f)) equals f.
//
// # The top-level keys
//
// version is required and is 1. me names the user /me stands for, by
// userPrincipalName or id; without it, /me is the first user (the first
// written, or the first generated when none is). generate asks for
// generated users and groups (see below). entities maps collection paths
// to lists of entities. No other key is allowed: a misspelt one is an
// error that says which key was meant.
//
// # Collection paths
//
// A path starts with a slash and names a collection: a top-level one
// (/users, /groups, /chats, /planner/plans) or one contained in an entity
// (/users/{user}/messages, /users/{user}/todo/lists, /chats/{id}/messages).
// Singletons (planner, a user's todo) are known from internal/graphrules,
// so the step after one is a name, not a key. A key that follows a
// top-level collection must name an entity the same file seeds there: a
// user by id or userPrincipalName (compared ignoring case, as Graph
// does), anything else by id; the File holds the path with the user's id
// in place of the name. Keys deeper in a path (a mail folder's well-known
// name such as inbox) are kept as written. A path may not name one
// entity (/users/adele@contoso.example) or end on a singleton (/planner).
//
// # Entities
//
// Each entity is a mapping of properties. Values are JSON: YAML scalars
// keep their text (an unquoted 2026-11-27 is that string, a number keeps
// its digits as a json.Number); .inf and .nan are refused, JSON having no
// such numbers. Anchors, aliases and merge keys (<<: *common) work within
// the file, their expansion bounded by strictyaml.MaxNodes. The file
// names no property schema: checking properties against Graph's metadata
// is the caller's, with the line and column of each property in
// Entity.Props.
//
// An entity without an id gets one of its collection's shape
// (graphrules: a GUID for the directory, 19:…@thread.v2 for chats, AAMk…
// for mail), derived from the file's name, the path as written and the
// entity's place, so that a file loads with the same ids every time. Two
// entities of one collection may not share an id, nor a value of a
// property graphrules marks unique (a user's userPrincipalName, a group's
// mailNickname), compared ignoring case.
//
// # References
//
// A property named nav@odata.bind binds navigation property nav to
// entities of the file, as a Graph create body does: one reference
// (manager@odata.bind: users/…) or a list (members@odata.bind: [...]).
// A reference is users/{id or userPrincipalName}, users('{…}'),
// groups/{id}, directoryObjects/{id} (a user or a group) or
// {collection}/{id}, optionally after https://graph.microsoft.com/v1.0/
// or /beta/. Top-level binds are taken out of the entity's Data and
// resolved into Entity.Binds; binds deeper in a value (a chat member's
// user@odata.bind) are checked and kept as written, and File.Resolve
// resolves them. Every reference must name an entity of the same file:
// put users and what refers to them in one file.
//
// # Generated data
//
// generate: {users: N, groups: M, seed: S, domain: D} makes N users (at
// most MaxUsers) and M groups (at most MaxGroups) from embedded lists of
// about a hundred given names, surnames and group words. A user has
// givenName, surname, displayName, userPrincipalName first.last@D (the
// first of first.last, first.last2, first.last3… that no other user
// holds as userPrincipalName or mailNickname, ignoring case),
// mailNickname, mail, jobTitle, department, officeLocation,
// accountEnabled true and a version 4 shaped GUID. A group has a
// displayName, a unique mailNickname, and is either a security group or,
// one in three, a Microsoft 365 group (groupTypes ["Unified"], mail
// enabled); it binds up to MaxGroupMembers of the generated users as
// members. D defaults to DefaultDomain. The same block gives the same
// entities byte for byte, whatever Go release; another seed gives
// other people; asking for more groups changes no user. Generated entities come after the
// written ones of their collection and are marked Generated; Encode
// writes the generate block instead of them.
//
// # Several files
//
// Merge adds the entities of each later file after those of the earlier
// ones. An id or unique value two files both hold is an error naming
// both places, and so are two files whose me name different users.
//
// # Errors
//
// Parse and Merge report every problem at once, each an *Error with the
// file, line and column, the value at fault and what to change, sorted by
// place and joined with errors.Join (Errors takes them apart):
//
//	tenant.yaml:5:3: /users/adel@contoso.example/messages: no user "adel@contoso.example" in this file: write the id or userPrincipalName of a user under /users (did you mean "adele@contoso.example"?)
//
// The checks that need the whole file (ids, unique values, keys in
// paths, references, me) run once the file reads well, so that one
// mistake is not reported again as its consequences. A file larger than
// MaxFileSize is refused unread.
//
// Parse, Merge and Encode may be called concurrently; a File may be read
// concurrently and must not be changed once shared.
package tenantfile
