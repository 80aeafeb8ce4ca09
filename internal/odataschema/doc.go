// Package odataschema checks Microsoft Graph request bodies against the
// types of Graph's metadata (a csdl.Model), through draft-07 JSON Schema
// documents generated from it and compiled by gojsonschema.
//
// A Set holds the schemas of one Model. Each structured type gets one
// document describing one level of an object of that type: its
// properties, primitive values (Edm types through the edm package's
// formats), enum members, which values may be null, and the OData
// annotations it may carry. A document is generated and compiled the first
// time a body needs it, once; Validate then walks the body, checking each
// object against the document of its type and choosing that type by
// @odata.type, so a body for microsoft.graph.attachment whose @odata.type
// is #microsoft.graph.fileAttachment is checked as a fileAttachment. The
// walk also refuses unknown properties of closed types (checking names
// with a map costs less than JSON Schema's propertyNames), checks enum
// values against their members' names (a map again, where a pattern of an
// enum's hundreds of members would be slow), and descends into complex
// values and nested (deep-inserted) entities.
//
// Violations are in the vocabulary of package schema: a JSON Schema and
// the equivalent type of the metadata give the same code and message for
// the same fault.
//
// # What Graph accepts
//
// By default a Set reads bodies as Graph does, which is more leniently than
// OData's JSON format prescribes (Options.Strict turns this off):
//   - enum members are matched without regard to case ("Text" for text);
//   - action parameter names are matched without regard to case (Message
//     and message);
//   - an Edm.Boolean may be written as the string "true" or "false" in
//     any case ("True", as Microsoft's referenceAttachment example sends);
//   - an Edm.Double or Edm.Single may be written as a decimal numeral in a
//     string ("100", as findMeetingTimes' example sends);
//   - an Edm.TimeOfDay may be written as Graph's reader takes it, with
//     one-digit parts and the seconds left out ("0:00:00", "8:30");
//   - @odata.type may leave out its leading #, and may name the expected
//     type or one derived from it in another case
//     (#Microsoft.Graph.channel);
//   - @odata.type may name a type of one of Graph's internal service
//     namespaces (Options.ServiceNamespaces), such as
//     #Microsoft.Teams.GraphSvc.chat: the value is read as the type of the
//     same name, case ignored, among the expected type and its derived
//     types;
//   - an abstract type may be sent without @odata.type.
//
// In both readings microsoft.graph.Json, which Graph's metadata declares
// as an empty complex type, takes any JSON value: Microsoft's metadata
// pipeline reads it as Edm.Untyped, and Excel's workbook calls send
// arrays and strings in it ({"values": [[1, 2, 3]]}, "sourceData": "A1:B1").
//
// An open type takes, beyond its declared properties and annotations, only
// what Graph's workloads take (Options.LenientOpenTypes takes anything, as
// OData allows): directory extension properties, extension_{appId}_{name},
// on directory objects (only those of Options.Extensions when it is set);
// schema extension values, objects named {prefix}_{name}, on the resources
// that support them; and any member of the types whose dynamic members are
// their point (dictionaries, planner's maps, thumbnailSet, fieldValueSet,
// customSecurityAttributeValue, open extensions, identity sets). Anything
// else is refused in the workload's words: the directory's "Invalid
// property 'x'.", Outlook's "The property 'x' does not exist on type …",
// and "The following extension properties are not available: …" for an
// extension the tenant lacks.
//
// Nothing is required that the metadata does not require: properties never
// are (Graph's metadata does not say which are required on create); action
// parameters are when they are not nullable and not marked optional.
//
// A Set is safe for concurrent use.
package odataschema
