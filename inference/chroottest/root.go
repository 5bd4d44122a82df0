package chroottest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ErrNotRoot reports that the process lacks the root rights that
// debootstrap, mount and chroot need. Its message says what to run.
var ErrNotRoot = errors.New("the Debian unstable chroot of the end-to-end tests needs root " +
	"(debootstrap, mount, chroot): run the tests as root, for example `sudo -E make test` " +
	"or `sudo -E go test ./inference/llamacpp/`")

// Root is a built chroot.
type Root struct {
	// Dir is the chroot's root directory on the host.
	Dir string
}

// enter is the host-side script that runs a command inside the chroot: it
// runs in a private mount namespace (unshare), mounts /proc and the host's
// /dev/pts there, and execs the command through chroot and env -C, so the
// command keeps the script's process id.
const enter = `set -e
root=$1 wd=$2
shift 2
mount -t proc proc "$root/proc"
mount --bind /dev/pts "$root/dev/pts"
exec chroot "$root" /usr/bin/env -C "$wd" -- "$@"`

// Command returns a command that runs name with args inside the chroot, in
// its root directory. See CommandIn.
func (r *Root) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	return r.CommandIn(ctx, "/", name, args...)
}

// CommandIn returns a command that runs name with args inside the chroot in
// the directory wd (a path inside the chroot). The command shares the host's
// network; its Env holds a plain Debian environment that the caller may
// append to. It runs in its own process group, and is killed if the test
// binary dies.
func (r *Root) CommandIn(ctx context.Context, wd, name string, args ...string) *exec.Cmd {
	argv := append([]string{"--mount", "--propagation", "private", "--", "/bin/sh", "-c", enter, "enter", r.Dir, wd, name}, args...)
	cmd := exec.CommandContext(ctx, "unshare", argv...)
	cmd.Env = append([]string(nil), chrootEnv...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	return cmd
}

// Path returns the host path of inside, a path in the chroot.
func (r *Root) Path(inside string) string {
	return filepath.Join(r.Dir, filepath.FromSlash(inside))
}

// MkdirTemp creates a new directory under the chroot's /tmp and returns its
// path inside the chroot; the caller removes it (os.RemoveAll(r.Path(dir))).
func (r *Root) MkdirTemp(pattern string) (string, error) {
	host, err := os.MkdirTemp(r.Path("/tmp"), pattern)
	if err != nil {
		return "", fmt.Errorf("create dir in chroot: %w", err)
	}
	return "/tmp/" + filepath.Base(host), nil
}

// TempDir is MkdirTemp for a test: the directory goes when the test ends.
func (r *Root) TempDir(t testing.TB) string {
	t.Helper()
	dir, err := r.MkdirTemp(strings.ReplaceAll(t.Name(), "/", "_") + "-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := removeAll(r.Path(dir)); err != nil {
			t.Errorf("remove chroot temp dir: %v", err)
		}
	})
	return dir
}

// removeAll removes dir, trying again for a few seconds while it fails: a
// program the test ended (an editor, a daemon it started) may still write
// its last files as it exits.
func removeAll(dir string) error {
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := os.RemoveAll(dir)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Output runs name with args inside the chroot and returns its stdout; a
// failure carries its stderr.
func (r *Root) Output(ctx context.Context, name string, args ...string) ([]byte, error) {
	out, err := r.Command(ctx, name, args...).Output()
	if err != nil {
		return out, fmt.Errorf("%s in chroot: %w", name, commandError(err))
	}
	return out, nil
}

// commandError folds the stderr of a failed command into its error.
func commandError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
	}
	return err
}
