// Command serveollama runs the real Ollama server of the end-to-end tests,
// with the generated models, on a loopback port until interrupted, and
// prints its URL and FIM model on stdout, so that benchmarks can run
// against a real server:
//
//	go run ./inference/ollamatest/serveollama
//	lspilot bench --backend URL --model MODEL --virtual=false ...
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
	srv, err := ollamatest.Launch(ctx, ollamatest.WithoutLargeModel())
	if err != nil {
		fmt.Fprintln(os.Stderr, "serveollama:", err)
		os.Exit(1)
	}
	fmt.Println(srv.URL, srv.FIMModel)
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "serveollama:", err)
		os.Exit(1)
	}
}
