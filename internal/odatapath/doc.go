// Package odatapath resolves Microsoft Graph URL paths — what follows the
// version, such as /users/{id}/sendMail or /groups/{id}/members/$ref —
// against Graph's metadata (a csdl.Model): what the path addresses, and
// what request body each method expects there.
//
// A path starts at an entity set or singleton of the entity container and
// goes on through keys (users/{id}, users('id'), users(id='x')),
// properties, navigation properties, type casts (microsoft.graph.user),
// bound actions and functions (sendMail, microsoft.graph.delta()), and ends
// with $ref, $value or $count, as OData's URL conventions and Graph have
// them. Path templates of graphmock's scenario files resolve too: a
// segment (or key) written {name} is a key variable.
//
// Target.Segments is the chain a path resolved through: each entity set,
// singleton, navigation or structural property, key, cast, bound function
// or action, $ref, $value and $count, with the type it reaches, whether
// that is a collection, whether the entities are contained in the one
// before (ContainsTarget), the entity set the metadata's
// NavigationPropertyBindings say holds them, and the key values as given,
// case kept. A stateful simulation walks it to find the entities a request
// addresses.
//
// Resolver.ParseID reads an @odata.id, as in the body of POST …/$ref:
// https://graph.microsoft.com/v1.0/directoryObjects/{id}, or users/{id}
// relative to the service root, into the entity set and key it names.
//
// A segment the metadata does not know is an *UnknownSegmentError, which
// Graph answers with 400 BadRequest "Resource not found for the segment
// 'x'.".
//
// By default a navigation property or property declared by a type derived
// from the one the path has reached is accepted without a cast, when only
// one derived type declares it: Graph's documentation writes
// /chats/{id}/installedApps/{id}/chat, where chat belongs to
// userScopeTeamsAppInstallation, not to teamsAppInstallation.
// Options.Strict requires the cast.
package odatapath
