package folder

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPathStaysInsideTheFolder(t *testing.T) {
	tests := []struct {
		name, in, want, wantErr string
	}{
		{"a relative name is cleaned", "schemas/../schemas/chat.json", "schemas/chat.json", ""},
		{"an absolute name is refused", "/etc/passwd", "", "absolute paths are not allowed"},
		{"a Windows drive is refused", `C:\x.json`, "", "absolute paths are not allowed"},
		{"climbing out is refused", "../secret.json", "", "must stay inside the scenario file's folder"},
		{"the folder itself is refused", ".", "", "must stay inside"},
		{"an empty name is refused", "", "", "empty file name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Path(tt.in, "the scenario file's folder")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Path(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Path(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestRootRefusesLinksOut(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "inside"), []byte("ok"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	fsys := Root(dir)
	if b, err := fs.ReadFile(fsys, "inside"); err != nil || string(b) != "ok" {
		t.Fatalf("ReadFile(inside) = %q, %v", b, err)
	}
	if _, err := fs.ReadFile(fsys, "link"); err == nil {
		t.Error("ReadFile(link) followed a symbolic link out of the folder")
	}
	if _, err := fs.ReadFile(fsys, "../"+filepath.Base(outside)+"/secret"); err == nil {
		t.Error("ReadFile(..) left the folder")
	}
}

func TestFileErrorSaysWhatNamesAreRelativeTo(t *testing.T) {
	err := FileError("x.json", fs.ErrNotExist, "the folder given to Compile")
	if want := "x.json: file does not exist (paths are relative to the folder given to Compile)"; err.Error() != want {
		t.Errorf("FileError = %q, want %q", err, want)
	}
	if err := FileError("x.json", fs.ErrNotExist, ""); err.Error() != "x.json: file does not exist" {
		t.Errorf("FileError without a base = %q", err)
	}
	if err := FileError("x.json", &fs.PathError{Op: "open", Path: "x.json", Err: errors.New("boom")}, ""); err.Error() != "x.json: boom" {
		t.Errorf("FileError of a PathError = %q", err)
	}
}
