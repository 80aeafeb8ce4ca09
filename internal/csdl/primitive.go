package csdl

// Primitive types of OData's EDM that Graph's metadata uses, and the
// abstract ones CSDL allows in terms.
var primitives = map[string]bool{
	"Edm.Binary": true, "Edm.Boolean": true, "Edm.Byte": true, "Edm.Date": true,
	"Edm.DateTimeOffset": true, "Edm.Decimal": true, "Edm.Double": true,
	"Edm.Duration": true, "Edm.Guid": true, "Edm.Int16": true, "Edm.Int32": true,
	"Edm.Int64": true, "Edm.SByte": true, "Edm.Single": true, "Edm.Stream": true,
	"Edm.String": true, "Edm.TimeOfDay": true,
	"Edm.Untyped": true, "Edm.PrimitiveType": true,
	"Edm.Geography": true, "Edm.GeographyPoint": true, "Edm.GeographyLineString": true,
	"Edm.GeographyPolygon": true, "Edm.GeographyMultiPoint": true,
	"Edm.GeographyMultiLineString": true, "Edm.GeographyMultiPolygon": true,
	"Edm.GeographyCollection": true, "Edm.Geometry": true, "Edm.GeometryPoint": true,
	"Edm.GeometryLineString": true, "Edm.GeometryPolygon": true,
	"Edm.GeometryMultiPoint": true, "Edm.GeometryMultiLineString": true,
	"Edm.GeometryMultiPolygon": true, "Edm.GeometryCollection": true,
}

// IsPrimitive reports whether name is one of OData's primitive types, such
// as Edm.String.
func IsPrimitive(name string) bool { return primitives[name] }
