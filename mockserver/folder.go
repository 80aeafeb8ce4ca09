package mockserver

import (
	"io/fs"
	"os"
)

// rootFolder is a folder on disk seen as an fs.FS. Every Open goes through
// an os.Root opened for that call alone, so neither "..", absolute paths
// nor symbolic links can leave the folder, and no descriptor stays open
// between calls: a set loaded from disk can read its folder again later
// (to derive a set with With, or to parse a replacement document) for as
// long as it lives.
type rootFolder struct {
	dir string // absolute
}

// Open opens name inside the folder. Files opened stay usable after the
// root they were opened through is closed.
func (f rootFolder) Open(name string) (fs.File, error) {
	root, err := os.OpenRoot(f.dir)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer root.Close()
	return root.FS().Open(name)
}
