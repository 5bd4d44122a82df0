package lsptest

import (
	"testing"
	"time"
)

// WaitFor polls cond until it holds, failing the test after Timeout. Server
// notifications arrive asynchronously; tests wait for them with this.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(Timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
