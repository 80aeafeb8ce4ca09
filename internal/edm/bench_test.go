package edm

import (
	"regexp"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// Each check is benchmarked beside the regular expression a schema would
// otherwise carry for it.

var sinkBool bool

func BenchmarkDateTimeOffset(b *testing.B) {
	const s = "2026-11-27T10:00:00.1234567+05:30"
	b.Run("IsDateTimeOffset", func(b *testing.B) {
		for b.Loop() {
			sinkBool = IsDateTimeOffset(s)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			sinkBool = graphDateTimeOffset.MatchString(s)
		}
	})
	b.Run("gojsonschema date-time and regexp", func(b *testing.B) {
		for b.Loop() {
			sinkBool = gojsonschema.FormatCheckers.IsFormat("date-time", s) && graphDateTimeOffset.MatchString(s)
		}
	})
}

func BenchmarkGuid(b *testing.B) {
	const s = "b33cbe9f-8ebe-4f2a-912b-7e2a427f477f"
	b.Run("IsGuid", func(b *testing.B) {
		for b.Loop() {
			sinkBool = IsGuid(s)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			sinkBool = referenceGuid.MatchString(s)
		}
	})
}

func BenchmarkDuration(b *testing.B) {
	const s = "P1DT2H3M4.5S"
	b.Run("IsDuration", func(b *testing.B) {
		for b.Loop() {
			sinkBool = IsDuration(s)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			sinkBool = referenceDuration.MatchString(s)
		}
	})
}

var binaryPattern = regexp.MustCompile(`^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$`)

func BenchmarkBinary(b *testing.B) {
	const s = "SGVsbG8gV29ybGQhIFRoaXMgaXMgYSBzaG9ydCBhdHRhY2htZW50Lg=="
	b.Run("IsBinary", func(b *testing.B) {
		for b.Loop() {
			sinkBool = IsBinary(s)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			sinkBool = binaryPattern.MatchString(s)
		}
	})
}

func BenchmarkCheckNumber(b *testing.B) {
	for _, s := range []string{"1234.5678", "9223372036854775807"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				sinkBool = CheckNumber(s) == nil
			}
		})
	}
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			sinkBool = jsonNumber.MatchString("1234.5678")
		}
	})
}
