package csdl

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// small is a CSDL document with one of each thing Parse reads.
const small = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="chatType">
        <Member Name="oneOnOne" Value="0" />
        <Member Name="group" Value="1" />
      </EnumType>
      <EnumType Name="days" IsFlags="true" UnderlyingType="Edm.Byte">
        <Member Name="monday" />
        <Member Name="tuesday" />
      </EnumType>
      <EntityType Name="entity" Abstract="true">
        <Key>
          <PropertyRef Name="id" />
        </Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="chat" BaseType="graph.entity">
        <Property Name="chatType" Type="graph.chatType" Nullable="false" />
        <Property Name="viewpoint" Type="graph.chatViewpoint" />
        <Property Name="tags" Type="Collection(Edm.String)" />
        <NavigationProperty Name="members" Type="Collection(graph.member)" ContainsTarget="true" />
        <NavigationProperty Name="owner" Type="graph.member" />
      </EntityType>
      <EntityType Name="member" BaseType="graph.entity" OpenType="true" HasStream="true" />
      <ComplexType Name="chatViewpoint">
        <Property Name="isHidden" Type="Edm.Boolean" />
        <Annotation Term="Org.OData.Core.V1.Description">
          <String>ignored</String>
        </Annotation>
      </ComplexType>
      <Action Name="hide" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.chat" />
        <Parameter Name="Until" Type="Edm.DateTimeOffset" Nullable="false" />
        <Parameter Name="reason" Type="Edm.String" Nullable="false">
          <Annotation Term="Org.OData.Core.V1.OptionalParameter" />
        </Parameter>
      </Action>
      <Function Name="recent" IsBound="true" IsComposable="true">
        <Parameter Name="bindingParameter" Type="Collection(graph.chat)" />
        <ReturnType Type="Collection(graph.chat)" />
      </Function>
      <EntityContainer Name="GraphService">
        <EntitySet Name="chats" EntityType="microsoft.graph.chat">
          <NavigationPropertyBinding Path="owner" Target="members" />
        </EntitySet>
        <Singleton Name="myChat" Type="graph.chat" />
      </EntityContainer>
    </Schema>
    <Schema Namespace="microsoft.graph.extra" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <ComplexType Name="hiddenViewpoint" BaseType="graph.chatViewpoint" />
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`

func TestParseReadsEveryElement(t *testing.T) {
	m, err := Parse(strings.NewReader(small))
	if err != nil {
		t.Fatalf("Parse() error = %v", err)
	}
	if got := m.Namespaces; len(got) != 2 || got[0] != (Namespace{"microsoft.graph", "graph"}) || got[1].Name != "microsoft.graph.extra" {
		t.Errorf("Namespaces = %v", got)
	}
	chat := m.Type("graph.chat")
	if chat == nil || chat != m.Type("microsoft.graph.chat") {
		t.Fatalf("Type(graph.chat) = %v, want the same type as Type(microsoft.graph.chat)", chat)
	}
	if chat.Kind != EntityKind || chat.BaseType != "microsoft.graph.entity" || chat.Base != m.Types["microsoft.graph.entity"] {
		t.Errorf("chat: kind %v, base %q %p", chat.Kind, chat.BaseType, chat.Base)
	}
	if len(chat.Key) != 1 || chat.Key[0] != "id" {
		t.Errorf("chat.Key = %v, want the inherited [id]", chat.Key)
	}
	if p := chat.Property("chatType"); p == nil || p.Type != (TypeRef{Name: "microsoft.graph.chatType"}) || p.Nullable {
		t.Errorf("chat.chatType = %+v", p)
	}
	if p := chat.Property("tags"); p == nil || p.Type != (TypeRef{Name: "Edm.String", Collection: true}) || !p.Nullable {
		t.Errorf("chat.tags = %+v", p)
	}
	if p := chat.Property("id"); p == nil || p.Nullable {
		t.Errorf("chat.id (inherited) = %+v", p)
	}
	if got := len(chat.AllProperties()); got != 4 {
		t.Errorf("len(chat.AllProperties()) = %d, want 4", got)
	}
	if n := chat.NavigationProperty("members"); n == nil || !n.ContainsTarget || !n.Type.Collection || n.Type.Name != "microsoft.graph.member" {
		t.Errorf("chat.members = %+v", n)
	}
	if n := chat.NavigationProperty("owner"); n == nil || n.ContainsTarget || n.Type.Collection {
		t.Errorf("chat.owner = %+v", n)
	}
	member := m.Type("microsoft.graph.member")
	if !member.OpenType || !member.HasStream || member.Abstract {
		t.Errorf("member = %+v", member)
	}
	if entity := m.Type("microsoft.graph.entity"); !entity.Abstract || len(entity.Derived) != 2 {
		t.Errorf("entity: abstract %v, derived %d, want true, 2", entity.Abstract, len(entity.Derived))
	}
	vp := m.Type("microsoft.graph.chatViewpoint")
	if vp.Kind != ComplexKind || len(vp.Properties) != 1 {
		t.Errorf("chatViewpoint = %+v", vp)
	}
	if hidden := m.Type("microsoft.graph.extra.hiddenViewpoint"); hidden == nil || hidden.Base != vp || !hidden.IsA(vp) || vp.IsA(hidden) {
		t.Errorf("hiddenViewpoint = %+v", hidden)
	}
	if d := vp.Descendants(); len(d) != 1 {
		t.Errorf("chatViewpoint.Descendants() = %v", d)
	}
	days := m.Enum("graph.days")
	if days == nil || !days.IsFlags || days.UnderlyingType != "Edm.Byte" || len(days.Members) != 2 || days.Members[1] != (EnumMember{"tuesday", 1}) {
		t.Errorf("days = %+v", days)
	}
	if ct := m.Enum("microsoft.graph.chatType"); ct == nil || ct.IsFlags || ct.UnderlyingType != "Edm.Int32" {
		t.Errorf("chatType = %+v", ct)
	}
	hide := m.BoundOperation(chat, false, "hide", false)
	if hide == nil || hide.Kind != ActionKind || len(hide.Unbound()) != 2 || hide.Binding().Type.Name != "microsoft.graph.chat" {
		t.Fatalf("BoundOperation(chat, hide) = %+v", hide)
	}
	if until, reason := hide.Unbound()[0], hide.Unbound()[1]; until.Nullable || until.Optional || !reason.Optional {
		t.Errorf("hide parameters: %+v %+v", until, reason)
	}
	if m.BoundOperation(chat, false, "HIDE", false) != nil || m.BoundOperation(chat, false, "HIDE", true) != hide {
		t.Errorf("BoundOperation with and without case folding disagree")
	}
	if m.BoundOperation(chat, false, "graph.hide", false) != hide || m.BoundOperation(chat, true, "hide", false) != nil {
		t.Errorf("BoundOperation: qualified name or collection binding mishandled")
	}
	recent := m.BoundOperation(chat, true, "recent", false)
	if recent == nil || recent.Kind != FunctionKind || !recent.IsComposable || recent.ReturnType.Type != (TypeRef{"microsoft.graph.chat", true}) {
		t.Errorf("recent = %+v", recent)
	}
	c := m.Container
	if c.Name != "GraphService" || c.EntitySet("chats") == nil || c.EntitySet("chats").Bindings[0] != (NavigationPropertyBinding{"owner", "members"}) {
		t.Errorf("container = %+v", c)
	}
	if s := c.Singleton("myChat"); s == nil || s.Type != "microsoft.graph.chat" {
		t.Errorf("Singleton(myChat) = %+v, want its type qualified", s)
	}
}

func TestParseReportsTheLineOfAProblem(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		line    int
		message string
	}{
		{"a truncated document", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n<EntityType Name=\"a\">", 3, "not closed"},
		{"mismatched tags", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n</EntityType>\n</edmx:Edmx>", 3, "closed by"},
		{"a broken attribute", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n<EntityType Name=a/>", 3, "unquoted"},
		{"not CSDL at all", "<html>\n</html>", 2, "not a CSDL document"},
		{"an empty file", "", 1, "not a CSDL document"},
		{"a type without a name", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n<ComplexType/>", 3, "ComplexType without a Name"},
		{"a property without a type", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n<ComplexType Name=\"c\">\n<Property Name=\"p\"/>", 4, "without a Type"},
		{"a property of an unknown type", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n<ComplexType Name=\"c\">\n<Property Name=\"p\" Type=\"n.nope\"/>\n</ComplexType>\n</Schema>\n</edmx:Edmx>", 4, "unknown type n.nope"},
		{"an unknown base type", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n\n<ComplexType Name=\"c\" BaseType=\"n.b\"/>\n</Schema>\n</edmx:Edmx>", 4, "unknown base type"},
		{"a type declared twice", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n<ComplexType Name=\"c\"/>\n<EnumType Name=\"c\"/>", 4, "declared twice"},
		{"a member value that is not a number", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n<EnumType Name=\"e\">\n<Member Name=\"m\" Value=\"x\"/>", 4, "not an integer"},
		{"a base type cycle", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n<ComplexType Name=\"a\" BaseType=\"n.b\"/>\n<ComplexType Name=\"b\" BaseType=\"n.a\"/>\n</Schema>\n</edmx:Edmx>", 3, "cycle"},
		{"an entity set of an unknown type", "<edmx:Edmx xmlns:edmx=\"x\">\n<Schema Namespace=\"n\">\n<EntityContainer Name=\"c\">\n<EntitySet Name=\"s\" EntityType=\"n.t\"/>\n</EntityContainer>\n</Schema>\n</edmx:Edmx>", 4, "not an entity type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.doc))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse() error = %v, want a *ParseError", err)
			}
			if pe.Line != tt.line || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("Parse() error = %v (line %d), want line %d and %q", err, pe.Line, tt.line, tt.message)
			}
		})
	}
}

// TestParseReadsAUserFile parses a CSDL file from disk, as a user hands
// one over: here the embedded v1.0, decompressed.
func TestParseReadsAUserFile(t *testing.T) {
	path := writeDecompressed(t, "v1.0")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse(%s) error = %v", path, err)
	}
	if m.Type("microsoft.graph.user") == nil || m.Container.Singleton("me") == nil {
		t.Errorf("Parse(%s): user or me missing", path)
	}
	if m.Type("microsoft.graph.security.alert") == nil || m.Qualify("self.alert") != "microsoft.graph.security.alert" {
		t.Errorf("Parse(%s): the security namespace's alias self is not resolved", path)
	}
}
