// Package csdl reads OData CSDL XML, the metadata document in which
// Microsoft Graph describes its types, into a Model: namespaces and their
// aliases, entity, complex and enum types, actions and functions, and the
// entity container's entity sets and singletons.
//
// Parse reads any CSDL document (the public beta, about 8 MB, included).
// Embedded returns the Graph metadata this package carries, decoded once:
// "v1.0" (the public cloud's complete v1.0) and "beta" (layered: a current
// subset of the public beta, v1.0, and the public beta of 2021; see
// metadata/README.md). It carries them in a compact form that go generate
// builds from the CSDL documents of metadata/ (CompactFromSources), so that
// a first use decodes in a few milliseconds instead of parsing megabytes
// of XML.
//
// Every type name in a Model is namespace-qualified, aliases resolved:
// Graph's metadata writes graph.chat, the Model says microsoft.graph.chat.
// A Model is read-only once returned and safe for concurrent use.
package csdl
