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
//	lspilot recall [flags]   measure how often prompts hold the definitions a line needs
//	lspilot version          print the version
//	lspilot help [command]   show the help of lspilot or of a command
//
// Run "lspilot help <command>" or "lspilot <command> --help" for a command's
// description, flags and an example.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/lspilot/lspilot/lsp"
)

// version is set at build time with -ldflags "-X main.version=..."; a
// module version from "go install" takes precedence (see buildVersion).
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
	{"recall", "measure how often prompts hold the definitions a line needs, per context source", runRecall},
	{"version", "print the version", runVersion},
}

// exitError carries a process exit code.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	lsp.Version = buildVersion()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr})
	stop()
	var exit exitError
	switch {
	case err == nil:
	case errors.Is(err, errHelpShown):
	case errors.As(err, &exit):
		os.Exit(exit.code)
	default:
		fmt.Fprintln(os.Stderr, "lspilot:", err)
		os.Exit(1)
	}
}

// run dispatches to the command args name. Without one it shows the
// commands on stderr and exits 2; -h, --help and help show them on stdout.
func run(ctx context.Context, args []string, io stdio) error {
	if len(args) == 0 {
		usage(io.err)
		return exitError{2}
	}
	switch args[0] {
	case "help":
		return runHelp(ctx, args[1:], io)
	case "-h", "-help", "--help":
		usage(io.out)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], io)
		}
	}
	fmt.Fprintf(io.err, "lspilot: unknown command %q\n\n", args[0])
	usage(io.err)
	return exitError{2}
}
