package odatapath_test

import (
	"errors"
	"testing"

	"github.com/graphmock/graphmock/internal/odatapath"
)

// TestPathBasedAddressing resolves OneDrive's and SharePoint's documented
// path-based addressing, item:/path: (https://learn.microsoft.com/en-us/graph/onedrive-addressing-driveitems,
// https://learn.microsoft.com/en-us/graph/api/driveitem-put-content,
// https://learn.microsoft.com/en-us/graph/api/site-getbypath): the path
// addresses an item of the type of the one before the colon.
func TestPathBasedAddressing(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{})
	for _, tt := range []struct{ method, path, want, addressed string }{
		{"PUT", "/me/drive/root:/FolderA/FileB.txt:/content", "property Edm.Stream media", "/FolderA/FileB.txt"},
		{"GET", "/me/drive/root:/FolderA/FileB.txt", "entity microsoft.graph.driveItem -", "/FolderA/FileB.txt"},
		{"GET", "/me/drive/root:/Documents:/children", "collection microsoft.graph.driveItem[] -", "/Documents"},
		{"GET", "/drives/{drive-id}/items/{item-id}:/Report.docx:", "entity microsoft.graph.driveItem -", "/Report.docx"},
		{"POST", "/me/drive/root:/Big%20File.zip:/createUploadSession", "operation microsoft.graph.uploadSession parameters microsoft.graph.createUploadSession", "/Big File.zip"},
		{"GET", "/sites/contoso.sharepoint.com:/sites/marketing:/lists", "collection microsoft.graph.list[] -", "/sites/marketing"},
		{"GET", "/sites/contoso.sharepoint.com:/sites/marketing", "entity microsoft.graph.site -", "/sites/marketing"},
	} {
		target, err := r.Resolve(tt.path)
		if err != nil {
			t.Errorf("Resolve(%q) error = %v", tt.path, err)
			continue
		}
		if got := describe(target, tt.method); got != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.method, tt.path, got, tt.want)
		}
		var addressed string
		for _, s := range target.Segments {
			if s.Kind == odatapath.PathSegment {
				addressed = s.Args
			}
		}
		if addressed != tt.addressed {
			t.Errorf("Resolve(%q): path %q, want %q", tt.path, addressed, tt.addressed)
		}
	}
	// The near misses: a colon needs an item before it and a path after it.
	for _, tt := range []struct{ path, segment string }{
		{"/me/drive/root:", "root:"},
		{"/me/drive/root:/:", "root:"},
		{"/me/drive:/FolderA:", "drive:"}, // a drive is no item with a path
		{"/me:/FolderA:", "me:"},
		{"/me/drive/root:/a:/childrn", "childrn"},
		{"/me/drive/rot:/a:", "rot:"},
		{"/users:/a:", "users:"},
	} {
		var unknown *odatapath.UnknownSegmentError
		if _, err := r.Resolve(tt.path); !errors.As(err, &unknown) || unknown.Segment != tt.segment {
			t.Errorf("Resolve(%q) error = %v, want the unknown segment %q", tt.path, err, tt.segment)
		}
	}
}

// TestCustomThumbnailSizes resolves a custom thumbnail size, a dynamic
// member of the open type thumbnailSet
// (https://learn.microsoft.com/en-us/graph/api/driveitem-list-thumbnails).
func TestCustomThumbnailSizes(t *testing.T) {
	r := resolver(t, "v1.0", odatapath.Options{})
	for _, tt := range []struct{ path, want string }{
		{"/me/drive/items/i1/thumbnails/0/c300x400_crop", "property microsoft.graph.thumbnail -"},
		{"/me/drive/items/i1/thumbnails/0/c300x400", "property microsoft.graph.thumbnail -"},
		{"/me/drive/items/i1/thumbnails/0/c300x400/content", "property Edm.Stream -"},
		{"/me/drive/items/i1/thumbnails/0/large", "property microsoft.graph.thumbnail -"},
	} {
		target, err := r.Resolve(tt.path)
		if err != nil {
			t.Errorf("Resolve(%q) error = %v", tt.path, err)
			continue
		}
		if got := describe(target, "GET"); got != tt.want {
			t.Errorf("GET %s = %q, want %q", tt.path, got, tt.want)
		}
	}
	for _, tt := range []struct{ path, segment string }{
		{"/me/drive/items/i1/thumbnails/0/c300x400_crap", "c300x400_crap"},
		{"/me/drive/items/i1/thumbnails/0/300x400", "300x400"},
		{"/me/drive/items/i1/c300x400", "c300x400"}, // a drive item is no thumbnail set
	} {
		var unknown *odatapath.UnknownSegmentError
		if _, err := r.Resolve(tt.path); !errors.As(err, &unknown) || unknown.Segment != tt.segment {
			t.Errorf("Resolve(%q) error = %v, want the unknown segment %q", tt.path, err, tt.segment)
		}
	}
}
