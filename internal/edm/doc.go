// Package edm checks values written in Microsoft Graph's JSON the way
// Graph's OData primitive types (Edm.DateTimeOffset, Edm.Date, Edm.Guid, …)
// require them, and bounds the size of JSON numbers.
//
// The checks are plain functions (IsDateTimeOffset, IsGuid, …) written by
// hand rather than as regular expressions: they also reject values a
// pattern cannot (2026-02-30, an offset of +14:30) and cost a fraction of a
// regexp match. Register makes them available to gojsonschema under the
// format names of this package (FormatDateTimeOffset, …), so a schema says
//
//	{"type": "string", "format": "graph-datetimeoffset"}
//
// TypeOf names the Edm type behind each format, and how its values are
// written, for messages: the one table of Edm names the body checks use.
//
// gojsonschema parses numbers as exact rationals, so a number written with
// a million digits costs seconds to validate. OversizedNumber finds such a
// number in a parsed document before gojsonschema sees it.
package edm
