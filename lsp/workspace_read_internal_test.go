//go:build unix

package lsp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadWorkspaceFile reads regular files within the limit and refuses
// every other kind at once: a named pipe must not block the read, a sparse
// file of a gigabyte must not be read into memory.
func TestReadWorkspaceFile(t *testing.T) {
	const limit = 1 << 10
	tests := []struct {
		name    string
		make    func(t *testing.T, path string)
		want    string
		wantErr error
	}{
		{name: "regular", make: writeFile("package p\n"), want: "package p\n"},
		{name: "empty", make: writeFile(""), want: ""},
		{name: "at the limit", make: writeFile(string(make([]byte, limit))), want: string(make([]byte, limit))},
		{name: "missing", make: func(*testing.T, string) {}, wantErr: fs.ErrNotExist},
		{name: "sparse gigabyte", make: func(t *testing.T, path string) {
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(1 << 30); err != nil {
				t.Fatal(err)
			}
		}, wantErr: ErrFileTooLarge},
		{name: "named pipe", make: func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Fatal(err)
			}
		}, wantErr: ErrNotRegular},
		{name: "directory", make: func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}, wantErr: ErrNotRegular},
		{name: "link to a device", make: func(t *testing.T, path string) {
			if err := os.Symlink("/dev/zero", path); err != nil {
				t.Fatal(err)
			}
		}, wantErr: ErrNotRegular},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			tt.make(t, filepath.Join(root, "f"))
			got, err := readWorkspaceFile(location{root: root, rel: "f"}, limit)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("read = %d bytes, %v; want %v", len(got), err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("read = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func writeFile(text string) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
