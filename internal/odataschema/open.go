package odataschema

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
	"github.com/graphmock/graphmock/internal/schema"
)

// Graph's metadata marks about 500 types open, user, group, message,
// event and driveItem among them, so that extension data can be carried,
// not so that any property is taken: the workloads refuse what they do not
// know. An open type's undeclared property is accepted when Graph's
// documentation shows it being sent:
//
//   - a directory extension property, extension_{appId}_{name}, on a
//     directory object
//     (https://learn.microsoft.com/en-us/graph/extensibility-overview#directory-microsoft-entra-id-extensions);
//   - a schema extension's value, an object named {prefix}_{name} such as
//     ext91mqj146_app1schema, on the resources that support them
//     (https://learn.microsoft.com/en-us/graph/extensibility-overview#schema-extensions);
//   - any member of the types whose dynamic members are their point:
//     dictionaries, planner's maps, thumbnail sets, list item fields,
//     custom security attributes, open extensions, identity sets.

// extensionName is the shape of a directory extension property's name.
var extensionName = regexp.MustCompile(`^extension_[0-9A-Fa-f]{32}_[A-Za-z0-9_]+$`)

// IsExtensionName reports whether name has the shape of a directory
// extension property's name, extension_{appId}_{name}, the appId's 32
// hexadecimal digits without dashes.
func IsExtensionName(name string) bool { return extensionName.MatchString(name) }

