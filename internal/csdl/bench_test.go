package csdl

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

// BenchmarkParse measures parsing each embedded document from its
// decompressed bytes, and with the decompression Embedded adds.
func BenchmarkParse(b *testing.B) {
	for _, v := range Versions {
		gz, err := metadata.ReadFile("metadata/" + v + ".csdl.gz")
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			b.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(v, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(bytes.NewReader(raw)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(v+" gzipped", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parseEmbedded("metadata/" + v + ".csdl.gz"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLayeredBeta measures building the embedded beta from its three
// layers (first use of the beta), beside parsing the 2026 subset alone,
// the beta's first use before it was layered.
func BenchmarkLayeredBeta(b *testing.B) {
	b.Run("subset alone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseEmbedded("metadata/beta.csdl.gz"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("three layers", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := layeredBeta(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
