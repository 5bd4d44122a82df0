package editortest

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var build struct {
	once sync.Once
	dir  string
	out  []byte
	err  error
}

// Binary returns the path of an lspilot binary built from this checkout,
// once per test binary. It is linked statically (CGO_ENABLED=0) so that it
// also runs inside the Debian unstable chroot of package chroottest.
func Binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "lspilot-editortest-")
		if build.err != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(build.dir, "lspilot"), "./cmd/lspilot")
		cmd.Dir = RepoRoot(t)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		build.out, build.err = cmd.CombinedOutput()
	})
	if build.err != nil {
		t.Fatalf("build lspilot: %v\n%s", build.err, build.out)
	}
	return filepath.Join(build.dir, "lspilot")
}

// CopyBinary copies the lspilot binary into dir (a host path, such as a
// chroot's directory) and returns the copy's path.
func CopyBinary(t testing.TB, dir string) string {
	t.Helper()
	data, err := os.ReadFile(Binary(t))
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "lspilot")
	if err := os.WriteFile(dst, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return dst
}

// Main runs a package's tests and then removes the binary that Binary
// built. Call it from TestMain: func TestMain(m *testing.M) { editortest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}
