package main

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestWatchFile changes a watched file in the ways editors and users do:
// each change is reported once, after the file has stayed as it is for a
// poll, and a burst of writes is one change.
func TestWatchFile(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, path string)
		want   int32
	}{
		{"nothing", func(*testing.T, string) {}, 0},
		{"written in place", func(t *testing.T, path string) { write(t, path, "a = 22\n") }, 1},
		{"renamed over", func(t *testing.T, path string) {
			write(t, path+".tmp", "a = 1\n")
			if err := os.Rename(path+".tmp", path); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"removed", func(t *testing.T, path string) { os.Remove(path) }, 1},
		{"burst of writes", func(t *testing.T, path string) {
			for _, s := range []string{"a", "a =", "a = 4", "a = 4\n"} {
				write(t, path, s)
				time.Sleep(configPoll / 5)
			}
		}, 1},
		{"two changes apart", func(t *testing.T, path string) {
			write(t, path, "a = 5\n")
			time.Sleep(3 * configPoll)
			write(t, path, "a = 66\n")
		}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			write(t, path, "a = 1\n")
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				var changes atomic.Int32
				done := make(chan struct{})
				go func() {
					watchFile(ctx, path, configPoll, func() { changes.Add(1) })
					close(done)
				}()
				synctest.Wait()
				tt.change(t, path)
				time.Sleep(3 * configPoll)
				cancel()
				<-done
				if got := changes.Load(); got != tt.want {
					t.Errorf("changes reported = %d, want %d", got, tt.want)
				}
			})
		})
	}
}

// write writes content to path. The file system's clock is coarse: a
// change the test expects to be seen either changes the size or the inode.
func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
