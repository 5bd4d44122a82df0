package proctest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestCacheDir(t *testing.T) {
	root := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", root)
	got, err := CacheDir("chroot", "sid-1")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root, "lspilot", "chroot", "sid-1"); got != want {
		t.Errorf("CacheDir() = %q, want %q", got, want)
	}
}

func TestLockWaitsForHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "build.lock")
	unlock, err := Lock(t.Context(), path)
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if _, err := Lock(ctx, path); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second Lock while held = %v, want DeadlineExceeded", err)
	}
	unlock()
	unlock2, err := Lock(t.Context(), path)
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	unlock2()
}

func TestLineWriterKeepsLinesWhole(t *testing.T) {
	l := NewLog()
	out, errw := l.Lines(), l.Lines()
	out.Write([]byte("first ha"))
	errw.Write([]byte("other\npartial"))
	out.Write([]byte("lf\nsecond"))
	out.Flush()
	errw.Flush()
	want := "other\nfirst half\nsecond\npartial\n"
	if diff := cmp.Diff(want, l.String()); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
}

func TestLogWait(t *testing.T) {
	l := NewLog()
	l.Write([]byte("one\n"))
	done := make(chan error)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		done <- l.Wait(ctx, "marker", 2)
	}()
	l.Write([]byte("marker\n"))
	l.Write([]byte("marker\n"))
	if err := <-done; err != nil {
		t.Errorf("Wait: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx, "marker", 3); err != context.Canceled {
		t.Errorf("Wait with cancelled ctx = %v, want context.Canceled", err)
	}
	if got := l.Count("marker"); got != 2 {
		t.Errorf("Count = %d, want 2", got)
	}
	if got := l.Tail(8); !strings.HasPrefix(got, "marker") {
		t.Errorf("Tail(8) = %q, want it to start at a line", got)
	}
}

func TestFreeHost(t *testing.T) {
	host, err := FreeHost()
	if err != nil || !strings.HasPrefix(host, "127.0.0.1:") {
		t.Errorf("FreeHost() = %q, %v", host, err)
	}
}
