package odataschema

import (
	"math"

	"github.com/graphmock/graphmock/internal/edm"
)

// primitive returns the schema of a value of the Edm primitive type name,
// as Graph's JSON writes it (IEEE754Compatible=false: 64-bit integers and
// decimals are JSON numbers).
func (s *Set) primitive(name string) map[string]any {
	integer := func(lo, hi int64) map[string]any {
		return map[string]any{"type": "integer", "minimum": lo, "maximum": hi}
	}
	format := func(f string) map[string]any { return map[string]any{"type": "string", "format": f} }
	switch name {
	case "Edm.String":
		return map[string]any{"type": "string"}
	case "Edm.Boolean":
		if s.opts.Strict {
			return map[string]any{"type": "boolean"}
		}
		return map[string]any{"type": []any{"boolean", "string"}, "pattern": booleanPattern}
	case "Edm.Byte":
		return integer(0, math.MaxUint8)
	case "Edm.SByte":
		return integer(math.MinInt8, math.MaxInt8)
	case "Edm.Int16":
		return integer(math.MinInt16, math.MaxInt16)
	case "Edm.Int32":
		return integer(math.MinInt32, math.MaxInt32)
	case "Edm.Int64":
		return integer(math.MinInt64, math.MaxInt64)
	case "Edm.Single", "Edm.Double":
		if s.opts.Strict {
			return map[string]any{"type": []any{"number", "string"}, "format": edm.FormatDouble}
		}
		return map[string]any{"type": []any{"number", "string"}, "format": edm.FormatLenientDouble}
	case "Edm.Decimal":
		return map[string]any{"type": "number"}
	case "Edm.Guid":
		return format(edm.FormatGuid)
	case "Edm.DateTimeOffset":
		return format(edm.FormatDateTimeOffset)
	case "Edm.Date":
		return format(edm.FormatDate)
	case "Edm.TimeOfDay":
		if s.opts.Strict {
			return format(edm.FormatTimeOfDay)
		}
		return format(edm.FormatLenientTimeOfDay)
	case "Edm.Duration":
		return format(edm.FormatDuration)
	case "Edm.Binary", "Edm.Stream":
		return format(edm.FormatBinary)
	}
	// Edm.Untyped, Edm.PrimitiveType and the geography and geometry types
	// (GeoJSON objects): any value.
	return map[string]any{}
}
