// Package folder keeps the files a scenario names inside the folder they
// are relative to: no absolute paths, no "..", no symbolic link out.
package folder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
)

// Root returns the folder dir on disk as an fs.FS. Every Open goes through
// an os.Root opened for that call alone, so neither "..", absolute paths
// nor symbolic links can leave the folder, and no descriptor stays open
// between calls: a set loaded from disk can read its folder again later
// for as long as it lives. dir must be absolute.
func Root(dir string) fs.FS { return rootFS{dir: dir} }

type rootFS struct {
	dir string
}

// Open opens name inside the folder. Files opened stay usable after the
// root they were opened through is closed.
func (f rootFS) Open(name string) (fs.File, error) {
	root, err := os.OpenRoot(f.dir)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer root.Close()
	return root.FS().Open(name)
}

// Path turns a file name written in a scenario into an fs.FS path inside
// its folder. Absolute paths and paths that climb out with ".." are
// refused; base says what names are relative to, for the message.
func Path(name, base string) (string, error) {
	if name == "" {
		return "", errors.New("empty file name")
	}
	if strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || (len(name) > 1 && name[1] == ':') {
		return "", fmt.Errorf("%q: file names are relative to %s; absolute paths are not allowed", name, base)
	}
	clean := path.Clean(name)
	if !fs.ValidPath(clean) || clean == "." {
		return "", fmt.Errorf("%q: file names must stay inside %s", name, base)
	}
	return clean, nil
}

// FileError words an fs error for the file name. base, when not "", says
// what the name is relative to; it is added to a "does not exist" error.
func FileError(name string, err error, base string) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if base == "" {
			return fmt.Errorf("%s: file does not exist", name)
		}
		return fmt.Errorf("%s: file does not exist (paths are relative to %s)", name, base)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied", name)
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s: %v", name, pe.Err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
}
