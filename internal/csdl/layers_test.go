package csdl_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/internal/csdl"
)

func doc(t *testing.T, body string) *csdl.Model {
	t.Helper()
	m, err := csdl.Parse(strings.NewReader(`<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:DataServices><Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">` + body + `</Schema></edmx:DataServices></edmx:Edmx>`))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLayered: a type comes from the newest layer that declares it and
// takes the members only an older one has; entity sets, singletons and
// operations come from the first layer that has them; what an older layer
// brings that contradicts a newer one is dropped, with whatever depends on
// it; the layers' own models are left as they were.
func TestLayered(t *testing.T) {
	newest := doc(t, `
<EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="team" BaseType="graph.entity"><Property Name="displayName" Type="Edm.String"/></EntityType>
<ComplexType Name="question"><Property Name="text" Type="Edm.String"/></ComplexType>
<EnumType Name="visibility"><Member Name="private" Value="0"/></EnumType>
<Action Name="archive" IsBound="true"><Parameter Name="bindingParameter" Type="graph.team"/></Action>
<EntityContainer Name="GraphService"><EntitySet Name="teams" EntityType="graph.team"/></EntityContainer>`)
	older := doc(t, `
<EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="team" BaseType="graph.entity"><Property Name="displayName" Type="Edm.Int32"/><Property Name="visibility" Type="graph.visibility"/><NavigationProperty Name="channels" Type="Collection(graph.channel)" ContainsTarget="true"/><NavigationProperty Name="answered" Type="graph.question"/></EntityType>
<EntityType Name="channel" BaseType="graph.entity"/>
<EntityType Name="question" BaseType="graph.entity"/>
<EntityType Name="textQuestion" BaseType="graph.question"/>
<EnumType Name="visibility"><Member Name="private" Value="0"/><Member Name="public" Value="1"/></EnumType>
<Action Name="archive" IsBound="true"><Parameter Name="bindingParameter" Type="graph.team"/><Parameter Name="old" Type="Edm.Boolean"/></Action>
<Action Name="ask" IsBound="true"><Parameter Name="bindingParameter" Type="graph.textQuestion"/></Action>
<EntityContainer Name="GraphService"><EntitySet Name="teams" EntityType="graph.team"/><EntitySet Name="questions" EntityType="graph.question"/><Singleton Name="teamwork" Type="graph.team"/></EntityContainer>`)
	m, err := csdl.Layered(csdl.Layer{Name: "new", Model: newest}, csdl.Layer{Name: "old", Model: older})
	if err != nil {
		t.Fatal(err)
	}
	team := m.Type("graph.team")
	if got := m.LayerOf(team); got != "new" {
		t.Errorf("team's layer = %q, want new", got)
	}
	if p := team.Property("displayName"); p == nil || p.Type.Name != "Edm.String" || m.LayerOf(p) != "new" {
		t.Errorf("team's displayName = %+v; want the newest layer's Edm.String", p)
	}
	if p := team.Property("visibility"); p == nil || m.LayerOf(p) != "old" {
		t.Errorf("team's visibility = %+v; want it from the older layer", p)
	}
	if n := team.NavigationProperty("channels"); n == nil || m.LayerOf(n) != "old" || m.LayerOf(m.Type("graph.channel")) != "old" {
		t.Errorf("team's channels = %+v; want it and channel from the older layer", n)
	}
	if n := team.NavigationProperty("answered"); n != nil {
		t.Errorf("team's answered leads to question, complex in the newer layer; want it dropped, got %+v", n)
	}
	if m.Type("graph.textQuestion") != nil || m.Container.EntitySet("questions") != nil {
		t.Error("textQuestion derives from an entity question the newer layer has as complex; want it and the questions set dropped")
	}
	if m.BoundOperation(m.Type("graph.entity"), false, "ask", false) != nil || slices.ContainsFunc(m.Operations, func(op *csdl.Operation) bool { return op.SimpleName() == "ask" }) {
		t.Error("ask is bound to the dropped textQuestion; want it dropped")
	}
	archive := m.BoundOperation(team, false, "archive", false)
	if archive == nil || len(archive.Parameters) != 1 || m.LayerOf(archive) != "new" {
		t.Errorf("archive = %+v; want the newest layer's, without old", archive)
	}
	if e := m.Enum("graph.visibility"); e == nil || len(e.Members) != 2 {
		t.Errorf("visibility = %+v; want the members of both layers", e)
	}
	if s := m.Container.Singleton("teamwork"); s == nil || m.LayerOf(s) != "old" {
		t.Errorf("teamwork = %+v; want the older layer's singleton", s)
	}
	if got := m.Layers(); !slices.Equal(got, []string{"new", "old"}) {
		t.Errorf("Layers() = %q", got)
	}
	if newest.Type("graph.team").NavigationProperty("channels") != nil || len(newest.Enum("graph.visibility").Members) != 1 {
		t.Error("Layered changed the newest layer's model")
	}
	if older.Type("graph.textQuestion") == nil || len(older.Type("graph.question").Derived) != 1 {
		t.Error("Layered changed the older layer's model")
	}
	if newest.LayerOf(newest.Type("graph.team")) != "" || newest.Layers() != nil {
		t.Error("a model of one document names a layer")
	}
}

// TestEmbeddedBetaIsLayered: the embedded beta names its three layers,
// and takes a type only the 2021 public beta has.
func TestEmbeddedBetaIsLayered(t *testing.T) {
	m, err := csdl.Embedded("beta")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Layers(); !slices.Equal(got, csdl.BetaLayers) {
		t.Errorf("Layers() = %q, want %q", got, csdl.BetaLayers)
	}
	for name, layer := range map[string]string{
		"microsoft.graph.chat":                            csdl.LayerBeta2026,
		"microsoft.graph.educationClass":                  csdl.LayerV10,
		"microsoft.graph.educationSynchronizationProfile": csdl.LayerBeta2021,
	} {
		if typ := m.Type(name); typ == nil || m.LayerOf(typ) != layer {
			t.Errorf("%s: %v from %q, want from %q", name, typ != nil, m.LayerOf(typ), layer)
		}
	}
}
