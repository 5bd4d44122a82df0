// Command lspilot is an AI pair programmer for any editor: a language server
// that turns inline completion, completion, hover and code action requests
// into streamed prompts for a GPU inference backend.
//
// Usage:
//
//	lspilot serve [flags]    run the language server (stdio by default)
//	lspilot doctor [flags]   check the configured backends and say what to fix
//	lspilot gpusim [flags]   run a simulated GPU inference server
//	lspilot bench [flags]    compare request strategies on replayed editing
//	lspilot version          print the version
//
// Run "lspilot <command> -h" for a command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/lspilot/lspilot/lsp"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "devel"

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdio stdio) error
}

// stdio is a command's standard streams.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

var commands = []command{
	{"serve", "run the language server", runServe},
	{"daemon", "manage the shared daemons of serve --remote=auto (status, stop, restart)", runDaemon},
	{"doctor", "check the configured backends and say what to fix", runDoctor},
	{"gpusim", "run a simulated GPU inference server", runGPUSim},
	{"bench", "compare request strategies on replayed editing", runBench},
	{"version", "print the version", runVersion},
}

// exitError carries a process exit code.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	lsp.Version = version
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr})
	stop()
	var exit exitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		os.Exit(exit.code)
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "lspilot:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, io stdio) error {
	if len(args) == 0 {
		usage(io.err)
		return exitError{2}
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], io)
		}
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(io.out)
		return nil
	}
	usage(io.err)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: lspilot <command> [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}

func runVersion(_ context.Context, _ []string, io stdio) error {
	fmt.Fprintln(io.out, "lspilot", version)
	return nil
}
