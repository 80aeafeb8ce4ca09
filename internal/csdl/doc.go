// Package csdl reads OData CSDL XML, the metadata document in which
// Microsoft Graph describes its types, into a Model: namespaces and their
// aliases, entity, complex and enum types, actions and functions, and the
// entity container's entity sets and singletons.
//
// Parse reads any CSDL document (the public beta, about 8 MB, included).
// Embedded returns the Graph metadata this package carries, parsed once:
// "v1.0" (the public cloud's complete v1.0) and "beta" (a current subset of
// the public beta; see metadata/README.md).
//
// Every type name in a Model is namespace-qualified, aliases resolved:
// Graph's metadata writes graph.chat, the Model says microsoft.graph.chat.
// A Model is read-only once returned and safe for concurrent use.
package csdl
