// Command buildollama builds the real Ollama server used by the end-to-end tests, or finds the
// cached copy, and prints the binary's path on stdout. Build progress goes to stderr.
//
//	go run ./inference/ollamatest/buildollama
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/lspilot/lspilot/inference/ollamatest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	bin, err := ollamatest.Binary(ctx, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "buildollama:", err)
		os.Exit(1)
	}
	fmt.Println(bin)
}
