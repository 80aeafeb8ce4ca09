// Package odataquery parses and evaluates the OData system query options
// Microsoft Graph reads on a collection: $filter, $orderby, $select and
// $search. It has one job and knows nothing of Graph's workloads: which
// property supports which operator is the caller's rule, read from the
// uses a parsed filter reports (Filter.Uses).
//
// Everything is bounded. A query longer than Limits.MaxLength, nested
// deeper than Limits.MaxDepth or with more than Limits.MaxNodes nodes is
// refused when parsed; an evaluation that spends more than its Budget is
// stopped. Each refusal is an *Error, a 400 worded as Graph words a bad
// query, so no input makes the parser panic or run away (see the fuzz
// target).
//
// Strings compare ignoring case, as the directory and Outlook compare
// them; numbers compare as numbers, whatever their JSON form
// (json.Number, float64, int); a date-time literal compares with a string
// property that holds an RFC 3339 time; GUID and enum literals compare as
// strings. A property the entity does not hold is null.
package odataquery
