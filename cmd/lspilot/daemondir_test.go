package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDaemonDirAttacks lets user nobody prepare the shared temp directory
// before the victim's first forwarder runs: a per-user directory nobody
// created, links planted in it or in a directory of the victim's, files
// that belong to nobody. Each is refused with a message naming what is
// wrong, and no file a link points to is created or written.
func TestDaemonDirAttacks(t *testing.T) {
	requireRoot(t)
	victim := "lspilot-" + strconv.Itoa(os.Getuid())
	files := autoFiles(t, "", "--remote=auto") // the names the forwarder below uses
	logName, lockName, sockName := filepath.Base(files.log), filepath.Base(files.lock), filepath.Base(files.sock)
	tests := []struct {
		name    string
		xdg     bool // use XDG_RUNTIME_DIR=shared instead of TMPDIR=shared
		prepare func(t *testing.T, shared, target string)
		want    string
	}{
		{"directory of another user with a linked log", false, func(t *testing.T, shared, target string) {
			asNobody(t, "cd "+shared+" && mkdir -m 777 "+victim+" && ln -s "+target+" "+victim+"/"+logName)
		}, "belongs to uid 65534"},
		{"private directory of another user", false, func(t *testing.T, shared, _ string) {
			asNobody(t, "cd "+shared+" && mkdir -m 700 "+victim)
		}, "belongs to uid 65534"},
		{"link to a directory of another user", false, func(t *testing.T, shared, target string) {
			asNobody(t, "cd "+shared+" && mkdir -m 777 trap && ln -s "+target+" trap/"+logName+" && ln -s trap "+victim)
		}, "is a symbolic link"},
		{"own directory open to others", false, func(t *testing.T, shared, _ string) {
			mkdirMode(t, filepath.Join(shared, victim), 0o777)
		}, "has mode 0777"},
		{"XDG_RUNTIME_DIR/lspilot of another user", true, func(t *testing.T, shared, target string) {
			asNobody(t, "cd "+shared+" && mkdir -m 777 lspilot && ln -s "+target+" lspilot/"+logName)
		}, "belongs to uid 65534"},
		{"linked log in the own directory", false, func(t *testing.T, shared, target string) {
			dir := filepath.Join(shared, victim)
			mkdirMode(t, dir, 0o700)
			symlink(t, target, filepath.Join(dir, logName))
		}, logName + " is a symbolic link"},
		{"log of another user in the own directory", false, func(t *testing.T, shared, _ string) {
			dir := filepath.Join(shared, victim)
			mkdirMode(t, dir, 0o700)
			os.WriteFile(filepath.Join(dir, logName), nil, 0o666)
			os.Chown(filepath.Join(dir, logName), nobodyUID, nobodyUID)
		}, "belongs to uid 65534"},
		{"linked lock in the own directory", false, func(t *testing.T, shared, target string) {
			dir := filepath.Join(shared, victim)
			mkdirMode(t, dir, 0o700)
			symlink(t, target, filepath.Join(dir, lockName))
		}, lockName + " is a symbolic link"},
		{"linked socket in the own directory", false, func(t *testing.T, shared, target string) {
			dir := filepath.Join(shared, victim)
			mkdirMode(t, dir, 0o700)
			symlink(t, target, filepath.Join(dir, sockName))
		}, sockName + " is a symbolic link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shared := sharedTemp(t)
			// target stands for a file of the victim's that the attacker
			// wants written, or created.
			targetDir := filepath.Join(shared, "victim-files")
			mkdirMode(t, targetDir, 0o777)
			target := filepath.Join(targetDir, "target")
			tt.prepare(t, shared, target)
			env := []string{"TMPDIR=" + shared}
			if tt.xdg {
				env = []string{"XDG_RUNTIME_DIR=" + shared}
			}
			res := runBinary(t, env, frame(initializeBody), "serve", "--remote=auto")
			if res.code != 1 || !strings.Contains(res.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q: want exit 1 and %q", res.code, res.stderr, tt.want)
			}
			if strings.Contains(res.stdout, `"result"`) {
				t.Errorf("the editor was served: %s", res.stdout)
			}
			if _, err := os.Lstat(target); err == nil {
				t.Errorf("%s was created through a planted link", target)
			}
		})
	}
}

// TestDaemonDirCreatedPrivate lets the first forwarder create the per-user
// directory in the shared temp directory: it is the user's, mode 0700, and
// the socket and log in it are 0600.
func TestDaemonDirCreatedPrivate(t *testing.T) {
	shared := sharedTemp(t)
	p := startProc(t, []string{"TMPDIR=" + shared}, "serve", "--remote=auto", "--idle-timeout=500ms")
	p.initialize(t)
	dir := filepath.Join(shared, "lspilot-"+strconv.Itoa(os.Getuid()))
	files := autoFiles(t, "", "--remote=auto", "--idle-timeout=500ms")
	for _, f := range []struct {
		path string
		want fs.FileMode
	}{
		{dir, fs.ModeDir | 0o700},
		{filepath.Join(dir, filepath.Base(files.sock)), fs.ModeSocket | 0o600},
		{filepath.Join(dir, filepath.Base(files.log)), 0o600},
		{filepath.Join(dir, filepath.Base(files.lock)), 0o600},
	} {
		fi, err := os.Lstat(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != f.want || ownerOf(fi) != os.Getuid() {
			t.Errorf("%s: mode %v owner %d, want %v owned by %d", f.path, fi.Mode(), ownerOf(fi), f.want, os.Getuid())
		}
	}
	if code := p.shutdown(t); code != 0 {
		t.Errorf("forwarder exit code = %d, want 0", code)
	}
}

func mkdirMode(t *testing.T, dir string, mode os.FileMode) {
	t.Helper()
	if err := os.Mkdir(dir, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// frame returns body with an LSP header.
func frame(body string) string {
	return "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
}
