package chroottest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lspilot/lspilot/inference/proctest"
)

// ErrNoDebootstrap reports that the host lacks debootstrap, which only the
// first build needs.
var ErrNoDebootstrap = errors.New("debootstrap is not installed: run `apt-get install -y debootstrap`")

// geteuid is os.Geteuid, replaced by tests.
var geteuid = os.Geteuid

// manifest is the file, inside the chroot, that lists the installed
// versions of Packages.
const manifest = "/etc/lspilot-chroot"

// CacheDir returns the directory that holds the chroot for packages.
func CacheDir(packages []string) (string, error) {
	return proctest.CacheDir("chroot", key(packages))
}

// Ensure returns the chroot with Packages, building it if this machine has
// none yet. Build output goes to progress, which may be nil. Concurrent
// callers, in this process or others, wait for a single build.
func Ensure(ctx context.Context, progress io.Writer) (*Root, error) {
	if geteuid() != 0 {
		return nil, ErrNotRoot
	}
	dir, err := CacheDir(Packages)
	if err != nil {
		return nil, err
	}
	if isBuilt(dir) {
		return &Root{Dir: dir}, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("create chroot cache: %w", err)
	}
	unlock, err := proctest.Lock(ctx, dir+".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()
	if isBuilt(dir) { // another process built it while we waited
		return &Root{Dir: dir}, nil
	}
	if progress == nil {
		progress = io.Discard
	}
	if err := build(ctx, dir, Packages, progress); err != nil {
		return nil, err
	}
	return &Root{Dir: dir}, nil
}

var shared = sync.OnceValues(func() (*Root, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	return Ensure(ctx, os.Stderr)
})

// Require is Ensure for tests: it fails the test if the chroot cannot be
// had, and builds at most once per test binary, with progress on stderr.
func Require(t testing.TB) *Root {
	t.Helper()
	r, err := shared()
	if err != nil {
		t.Fatalf("debian chroot: %v", err)
	}
	return r
}

func isBuilt(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, manifest))
	return err == nil
}

// build bootstraps a chroot next to dir and renames it to dir when it is
// complete. The caller holds the build lock.
func build(ctx context.Context, dir string, packages []string, progress io.Writer) error {
	debootstrap, err := findDebootstrap()
	if err != nil {
		return err
	}
	removeStale(dir)
	work, err := os.MkdirTemp(filepath.Dir(dir), ".build-"+filepath.Base(dir)+"-")
	if err != nil {
		return fmt.Errorf("create chroot build dir: %w", err)
	}
	defer os.RemoveAll(work)
	if err := os.Chmod(work, 0o755); err != nil { // the chroot's / is open to its users
		return fmt.Errorf("create chroot build dir: %w", err)
	}
	start := time.Now()
	fmt.Fprintf(progress, "building a debian %s chroot with %s into %s\n", Suite, strings.Join(packages, " "), dir)
	// debootstrap mounts /proc and /sys in the target; a private mount
	// namespace drops them even if it dies half-way.
	boot := exec.CommandContext(ctx, "unshare", "--mount", "--propagation", "private", "--",
		debootstrap, "--variant=minbase", Suite, work)
	if err := runLogged(boot, progress); err != nil {
		return fmt.Errorf("debootstrap %s: %w", Suite, err)
	}
	if err := install(ctx, &Root{Dir: work}, packages, progress); err != nil {
		return err
	}
	if err := os.Rename(work, dir); err != nil {
		return fmt.Errorf("install chroot: %w", err)
	}
	fmt.Fprintf(progress, "built the chroot in %v\n", time.Since(start).Round(time.Second))
	return nil
}

// install adds packages to a bootstrapped chroot and writes the manifest,
// whose presence marks the chroot complete.
func install(ctx context.Context, r *Root, packages []string, progress io.Writer) error {
	conf := r.Path("/etc/apt/apt.conf.d/99no-valid-until")
	if err := os.WriteFile(conf, []byte(noValidUntil), 0o644); err != nil {
		return fmt.Errorf("configure apt: %w", err)
	}
	steps := [][]string{
		{"apt-get", "update", "-q"},
		append([]string{"apt-get", "install", "-y", "-q", "--no-install-recommends"}, packages...),
		{"apt-get", "clean"},
	}
	for _, s := range steps {
		if err := runLogged(r.Command(ctx, s[0], s[1:]...), progress); err != nil {
			return fmt.Errorf("%s in chroot: %w", strings.Join(s[:2], " "), err)
		}
	}
	out, err := r.Output(ctx, "dpkg-query", append([]string{"-W", "-f", "${Package} ${Version}\n"}, packages...)...)
	if err != nil {
		return err
	}
	if err := os.WriteFile(r.Path(manifest), out, 0o644); err != nil {
		return fmt.Errorf("write chroot manifest: %w", err)
	}
	return nil
}

func runLogged(cmd *exec.Cmd, progress io.Writer) error {
	cmd.Stdout, cmd.Stderr = progress, progress
	return cmd.Run()
}

// sbinDebootstrap is where Debian installs debootstrap, outside a user's PATH.
var sbinDebootstrap = "/usr/sbin/debootstrap"

// findDebootstrap looks in PATH, then at sbinDebootstrap.
func findDebootstrap() (string, error) {
	if p, err := exec.LookPath("debootstrap"); err == nil {
		return p, nil
	}
	if proctest.IsExecutable(sbinDebootstrap) {
		return sbinDebootstrap, nil
	}
	return "", ErrNoDebootstrap
}

// removeStale removes what builds of dir that died left behind. Their mounts
// died with their namespaces, so nothing mounted remains in them.
func removeStale(dir string) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".build-"+filepath.Base(dir)+"-*"))
	for _, s := range stale {
		os.RemoveAll(s)
	}
}

// Versions returns the installed version of each package of the chroot, as
// recorded when it was built.
func (r *Root) Versions() (map[string]string, error) {
	data, err := os.ReadFile(r.Path(manifest))
	if err != nil {
		return nil, fmt.Errorf("read chroot manifest: %w", err)
	}
	v := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if name, version, ok := strings.Cut(line, " "); ok {
			v[name] = version
		}
	}
	return v, nil
}
