package csdl

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// sources returns the CSDL documents of metadata/ in memory, so that a
// benchmark of reading them reads no file.
func sources(b *testing.B) fs.FS {
	b.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{sourceV10, sourceBeta2026, sourceBeta2021} {
		data, err := os.ReadFile(filepath.Join("metadata", name))
		if err != nil {
			b.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// BenchmarkParse measures parsing each CSDL document the v1.0 and the
// 2026 beta subset come from, from its decompressed bytes, and with the
// decompression.
func BenchmarkParse(b *testing.B) {
	fsys := sources(b)
	for _, v := range Versions {
		name := v + ".csdl.gz"
		gz, err := fs.ReadFile(fsys, name)
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
				if _, err := parseSource(fsys, name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLayeredBeta measures building the beta from its three layers'
// XML (v1.0's parse included), beside parsing the 2026 subset alone, the
// beta's first use before it was layered.
func BenchmarkLayeredBeta(b *testing.B) {
	fsys := sources(b)
	b.Run("subset alone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseSource(fsys, sourceBeta2026); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("three layers", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := FromSources(fsys, "beta"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkEmbeddedFirstUse measures what the first Embedded call for a
// version costs: decoding the compact form (its string table included),
// beside building the same model from the XML as Embedded did before
// (gunzip, Parse, and for the beta Layered over three documents).
func BenchmarkEmbeddedFirstUse(b *testing.B) {
	fsys := sources(b)
	for _, v := range Versions {
		b.Run(v+"/xml", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FromSources(fsys, v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(v+"/compact", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := DecodeEmbedded(v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
