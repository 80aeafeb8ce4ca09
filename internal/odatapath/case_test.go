package odatapath_test

import (
	"errors"
	"testing"

	"github.com/graphmock/graphmock/internal/odatapath"
)

// TestNamesAreReadWithoutRegardToCase resolves paths that Microsoft's own
// documentation writes in another case than the metadata declares, as
// Graph reads them (https://learn.microsoft.com/en-us/graph/use-the-api):
// the names of entity sets, singletons, navigation properties, casts and
// bound operations match in any case; keys keep theirs.
func TestNamesAreReadWithoutRegardToCase(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{})
	tests := []struct {
		method, path, want string
		key                string // the last key's value, as written
	}{
		// https://learn.microsoft.com/en-us/graph/api/user-list-messages
		// (mailfolders/inbox/messages is written so across Graph's pages).
		{"GET", "/me/mailfolders/inbox/messages", "collection microsoft.graph.message[] -", "inbox"},
		// https://learn.microsoft.com/en-us/graph/outlook-get-free-busy-schedule
		{"POST", "/me/calendar/getschedule", "operation microsoft.graph.scheduleInformation[] parameters microsoft.graph.getSchedule", ""},
		// https://learn.microsoft.com/en-us/graph/api/notebook-getnotebookfromweburl:
		// the action, not a key of notebooks.
		{"POST", "/me/onenote/notebooks/GetNotebookFromWebUrl", "operation microsoft.graph.CopyNotebookModel parameters microsoft.graph.getNotebookFromWebUrl", ""},
		{"GET", "/Users/AdeleV@contoso.com", "entity microsoft.graph.user -", "AdeleV@contoso.com"},
		{"GET", "/ME/DisplayName", "property Edm.String -", ""},
		{"GET", "/groups/{id}/members/Microsoft.Graph.User", "collection microsoft.graph.user[] -", ""},
		{"GET", "/groups/{id}/members/Graph.User", "collection microsoft.graph.user[] -", ""},
		{"GET", "/users/Delta()", "operation microsoft.graph.user[] -", ""},
		{"GET", "/users/{id}/Microsoft.Graph.delta()", "", ""}, // delta is bound to the collection
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			target, err := r.Resolve(tt.path)
			if tt.want == "" {
				var unknown *odatapath.UnknownSegmentError
				if !errors.As(err, &unknown) {
					t.Fatalf("Resolve(%q) = %v, %v; want an unknown segment", tt.path, describe(target, tt.method), err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve(%q) error = %v", tt.path, err)
			}
			if got := describe(target, tt.method); got != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.path, got, tt.want)
			}
			if tt.key != "" {
				var last string
				for _, s := range target.Segments {
					if s.Kind == odatapath.KeySegment {
						last = s.Key[0].Value
					}
				}
				if last != tt.key {
					t.Errorf("Resolve(%q): last key %q, want %q as written", tt.path, last, tt.key)
				}
			}
		})
	}
}

// TestMisspeltNamesStayUnknown: folding case finds no name that is not
// there, and a name that is written as declared answers first.
func TestMisspeltNamesStayUnknown(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{})
	for _, tt := range []struct{ path, segment string }{
		{"/me/mailfolderz/inbox", "mailfolderz"},
		{"/USERZ", "USERZ"},
		{"/me/SendMial", "SendMial"},
		{"/directoryObjects/{id}/Microsoft.Graph.Usr", "Microsoft.Graph.Usr"},
	} {
		var unknown *odatapath.UnknownSegmentError
		if _, err := r.Resolve(tt.path); !errors.As(err, &unknown) || unknown.Segment != tt.segment {
			t.Errorf("Resolve(%q) error = %v, want the unknown segment %q", tt.path, err, tt.segment)
		}
	}
	// A collection's segment that is no operation in any case is a key.
	target, err := r.Resolve("/me/onenote/notebooks/GetNotebookFromWebUrlx")
	if err != nil || target.Kind != odatapath.Entity {
		t.Errorf("Resolve(notebooks/GetNotebookFromWebUrlx) = %v, %v; want the notebook of that key", describe(target, "GET"), err)
	}
}

// TestStrictNamesKeepTheirCase: strict OData 4.0 matches names as
// declared (OData URL Conventions 4.0, section 2: "resource paths are
// case-sensitive"), so Options.Strict refuses another case.
func TestStrictNamesKeepTheirCase(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{Strict: true})
	for _, tt := range []struct{ path, segment string }{
		{"/Users", "Users"},
		{"/me/mailfolders/inbox/messages", "mailfolders"},
		{"/directoryObjects/{id}/Microsoft.Graph.User", "Microsoft.Graph.User"},
	} {
		var unknown *odatapath.UnknownSegmentError
		if _, err := r.Resolve(tt.path); !errors.As(err, &unknown) || unknown.Segment != tt.segment {
			t.Errorf("strict: Resolve(%q) error = %v, want the unknown segment %q", tt.path, err, tt.segment)
		}
	}
	if target, err := r.Resolve("/me/onenote/notebooks/GetNotebookFromWebUrl"); err != nil || target.Kind != odatapath.Entity {
		t.Errorf("strict: Resolve(notebooks/GetNotebookFromWebUrl) = %v, %v; want a notebook's key", describe(target, "GET"), err)
	}
}

// TestCanonical spells each name as the metadata declares it and leaves
// keys, arguments and suffixes as written.
func TestCanonical(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{})
	for _, tt := range []struct {
		path, want string
		ok         bool
	}{
		{"/me/mailfolders/Inbox/messages", "/me/mailFolders/Inbox/messages", true},
		{"/Users('AdeleV')/MailFolders/$count", "/users('AdeleV')/mailFolders/$count", true},
		{"/me/calendar/getschedule?x=1", "/me/calendar/getSchedule", true},
		{"/groups/{id}/members/Microsoft.Graph.User/$ref", "/groups/{id}/members/microsoft.graph.user/$ref", true},
		{"/groups/{id}/members/graph.user", "/groups/{id}/members/graph.user", true}, // an alias stays
		{"/users/Delta()", "/users/delta()", true},
		{"/me/mail%46olders", "/me/mail%46olders", true}, // encoded: left as written
		{"/me/mailfolderz", "/me/mailfolderz", false},
	} {
		got, ok := r.Canonical(tt.path)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Canonical(%q) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
}

// TestPatchOfAComposableFunctionsResult: Graph documents updating the
// range a composable function returns,
// PATCH /me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='A1:B2')
// (https://learn.microsoft.com/en-us/graph/api/range-update); the body is
// the range. A function returning a collection, and a PUT, take none.
func TestPatchOfAComposableFunctionsResult(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{})
	for _, tt := range []struct{ method, path, want string }{
		{"PATCH", "/me/drive/items/{id}/workbook/worksheets/{id}/range(address='A1:B2')", "operation microsoft.graph.workbookRange object microsoft.graph.workbookRange"},
		{"PATCH", "/me/drive/items/{id}/workbook/names/{name}/range", "operation microsoft.graph.workbookRange object microsoft.graph.workbookRange"},
		{"PUT", "/me/drive/items/{id}/workbook/worksheets/{id}/range(address='A1:B2')", "operation microsoft.graph.workbookRange -"},
		{"PATCH", "/users/delta()", "operation microsoft.graph.user[] -"},
		{"PATCH", "/me/drive/root/search(q='x')", "operation microsoft.graph.driveItem[] -"},
	} {
		target, err := r.Resolve(tt.path)
		if err != nil {
			t.Errorf("Resolve(%q) error = %v", tt.path, err)
			continue
		}
		if got := describe(target, tt.method); got != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}
