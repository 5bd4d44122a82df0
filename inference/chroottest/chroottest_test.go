package chroottest

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestKey(t *testing.T) {
	base := key([]string{"b", "a"})
	tests := []struct {
		name string
		give []string
		same bool
	}{
		{name: "order does not matter", give: []string{"a", "b"}, same: true},
		{name: "another package", give: []string{"a", "b", "c"}},
		{name: "one package fewer", give: []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := key(tt.give); (got == base) != tt.same || !strings.HasPrefix(got, Suite+"-") {
				t.Errorf("key(%v) = %s, key([b a]) = %s; want same: %v", tt.give, got, base, tt.same)
			}
		})
	}
}

func TestEnsureWithoutRootSaysWhatToRun(t *testing.T) {
	saved := geteuid
	geteuid = func() int { return 1000 }
	defer func() { geteuid = saved }()
	_, err := Ensure(t.Context(), nil)
	if !errors.Is(err, ErrNotRoot) || !strings.Contains(err.Error(), "sudo -E make test") {
		t.Errorf("Ensure() as a user = %v, want ErrNotRoot naming the command to run", err)
	}
}

func TestFindDebootstrap(t *testing.T) {
	sbin := filepath.Join(t.TempDir(), "debootstrap")
	if err := os.WriteFile(sbin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		sbin    string
		want    string
		wantErr error
	}{
		{name: "outside PATH", path: t.TempDir(), sbin: sbin, want: sbin},
		{name: "missing", path: t.TempDir(), sbin: "/nowhere/debootstrap", wantErr: ErrNoDebootstrap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PATH", tt.path)
			saved := sbinDebootstrap
			sbinDebootstrap = tt.sbin
			defer func() { sbinDebootstrap = saved }()
			got, err := findDebootstrap()
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("findDebootstrap() = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
	if msg := ErrNoDebootstrap.Error(); !strings.Contains(msg, "apt-get install -y debootstrap") {
		t.Errorf("ErrNoDebootstrap = %q, want it to say what to install", msg)
	}
}

func TestCommand(t *testing.T) {
	r := Require(t)
	dir := r.TempDir(t)
	tests := []struct {
		name string
		wd   string
		args []string
		want string
	}{
		{name: "debian unstable", wd: "/", args: []string{"cat", "/etc/debian_version"}, want: "sid"},
		{name: "proc is mounted", wd: "/", args: []string{"sh", "-c", "test -r /proc/self/status && echo proc"}, want: "proc"},
		{name: "working directory", wd: dir, args: []string{"pwd"}, want: dir},
		{name: "a terminal for editors", wd: "/", args: []string{"script", "-qec", "tty", "/dev/null"}, want: "/dev/pts/"},
		{name: "llama-server", wd: "/", args: []string{"llama-server", "--version"}, want: "version:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := r.CommandIn(t.Context(), tt.wd, tt.args[0], tt.args[1:]...).CombinedOutput()
			if err != nil || !strings.Contains(string(out), tt.want) {
				t.Errorf("%v in chroot = %q, %v; want %q", tt.args, out, err, tt.want)
			}
		})
	}
}

func TestVersions(t *testing.T) {
	v, err := Require(t).Versions()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Packages {
		if v[p] == "" {
			t.Errorf("no version recorded for %s in %v", p, v)
		}
	}
}

// TestMountsStayInside: while a program runs in the chroot, and after,
// the host sees no mount under the chroot, so removing a directory never
// meets one.
func TestMountsStayInside(t *testing.T) {
	r := Require(t)
	dir := r.TempDir(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cmd := r.Command(ctx, "sh", "-c", "touch "+dir+"/started && exec sleep 600")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFile(t, r.Path(dir+"/started"))
	if m := mountsUnder(t, r.Dir); len(m) > 0 {
		t.Errorf("the host sees mounts in the chroot while a program runs: %v", m)
	}
	cancel()
	cmd.Wait()
	if m := mountsUnder(t, r.Dir); len(m) > 0 {
		t.Errorf("mounts left in the chroot: %v", m)
	}
	if err := os.RemoveAll(r.Path(dir)); err != nil {
		t.Errorf("remove a directory of the chroot: %v", err)
	}
}

func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared", path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// mountsUnder lists the host's mount points under dir.
func mountsUnder(t *testing.T, dir string) []string {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) > 4 && strings.HasPrefix(fields[4], dir) {
			out = append(out, fields[4])
		}
	}
	return out
}