// schemaExtensionName is the shape of a schema extension's id: a verified
// domain's prefix or ext and eight characters, then the name.
var schemaExtensionName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9]+$`)

// dynamicTypes are the open types whose dynamic members are their point;
// types derived from them are too.
var dynamicTypes = []string{
	"microsoft.graph.Dictionary",
	"microsoft.graph.dictionaries",
	"microsoft.graph.openComplexDictionaryType",
	"microsoft.graph.stringKeyObjectValuePair",
	// https://learn.microsoft.com/en-us/graph/api/resources/plannerassignments and its siblings.
	"microsoft.graph.plannerAssignments",
	"microsoft.graph.plannerChecklistItems",
	"microsoft.graph.plannerExternalReferences",
	"microsoft.graph.plannerOrderHintsByAssignee",
	"microsoft.graph.plannerUserIds",
	"microsoft.graph.plannerAppliedCategories",
	"microsoft.graph.plannerFavoritePlanReferences",
	"microsoft.graph.plannerRecentPlanReferences",
	// Custom thumbnail sizes: https://learn.microsoft.com/en-us/graph/api/resources/thumbnailset.
	"microsoft.graph.thumbnailSet",
	// A list item's columns: https://learn.microsoft.com/en-us/graph/api/resources/fieldvalueset.
	"microsoft.graph.fieldValueSet",
	// https://learn.microsoft.com/en-us/graph/api/resources/customsecurityattributevalue.
	"microsoft.graph.customSecurityAttributeValue",
	// Open extensions: https://learn.microsoft.com/en-us/graph/api/resources/opentypeextension.
	"microsoft.graph.openTypeExtension",
	"microsoft.graph.ComplexExtensionValue",
	// Identities carry the workloads' own members (Teams' userIdentityType).
	"microsoft.graph.identity",
	"microsoft.graph.identitySet",
	// An error's inner error carries the workload's own members.
	"microsoft.graph.publicInnerError",
	"microsoft.graph.webauthnAuthenticationExtensionsClientInputs",
	"microsoft.graph.webauthnAuthenticationExtensionsClientOutputs",
}

// schemaExtensible are the resources that take schema extension values
// (https://learn.microsoft.com/en-us/graph/extensibility-overview#schema-extensions).
var schemaExtensible = []string{
	"microsoft.graph.administrativeUnit", "microsoft.graph.contact", "microsoft.graph.device",
	"microsoft.graph.event", "microsoft.graph.group", "microsoft.graph.post", "microsoft.graph.message",
	"microsoft.graph.organization", "microsoft.graph.todoTask", "microsoft.graph.todoTaskList",
	"microsoft.graph.user",
}

// outlookItem is the base of the Outlook workload's items, whose reader
// refuses an undeclared property in OData's words.
const outlookItem = "microsoft.graph.outlookItem"

// The codes of the workloads' errors for an undeclared property.
const (
	codeDirectory = "Request_BadRequest" // the directory's
	codeOutlook   = "RequestBodyRead"    // Outlook's OData reader's
)

// workload is the finding of an undeclared property a workload refuses
// with its own error code and message.
func workload(code, message string) schema.Finding {
	f := schema.Found("", schema.CodeUnknownProperty, message)
	f.ErrorCode = code
	return f
}

// directoryObject is the base of the directory's objects, which take
// directory extension properties.
const directoryObject = "microsoft.graph.directoryObject"

// isDynamic reports whether t's dynamic members are its point: one of
// dynamicTypes or derived from one, or a type named as a dictionary
// (microsoft.graph.security.stringValueDictionary) or a set of claims.
func (s *Set) isDynamic(t *csdl.StructuredType) bool {
	for b := t; b != nil; b = b.Base {
		if name := b.SimpleName(); strings.HasSuffix(name, "Dictionary") || strings.HasSuffix(name, "Claims") {
			return true
		}
	}
	return s.isA(t, dynamicTypes...)
}

// isA reports whether t is or derives from one of the types named.
func (s *Set) isA(t *csdl.StructuredType, names ...string) bool {
	for _, name := range names {
		if base := s.model.Types[name]; base != nil && t.IsA(base) {
			return true
		}
	}
	return false
}

// dynamic judges the undeclared property name, of value v, of an object
// of the open type t: refused reports whether Graph refuses it, and f is
// then the finding, its Field left to the caller.
func (s *Set) dynamic(t *csdl.StructuredType, name string, v any) (f schema.Finding, refused bool) {
	_, object := v.(map[string]any)
	return s.dynamicOf(t, name, object || v == nil)
}

// dynamicOf is dynamic for a value that is an object or null
// (objectOrNull), or neither.
func (s *Set) dynamicOf(t *csdl.StructuredType, name string, objectOrNull bool) (f schema.Finding, refused bool) {
	if s.opts.LenientOpenTypes || t == nil || s.isDynamic(t) {
		return f, false
	}
	directory := s.isA(t, directoryObject)
	if directory && len(name) > len("extension_") && strings.EqualFold(name[:len("extension_")], "extension_") {
		if extensionName.MatchString(name) {
			if s.opts.Extensions == nil {
				return f, false
			}
			for _, e := range s.opts.Extensions {
				if strings.EqualFold(e, name) {
					return f, false
				}
			}
		}
		// Graph's Request_BadRequest for an extension the tenant lacks
		// (https://github.com/Azure-Samples/ms-identity-dotnetcore-b2c-account-management/issues/17).
		return workload(codeDirectory, fmt.Sprintf("The following extension properties are not available: %s.", name)), true
	}
	if objectOrNull && schemaExtensionName.MatchString(name) && s.isA(t, schemaExtensible...) {
		return f, false
	}
	switch {
	case s.isA(t, outlookItem):
		// The Outlook workload's RequestBodyRead, the code of its OData
		// reader's refusals
		// (https://github.com/microsoftgraph/microsoft-graph-docs/issues/4648).
		return workload(codeOutlook, fmt.Sprintf("The property '%s' does not exist on type '%s'. Make sure to only use property names that are defined by the type or mark the type as open type.", name, t.Name)), true
	case directory:
		// The directory's Request_BadRequest
		// (https://github.com/pnp/PnP-Sites-Core/issues/1807).
		return workload(codeDirectory, fmt.Sprintf("Invalid property '%s'.", name)), true
	}
	return schema.Found("", schema.CodeUnknownProperty, schema.UnknownPropertyMessage(name)+"; "+t.Name+" is open, but Graph takes no undeclared property of it that is not an extension"), true
}
