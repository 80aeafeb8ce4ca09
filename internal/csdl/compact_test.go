package csdl

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestCompactIsCurrent: the embedded compact metadata is what the CSDL
// documents of metadata/ give, byte for byte.
func TestCompactIsCurrent(t *testing.T) {
	data, err := CompactFromSources(os.DirFS("metadata"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, []byte(compactMetadata)) {
		t.Fatalf("metadata/graph.compact (%d bytes) is not what the CSDL documents of metadata/ give (%d bytes): run\n\tgo generate ./internal/csdl\nand commit metadata/graph.compact", len(compactMetadata), len(data))
	}
}

// TestCompactDecodesAsXML: each embedded version decodes to the model
// Parse and Layered build from the XML: every element, its line and its
// layer, the aliases and the index of bound operations.
func TestCompactDecodesAsXML(t *testing.T) {
	models, err := modelsFromSources(os.DirFS("metadata"), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(models) != len(Versions) {
		t.Fatalf("%d models from the sources, want one for each of %q", len(models), Versions)
	}
	for _, vm := range models {
		t.Run(vm.version, func(t *testing.T) {
			got, err := DecodeEmbedded(vm.version)
			if err != nil {
				t.Fatal(err)
			}
			compareModels(t, vm.model, got)
		})
	}
}

// compareModels reports each difference between want and got, by name,
// and then checks that nothing the names miss differs.
func compareModels(t *testing.T, want, got *Model) {
	t.Helper()
	d := &differ{t: t}
	d.models(want, got)
	if d.n == 0 && !reflect.DeepEqual(want, got) {
		t.Error("the models differ in something compareModels does not name")
	}
}

type differ struct {
	t *testing.T
	n int
}

func (d *differ) errorf(format string, args ...any) {
	d.t.Helper()
	if d.n++; d.n <= 30 {
		d.t.Errorf(format, args...)
	} else if d.n == 31 {
		d.t.Error("more differences left out")
	}
}

func (d *differ) same(what string, want, got any) {
	d.t.Helper()
	if !reflect.DeepEqual(want, got) {
		d.errorf("%s = %v, want %v", what, got, want)
	}
}

func (d *differ) models(want, got *Model) {
	d.t.Helper()
	d.same("Namespaces", want.Namespaces, got.Namespaces)
	d.same("aliases", want.aliases, got.aliases)
	d.same("Layers()", want.Layers(), got.Layers())
	d.same("type names", slices.Sorted(maps.Keys(want.Types)), slices.Sorted(maps.Keys(got.Types)))
	for name, w := range want.Types {
		g := got.Types[name]
		if g == nil {
			continue
		}
		d.types(name, want, got, w, g)
	}
	d.same("enum names", slices.Sorted(maps.Keys(want.Enums)), slices.Sorted(maps.Keys(got.Enums)))
	for name, w := range want.Enums {
		g := got.Enums[name]
		if g == nil {
			continue
		}
		d.same(name+" IsFlags", w.IsFlags, g.IsFlags)
		d.same(name+" UnderlyingType", w.UnderlyingType, g.UnderlyingType)
		d.same(name+" Members", w.Members, g.Members)
		d.same(name+" Line", w.Line, g.Line)
		d.same(name+" layer", want.LayerOf(w), got.LayerOf(g))
	}
	d.same("operation count", len(want.Operations), len(got.Operations))
	for i := range min(len(want.Operations), len(got.Operations)) {
		d.operations(fmt.Sprintf("operation %d", i), want, got, want.Operations[i], got.Operations[i])
	}
	d.same("bindings of bound operations", slices.Sorted(maps.Keys(want.bound)), slices.Sorted(maps.Keys(got.bound)))
	for binding, w := range want.bound {
		d.same("operations bound to "+binding, opNames(w), opNames(got.BoundOperations(binding)))
		for i, op := range got.BoundOperations(binding) {
			if !slices.Contains(got.Operations, op) && i < len(w) {
				d.errorf("operation %d bound to %s is not one of the model's operations", i, binding)
			}
		}
	}
	if (want.Container == nil) != (got.Container == nil) {
		d.errorf("Container = %v, want %v", got.Container, want.Container)
		return
	}
	if want.Container == nil {
		return
	}
	wc, gc := want.Container, got.Container
	d.same("container Name", wc.Name, gc.Name)
	d.same("entity set count", len(wc.EntitySets), len(gc.EntitySets))
	for i := range min(len(wc.EntitySets), len(gc.EntitySets)) {
		w, g := wc.EntitySets[i], gc.EntitySets[i]
		what := "entity set " + w.Name
		d.same(what+" Name", w.Name, g.Name)
		d.same(what+" EntityType", w.EntityType, g.EntityType)
		d.same(what+" Bindings", w.Bindings, g.Bindings)
		d.same(what+" line", w.line, g.line)
		d.same(what+" layer", want.LayerOf(w), got.LayerOf(g))
	}
	d.same("singleton count", len(wc.Singletons), len(gc.Singletons))
	for i := range min(len(wc.Singletons), len(gc.Singletons)) {
		w, g := wc.Singletons[i], gc.Singletons[i]
		what := "singleton " + w.Name
		d.same(what+" Name", w.Name, g.Name)
		d.same(what+" Type", w.Type, g.Type)
		d.same(what+" Bindings", w.Bindings, g.Bindings)
		d.same(what+" line", w.line, g.line)
		d.same(what+" layer", want.LayerOf(w), got.LayerOf(g))
	}
}

func (d *differ) types(name string, want, got *Model, w, g *StructuredType) {
	d.t.Helper()
	d.same(name+" Name", w.Name, g.Name)
	d.same(name+" Kind", w.Kind, g.Kind)
	d.same(name+" BaseType", w.BaseType, g.BaseType)
	d.same(name+" Base", typeName(w.Base), typeName(g.Base))
	if g.Base != nil && got.Types[g.Base.Name] != g.Base {
		d.errorf("%s's Base is not the model's type %s", name, g.Base.Name)
	}
	d.same(name+" Derived", typeNames(w.Derived), typeNames(g.Derived))
	for _, t := range g.Derived {
		if got.Types[t.Name] != t || t.Base != g {
			d.errorf("%s's derived %s is not the model's type deriving from it", name, t.Name)
		}
	}
	d.same(name+" Abstract", w.Abstract, g.Abstract)
	d.same(name+" OpenType", w.OpenType, g.OpenType)
	d.same(name+" HasStream", w.HasStream, g.HasStream)
	d.same(name+" Key", w.Key, g.Key)
	d.same(name+" Line", w.Line, g.Line)
	d.same(name+" layer", want.LayerOf(w), got.LayerOf(g))
	d.same(name+" property count", len(w.Properties), len(g.Properties))
	for i := range min(len(w.Properties), len(g.Properties)) {
		wp, gp := w.Properties[i], g.Properties[i]
		what := name + "." + wp.Name
		d.same(what+" Name", wp.Name, gp.Name)
		d.same(what+" Type", wp.Type, gp.Type)
		d.same(what+" Nullable", wp.Nullable, gp.Nullable)
		d.same(what+" line", wp.line, gp.line)
		d.same(what+" layer", want.LayerOf(wp), got.LayerOf(gp))
	}
	d.same(name+" navigation property count", len(w.NavigationProperties), len(g.NavigationProperties))
	for i := range min(len(w.NavigationProperties), len(g.NavigationProperties)) {
		wp, gp := w.NavigationProperties[i], g.NavigationProperties[i]
		what := name + "." + wp.Name
		d.same(what+" Name", wp.Name, gp.Name)
		d.same(what+" Type", wp.Type, gp.Type)
		d.same(what+" Nullable", wp.Nullable, gp.Nullable)
		d.same(what+" ContainsTarget", wp.ContainsTarget, gp.ContainsTarget)
		d.same(what+" line", wp.line, gp.line)
		d.same(what+" layer", want.LayerOf(wp), got.LayerOf(gp))
	}
}

func (d *differ) operations(what string, want, got *Model, w, g *Operation) {
	d.t.Helper()
	what += " " + w.Name
	d.same(what+" Name", w.Name, g.Name)
	d.same(what+" Kind", w.Kind, g.Kind)
	d.same(what+" IsBound", w.IsBound, g.IsBound)
	d.same(what+" IsComposable", w.IsComposable, g.IsComposable)
	d.same(what+" EntitySetPath", w.EntitySetPath, g.EntitySetPath)
	d.same(what+" ReturnType", w.ReturnType, g.ReturnType)
	d.same(what+" Line", w.Line, g.Line)
	d.same(what+" layer", want.LayerOf(w), got.LayerOf(g))
	d.same(what+" parameter count", len(w.Parameters), len(g.Parameters))
	for i := range min(len(w.Parameters), len(g.Parameters)) {
		wp, gp := w.Parameters[i], g.Parameters[i]
		what := what + " parameter " + wp.Name
		d.same(what+" Name", wp.Name, gp.Name)
		d.same(what+" Type", wp.Type, gp.Type)
		d.same(what+" Nullable", wp.Nullable, gp.Nullable)
		d.same(what+" Optional", wp.Optional, gp.Optional)
		d.same(what+" line", wp.line, gp.line)
	}
}

func typeName(t *StructuredType) string {
	if t == nil {
		return ""
	}
	return t.Name
}

func typeNames(ts []*StructuredType) []string {
	var names []string
	for _, t := range ts {
		names = append(names, t.Name)
	}
	return names
}

func opNames(ops []*Operation) []string {
	var names []string
	for _, op := range ops {
		names = append(names, op.Name+"("+op.Parameters[0].Type.String()+")")
	}
	return names
}

// codecDoc declares something of every kind and flag the compact form
// keeps, beyond what Graph's metadata happens to use.
const codecDoc = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="driveItem" BaseType="graph.entity" OpenType="true" HasStream="true">
  <Property Name="tags" Type="Collection(Edm.String)" Nullable="false"/>
  <Property Name="size" Type="Edm.Int64"/>
  <Property Name="kind" Type="graph.kind"/>
  <NavigationProperty Name="children" Type="Collection(graph.driveItem)" ContainsTarget="true"/>
  <NavigationProperty Name="parent" Type="graph.driveItem" Nullable="false"/>
</EntityType>
<EntityType Name="file" BaseType="graph.driveItem"/>
<EntityType Name="folder" BaseType="graph.driveItem"/>
<EntityType Name="pair"><Key><PropertyRef Name="a"/><PropertyRef Name="b"/></Key><Property Name="a" Type="Edm.Int32" Nullable="false"/><Property Name="b" Type="Edm.Int32" Nullable="false"/></EntityType>
<ComplexType Name="note" OpenType="true"><Property Name="text" Type="Edm.String"/></ComplexType>
<ComplexType Name="longNote" BaseType="graph.note"/>
<EnumType Name="kind" IsFlags="true" UnderlyingType="Edm.Int64"><Member Name="none" Value="0"/><Member Name="big" Value="9223372036854775807"/><Member Name="low" Value="-9223372036854775808"/></EnumType>
<EnumType Name="plain"><Member Name="a"/><Member Name="b"/></EnumType>
<Function Name="delta" IsBound="true" IsComposable="true" EntitySetPath="bindingParameter"><Parameter Name="bindingParameter" Type="Collection(graph.driveItem)"/><Parameter Name="token" Type="Edm.String"><Annotation Term="Org.OData.Core.V1.OptionalParameter"/></Parameter><ReturnType Type="Collection(graph.driveItem)" Nullable="false"/></Function>
<Action Name="copy" IsBound="true"><Parameter Name="bindingParameter" Type="graph.driveItem"/><Parameter Name="name" Type="Edm.String" Nullable="false"/><ReturnType Type="graph.driveItem"/></Action>
<Action Name="restore" IsBound="true"><Parameter Name="bindingParameter" Type="graph.driveItem"/></Action>
<Function Name="today"/>
<EntityContainer Name="GraphService">
  <EntitySet Name="items" EntityType="graph.driveItem"><NavigationPropertyBinding Path="parent" Target="items"/></EntitySet>
  <EntitySet Name="pairs" EntityType="graph.pair"/>
  <Singleton Name="root" Type="graph.driveItem"><NavigationPropertyBinding Path="children" Target="items"/><NavigationPropertyBinding Path="parent" Target="items"/></Singleton>
</EntityContainer>
</Schema>
<Schema Namespace="other.ns"><ComplexType Name="empty"/></Schema>
</edmx:DataServices>
</edmx:Edmx>`

// roundTrip encodes models and decodes each again.
func roundTrip(t *testing.T, models ...versionModel) map[string]*Model {
	t.Helper()
	f, err := openCompact(string(encodeCompact(models...)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*Model{}
	for _, vm := range models {
		m, err := f.decodeModel(vm.version)
		if err != nil {
			t.Fatalf("%s: %v", vm.version, err)
		}
		got[vm.version] = m
	}
	return got
}

// TestCompactRoundTrip: a model of one document and a layered one of
// every kind of element and every flag decode as they were encoded, and
// the decoded model answers as the parsed one does.
func TestCompactRoundTrip(t *testing.T) {
	one, err := Parse(strings.NewReader(codecDoc))
	if err != nil {
		t.Fatal(err)
	}
	older, err := Parse(strings.NewReader(strings.Replace(codecDoc, `<ComplexType Name="empty"/>`,
		`<ComplexType Name="empty"/><ComplexType Name="extra"><Property Name="x" Type="Edm.Guid"/></ComplexType>`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	layered, err := Layered(Layer{"new", one}, Layer{"old", older})
	if err != nil {
		t.Fatal(err)
	}
	got := roundTrip(t, versionModel{"one", one}, versionModel{"layered", layered})
	t.Run("one document", func(t *testing.T) { compareModels(t, one, got["one"]) })
	t.Run("layered", func(t *testing.T) { compareModels(t, layered, got["layered"]) })

	m := got["layered"]
	if l := m.LayerOf(m.Type("other.ns.extra")); l != "old" {
		t.Errorf("extra's layer = %q, want old", l)
	}
	if l := m.LayerOf(m.Type("graph.driveItem")); l != "new" {
		t.Errorf("driveItem's layer = %q, want new", l)
	}
	if l := m.LayerOf(one.Type("graph.driveItem")); l != "" {
		t.Errorf("LayerOf a type of another model = %q, want \"\"", l)
	}
	if m.LayerOf(nil) != "" || m.LayerOf((*Property)(nil)) != "" || m.LayerOf("graph.driveItem") != "" {
		t.Error("LayerOf of something not an element names a layer")
	}
	item := m.Type("graph.driveItem")
	if op := m.BoundOperation(m.Type("graph.file"), true, "DELTA", true); op == nil || op.ReturnType == nil || !op.IsComposable {
		t.Errorf("delta bound to a collection of file's base = %+v", op)
	}
	if k := m.Type("graph.file").Key; !slices.Equal(k, []string{"id"}) {
		t.Errorf("file's inherited key = %q", k)
	}
	if got, want := typeNames(item.Descendants()), []string{"microsoft.graph.file", "microsoft.graph.folder"}; !slices.Equal(got, want) {
		t.Errorf("driveItem's descendants = %q, want %q", got, want)
	}
	if m.Qualify("graph.note") != "microsoft.graph.note" {
		t.Errorf("Qualify(graph.note) = %q", m.Qualify("graph.note"))
	}
	// Appending to a decoded type's properties leaves its neighbours'.
	note := m.Type("microsoft.graph.note")
	before := len(m.Type("microsoft.graph.longNote").Properties)
	_ = append(note.Properties, &Property{Name: "added"})
	if len(m.Type("microsoft.graph.longNote").Properties) != before || slices.ContainsFunc(item.Properties, func(p *Property) bool { return p.Name == "added" }) {
		t.Error("an append to one type's properties changed another's")
	}
}

// TestCompactRefusesCorruptData: every truncation of a compact form, and
// a changed magic, is an error, not a panic or a model.
func TestCompactRefusesCorruptData(t *testing.T) {
	one, err := Parse(strings.NewReader(codecDoc))
	if err != nil {
		t.Fatal(err)
	}
	data := string(encodeCompact(versionModel{"one", one}))
	for i := range len(data) {
		f, err := openCompact(data[:i])
		if err == nil {
			_, err = f.decodeModel("one")
		}
		if err == nil {
			t.Errorf("the first %d of %d bytes decoded without an error", i, len(data))
		}
	}
	if _, err := openCompact("x" + data[1:]); err == nil {
		t.Error("a changed magic opened without an error")
	}
	f, err := openCompact(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.decodeModel("two"); err == nil {
		t.Error("a version the file lacks decoded without an error")
	}
	section := f.sections["one"]
	for i := range len(section) {
		f.sections["one"] = section[:i]
		if _, err := f.decodeModel("one"); err == nil {
			t.Errorf("the first %d of the model's %d bytes decoded without an error", i, len(section))
		}
	}
}

// FuzzDecodeCompact: no input makes openCompact or decodeModel panic, and
// a model that decodes links only its own types and operations.
func FuzzDecodeCompact(f *testing.F) {
	one, err := Parse(strings.NewReader(codecDoc))
	if err != nil {
		f.Fatal(err)
	}
	layered, err := Layered(Layer{"new", one}, Layer{"old", one})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(encodeCompact(versionModel{"one", one}, versionModel{"layered", layered}))
	f.Add([]byte(compactMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := openCompact(string(data))
		if err != nil {
			return
		}
		for version := range file.sections {
			m, err := file.decodeModel(version)
			if err != nil {
				continue
			}
			for _, typ := range m.Types {
				if typ.Base != nil && typ.Base.Derived == nil {
					t.Errorf("%s derives from %s, which lists no derived type", typ.Name, typ.Base.Name)
				}
				m.LayerOf(typ)
			}
			for _, ops := range m.bound {
				for _, op := range ops {
					if !slices.Contains(m.Operations, op) {
						t.Errorf("bound %s is not one of the model's operations", op.Name)
					}
				}
			}
		}
	})
}
