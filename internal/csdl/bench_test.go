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
