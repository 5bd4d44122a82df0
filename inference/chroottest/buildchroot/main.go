// Command buildchroot builds the Debian unstable chroot of the end-to-end
// tests, or finds the cached copy, and prints its directory on stdout. Build
// progress goes to stderr. It needs root.
//
//	go run ./inference/chroottest/buildchroot
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/lspilot/lspilot/inference/chroottest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := chroottest.Ensure(ctx, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "buildchroot:", err)
		os.Exit(1)
	}
	fmt.Println(r.Dir)
}
